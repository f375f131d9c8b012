/*
 * The Windows Task Scheduler definition of a schedule, generated from the one typed Schedule, so that
 * what Windows runs and what ShadowDesk shows (triggers.ts) cannot drift apart.
 *
 * Element names and their order follow the Task Scheduler 1.2 schema as Microsoft documents it:
 * - https://learn.microsoft.com/en-us/windows/win32/taskschd/task-scheduler-schema
 * - Settings: https://learn.microsoft.com/en-us/windows/win32/taskschd/taskschedulerschema-settingstype-complextype
 *   (an xs:all, so any order validates; we write the order the page lists, which is also Windows' export order)
 * - trigger children: https://learn.microsoft.com/en-us/windows/win32/taskschd/taskschedulerschema-triggerbasetype-complextype
 *   (an xs:sequence: Enabled, StartBoundary, EndBoundary, Repetition, ExecutionTimeLimit), then
 *   https://learn.microsoft.com/en-us/windows/win32/taskschd/taskschedulerschema-calendartriggertype-complextype
 *   (RandomDelay, then one of ScheduleByDay / ScheduleByWeek / …)
 * - https://learn.microsoft.com/en-us/windows/win32/taskschd/taskschedulerschema-principaltype-complextype
 * - https://learn.microsoft.com/en-us/windows/win32/taskschd/taskschedulerschema-idlesettingstype-complextype
 */
import path from 'node:path';
import { XMLBuilder } from 'fast-xml-parser';
import { AppError } from '../vss/app-error.js';
import type { Schedule, ScheduleTrigger, Weekday } from './schedule-types.js';
import { WEEKDAYS } from './schedule-types.js';
import { describeTrigger } from './triggers.js';

/** The Task Scheduler folder every schedule's task lives in, so ours are easy to find and never mixed with others. */
export const TASK_FOLDER = '\\ShadowDesk';

/** The full task path of a schedule (`\ShadowDesk\NAME`): what schtasks /TN and the schedule list name. */
export function taskPath(name: string): string {
  return `${TASK_FOLDER}\\${name}`;
}

/** The Task Scheduler 1.2 namespace; version 1.2 is what Windows Vista and later all read. */
export const TASK_NAMESPACE = 'http://schemas.microsoft.com/windows/2004/02/mit/task';

/** The SID of LocalSystem: the task runs as SYSTEM, which may make shadow copies without a logged-on user. */
export const SYSTEM_SID = 'S-1-5-18';

/**
 * The order of the Settings children we write, as the schema page lists them (see the file header).
 * Exported so the tests hold the generated XML to it.
 */
export const SETTINGS_ORDER = [
  'AllowStartOnDemand', 'RestartOnFailure', 'MultipleInstancesPolicy', 'DisallowStartIfOnBatteries',
  'StopIfGoingOnBatteries', 'AllowHardTerminate', 'StartWhenAvailable', 'NetworkProfileName',
  'RunOnlyIfNetworkAvailable', 'WakeToRun', 'Enabled', 'Hidden', 'DeleteExpiredTaskAfter', 'IdleSettings',
  'NetworkSettings', 'ExecutionTimeLimit', 'Priority', 'RunOnlyIfIdle', 'UseUnifiedSchedulingEngine',
  'DisallowStartOnRemoteAppSession',
] as const;

const DAY_ELEMENT: Record<Weekday, string> = {
  mon: 'Monday', tue: 'Tuesday', wed: 'Wednesday', thu: 'Thursday', fri: 'Friday', sat: 'Saturday', sun: 'Sunday',
};

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/**
 * A zoneless local `YYYY-MM-DDTHH:MM:00` on the local date of `createdAt`: Task Scheduler then fires at
 * that wall-clock time wherever the machine's clock is, as ShadowDesk's own times are local.
 */
function startBoundary(createdAt: string, time: string): string {
  const d = new Date(createdAt);
  const base = Number.isNaN(d.getTime()) ? new Date() : d;
  return `${pad(base.getFullYear(), 4)}-${pad(base.getMonth() + 1)}-${pad(base.getDate())}T${time}:00`;
}

/** Times sorted and without repeats, as the trigger fires at them. */
function distinctTimes(times: readonly string[]): string[] {
  return [...new Set(times)].sort();
}

type XmlNode = Record<string, unknown>;

/** The Triggers children of a schedule, one element name to one or more elements. */
function triggersOf(trigger: ScheduleTrigger, createdAt: string): XmlNode {
  switch (trigger.kind) {
    case 'weekly': {
      const days: XmlNode = {};
      for (const d of WEEKDAYS) if (trigger.days.includes(d)) days[DAY_ELEMENT[d]] = '';
      return {
        CalendarTrigger: distinctTimes(trigger.times).map((t) => ({
          Enabled: true,
          StartBoundary: startBoundary(createdAt, t),
          ScheduleByWeek: { WeeksInterval: 1, DaysOfWeek: days },
        })),
      };
    }
    case 'daily':
      return {
        CalendarTrigger: distinctTimes(trigger.times).map((t) => ({
          Enabled: true,
          StartBoundary: startBoundary(createdAt, t),
          ScheduleByDay: { DaysInterval: 1 },
        })),
      };
    case 'hourly':
      // One daily trigger at startTime repeating every n hours for a day: the same times as
      // triggers.ts gives (startTime + k·n hours while k·n < 24, the last ones on the next morning).
      return {
        CalendarTrigger: [{
          Enabled: true,
          StartBoundary: startBoundary(createdAt, trigger.startTime),
          Repetition: { Interval: `PT${trigger.everyHours}H`, Duration: 'P1D', StopAtDurationEnd: false },
          ScheduleByDay: { DaysInterval: 1 },
        }],
      };
    case 'logon':
      // No UserId: any user's log-on starts it.
      return { LogonTrigger: [{ Enabled: true }] };
    case 'idle':
      return { IdleTrigger: [{ Enabled: true }] };
  }
}

