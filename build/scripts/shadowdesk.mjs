#!/usr/bin/env node
// The `shadowdesk` command of a checkout (package.json "bin": `npx shadowdesk …`, or `shadowdesk …`
// after `npm link`; `npm run shadowdesk -- …` runs it too). It builds only what is stale (nothing
// when the build is current: a hash of the sources, a few milliseconds) and then runs the compiled
// CLI in this same process, so a call costs one Node start, not a rebuild of the project.
// `serve` also needs the window (renderer and preload); every other command only the TypeScript
// and the stand-in.

import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildStale, repoRoot } from './build-stale.mjs';

const args = process.argv.slice(2);
buildStale(args.includes('serve') ? 'app' : 'cli');
process.argv = [process.argv[0], path.join(repoRoot, 'dist', 'native', 'cli', 'main.js'), ...args];
await import(pathToFileURL(process.argv[1]).href);
