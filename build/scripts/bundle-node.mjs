#!/usr/bin/env node
// Bundles the two Node entry points tsc compiled, in place, so each process loads a few files
// instead of ~170 (zod alone is ~100 modules): Node's ES module loader costs about as much per file
// as starting Node itself costs in all, and every `shadowdesk` command starts two Node processes.
//
//   node build/scripts/bundle-node.mjs       (run by `npm run build:ts`, after tsc)
//
//   dist/native/host/host-main.js   the VSS host (CLI, `serve`, the Electron utility process)
//   dist/native/cli/main.js         the command line's entry point
//
// Each bundle replaces the file tsc wrote at the same path, and what it loads only on demand (the
// commands, the ssh pool, `serve`) goes to chunks beside it (`host-main.*.js`, `main.*.js`). Same
// folder on purpose: modules find files relative to their own place (import.meta.url: the stand-in
// library, package.json, the renderer, `../cli/main.js`), and every dist/native/<folder>/ is at the
// same depth. The rest of dist/ stays tsc's output, one file per module, for the tests and the
// Electron main process. koffi stays outside the bundle (a native addon that finds its binaries
// from its own folder); every other dependency is copied in.
//
// The bundler is rolldown, the one vite (a devDependency) bundles with: resolved from vite's own
// folder, so it is the copy vite was installed with, and no dependency is added.

import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The first line of every bundle: how to recognize one, so a second run never bundles a bundle. */
export const BUNDLE_BANNER = '// Bundled by build/scripts/bundle-node.mjs from the tsc output (see there).';

/**
 * The entry points: the file tsc wrote (bundled in place), and the imports left as they are. The
 * CLI's `shadowdesk host` imports the host's own bundle rather than a second copy of the host.
 */
export const ENTRIES = [
  { file: 'dist/native/host/host-main.js', external: ['koffi'] },
  { file: 'dist/native/cli/main.js', external: ['koffi', '../host/host-main.js'] },
];

async function loadRolldown() {
  const fromVite = createRequire(path.join(repoRoot, 'node_modules', 'vite', 'package.json'));
  const pkg = fromVite.resolve('rolldown/package.json');
  const { exports } = JSON.parse(fs.readFileSync(pkg, 'utf8'));
  const main = typeof exports['.'] === 'string' ? exports['.'] : exports['.'].import ?? exports['.'].default;
  return import(pathToFileURL(path.join(path.dirname(pkg), main)).href);
}

/** Bundles every entry point in place; returns the files written. */
export async function bundleEntries(root = repoRoot) {
  const { rolldown } = await loadRolldown();
  const written = [];
  for (const entry of ENTRIES) {
    const file = path.join(root, entry.file);
    const source = fs.readFileSync(file, 'utf8');
    if (source.startsWith(BUNDLE_BANNER) || source.startsWith(`#!/usr/bin/env node\n${BUNDLE_BANNER}`)) {
      throw new Error(`bundle-node: ${entry.file} is already a bundle; run npm run build:ts to compile afresh`);
    }
    const dir = path.dirname(file);
    const name = path.basename(file, '.js');
    const bundle = await rolldown({
      input: file,
      platform: 'node',
      external: entry.external,
      logLevel: 'warn',
      // A failed resolve is an error, never a bundle that fails later at run time.
      onLog(level, log) {
        if (level === 'warn') throw new Error(`bundle-node: ${entry.file}: ${log.message}`);
      },
    });
    try {
      const { output } = await bundle.write({
        dir,
        format: 'esm',
        entryFileNames: `${name}.js`,
        // Prefixed with the entry's name: never the name of a file tsc wrote in the same folder.
        chunkFileNames: `${name}.[name]-[hash].js`,
        // rolldown keeps the entry's `#!/usr/bin/env node` line first, above this one.
        banner: BUNDLE_BANNER,
        sourcemap: true,
      });
      for (const o of output) written.push(path.relative(root, path.join(dir, o.fileName)));
    } finally {
      await bundle.close();
    }
  }
  return written;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const t0 = performance.now();
  const written = await bundleEntries();
  process.stderr.write(`bundle-node: ${ENTRIES.length} entry points, ${written.filter((f) => f.endsWith('.js')).length} files, ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
}
