import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, mkdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const npmCli = process.env.npm_execpath;

interface BuildStale {
  PARTS: Record<string, unknown>;
  NEEDS: Record<string, string[]>;
  fingerprint(part: string, root?: string): string;
  staleParts(parts: string[], root?: string): Map<string, string>;
  stampAll(root?: string): void;
}
const buildStale = (): Promise<BuildStale> => import(pathToFileURL(path.join(repo, 'build', 'scripts', 'build-stale.mjs')).href) as Promise<BuildStale>;

function simEnv(): { env: NodeJS.ProcessEnv; dispose: () => void } {
  const base = mkdtempSync(path.join(tmpdir(), 'shadowdesk-bin-'));
  return {
    env: { ...process.env, SHADOWDESK_BACKEND: 'sim', SHADOWDESK_SIM_ROOT: path.join(base, 'machine'), SHADOWDESK_DATA_DIR: path.join(base, 'data') },
    dispose: () => rmSync(base, { recursive: true, force: true, maxRetries: 3 }),
  };
}

test('bin: package.json names a shadowdesk bin that exists and runs under Node', () => {
  const pkg = JSON.parse(readFileSync(path.join(repo, 'package.json'), 'utf8')) as { bin?: Record<string, string> };
  const bin = pkg.bin?.shadowdesk;
  assert.ok(bin, 'package.json "bin" has shadowdesk');
  const file = path.join(repo, bin);
  assert.match(readFileSync(file, 'utf8'), /^#!\/usr\/bin\/env node\n/);
  if (process.platform !== 'win32') assert.ok(statSync(file).mode & 0o111, `${bin} is executable (npx and npm link run it directly)`);
});

test('bin: with the build current, `npm run shadowdesk -- volumes` answers without rebuilding anything', async (t) => {
  const { staleParts, NEEDS } = await buildStale();
  const stale = [...staleParts(NEEDS.cli!).keys()];
  if (stale.length) {
    // Rebuilding dist/ under a running test suite would pull its files away; npm test builds first.
    t.skip(`skipped: the build is not current here (${stale.join(', ')}); run node build/scripts/build-stale.mjs first`);
    return;
  }
  if (!npmCli) {
    t.skip('skipped: not run by npm (npm_execpath is not set), so there is no npm to call');
    return;
  }
  // npm runs the script through the system shell, which must find `node` (the Wine runner's node.exe is not on PATH).
  if (spawnSync('node', ['--version'], { shell: true, stdio: 'ignore' }).status !== 0) {
    t.skip('skipped: the shell npm runs scripts in has no `node` on its PATH');
    return;
  }
  const outputs = ['dist/native/cli/main.js', 'dist/native/host/host-main.js', 'dist/electron/main.js'].map((f) => path.join(repo, f));
  const before = outputs.map((f) => statSync(f).mtimeMs);
  const sim = simEnv();
  try {
    const r = spawnSync(process.execPath, [npmCli, 'run', '-s', 'shadowdesk', '--', 'volumes', '--json'], { cwd: repo, env: sim.env, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const volumes = JSON.parse(r.stdout) as { name: string }[];
    assert.ok(volumes.some((v) => v.name === 'C:\\'), 'the volumes came back as JSON on stdout, nothing else');
    assert.doesNotMatch(r.stderr, /building/);
    assert.deepEqual(outputs.map((f) => statSync(f).mtimeMs), before, 'no compiled file was rewritten');
  } finally {
    sim.dispose();
  }
});

test('build-stale: a part is stale when an input changes (even with its mtime kept), not when a file is only touched', async () => {
  const { staleParts, stampAll, NEEDS } = await buildStale();
  const root = mkdtempSync(path.join(tmpdir(), 'shadowdesk-stale-'));
  try {
    // The layout the parts read, with just enough in it, and the outputs they must leave.
    for (const dir of ['native/cli', 'native/contract', 'native/standin', 'native/ffi/abi', 'electron/preload', 'renderer/src', 'build/scripts']) {
      mkdirSync(path.join(root, dir), { recursive: true });
    }
    const write = (rel: string, text: string) => writeFileSync(path.join(root, rel), text);
    write('native/cli/main.ts', 'export {};\n');
    write('native/contract/api.ts', 'export {};\n');
    write('native/standin/vss-standin.c', 'int x;\n');
    write('native/ffi/abi/vss-abi.json', '{}\n');
    write('electron/main.ts', 'export {};\n');
    write('electron/preload/preload.ts', 'export {};\n');
    write('renderer/src/app.tsx', 'export {};\n');
    write('tsconfig.json', '{}\n');
    write('package.json', '{}\n');
    write('package-lock.json', '{}\n');
    cpSync(path.join(repo, 'build', 'scripts', 'build-stale.mjs'), path.join(root, 'build', 'scripts', 'build-stale.mjs'));
    for (const out of ['dist/native/cli/main.js', 'dist/native/host/host-main.js', 'dist/electron/main.js', 'dist/electron/preload.cjs', 'dist/renderer/index.html', 'dist/standin/libshadowdesk-vss.so']) {
      mkdirSync(path.dirname(path.join(root, out)), { recursive: true });
      write(out, '');
    }
    const app = NEEDS.app!;
    assert.deepEqual([...staleParts(app, root).keys()].sort(), [...app].sort(), 'never built: everything is stale');
    stampAll(root);
    assert.deepEqual([...staleParts(app, root).keys()], [], 'just built: nothing is stale');

    // Touched, same content: still current.
    const main = path.join(root, 'native/cli/main.ts');
    const later = new Date(Date.now() + 60_000);
    utimesSync(main, later, later);
    assert.deepEqual([...staleParts(app, root).keys()], []);

    // Changed with its old mtime put back (cp -p, a tar): stale, and so is the preload build:ts deletes.
    const { mtime } = statSync(main);
    write('native/cli/main.ts', 'export const x = 1;\n');
    utimesSync(main, mtime, mtime);
    assert.deepEqual([...staleParts(app, root).keys()].sort(), ['preload', 'ts']);
    assert.deepEqual([...staleParts(NEEDS.cli!, root).keys()], ['ts'], 'the CLI does not need the preload');
    stampAll(root);

    // A renderer change leaves the CLI's parts alone; a missing output is stale too.
    write('renderer/src/app.tsx', 'export const y = 2;\n');
    assert.deepEqual([...staleParts(app, root).keys()], ['renderer']);
    assert.deepEqual([...staleParts(NEEDS.cli!, root).keys()], []);
    rmSync(path.join(root, 'dist/standin/libshadowdesk-vss.so'));
    if (process.platform !== 'win32') assert.ok(staleParts(NEEDS.cli!, root).has('standin'));
    // A new file counts as a change.
    write('dist/standin/libshadowdesk-vss.so', '');
    stampAll(root);
    write('native/contract/errors.ts', 'export {};\n');
    assert.deepEqual([...staleParts(app, root).keys()].sort(), ['preload', 'renderer', 'ts']);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
