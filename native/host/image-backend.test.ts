import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { RemoteError } from '../contract/api.js';
import { freshMachine, assertNoLeaks, type SimMachine } from '../testing/sim-machine.js';
import { inProcessApi, type InProcessApi } from '../testing/in-process-api.js';
import { runCapturedCli } from '../testing/captured-cli.js';
import { runCli } from '../cli/run-cli.js';
import { VSSTEST_QCOW2, vsstestSkip } from '../testing/ntfs-fixtures.js';
import { liveHandles, libyalAvailability } from '../ffi/libyal/libyal-load.js';

/*
 * The image backend through the contract, as the CLI, `serve` and the window use it: real shadow
 * copies made by Windows in 2013 (vsstest.qcow2), listed, browsed, compared, searched and restored to
 * a folder, with this computer (the simulated machine) back as it was once the image is closed.
 */

const libs = libyalAvailability();
/** Why the real image cannot be read here (no libyal, as under Wine's Windows Node, or no test image), or false. */
const SKIP: string | false =
  (libs.available ? false : `the libyal libraries are not installed (${libs.missing.join(' ')})`) || (process.platform !== 'linux' ? 'disk images are read on Linux only' : false) || vsstestSkip();

const STORE1 = '{4e3c03c2-7bc6-4288-ad96-c1eac1a55f71}';
const STORE2 = '{18f1ac6e-959d-436f-bdcc-e797a729e290}';
const SYSLOG_SHA = '0420b023f8dc1b71ff25191ce4ce88d10028f99f99f7c21532611f4c273aeae9';

let m: SimMachine | undefined;
let host: InProcessApi | undefined;
const temps: string[] = [];
afterEach(async () => {
  await host?.api.closeImage({});
  if (m) assertNoLeaks(m.sim);
  host?.dispose();
  m?.dispose();
  m = undefined;
  host = undefined;
  for (const d of temps.splice(0)) rmSync(d, { recursive: true, force: true });
});

function start(): InProcessApi {
  m = freshMachine();
  host = inProcessApi(m);
  return host;
}

function tempDir(): string {
  const d = mkdtempSync(path.join(tmpdir(), 'shadowdesk-image-restore-'));
  temps.push(d);
  return d;
}

const sha256 = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');
const codeOf = (e: unknown): string | undefined => (e instanceof RemoteError ? e.data.code : undefined);

test('an opened image replaces this computer for every listing, and closing brings this computer back', { skip: SKIP }, async () => {
  const { api } = start();
  const ownVolumes = (await api.listVolumes({})).map((v) => v.name);
  const summary = await api.openImage({ path: VSSTEST_QCOW2 });
  assert.equal(summary.format, 'qcow2');
  assert.deepEqual((await api.currentImage({})).image?.path, VSSTEST_QCOW2);
  const volumes = await api.listVolumes({});
  assert.deepEqual(volumes.map((v) => [v.name, v.label, v.fileSystem, v.driveType]), [['C:\\', 'vsstest', 'NTFS', 'Disk image']]);
  const shadows = await api.listShadows({});
  assert.deepEqual(shadows.map((s) => [s.id, s.setId, s.createdAt, s.attributesCode]), [
    [STORE1, '{0a4e3901-6abb-48fc-95c2-6ab9e38e9e71}', '2013-12-03T06:35:09.7363787Z', 0x00420009],
    [STORE2, '{8438a0ee-0f06-443b-ac0c-2905647ca5d6}', '2013-12-03T06:37:48.9190583Z', 0x00420009],
  ]);
  assert.deepEqual(shadows[0]!.attributes, ['PERSISTENT', 'NO_AUTO_RELEASE', 'DIFFERENTIAL', 'AUTORECOVER']);
  assert.deepEqual(await api.listWriters({}), []);
  assert.deepEqual(await api.listStorage({}), []);
  await api.closeImage({});
  assert.equal((await api.currentImage({})).image, null);
  assert.deepEqual((await api.listVolumes({})).map((v) => v.name), ownVolumes);
  assert.equal(liveHandles.count, 0, 'closing the image freed every libyal handle');
});

