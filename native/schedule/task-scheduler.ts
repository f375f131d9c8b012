/*
 * Registers schedules with Windows Task Scheduler through schtasks.exe. The task runs ShadowDesk's
 * command line at the schedule's times even when the app is closed, as SYSTEM by default.
 * schtasks is called by absolute path with an argv array (no shell, no PATH lookup), and the
 * argv builders are pure so they are tested everywhere.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AppError } from '../vss/app-error.js';
import type { Schedule } from './schedule-types.js';
import { TASK_FOLDER, taskDefinitionXml } from './task-xml.js';

/** What ShadowDesk asks of Task Scheduler: the schedule service depends on this, and tests replace it. */
export interface TaskRegistrar {
  /** Creates or replaces the schedule's task. */
  register(schedule: Schedule, command: { command: string; arguments: string }): void;
  /** Pauses (false) or resumes (true) the task without changing it. */
  setEnabled(name: string, enabled: boolean): void;
  /** Removes the task; the copies it made stay. */
  remove(name: string): void;
  /** Starts the task now, as Task Scheduler would at a due time. */
  runNow(name: string): void;
}

/** One schtasks call, as plain data. */
export type SchtasksOp =
  | { op: 'create'; taskPath: string; xmlFile: string }
  | { op: 'enable' | 'disable'; taskPath: string }
  | { op: 'delete'; taskPath: string }
  | { op: 'run'; taskPath: string };

/**
 * The argv of one schtasks call. /F on create replaces an existing task (an updated schedule) and on
 * delete skips schtasks' own "are you sure" prompt, which would hang without a console.
 */
export function schtasksArgs(o: SchtasksOp): string[] {
  switch (o.op) {
    case 'create':
      return ['/Create', '/TN', o.taskPath, '/XML', o.xmlFile, '/F'];
    case 'enable':
      return ['/Change', '/TN', o.taskPath, '/ENABLE'];
    case 'disable':
      return ['/Change', '/TN', o.taskPath, '/DISABLE'];
    case 'delete':
      return ['/Delete', '/TN', o.taskPath, '/F'];
    case 'run':
      return ['/Run', '/TN', o.taskPath];
  }
}

/** An environment variable by name, case-insensitively, as Windows reads them. */
function envVar(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const key = Object.keys(env).find((k) => k.toLowerCase() === name.toLowerCase());
  const v = key === undefined ? undefined : env[key];
  return v && v.trim() !== '' ? v : undefined;
}

/**
 * `%SystemRoot%\System32\schtasks.exe` (C:\Windows when SystemRoot is unset): an absolute path, so a
 * schtasks.exe planted in the current folder or on PATH is never the one run.
 */
export function schtasksPath(env: NodeJS.ProcessEnv = process.env): string {
  return path.win32.join(envVar(env, 'SystemRoot') ?? 'C:\\Windows', 'System32', 'schtasks.exe');
}

/** The XML as schtasks wants the file: UTF-16LE with a byte-order mark. */
export function utf16leWithBom(text: string): Buffer {
  return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
}

/** What running a program gave back; the shape of spawnSync's answer that we read. */
export interface RunResult {
  status: number | null;
  stdout: string;
  stderr: string;
  error?: Error;
}

/** How the registrar runs a program: spawnSync without a shell, unless a test supplies its own. */
export type Runner = (file: string, args: string[]) => RunResult;

const spawnRunner: Runner = (file, args) => {
  const r = spawnSync(file, args, { encoding: 'utf8', windowsHide: true, shell: false, timeout: 60_000 });
  return { status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '', ...(r.error ? { error: r.error } : {}) };
};

/** Options for tests: another folder than \ShadowDesk, another runner, another temp folder. */
export interface RegistrarOptions {
  folder?: string;
  run?: Runner;
  tempDir?: string;
}

/** schtasks' own words, without its "ERROR: " prefix, for our sentence. */
function schtasksMessage(r: RunResult): string {
  if (r.error) return r.error.message;
  const text = (r.stderr.trim() || r.stdout.trim()).replace(/^(ERROR|ERRORE):\s*/i, '').trim();
  return text || `schtasks.exe exited with code ${r.status}`;
}

type Verb = 'register' | 'enable' | 'disable' | 'remove' | 'run';

function failure(verb: Verb, name: string, r: RunResult): AppError {
  const msg = schtasksMessage(r);
  const text = {
    register: { en: `Task Scheduler refused the schedule "${name}": ${msg}`, it: `L'Utilità di pianificazione ha rifiutato la pianificazione "${name}": ${msg}` },
    enable: { en: `Task Scheduler could not resume the schedule "${name}": ${msg}`, it: `L'Utilità di pianificazione non ha potuto riprendere la pianificazione "${name}": ${msg}` },
    disable: { en: `Task Scheduler could not pause the schedule "${name}": ${msg}`, it: `L'Utilità di pianificazione non ha potuto sospendere la pianificazione "${name}": ${msg}` },
    remove: { en: `Task Scheduler could not remove the schedule "${name}": ${msg}`, it: `L'Utilità di pianificazione non ha potuto rimuovere la pianificazione "${name}": ${msg}` },
    run: { en: `Task Scheduler could not start the schedule "${name}": ${msg}`, it: `L'Utilità di pianificazione non ha potuto avviare la pianificazione "${name}": ${msg}` },
  }[verb];
  const detail = [r.stderr.trim(), r.stdout.trim(), r.error ? String(r.error) : '', `exit ${r.status}`].filter(Boolean).join('\n');
  return new AppError('TASK_SCHEDULER_FAILED', text, detail);
}

/**
 * The registrar that uses `%SystemRoot%\System32\schtasks.exe`. Create writes the definition to a
 * temp file (UTF-16LE with BOM) and removes it whether schtasks accepts it or not.
 */
export function schtasksRegistrar(env: NodeJS.ProcessEnv = process.env, options: RegistrarOptions = {}): TaskRegistrar {
  const exe = schtasksPath(env);
  const run = options.run ?? spawnRunner;
  const folder = options.folder ?? TASK_FOLDER;
  const pathOf = (name: string) => `${folder}\\${name}`;
  const call = (verb: Verb, name: string, o: SchtasksOp) => {
    const r = run(exe, schtasksArgs(o));
    if (r.error || r.status !== 0) throw failure(verb, name, r);
  };
  return {
    register(schedule, command) {
      const dir = fs.mkdtempSync(path.join(options.tempDir ?? os.tmpdir(), 'shadowdesk-task-'));
      const file = path.join(dir, `${randomBytes(6).toString('hex')}.xml`);
      try {
        fs.writeFileSync(file, utf16leWithBom(taskDefinitionXml(schedule, command)));
        call('register', schedule.name, { op: 'create', taskPath: pathOf(schedule.name), xmlFile: file });
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
    setEnabled(name, enabled) {
      call(enabled ? 'enable' : 'disable', name, { op: enabled ? 'enable' : 'disable', taskPath: pathOf(name) });
    },
    remove(name) {
      call('remove', name, { op: 'delete', taskPath: pathOf(name) });
    },
    runNow(name) {
      call('run', name, { op: 'run', taskPath: pathOf(name) });
    },
  };
}
