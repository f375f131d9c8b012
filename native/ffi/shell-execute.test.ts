import { test } from 'node:test';
import assert from 'node:assert/strict';
import koffi from 'koffi';
import { shellExecuteInfoType } from './elevation.js';

// The layout ShellExecuteExW reads, as mingw-w64's shellapi.h has it for x64 (checked there with
// _Static_assert on sizeof/offsetof): a field out of place would hand Windows a wrong owner window,
// verb or file. Run here and, as Windows x64 under Wine, in npm run test:windows-abi.
test('ffi: SHELLEXECUTEINFOW has shellapi.h\'s x64 layout (112 bytes; hwnd at 8, nShow at 48, hProcess at 104)', () => {
  const info = shellExecuteInfoType();
  assert.equal(koffi.sizeof(info), 112);
  const fields = ['cbSize', 'fMask', 'hwnd', 'lpVerb', 'lpFile', 'lpParameters', 'lpDirectory', 'nShow', 'hInstApp', 'lpIDList', 'lpClass', 'hkeyClass', 'dwHotKey', 'hIconOrMonitor', 'hProcess'];
  assert.deepEqual(Object.fromEntries(fields.map((f) => [f, koffi.offsetof(info, f)])), {
    cbSize: 0, fMask: 4, hwnd: 8, lpVerb: 16, lpFile: 24, lpParameters: 32, lpDirectory: 40, nShow: 48,
    hInstApp: 56, lpIDList: 64, lpClass: 72, hkeyClass: 80, dwHotKey: 88, hIconOrMonitor: 96, hProcess: 104,
  });
  assert.equal(shellExecuteInfoType(), info, 'defined once');
});