test('browse marks the image copy against the image now: syslog deleted since, password.txt new', { skip: SKIP }, async () => {
  const { api } = start();
  await api.openImage({ path: VSSTEST_QCOW2 });
  const page = await api.browse({ shadowId: STORE1.slice(1, 9), folder: '' });
  const status = Object.fromEntries(page.entries.map((e) => [e.name, e.status]));
  assert.equal(status.syslog, 'deleted');
  assert.equal(status['password.txt'], 'new');
  assert.equal(page.entries.find((e) => e.name === 'syslog')?.size, 1247);
  const newer = await api.browse({ shadowId: STORE2, folder: '' });
  assert.equal(newer.entries.find((e) => e.name === 'password.txt')?.status, 'new', 'password.txt is new since store 2 too');
  assert.equal(newer.entries.find((e) => e.name === 'another_file')?.status, 'same');
  const preview = await api.preview({ path: 'C:\\syslog', source: { shadowId: STORE1 } });
  assert.equal(preview.kind, 'text');
  const versions = await api.versions({ path: 'C:\\syslog', hash: true });
  assert.equal(versions.current, null, 'syslog no longer exists in the image now');
  assert.deepEqual(versions.versions.map((v) => [v.shadowIds, v.sha256]), [[[STORE1], SYSLOG_SHA]]);
  const found = await api.search({ pattern: 'pass*' });
  assert.deepEqual(found.hits.map((h) => [h.path, h.existsNow, h.copies.length]), [], 'password.txt is in no copy: nothing to restore from');
  const syslog = await api.search({ pattern: 'syslog' });
  // Text matches by substring: syslog.gz (still there now) is found too.
  assert.deepEqual(syslog.hits.map((h) => [h.path, h.existsNow]), [['C:\\syslog', false], ['C:\\syslog.gz', true]]);
});

test('restoring from an image goes to a folder of this computer, verified, and is undone after the image is closed', { skip: SKIP }, async () => {
  const { api } = start();
  await api.openImage({ path: VSSTEST_QCOW2 });
  await assert.rejects(api.runRestore({ shadowId: STORE1, paths: ['C:\\syslog'], onConflict: 'keep-both' }), (e) => codeOf(e) === 'IMAGE_READ_ONLY');
  await assert.rejects(api.runRestore({ shadowId: STORE1, paths: ['C:\\syslog'], to: 'C:\\restored', onConflict: 'keep-both' }), (e) => codeOf(e) === 'IMAGE_READ_ONLY');
  await assert.rejects(api.createShadows({ volumes: ['C:'] }), (e) => codeOf(e) === 'IMAGE_READ_ONLY');
  await assert.rejects(api.deleteShadows({ kind: 'shadow', id: STORE1 }), (e) => codeOf(e) === 'IMAGE_READ_ONLY');
  const to = tempDir();
  const result = await api.runRestore({ shadowId: STORE1, paths: ['C:\\syslog'], to, onConflict: 'keep-both' });
  assert.equal(result.state, 'completed');
  const file = path.join(to, 'syslog');
  assert.equal(sha256(file), SYSLOG_SHA);
  // The copy's time, as NTFS recorded it (to the second at least: file systems differ below that).
  assert.equal(Math.floor(statSync(file).mtimeMs / 1000), Math.floor(Date.parse('2013-12-03T06:32:24.828Z') / 1000));
  await api.closeImage({});
  const undone = await api.undoRestore({ restoreId: result.restoreId });
  assert.deepEqual(undone.removed, [file]);
  assert.deepEqual(readdirSync(to), []);
});

test('the CLI opens an image with --image (or SHADOWDESK_IMAGE) and says why writers are empty', { skip: SKIP }, async () => {
  const { api } = start();
  const vols = await runCapturedCli(['--image', VSSTEST_QCOW2, 'volumes'], api);
  assert.equal(vols.code, 0, vols.err);
  assert.match(vols.out, /qcow2/);
  assert.match(vols.out, /^C:\s+1\s+vsstest\s+NTFS\s+whole image\s+0\s+1\.00 GB\s+2\s*$/m);
  const writers = await runCapturedCli(['--image', VSSTEST_QCOW2, 'writers'], api);
  assert.match(writers.out, /no running Windows/);
  const create = await runCapturedCli(['--image', VSSTEST_QCOW2, 'create', '--volume', 'C:'], api);
  assert.equal(create.code, 1);
  assert.match(create.err, /read-only/);
  const garbage = await runCapturedCli(['--image', '/etc/hostname', 'shadows'], api);
  assert.equal(garbage.code, 1);
  assert.match(garbage.err, /^\/etc\/hostname is not a disk image ShadowDesk can read/);
  // SHADOWDESK_IMAGE does the same as --image, for a whole session of commands.
  let out = '';
  const code = await runCli(['shadows', '--json'], { out: (t) => (out += t), err: () => {} }, api, 'en', { SHADOWDESK_IMAGE: VSSTEST_QCOW2 });
  assert.equal(code, 0);
  assert.deepEqual((JSON.parse(out) as { id: string }[]).map((s) => s.id), [STORE1, STORE2]);
});
