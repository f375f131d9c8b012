import { test } from 'node:test';
import assert from 'node:assert/strict';
import { processIsElevated } from '../ffi/elevation.js';
import { enableBackupPrivileges } from '../ffi/privileges.js';
import { AppError } from '../vss/app-error.js';
import { APP_COMMAND_ENV, appCommandOf, currentElevation, describeElevation, restartElevated, simulatedElevation, windowsCommandLine } from './elevation.js';

/** Windows' own reading of a command line (CommandLineToArgvW's rules), to check our quoting against. */
function parseWindowsCommandLine(line: string): string[] {
  const args: string[] = [];
  let i = 0;
  while (i < line.length) {
    while (line[i] === ' ' || line[i] === '\t') i++;
    if (i >= line.length) break;
    let arg = '';
    let quoted = false;
    for (; i < line.length; i++) {
      const c = line[i]!;
      if (c === '\\') {
        let n = 0;
        while (line[i] === '\\') {
          n++;
          i++;
        }
        if (line[i] === '"') {
          arg += '\\'.repeat(Math.floor(n / 2));
          if (n % 2 === 1) arg += '"';
          else quoted = !quoted;
        } else {
          arg += '\\'.repeat(n);
          i--;
        }
      } else if (c === '"') {
        quoted = !quoted;
      } else if ((c === ' ' || c === '\t') && !quoted) {
        break;
      } else {
        arg += c;
      }
    }
    args.push(arg);
  }
  return args;
}

const command = { file: 'C:\\Program Files\\ShadowDesk\\ShadowDesk.exe', args: ['C:\\Users\\ana\\My App\\', '--elevated-restart'] };
const appEnv = { [APP_COMMAND_ENV]: JSON.stringify(command) };

test('elevation: arguments are quoted so Windows reads back exactly the same ones', () => {
  const tricky = ['plain', 'with space', 'C:\\dir with space\\', 'C:\\no-space\\', 'say "hi"', 'a\\\\"b', '', 'tab\there', '--elevated-restart'];
  assert.deepEqual(parseWindowsCommandLine(windowsCommandLine(tricky)), tricky);
  assert.equal(windowsCommandLine(['C:\\x\\y', '--elevated-restart']), 'C:\\x\\y --elevated-restart', 'nothing to quote, nothing quoted');
});

test('elevation: only the app can restart itself; the command it gave is read back strictly', () => {
  assert.deepEqual(appCommandOf(appEnv), command);
  assert.equal(appCommandOf({}), undefined);
  assert.equal(appCommandOf({ [APP_COMMAND_ENV]: '{"file": 3, "args": []}' }), undefined);
  assert.equal(appCommandOf({ [APP_COMMAND_ENV]: 'not json' }), undefined);
  assert.deepEqual(describeElevation(appEnv, false), { applies: true, elevated: false, canRestart: true });
  assert.deepEqual(describeElevation({}, false), { applies: true, elevated: false, canRestart: false }, 'the CLI cannot offer it');
  assert.deepEqual(describeElevation(appEnv, true), { applies: true, elevated: true, canRestart: false }, 'already elevated');
  assert.deepEqual(describeElevation(appEnv, undefined), { applies: false, elevated: null, canRestart: false }, 'off Windows');
});

test('elevation: "Restart as administrator" starts the app with runas, and a declined prompt is a plain error', () => {
  const started: [string, string][] = [];
  assert.deepEqual(
    restartElevated(appEnv, (file, params) => {
      started.push([file, params]);
      return { started: true };
    }, 'win32'),
    { started: true },
  );
  assert.deepEqual(started, [[command.file, '"C:\\Users\\ana\\My App\\\\" --elevated-restart']]);
  const codeOf = (f: () => unknown): string => {
    try {
      f();
    } catch (err) {
      assert.ok(err instanceof AppError);
      return `${err.code}: ${err.toData('it').message}`;
    }
    return 'no error';
  };
  assert.match(codeOf(() => restartElevated(appEnv, () => ({ started: false, declined: true, code: 1223 }), 'win32')), /^ELEVATION_DECLINED: .*rifiutata/);
  assert.match(codeOf(() => restartElevated(appEnv, () => ({ started: false, declined: false, code: 2 }), 'win32')), /^ELEVATION_FAILED/);
  assert.match(codeOf(() => restartElevated({}, () => ({ started: true }), 'win32')), /^ELEVATION_NOT_AVAILABLE/, 'not from the CLI');
  assert.match(codeOf(() => restartElevated(appEnv, () => ({ started: true }), 'linux')), /^ELEVATION_NOT_AVAILABLE/);
});

