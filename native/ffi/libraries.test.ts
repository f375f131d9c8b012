import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import koffi from 'koffi';
import {
  isPackagedLocation, loadSystemLibrary, planLibraries, selectBackend, standinPath, systemDirectory, systemLibraryPath,
} from './libraries.js';

const SYS = 'C:\\Windows\\System32';
const INSTALLED_HOST = 'C:\\Program Files\\ShadowDesk\\resources\\app.asar\\dist\\native\\ffi\\libraries.js';
const CHECKOUT_HOST = 'C:\\Users\\dev\\shadowdesk\\dist\\native\\ffi\\libraries.js';

test('dll paths: the real VSS and its system DLLs load by absolute path from the system directory, never by bare name', () => {
  const plan = planLibraries({ env: {}, platform: 'win32', packaged: true, systemDir: SYS, root: 'C:\\Program Files\\ShadowDesk\\resources\\app.asar' });
  assert.equal(plan.backend, 'windows');
  assert.deepEqual(plan.paths, {
    vssapi: 'C:\\Windows\\System32\\vssapi.dll',
    kernel32: 'C:\\Windows\\System32\\kernel32.dll',
    ole32: 'C:\\Windows\\System32\\ole32.dll',
    oleaut32: 'C:\\Windows\\System32\\oleaut32.dll',
  });
  assert.equal(systemLibraryPath('D:\\WINNT\\system32\\', 'advapi32'), 'D:\\WINNT\\system32\\advapi32.dll', 'wherever Windows is installed');
  assert.equal(systemLibraryPath(SYS, 'shell32'), 'C:\\Windows\\System32\\shell32.dll');
  for (const bad of ['', 'system32', '.\\System32', '\\Windows\\System32']) {
    assert.throws(() => systemLibraryPath(bad, 'vssapi'), /absolute path/, `"${bad}" is not a system directory`);
  }
});

test('dll paths: the installed app on Windows ignores SHADOWDESK_BACKEND and SHADOWDESK_STANDIN, and says so', () => {
  const env = { SHADOWDESK_BACKEND: 'sim', SHADOWDESK_STANDIN: 'C:\\Users\\eve\\evil.dll' };
  const plan = planLibraries({ env, platform: 'win32', packaged: true, systemDir: SYS, root: 'C:\\Program Files\\ShadowDesk\\resources\\app.asar' });
  assert.equal(plan.backend, 'windows', 'a user-level variable cannot switch the elevated host to another DLL');
  assert.ok(Object.values(plan.paths).every((p) => p.startsWith(`${SYS}\\`)));
  assert.deepEqual(plan.ignoredEnv, ['SHADOWDESK_BACKEND', 'SHADOWDESK_STANDIN']);
  assert.equal(selectBackend(env, 'win32', true), 'windows');
  assert.equal(standinPath(env, 'win32', true, 'C:\\app'), 'C:\\app\\dist\\standin\\shadowdesk-vss.dll', 'not the variable');
});

test('dll paths: the checkout, tests and the Linux packages keep both variables', () => {
  const env = { SHADOWDESK_BACKEND: 'sim', SHADOWDESK_STANDIN: 'Z:\\build\\shadowdesk-vss.dll' };
  const win = planLibraries({ env, platform: 'win32', packaged: false, root: 'C:\\src\\shadowdesk' });
  assert.equal(win.backend, 'sim');
  assert.equal(win.standinPath, 'Z:\\build\\shadowdesk-vss.dll');
  assert.ok(Object.values(win.paths).every((p) => p === 'Z:\\build\\shadowdesk-vss.dll'), 'all four libraries are the stand-in');
  assert.deepEqual(win.ignoredEnv, []);
  const winDefault = planLibraries({ env: { SHADOWDESK_BACKEND: 'sim' }, platform: 'win32', packaged: false, root: 'C:\\src\\shadowdesk' });
  assert.equal(winDefault.standinPath, 'C:\\src\\shadowdesk\\dist\\standin\\shadowdesk-vss.dll');
  const linux = planLibraries({ env: { SHADOWDESK_STANDIN: '/opt/x/libsd.so' }, platform: 'linux', packaged: true, root: '/opt/ShadowDesk/resources/app.asar' });
  assert.equal(linux.backend, 'sim');
  assert.equal(linux.standinPath, '/opt/x/libsd.so', 'the Linux app has nothing but the stand-in, so its variable stays');
  assert.equal(planLibraries({ env: {}, platform: 'linux', packaged: false, root: '/src' }).standinPath, '/src/dist/standin/libshadowdesk-vss.so');
  assert.equal(selectBackend({}, 'win32', false), 'windows');
  assert.throws(() => selectBackend({ SHADOWDESK_BACKEND: 'wine' }, 'linux', false), /must be "windows" or "sim"/);
  assert.throws(() => planLibraries({ env: { SHADOWDESK_BACKEND: 'windows' }, platform: 'linux', packaged: false, root: '/src' }), /needs Windows/);
});

test('dll paths: "installed" is read from where the host script lies (inside app.asar), which no variable can fake', () => {
  assert.equal(isPackagedLocation(INSTALLED_HOST), true);
  assert.equal(isPackagedLocation('/opt/ShadowDesk/resources/app.asar/dist/native/ffi/libraries.js'), true);
  assert.equal(isPackagedLocation('C:\\PROGRAM FILES\\SHADOWDESK\\RESOURCES\\APP.ASAR\\dist\\native\\ffi\\libraries.js'), true);
  assert.equal(isPackagedLocation(CHECKOUT_HOST), false);
  assert.equal(isPackagedLocation('C:\\Users\\dev\\app.asar.backup\\dist\\native\\ffi\\libraries.js'), false, 'a folder merely named like it');
  assert.equal(isPackagedLocation('/home/dev/shadowdesk/dist/native/ffi/libraries.js'), false);
});

const onWindows = process.platform === 'win32';
const wineReason = 'needs a real System32: runs as Windows x64 under Wine in "npm run test:windows-abi"';

test('dll paths: against the real system directory, every system DLL resolves to a file there and loads by that path', { skip: onWindows ? false : wineReason }, () => {
  const dir = systemDirectory();
  assert.match(dir, /^[A-Za-z]:\\/, 'GetSystemDirectoryW gives a drive path');
  assert.match(dir, /\\system32$/i);
  const plan = planLibraries({ env: {}, platform: 'win32', packaged: true, systemDir: dir, root: 'C:\\x' });
  for (const [name, file] of Object.entries(plan.paths)) {
    assert.equal(path.win32.dirname(file).toLowerCase(), dir.toLowerCase(), `${name} is in System32`);
    assert.ok(existsSync(file), `${file} exists`);
    const lib = koffi.load(file);
    assert.ok(lib, `${name} loads by absolute path`);
  }
  const k32 = loadSystemLibrary('kernel32');
  const GetCurrentProcessId = k32.func('uint32_t __stdcall GetCurrentProcessId()');
  assert.equal(GetCurrentProcessId(), process.pid, 'the kernel32 loaded by path is the process\'s own');
  for (const dll of ['advapi32', 'shell32'] as const) assert.ok(loadSystemLibrary(dll));
});
