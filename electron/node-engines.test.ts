import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * package.json `engines` says the truth: every installed package the build, the app and the tests
 * use runs on each Node the range admits (its lowest version of each line is checked against the
 * packages' own `engines`); the packaging tools only electron-builder and the electron package pull
 * in (@electron/rebuild, node-abi, @electron/get…) need DIST_NODE, which `npm run dist` checks
 * first, in one line.
 */
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(path.join(repo, 'package.json'));
const semver = require('semver') as { satisfies(v: string, range: string): boolean; minVersion(range: string): { version: string } | null; validRange(r: string): string | null };
const pkg = JSON.parse(readFileSync(path.join(repo, 'package.json'), 'utf8')) as { engines: { node: string }; dependencies: Record<string, string>; devDependencies: Record<string, string> };
const lock = JSON.parse(readFileSync(path.join(repo, 'package-lock.json'), 'utf8')) as { packages: Record<string, { engines?: { node?: string } | string[]; dependencies?: Record<string, string>; optionalDependencies?: Record<string, string>; peerDependencies?: Record<string, string> }> };
const { DIST_NODE, nodeCanPackage } = (await import(pathToFileURL(path.join(repo, 'build', 'scripts', 'node-support.mjs')).href)) as { DIST_NODE: string; nodeCanPackage(v: string): boolean };

/** The lock's packages reachable from `roots`, by Node's resolution through nested node_modules. */
function reachable(roots: string[]): Set<string> {
  const resolve = (from: string, dep: string): string | undefined => {
    let base = from;
    for (;;) {
      const key = `${base ? `${base}/` : ''}node_modules/${dep}`;
      if (lock.packages[key]) return key;
      if (!base) return undefined;
      const i = base.lastIndexOf('/node_modules/');
      base = i < 0 ? '' : base.slice(0, i);
    }
  };
  const seen = new Set<string>();
  const stack = roots.map((r) => `node_modules/${r}`);
  while (stack.length) {
    const key = stack.pop()!;
    if (seen.has(key) || !lock.packages[key]) continue;
    seen.add(key);
    const p = lock.packages[key]!;
    for (const dep of Object.keys({ ...p.dependencies, ...p.optionalDependencies, ...p.peerDependencies })) {
      const found = resolve(key, dep);
      if (found) stack.push(found);
    }
  }
  return seen;
}
const nodeRange = (key: string): string | undefined => {
  const e = lock.packages[key]?.engines;
  return e && !Array.isArray(e) && typeof e.node === 'string' ? e.node : undefined;
};
/** Only `npm run dist` (electron-builder) and the runtime download (the electron package) use these trees. */
const PACKAGING_ONLY = ['electron-builder', 'electron'];
const everything = Object.keys({ ...pkg.dependencies, ...pkg.devDependencies });

test('engines: every package of the build, the app and the tests runs on the lowest Node of each line engines admits', () => {
  const range = pkg.engines.node;
  assert.ok(semver.validRange(range), range);
  const lowest = range.split('||').map((part) => semver.minVersion(part.trim())!.version);
  const used = reachable(everything.filter((n) => !PACKAGING_ONLY.includes(n)));
  assert.ok(used.size > 100, `${used.size} packages`);
  for (const version of lowest) {
    const refusing = [...used].filter((k) => nodeRange(k) && !semver.satisfies(version, nodeRange(k)!)).map((k) => `${k.replace(/^.*node_modules\//, '')} (${nodeRange(k)})`);
    assert.deepEqual(refusing, [], `Node ${version}, admitted by engines "${range}"`);
  }
  assert.ok(semver.satisfies(process.versions.node, range), `this machine's Node ${process.versions.node} is admitted`);
});

test('engines: the packaging tools need DIST_NODE, and npm run dist says so in one line on an older Node', () => {
  const packaging = reachable(PACKAGING_ONLY);
  const needs = [...packaging].map((k) => nodeRange(k)).filter((r): r is string => r !== undefined);
  assert.ok(needs.every((r) => semver.satisfies(DIST_NODE, r)), `Node ${DIST_NODE} satisfies every packaging package`);
  assert.ok(needs.some((r) => !semver.satisfies('20.19.0', r)), 'and Node 20 does not: that is why dist checks');
  assert.equal(nodeCanPackage('20.20.2'), false);
  assert.equal(nodeCanPackage('22.11.0'), false);
  assert.equal(nodeCanPackage('22.12.0'), true);
  assert.equal(nodeCanPackage('24.1.0'), true);
  const run = spawnSync(process.execPath, [path.join(repo, 'build', 'scripts', 'dist.mjs'), '--preflight'], { encoding: 'utf8' });
  if (nodeCanPackage(process.versions.node)) {
    assert.equal(run.status, 0, run.stderr);
  } else {
    assert.equal(run.status, 1);
    const lines = run.stderr.trim().split('\n');
    assert.equal(lines.length, 1, run.stderr);
    assert.match(lines[0]!, new RegExp(`needs Node ${DIST_NODE.replace(/\./g, '\\.')} or later.*this is Node ${process.versions.node.replace(/\./g, '\\.')}`));
  }
});
