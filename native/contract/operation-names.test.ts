import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OPERATION_NAMES } from './operations.js';
import { OPERATION_NAME_LIST } from './operation-names.js';
import { createApi } from './api.js';

test('contract: the zod-free name list is exactly the operations table, so createApi offers every operation and no other', () => {
  assert.deepEqual([...OPERATION_NAME_LIST].sort(), [...OPERATION_NAMES].sort());
  assert.equal(new Set(OPERATION_NAME_LIST).size, OPERATION_NAME_LIST.length);
  const api = createApi({ call: () => Promise.resolve(undefined) });
  assert.deepEqual(Object.keys(api).sort(), [...OPERATION_NAMES].sort());
});
