import { test } from 'node:test';
import assert from 'node:assert/strict';
import { enableBackupPrivileges } from './privileges.js';

test('backup privileges: nothing to enable off Windows', { skip: process.platform === 'win32' ? 'this is the Windows case, tested below' : false }, () => {
  assert.deepEqual(enableBackupPrivileges(), { backup: false, restore: false });
});

test('backup privileges: the token calls marshal and report each privilege (Wine runs as an administrator)', { skip: process.platform === 'win32' ? false : 'needs advapi32: runs as Windows x64 under Wine in "npm run test:windows-abi"' }, () => {
  const status = enableBackupPrivileges();
  assert.deepEqual(Object.keys(status).sort(), ['backup', 'restore']);
  assert.equal(status.backup, true, 'an administrator token holds SeBackupPrivilege');
  assert.equal(status.restore, true, 'an administrator token holds SeRestorePrivilege');
});
