#!/usr/bin/env node
// Runs electronegativity (@doyensec/electronegativity) over what the app ships: the built main
// process (dist/electron/*.js), the bundled preload (dist/electron/preload.cjs) and the built renderer
// (dist/renderer), with package.json for the Electron version. Fails on any finding of medium or
// high severity, and on any file it could not parse (an unparsed file is an unscanned file).
//
//   node build/scripts/electronegativity.mjs      (after npm run build; part of npm test)
//
// Exclusions are never made here: a justified one is written inline, next to the code it concerns,
// as an `eng-disable CHECK_ID` comment with the reason on the line above.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const dist = path.join(root, 'dist');

const sources = [
  { from: path.join(dist, 'electron'), to: 'main', pick: (f) => f.endsWith('.js') && !f.endsWith('.test.js') && !f.startsWith('testing') },
  // The scanner reads .js, not .cjs: the preload is scanned under a .js name.
  { from: path.join(dist, 'electron', 'preload.cjs'), to: path.join('preload', 'preload.js') },
  { from: path.join(dist, 'renderer'), to: 'renderer', pick: (f) => /\.(js|html)$/.test(f) },
];

for (const s of sources) {
  if (!fs.existsSync(s.from)) {
    console.error(`electronegativity: ${path.relative(root, s.from)} is missing; run npm run build first.`);
    process.exit(1);
  }
}

const stage = fs.mkdtempSync(path.join(os.tmpdir(), 'shadowdesk-eng-'));
let copied = 0;
for (const s of sources) {
  if (fs.statSync(s.from).isFile()) {
    fs.mkdirSync(path.dirname(path.join(stage, s.to)), { recursive: true });
    fs.copyFileSync(s.from, path.join(stage, s.to));
    copied++;
    continue;
  }
  for (const rel of fs.readdirSync(s.from, { recursive: true })) {
    const file = String(rel);
    if (!fs.statSync(path.join(s.from, file)).isFile() || !s.pick(file.split(path.sep).join('/'))) continue;
    fs.mkdirSync(path.dirname(path.join(stage, s.to, file)), { recursive: true });
    fs.copyFileSync(path.join(s.from, file), path.join(stage, s.to, file));
    copied++;
  }
}
fs.copyFileSync(path.join(root, 'package.json'), path.join(stage, 'package.json'));
const electronVersion = JSON.parse(fs.readFileSync(path.join(root, 'node_modules', 'electron', 'package.json'), 'utf8')).version;

// The scanner tries to fetch translations and Electron's release list; offline it says so on
// stdout and carries on with what it ships. Keep its chatter out of our output.
const log = console.log;
const chatter = [];
console.log = (...args) => chatter.push(args.join(' '));
let result;
try {
  const run = require('@doyensec/electronegativity');
  result = await run(
    {
      input: stage,
      output: undefined,
      isSarif: false,
      customScan: [],
      excludeFromScan: [],
      severitySet: undefined,
      confidenceSet: undefined,
      isRelative: true,
      isVerbose: false,
      electronUpgrade: undefined,
      electronVersionOverride: electronVersion,
      parserPlugins: [],
    },
    false,
  );
} finally {
  console.log = log;
}

const SEVERITY = ['INFORMATIONAL', 'LOW', 'MEDIUM', 'HIGH'];
const blocking = result.issues.filter((i) => i.severity.value >= 2);
const other = result.issues.filter((i) => i.severity.value < 2);
const unparsed = result.errors.filter((e) => !e.tolerable);

const where = (i) => `${i.file}:${i.location.line}:${i.location.column}`;
for (const i of blocking) console.log(`electronegativity: ${SEVERITY[i.severity.value]} ${i.id} at ${where(i)}: ${i.description}`);
for (const e of unparsed) console.log(`electronegativity: could not parse ${path.relative(stage, e.file)}: ${e.message}`);
for (const i of other) console.log(`electronegativity: (not blocking) ${SEVERITY[i.severity.value]} ${i.id} at ${where(i)}: ${i.description}`);
console.log(
  `electronegativity ${require('@doyensec/electronegativity/package.json').version}: ${copied} files, Electron ${electronVersion}, ` +
    `${result.globalChecks + result.atomicChecks} checks: ${blocking.length} high/medium, ${other.length} low/informational` +
    (unparsed.length ? `, ${unparsed.length} files not parsed` : ''),
);
fs.rmSync(stage, { recursive: true, force: true });
process.exit(blocking.length || unparsed.length ? 1 : 0);
