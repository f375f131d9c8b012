import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Schedule, SchedulePreset, ScheduleTrigger } from './schedule-types.js';
import { DEFAULT_RETENTION } from './schedule-types.js';
import { presetTrigger } from './triggers.js';
import { TASK_NAMESPACE, taskDefinitionXml } from './task-xml.js';
import { schtasksArgs, schtasksPath, schtasksRegistrar, utf16leWithBom, type RunResult } from './task-scheduler.js';
import { AppError } from '../vss/app-error.js';

function schedule(name: string, trigger: ScheduleTrigger, over: Partial<Schedule> = {}): Schedule {
  return {
    name, volumes: ['C:\\'], trigger, retention: DEFAULT_RETENTION, withWriters: false, paused: false, account: 'SYSTEM',
    createdAt: '2026-12-01T10:15:00.000Z', ...over,
  };
}
const CMD = { command: 'C:\\Windows\\System32\\cmd.exe', arguments: '/c exit 0' };

// ---- everywhere: the argv, the path, the file, the errors ----

test('schtasksArgs: one argv per operation, /F where schtasks would otherwise ask', () => {
  assert.deepEqual(schtasksArgs({ op: 'create', taskPath: '\\ShadowDesk\\Office files', xmlFile: 'C:\\t\\a.xml' }), ['/Create', '/TN', '\\ShadowDesk\\Office files', '/XML', 'C:\\t\\a.xml', '/F']);
  assert.deepEqual(schtasksArgs({ op: 'enable', taskPath: '\\ShadowDesk\\x' }), ['/Change', '/TN', '\\ShadowDesk\\x', '/ENABLE']);
  assert.deepEqual(schtasksArgs({ op: 'disable', taskPath: '\\ShadowDesk\\x' }), ['/Change', '/TN', '\\ShadowDesk\\x', '/DISABLE']);
  assert.deepEqual(schtasksArgs({ op: 'delete', taskPath: '\\ShadowDesk\\x' }), ['/Delete', '/TN', '\\ShadowDesk\\x', '/F']);
  assert.deepEqual(schtasksArgs({ op: 'run', taskPath: '\\ShadowDesk\\x' }), ['/Run', '/TN', '\\ShadowDesk\\x']);
});

test('schtasksPath: System32 under SystemRoot, whatever its case, C:\\Windows without it', () => {
  assert.equal(schtasksPath({ SystemRoot: 'D:\\WINNT' }), 'D:\\WINNT\\System32\\schtasks.exe');
  assert.equal(schtasksPath({ SYSTEMROOT: 'E:\\Win' }), 'E:\\Win\\System32\\schtasks.exe');
  assert.equal(schtasksPath({}), 'C:\\Windows\\System32\\schtasks.exe');
  assert.equal(schtasksPath({ SystemRoot: '' }), 'C:\\Windows\\System32\\schtasks.exe');
});

test('utf16leWithBom: the bytes schtasks reads', () => {
  assert.deepEqual([...utf16leWithBom('<è')], [0xff, 0xfe, 0x3c, 0x00, 0xe8, 0x00]);
});

/** A registrar whose schtasks is a function: records each call and what the XML file held during it. */
function fakeRegistrar(answer: (args: string[]) => RunResult) {
  const calls: Array<{ file: string; args: string[]; xml?: Buffer; existed?: boolean }> = [];
  const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sd-reg-test-'));
  const registrar = schtasksRegistrar({ SystemRoot: 'C:\\Windows' }, {
    tempDir,
    run: (file, args) => {
      const xmlIdx = args.indexOf('/XML');
      const call: (typeof calls)[number] = { file, args };
      if (xmlIdx >= 0) {
        const f = args[xmlIdx + 1]!;
        call.existed = fs.existsSync(f);
        if (call.existed) call.xml = fs.readFileSync(f);
      }
      calls.push(call);
      return answer(args);
    },
  });
  return { registrar, calls, tempDir };
}

test('register writes the definition as UTF-16LE with BOM, calls schtasks by absolute path, and removes the file', () => {
  const { registrar, calls, tempDir } = fakeRegistrar(() => ({ status: 0, stdout: 'SUCCESS', stderr: '' }));
  const s = schedule('Office files', presetTrigger('server-default'));
  registrar.register(s, CMD);
  assert.equal(calls.length, 1);
  assert.equal(calls[0]!.file, 'C:\\Windows\\System32\\schtasks.exe');
  assert.deepEqual(calls[0]!.args.slice(0, 3), ['/Create', '/TN', '\\ShadowDesk\\Office files']);
  assert.equal(calls[0]!.existed, true);
  assert.deepEqual(calls[0]!.xml, utf16leWithBom(taskDefinitionXml(s, CMD)));
  assert.deepEqual(fs.readdirSync(tempDir), [], 'the temp file and its folder are gone');
});