/** `SYSTEM` (or `NT AUTHORITY\SYSTEM`) is LocalSystem's SID; anyone else runs "whether logged on or not" (S4U). */
function principalOf(account: string): XmlNode {
  const isSystem = /^(nt authority\\)?system$/i.test(account.trim());
  return {
    '@_id': 'Author',
    UserId: isSystem ? SYSTEM_SID : account,
    ...(isSystem ? {} : { LogonType: 'S4U' }),
    // VSS needs an elevated administrator or SYSTEM.
    RunLevel: 'HighestAvailable',
  };
}

function settingsOf(schedule: Schedule): XmlNode {
  const idle = schedule.trigger.kind === 'idle' ? schedule.trigger : null;
  const settings: XmlNode = {
    AllowStartOnDemand: true, // "Run now" uses schtasks /Run
    MultipleInstancesPolicy: 'IgnoreNew', // a run still making its copy is never doubled
    // "On AC power" is the idle preset's promise; the others run on battery too, like a backup would.
    DisallowStartIfOnBatteries: idle !== null,
    StopIfGoingOnBatteries: idle !== null,
    AllowHardTerminate: true,
    StartWhenAvailable: true, // a start missed while the machine was off runs as soon as possible
    WakeToRun: false,
    Enabled: !schedule.paused,
    ...(idle ? {
      IdleSettings: { Duration: `PT${idle.idleMinutes}M`, WaitTimeout: 'PT1H', StopOnIdleEnd: false, RestartOnIdle: false },
    } : {}),
    // DoSnapshotSet may wait 10 minutes, the writer phases 3 more, then thinning deletes: an hour is ample.
    ExecutionTimeLimit: 'PT1H',
    Priority: 7,
    RunOnlyIfIdle: idle !== null,
  };
  return settings;
}

const builder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  format: true,
  indentBy: '  ',
  suppressEmptyNode: true,
});

/**
 * The task definition schtasks /Create /XML registers for a schedule: its triggers, SYSTEM (or the
 * chosen account) elevated, and settings that keep runs from overlapping or running for ever.
 * The text declares UTF-16 because schtasks reads the file as UTF-16; the registrar writes it so.
 * Names, volumes and the command are escaped by the XML builder, so `&`, `<` and `'` are safe.
 */
export function taskDefinitionXml(schedule: Schedule, command: { command: string; arguments: string }): string {
  const volumes = schedule.volumes.join(', ');
  const doc = {
    Task: {
      '@_version': '1.2',
      '@_xmlns': TASK_NAMESPACE,
      RegistrationInfo: {
        URI: taskPath(schedule.name),
        Author: 'ShadowDesk',
        Description: `ShadowDesk schedule "${schedule.name}": shadow copies of ${volumes}. ${describeTrigger(schedule.trigger, 'en')}.`,
      },
      Triggers: triggersOf(schedule.trigger, schedule.createdAt),
      Principals: { Principal: principalOf(schedule.account) },
      Settings: settingsOf(schedule),
      Actions: {
        '@_Context': 'Author',
        Exec: { Command: command.command, Arguments: command.arguments },
      },
    },
  };
  return `<?xml version="1.0" encoding="UTF-16"?>\n${builder.build(doc) as string}`;
}

/**
 * What the task runs for a schedule. The installed app (ShadowDesk.exe) has its own command line next
 * to it, `bin\shadowdesk.exe`; a development checkout runs the CLI script under node.exe. The name is
 * quoted plainly: the contract forbids `"` and `\` in schedule names, and this refuses them again.
 */
export function scheduledCommand(execPath: string, scheduleName: string, cliScript?: string): { command: string; arguments: string } {
  if (/["\\]/.test(scheduleName)) {
    throw new AppError('INVALID_SCHEDULE_NAME', {
      en: `A schedule name cannot contain " or \\: "${scheduleName}".`,
      it: `Il nome di una pianificazione non può contenere " o \\: "${scheduleName}".`,
    });
  }
  const base = path.win32.basename(execPath);
  if (base.toLowerCase() === 'shadowdesk.exe') {
    return { command: path.win32.join(path.win32.dirname(execPath), 'bin', 'shadowdesk.exe'), arguments: `--schedule "${scheduleName}"` };
  }
  if (cliScript) return { command: execPath, arguments: `"${cliScript}" --schedule "${scheduleName}"` };
  throw new AppError('SCHEDULE_COMMAND_UNKNOWN', {
    en: `ShadowDesk cannot tell how to start itself from ${execPath} for the schedule "${scheduleName}": run it from the installed app.`,
    it: `ShadowDesk non sa come avviarsi da ${execPath} per la pianificazione "${scheduleName}": usa l'app installata.`,
  });
}
