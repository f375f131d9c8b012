import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * build-standin.mjs's decisions (build/scripts/standin-plan.mjs), as a pure function of the platform,
 * what was asked and which compilers exist: `npm run build` (so `npm start`, `npm test` and
 * `npm run dist`) asks for `--linux` on every machine, and a Windows developer's checkout must build
 * without `cc`, since the app uses the real VSS there.
 */
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
type Plan = { builds: { kind: 'so' | 'dll'; compiler: string }[]; notes: string[]; errors: string[]; exitCode: number };
const { planStandinBuild, MINGW_CROSS } = (await import(pathToFileURL(path.join(repo, 'build', 'scripts', 'standin-plan.mjs')).href)) as {
  planStandinBuild(input: { platform: string; args: readonly string[]; has: (command: string) => boolean }): Plan;
  MINGW_CROSS: string;
};

const tools = (...present: string[]) => (command: string) => present.includes(command);
const plan = (platform: string, args: string[], ...present: string[]) => planStandinBuild({ platform, args, has: tools(...present) });

test('stand-in build: on Windows, npm run build succeeds without any compiler (the real VSS is used there), saying why nothing was built', () => {
  for (const args of [['--linux'], ['--linux', '--if-possible']]) {
    const p = plan('win32', args);
    assert.equal(p.exitCode, 0, args.join(' '));
    assert.deepEqual(p.builds, []);
    assert.deepEqual(p.errors, []);
    assert.match(p.notes.join(' '), /real VSS.*optional/);
  }
});

test('stand-in build: on Windows, a MinGW gcc present builds the optional DLL, never the Linux library', () => {
  assert.deepEqual(plan('win32', ['--linux'], 'gcc', 'cc').builds, [{ kind: 'dll', compiler: 'gcc' }], 'MSYS2 names its MinGW gcc plain gcc');
  assert.deepEqual(plan('win32', ['--linux'], 'cc').builds, [{ kind: 'dll', compiler: 'cc' }]);
  assert.deepEqual(plan('win32', ['--linux'], MINGW_CROSS, 'gcc').builds, [{ kind: 'dll', compiler: MINGW_CROSS }]);
  assert.deepEqual(plan('win32', ['--linux', '--windows'], 'gcc').builds, [{ kind: 'dll', compiler: 'gcc' }], 'one DLL, not two');
  assert.ok(plan('win32', ['--linux'], 'cc', 'gcc').builds.every((b) => b.kind !== 'so'));
});

test('stand-in build: off Windows the stand-in is required: no cc fails npm run build, and only postinstall goes on', () => {
  assert.deepEqual(plan('linux', ['--linux'], 'cc'), { builds: [{ kind: 'so', compiler: 'cc' }], notes: [], errors: [], exitCode: 0 });
  const missing = plan('linux', ['--linux']);
  assert.equal(missing.exitCode, 1);
  assert.match(missing.errors.join(' '), /apt-get install gcc/);
  const postinstall = plan('linux', ['--linux', '--if-possible']);
  assert.equal(postinstall.exitCode, 0);
  assert.match(postinstall.notes.join(' '), /no C compiler/);
});

test('stand-in build: asked for the Windows DLL explicitly, a missing MinGW is an error on either platform', () => {
  assert.deepEqual(plan('linux', ['--windows'], MINGW_CROSS).builds, [{ kind: 'dll', compiler: MINGW_CROSS }]);
  assert.equal(plan('linux', ['--windows'], 'cc', 'gcc').exitCode, 1, 'a Linux gcc cannot make a Windows DLL');
  assert.match(plan('linux', ['--windows']).errors.join(' '), /gcc-mingw-w64-x86-64/);
  assert.equal(plan('win32', ['--windows']).exitCode, 1);
  assert.match(plan('win32', ['--windows']).errors.join(' '), /MinGW-w64/);
  assert.equal(plan('linux', ['--bogus']).exitCode, 2);
  assert.equal(plan('win32', []).exitCode, 2);
});