test('a refused definition becomes TASK_SCHEDULER_FAILED in plain words, and the file is still removed', () => {
  const { registrar, tempDir } = fakeRegistrar(() => ({ status: 1, stdout: '', stderr: 'ERROR: The task XML is malformed.\r\n' }));
  assert.throws(() => registrar.register(schedule('Nightly', presetTrigger('daily')), CMD), (e: unknown) => {
    assert.ok(e instanceof AppError);
    assert.equal(e.code, 'TASK_SCHEDULER_FAILED');
    assert.equal(e.text.en, 'Task Scheduler refused the schedule "Nightly": The task XML is malformed.');
    assert.equal(e.text.it, 'L\'Utilità di pianificazione ha rifiutato la pianificazione "Nightly": The task XML is malformed.');
    assert.match(e.detail ?? '', /ERROR: The task XML is malformed\.[\s\S]*exit 1/);
    return true;
  });
  assert.deepEqual(fs.readdirSync(tempDir), []);
});

test('schtasks that cannot be started is a failure too', () => {
  const { registrar, tempDir } = fakeRegistrar(() => ({ status: null, stdout: '', stderr: '', error: Object.assign(new Error('spawnSync C:\\Windows\\System32\\schtasks.exe ENOENT'), { code: 'ENOENT' }) }));
  assert.throws(() => registrar.register(schedule('N', presetTrigger('daily')), CMD), { code: 'TASK_SCHEDULER_FAILED', message: /ENOENT/ });
  assert.deepEqual(fs.readdirSync(tempDir), []);
});

test('pause, resume, remove and run now name the task under \\ShadowDesk', () => {
  const { registrar, calls } = fakeRegistrar(() => ({ status: 0, stdout: '', stderr: '' }));
  registrar.setEnabled('N', false);
  registrar.setEnabled('N', true);
  registrar.remove('N');
  registrar.runNow('N');
  assert.deepEqual(calls.map((c) => c.args), [
    ['/Change', '/TN', '\\ShadowDesk\\N', '/DISABLE'], ['/Change', '/TN', '\\ShadowDesk\\N', '/ENABLE'],
    ['/Delete', '/TN', '\\ShadowDesk\\N', '/F'], ['/Run', '/TN', '\\ShadowDesk\\N'],
  ]);
  const failing = fakeRegistrar(() => ({ status: 1, stdout: '', stderr: 'ERROR: The system cannot find the file specified.' }));
  assert.throws(() => failing.registrar.remove('Gone'), { code: 'TASK_SCHEDULER_FAILED', message: 'Task Scheduler could not remove the schedule "Gone": The system cannot find the file specified.' });
  assert.throws(() => failing.registrar.setEnabled('Gone', false), { message: /could not pause the schedule "Gone"/ });
});

// ---- Windows: the real schtasks.exe accepts each preset's definition ----
//
// Under Wine 8 (npm run test:windows-abi) schtasks.exe and taskschd.dll are Wine's own: taskschd parses
// the whole document (a malformed one is refused) and reads RegistrationInfo, Principal and Settings, but
// its read_triggers and read_actions are stubs (dlls/taskschd/task.c), so there it checks less than
// Windows does. Two schtasks commands Wine does not implement are skipped there, saying so.

const onWindows = process.platform === 'win32';
const systemRoot = process.env.SystemRoot ?? process.env.SYSTEMROOT ?? 'C:\\Windows';
// Wine puts its own tools in system32 and passes the Unix environment (WINEPREFIX among it) through.
const underWine = onWindows && (fs.existsSync(path.join(systemRoot, 'system32', 'winecfg.exe')) || process.env.WINEPREFIX !== undefined);
const WINE_NO_DISABLE = 'Wine 8\'s schtasks /Change implements only /ENABLE: /DISABLE is "Unsupported arguments" (wine programs/schtasks/schtasks.c, change_command); Windows\' own schtasks is tested on Windows';
const WINE_NO_RUN = 'Wine 8\'s schtasks has no /Run ("Unsupported command", and exits 0, so it proves nothing) (wine programs/schtasks/schtasks.c, wmain)';

const CASES: Array<[string, Schedule]> = [
  ...(['server-default', 'hourly', 'daily', 'logon', 'idle'] as SchedulePreset[]).map((p): [string, Schedule] => [p, schedule(`preset ${p}`, presetTrigger(p))]),
  ['custom weekly', schedule('custom weekly', { kind: 'weekly', days: ['mon', 'wed', 'fri'], times: ['09:30', '17:45'] })],
  // Names may hold & and ' (the contract forbids only \ / : * ? " < > |), and any script.
  ['paused', schedule("paused & Tom's più ☃", presetTrigger('daily'), { paused: true })],
];

