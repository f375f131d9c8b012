#!/usr/bin/env node
// Builds only the parts of dist/ whose inputs changed since they were last built, and nothing when
// the build is current, so `npx shadowdesk volumes`, `npm start`, `npm test` and `npm run bench` do
// not rebuild the whole project (renderer included) on every call.
//
//   node build/scripts/build-stale.mjs [cli|app] [--dry-run]
//
//   cli (default): the compiled TypeScript and the stand-in, which the command line needs;
//   app: also the renderer and the preload, which the window (Electron or `serve`) needs.
//   --dry-run: print which parts are stale and exit 1 if any is, building nothing.
//
// A part is current when the SHA-256 of its inputs (every file's path and content, plus the
// lockfile, the build script and tsconfig) equals the fingerprint written when it was last built
// successfully (dist/.build-stamps/PART.json) and its outputs exist. Content, not mtimes: a checkout
// or `cp -p` that leaves mtimes alone cannot fool it, and a file touched without change costs
// nothing. Hashing the ~300 source files takes a few milliseconds. `npm run build` still builds
// everything unconditionally.

import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The checkout this script belongs to. */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

const common = ['package.json', 'package-lock.json', 'build/scripts/build-stale.mjs'];

/**
 * Every part of dist/: its inputs (files or folders, relative to the checkout), the outputs that
 * must exist, and the npm script that builds it. `after` lists parts a rebuild of this one destroys
 * (build:ts empties dist/electron, which holds the preload).
 */
export const PARTS = {
  ts: {
    // bundle-node.mjs runs after tsc in build:ts: it bundles the CLI's and the host's entry points in place.
    inputs: ['native', 'electron', 'tsconfig.json', 'build/scripts/bundle-node.mjs'],
    skip: (rel) => rel.startsWith('electron/preload/') || !/\.(ts|json)$/.test(rel),
    outputs: ['dist/native/cli/main.js', 'dist/native/host/host-main.js', 'dist/electron/main.js'],
    script: 'build:ts',
    after: ['preload'],
  },
  standin: {
    inputs: ['native/standin', 'native/ffi/abi', 'build/scripts/build-standin.mjs'],
    skip: (rel) => rel.endsWith('.md'),
    outputs: process.platform === 'win32' ? [] : ['dist/standin/libshadowdesk-vss.so'],
    script: 'build:standin',
    after: [],
  },
  renderer: {
    inputs: ['renderer', 'native/contract'],
    skip: (rel) => rel.startsWith('renderer/node_modules/'),
    outputs: ['dist/renderer/index.html'],
    script: 'build:renderer',
    after: [],
  },
  preload: {
    inputs: ['electron/preload', 'electron/ipc-channels.ts', 'native/contract', 'build/vite.preload.config.ts'],
    skip: () => false,
    outputs: ['dist/electron/preload.cjs'],
    script: 'build:preload',
    after: [],
  },
};

// A Windows checkout talks to the real VSS: the stand-in is built there only on request
// (npm run build:standin:windows), never on the way to a command.
const standin = process.platform === 'win32' ? [] : ['standin'];

/** Which parts each use needs. */
export const NEEDS = { cli: ['ts', ...standin], app: ['ts', ...standin, 'renderer', 'preload'] };

function listFiles(root, rel, skip, out) {
  const abs = path.join(root, rel);
  let st;
  try {
    st = fs.statSync(abs);
  } catch {
    return;
  }
  if (st.isDirectory()) {
    for (const name of fs.readdirSync(abs).sort()) {
      if (name === 'node_modules' || name === 'dist') continue;
      listFiles(root, `${rel}/${name}`, skip, out);
    }
  } else if (!skip(rel)) {
    out.push(rel);
  }
}

/** The fingerprint of a part's inputs: SHA-256 over every input file's path and content. */
export function fingerprint(part, root = repoRoot) {
  const def = PARTS[part];
  const files = [];
  for (const input of def.inputs) listFiles(root, input, def.skip, files);
  for (const input of common) listFiles(root, input, () => false, files);
  const hash = createHash('sha256');
  for (const rel of [...new Set(files)].sort()) {
    hash.update(`${rel}\0`);
    hash.update(fs.readFileSync(path.join(root, rel)));
    hash.update('\0');
  }
  return hash.digest('hex');
}

