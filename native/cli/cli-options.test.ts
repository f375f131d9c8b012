import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cliStart } from './cli-options.js';

test('cli start: the host starts at once for a command that will call it, never for help, a typo, bad options or serve', () => {
  assert.deepEqual(cliStart(['volumes'], {}), { lang: cliStart(['volumes']).lang, needsHost: true, computer: undefined });
  assert.equal(cliStart(['--computer', 'ana-laptop', 'volumes'], {}).computer, 'ana-laptop');
  assert.equal(cliStart(['volumes'], { SHADOWDESK_COMPUTER: 'pc-042' }).computer, 'pc-042');
  assert.equal(cliStart(['--schedule', 'Work']).needsHost, true, 'what a schedule\'s task runs calls the host');
  assert.equal(cliStart(['shadows', '--volume', 'C:', '--json']).needsHost, true);
  assert.equal(cliStart(['--json', 'writers']).needsHost, true, 'options may come first');
  assert.equal(cliStart([]).needsHost, false);
  assert.equal(cliStart(['--help']).needsHost, false);
  assert.equal(cliStart(['volumes', '-h']).needsHost, false);
  assert.equal(cliStart(['volumez']).needsHost, false);
  assert.equal(cliStart(['volumes', '--no-such-option']).needsHost, false);
  assert.equal(cliStart(['serve', '--port', '0']).needsHost, false);
  assert.equal(cliStart(['volumes', '--lang', 'it']).lang, 'it');
  assert.equal(cliStart(['volumes', '--lang', 'en']).lang, 'en');
});

test('cli start: fleet doctor runs from this computer; its --computer options are its targets, not where to run', () => {
  const start = cliStart(['fleet', 'doctor', '--computer', 'pc-1', '--computer', 'pc-2'], { SHADOWDESK_COMPUTER: 'pc-042' });
  assert.equal(start.computer, undefined);
  assert.equal(start.needsHost, true);
  assert.equal(cliStart(['--computer', 'a', '--computer', 'b', 'volumes'], {}).computer, 'b', 'elsewhere the last one given wins');
});