const runFolder = `\\ShadowDesk-test-${randomBytes(4).toString('hex')}`;
const windowsOnly = onWindows ? false : `needs Windows' schtasks.exe (this is ${process.platform}); npm run test:windows-abi runs it under Wine`;

test('schtasks.exe under Wine: start the Task Scheduler service once, outside the timed calls', { skip: underWine ? false : 'only under Wine' }, () => {
  // Wine starts its Task Scheduler service (and more) on the first call; the processes it starts
  // inherit that call's output pipes and keep them open, so a piped spawnSync waits for its timeout.
  // Windows' schtasks talks to an already running service. One call without pipes settles it.
  const r = spawnSync(schtasksPath(), ['/Query'], { stdio: 'ignore', timeout: 120_000, windowsHide: true });
  assert.equal(r.error, undefined);
});

for (const [label, s] of CASES) {
  test(`schtasks /Create /XML accepts the ${label} definition, and /Delete removes it`, { skip: windowsOnly }, async (t) => {
    const registrar = schtasksRegistrar(process.env, { folder: runFolder });
    try {
      registrar.register(s, CMD);
    } catch (e) {
      const text = e instanceof AppError ? `${e.message} ${e.detail ?? ''}` : String(e);
      if (/access is denied|accesso negato/i.test(text)) {
        t.skip(`registering a SYSTEM task needs an elevated administrator: ${text}`);
        return;
      }
      throw e;
    }
    try {
      await t.test('pause (/Change /DISABLE)', { skip: underWine ? WINE_NO_DISABLE : false }, () => registrar.setEnabled(s.name, false));
      await t.test('resume (/Change /ENABLE)', () => registrar.setEnabled(s.name, true));
      await t.test('run now (/Run)', { skip: underWine ? WINE_NO_RUN : false }, () => registrar.runNow(s.name));
    } finally {
      registrar.remove(s.name);
    }
    // Gone: removing it again fails, naming the schedule.
    assert.throws(() => registrar.remove(s.name), (e: unknown) => e instanceof AppError && e.code === 'TASK_SCHEDULER_FAILED'
      && e.text.en.startsWith(`Task Scheduler could not remove the schedule "${s.name}"`));
  });
}

test('a definition schtasks cannot read is refused in plain words', { skip: windowsOnly }, () => {
  const registrar = schtasksRegistrar(process.env, { folder: runFolder });
  const results: ReturnType<typeof spawnSync>[] = [];
  const failing = schtasksRegistrar(process.env, {
    folder: runFolder,
    run: (file, args) => {
      // Swap the definition for a well-formed document whose root is not a Task. (Not a truncated one:
      // Wine 8's taskschd never returns from a document cut short, so that would test Wine's hang.)
      const f = args[args.indexOf('/XML') + 1]!;
      fs.writeFileSync(f, utf16leWithBom(`<?xml version="1.0" encoding="UTF-16"?>\n<Job version="1.2" xmlns="${TASK_NAMESPACE}"><Actions Context="Author"><Exec><Command>cmd.exe</Command></Exec></Actions></Job>`));
      const r = spawnSync(file, args, { encoding: 'utf8', windowsHide: true, timeout: 60_000 });
      results.push(r);
      return { status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '', ...(r.error ? { error: r.error } : {}) };
    },
  });
  assert.throws(() => failing.register(schedule('broken', presetTrigger('daily')), CMD), (e: unknown) => e instanceof AppError && e.code === 'TASK_SCHEDULER_FAILED'
    && e.text.en.startsWith('Task Scheduler refused the schedule "broken"'));
  // schtasks itself said no (it ran and exited non-zero), rather than failing to start or timing out.
  assert.equal(results[0]?.error, undefined);
  assert.equal(typeof results[0]?.status, 'number');
  assert.notEqual(results[0]?.status, 0);
  // Nothing was registered: removing it fails.
  assert.throws(() => registrar.remove('broken'), { code: 'TASK_SCHEDULER_FAILED' });
});

test('under Wine, the test folder is removed afterwards', { skip: underWine ? false : 'Windows keeps an empty task folder; schtasks cannot delete folders, so it stays' }, () => {
  // Wine keeps each task folder as a plain directory under system32\tasks; ours is empty now.
  const dir = path.join(systemRoot, 'system32', 'tasks', runFolder.slice(1));
  if (fs.existsSync(dir)) fs.rmdirSync(dir);
  assert.equal(fs.existsSync(dir), false);
});