test('elevation: the prompt is owned by the window the app named (ShellExecuteExW hwnd), and only a well-formed handle is used', () => {
  const owners: (bigint | undefined)[] = [];
  const runAs = (_file: string, _params: string, parent?: bigint) => {
    owners.push(parent);
    return { started: true } as const;
  };
  restartElevated(appEnv, runAs, 'win32', { parentWindow: '6554368' });
  restartElevated(appEnv, runAs, 'win32', {});
  restartElevated(appEnv, runAs, 'win32', { parentWindow: '-1' });
  restartElevated(appEnv, runAs, 'win32', { parentWindow: '99999999999999999999' });
  assert.deepEqual(owners, [6554368n, undefined, undefined, undefined]);
});

test('elevation: does not apply off Windows', { skip: process.platform === 'win32' ? 'this is the Windows case, tested below' : false }, () => {
  assert.equal(processIsElevated(), undefined);
  assert.deepEqual(describeElevation(appEnv, currentElevation(appEnv)), { applies: false, elevated: null, canRestart: false });
});

test('elevation: the token query marshals, and agrees with the backup privilege (held only by an elevated token)', { skip: process.platform === 'win32' ? false : 'needs advapi32: runs as Windows x64 under Wine in "npm run test:windows-abi"' }, () => {
  const elevated = processIsElevated();
  assert.equal(typeof elevated, 'boolean');
  assert.equal(elevated, enableBackupPrivileges().backup);
});

test('elevation: both operations through the contract (here, the host\'s handlers in process)', { skip: process.platform === 'win32' ? 'the answers below are the ones off Windows' : false }, async () => {
  const { freshMachine } = await import('../testing/sim-machine.js');
  const { inProcessApi } = await import('../testing/in-process-api.js');
  const { RemoteError } = await import('../contract/api.js');
  const machine = freshMachine();
  const host = inProcessApi(machine, 'it');
  try {
    assert.deepEqual(await host.api.elevation({}), { applies: false, elevated: null, canRestart: false });
    await assert.rejects(host.api.restartElevated({}), (err: unknown) => err instanceof RemoteError && err.data.code === 'ELEVATION_NOT_AVAILABLE' && /amministratore/.test(err.data.message));
  } finally {
    host.dispose();
    machine.dispose();
  }
});

test('elevation: the simulated machine can play an unelevated Windows process, the real backend ignores that', () => {
  assert.equal(simulatedElevation({ SHADOWDESK_BACKEND: 'sim', SHADOWDESK_SIM_ELEVATED: '0' }), false);
  assert.equal(simulatedElevation({ SHADOWDESK_BACKEND: 'sim', SHADOWDESK_SIM_ELEVATED: '1' }), true);
  assert.equal(simulatedElevation({ SHADOWDESK_BACKEND: 'sim' }), undefined);
  assert.equal(simulatedElevation({ SHADOWDESK_BACKEND: 'windows', SHADOWDESK_SIM_ELEVATED: '0' }), undefined);
  const simEnv = { SHADOWDESK_BACKEND: 'sim', SHADOWDESK_SIM_ELEVATED: '0' };
  assert.deepEqual(describeElevation(simEnv, currentElevation(simEnv)), { applies: true, elevated: false, canRestart: false }, 'serve and the CLI cannot restart themselves');
});
