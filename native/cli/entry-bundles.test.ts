import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { hostEntryPoint } from '../host/host-client.js';

const dist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BANNER = '// Bundled by build/scripts/bundle-node.mjs';

/** The files an ES module loads at once: its static relative imports. */
const staticImports = (file: string): string[] =>
  [...readFileSync(file, 'utf8').matchAll(/^import\s[^;]*?from\s+"(\.[^"]+)";?$/gm)].map((m) => m[1]!);

test('entry bundles: the host and the CLI entry points are bundles that load a handful of files, zod inside, koffi outside', () => {
  const host = path.join(dist, 'host', 'host-main.js');
  const cli = path.join(dist, 'cli', 'main.js');
  for (const file of [host, cli]) assert.ok(readFileSync(file, 'utf8').includes(BANNER), `${file} is bundled (npm run build:ts)`);
  assert.match(readFileSync(cli, 'utf8'), /^#!\/usr\/bin\/env node\n/, 'the CLI keeps its #! line first');
  const hostText = readFileSync(host, 'utf8');
  assert.doesNotMatch(hostText, /from "zod"/, 'zod is copied in, not loaded as ~100 modules');
  assert.match(hostText, /from "koffi"/, 'koffi, a native addon, is loaded from node_modules');
  assert.ok(staticImports(host).length <= 20, `the host loads ${staticImports(host).length} files at start`);
  assert.ok(staticImports(cli).length <= 5, `the CLI loads ${staticImports(cli).length} files before starting the host`);
  assert.ok(!readFileSync(cli, 'utf8').includes('from "koffi"'), 'the CLI never loads koffi');
});

test('entry bundles: the host entry point is the bundle in dist/native/host, and `shadowdesk host` runs it', () => {
  assert.equal(hostEntryPoint(), path.join(dist, 'host', 'host-main.js'));
  const base = mkdtempSync(path.join(tmpdir(), 'shadowdesk-bundle-'));
  let r;
  try {
    r = spawnSync(process.execPath, [path.join(dist, 'cli', 'main.js'), 'host'], {
      input: `${JSON.stringify({ t: 'call', id: 1, op: 'about', input: {} })}\n`,
      env: { ...process.env, SHADOWDESK_BACKEND: 'sim', SHADOWDESK_SIM_ROOT: path.join(base, 'machine'), SHADOWDESK_DATA_DIR: path.join(base, 'data') },
      encoding: 'utf8',
    });
  } finally {
    rmSync(base, { recursive: true, force: true, maxRetries: 3 });
  }
  assert.equal(r.status, 0, r.stderr);
  const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { t: string; id?: number });
  assert.equal(lines[0]!.t, 'ready');
  assert.deepEqual(lines.slice(1).map((l) => [l.t, l.id]), [['result', 1]]);
});
