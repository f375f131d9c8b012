import { test } from 'node:test';
import assert from 'node:assert/strict';
import { release } from 'node:os';
import { osVersion } from './os-version.js';

test('os version: off Windows it is os.type() and os.release()', { skip: process.platform === 'win32' ? 'this is the Windows case, tested below' : false }, () => {
  const v = osVersion();
  assert.equal(v.source, 'os.release');
  assert.ok(v.text.endsWith(release()));
});

test('os version: on Windows, ntdll\'s RtlGetVersion by absolute path gives major.minor.build', { skip: process.platform === 'win32' ? false : 'needs ntdll: runs as Windows x64 under Wine in "npm run test:windows-abi"' }, () => {
  const v = osVersion();
  assert.equal(v.source, 'RtlGetVersion');
  assert.ok((v.major ?? 0) >= 6, `major ${v.major}`);
  assert.ok((v.build ?? 0) > 0, `build ${v.build}`);
  assert.match(v.text, /^Windows \d+\.\d+\.\d+/);
});
