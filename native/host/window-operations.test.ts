import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RemoteError } from '../contract/api.js';
import { freshMachine } from '../testing/sim-machine.js';
import { inProcessApi } from '../testing/in-process-api.js';

test('window operations: the CLI and the browser get a plain "only in the app" for the folder chooser, Show in Explorer, Open read-only and dragging out', async () => {
  const machine = freshMachine();
  const host = inProcessApi(machine, 'en');
  try {
    const refused = (err: unknown): boolean => err instanceof RemoteError && err.data.code === 'NOT_AVAILABLE_HERE' && /ShadowDesk app on Windows/.test(err.data.message);
    await assert.rejects(host.api.chooseFolder({}), refused);
    await assert.rejects(host.api.showInFolder({ path: 'C:\\Users\\ana\\report.txt' }), refused);
    await assert.rejects(host.api.openVersion({ shadowId: 'abcd1234', path: 'C:\\Users\\ana\\report.txt' }), refused);
    await assert.rejects(host.api.dragOut({ shadowId: 'abcd1234', paths: ['C:\\Users\\ana\\report.txt'] }), refused);
    await assert.rejects(host.api.showInFolder({ path: '' }), (err: unknown) => err instanceof RemoteError && err.data.code === 'INVALID_INPUT');
  } finally {
    host.dispose();
    machine.dispose();
  }
});
