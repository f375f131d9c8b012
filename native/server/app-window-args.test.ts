import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appWindowArgs } from './serve-command.js';

test('serve --open: Chromium gets --no-sandbox only as root on Linux, where it would not start without it', () => {
  const url = 'http://127.0.0.1:5000/?token=abc';
  assert.deepEqual(appWindowArgs(url, 'linux', 0), ['--no-sandbox', `--app=${url}`]);
  assert.deepEqual(appWindowArgs(url, 'linux', 1000), [`--app=${url}`]);
  assert.deepEqual(appWindowArgs(url, 'win32', undefined), [`--app=${url}`]);
  assert.deepEqual(appWindowArgs(url, 'darwin', 0), [`--app=${url}`]);
});