const stampPath = (part, root = repoRoot) => path.join(root, 'dist', '.build-stamps', `${part}.json`);

function readStamp(part, root) {
  try {
    return JSON.parse(fs.readFileSync(stampPath(part, root), 'utf8')).fingerprint;
  } catch {
    return undefined;
  }
}

/** The parts among `parts` that need building, with the fingerprint each will have once built. */
export function staleParts(parts, root = repoRoot) {
  const stale = new Map();
  for (const part of parts) {
    const print = fingerprint(part, root);
    const outputsThere = PARTS[part].outputs.every((o) => fs.existsSync(path.join(root, o)));
    if (!outputsThere || readStamp(part, root) !== print) stale.set(part, print);
  }
  // A part another one's rebuild destroys is rebuilt after it.
  for (const part of [...stale.keys()]) {
    for (const dependent of PARTS[part].after) {
      if (parts.includes(dependent) && !stale.has(dependent)) stale.set(dependent, fingerprint(dependent, root));
    }
  }
  return stale;
}

/**
 * Builds what is stale among the parts `use` needs ('cli' or 'app'), in PARTS order; returns the
 * parts it built. A failed build removes nothing but its own stamp, so the next call tries again.
 */
export function buildStale(use = 'cli', { log = (line) => process.stderr.write(`${line}\n`) } = {}) {
  const parts = NEEDS[use];
  if (!parts) throw new Error(`build-stale: unknown use "${use}" (cli or app)`);
  const stale = staleParts(parts);
  const order = Object.keys(PARTS).filter((p) => stale.has(p));
  const npm = process.env.npm_execpath;
  for (const part of order) {
    fs.rmSync(stampPath(part), { force: true });
    log(`build-stale: building ${part} (its inputs changed since the last build)`);
    // Through npm so each part has exactly one definition (package.json "scripts"). What the build
    // prints goes to stderr: stdout belongs to the command that asked (`shadowdesk --json …`).
    const stdio = ['ignore', 2, 2];
    const r = npm
      ? spawnSync(process.execPath, [npm, 'run', '-s', PARTS[part].script], { cwd: repoRoot, stdio })
      : spawnSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', '-s', PARTS[part].script], { cwd: repoRoot, stdio, shell: process.platform === 'win32' });
    if (r.status !== 0) {
      log(`build-stale: building ${part} failed (${r.error ? r.error.message : `exit ${r.status}`})`);
      process.exit(r.status || 1);
    }
    fs.mkdirSync(path.dirname(stampPath(part)), { recursive: true });
    fs.writeFileSync(stampPath(part), `${JSON.stringify({ fingerprint: stale.get(part), builtAt: new Date().toISOString() })}\n`);
  }
  return order;
}

/** After a full `npm run build`, every part is current: record that, so the next check builds nothing. */
export function stampAll(root = repoRoot) {
  for (const part of Object.keys(PARTS)) {
    fs.mkdirSync(path.dirname(stampPath(part, root)), { recursive: true });
    fs.writeFileSync(stampPath(part, root), `${JSON.stringify({ fingerprint: fingerprint(part, root), builtAt: new Date().toISOString() })}\n`);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const use = args.find((a) => !a.startsWith('--')) ?? 'cli';
  const unknown = args.filter((a) => a.startsWith('--') && !['--dry-run', '--stamp-all'].includes(a));
  if (unknown.length || !(use in NEEDS)) {
    process.stderr.write('usage: node build/scripts/build-stale.mjs [cli|app] [--dry-run] | --stamp-all\n');
    process.exit(2);
  }
  if (args.includes('--stamp-all')) {
    stampAll();
  } else if (args.includes('--dry-run')) {
    const stale = [...staleParts(NEEDS[use]).keys()];
    process.stdout.write(stale.length ? `stale: ${stale.join(', ')}\n` : 'current\n');
    process.exit(stale.length ? 1 : 0);
  } else {
    buildStale(use);
  }
}
