import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const hooks = pathToFileURL(path.join(here, 'testing', 'deny-ffi-hooks.js')).href;

/** Imports `file` in a fresh Node whose module loader refuses koffi and the FFI layer. */
function importUnderGuard(file: string): { status: number | null; stderr: string } {
  const script = `import { register } from 'node:module'; register(${JSON.stringify(hooks)}); await import(${JSON.stringify(pathToFileURL(file).href)});`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 30000 });
  return { status: r.status, stderr: r.stderr };
}

test('main process: its whole module graph (all but Electron itself) loads without koffi or the FFI', () => {
  for (const file of ['start-app.js', 'ipc-handlers.js', 'utility-host.js', 'hardening.js', 'app-protocol.js']) {
    const r = importUnderGuard(path.join(here, file));
    assert.equal(r.status, 0, `${file}: ${r.stderr}`);
  }
  // The guard is real: the host's handlers do load the FFI.
  const control = importUnderGuard(path.join(here, '..', 'native', 'host', 'handlers.js'));
  assert.notEqual(control.status, 0);
  assert.match(control.stderr, /FORBIDDEN LOAD/);
});
