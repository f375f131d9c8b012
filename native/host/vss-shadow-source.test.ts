import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { freshMachine, type SimMachine } from '../testing/sim-machine.js';
import { VssClient } from '../vss/vss-client.js';
import { AppError } from '../vss/app-error.js';
import { VssShadowSource } from './vss-shadow-source.js';
import { browse, clearBrowseCache } from '../restore/browse.js';
import { search } from '../restore/search.js';
import { listVersions } from '../restore/versions.js';

let m: SimMachine | undefined;
afterEach(() => {
  clearBrowseCache();
  m?.dispose();
  m = undefined;
});

/** A client that counts how often VSS is asked for the list. */
class CountingClient extends VssClient {
  lists = 0;
  override listShadows(filter: { volume?: string } = {}): ReturnType<VssClient['listShadows']> {
    this.lists++;
    return super.listShadows(filter);
  }
}

const code = (c: string) => (e: unknown) => e instanceof AppError && e.code === c;

test('listShadows names each copy\'s volume as listVolumes does, without describing the volumes', () => {
  m = freshMachine();
  m.client.createShadows({ volumes: ['C:', 'D:'] });
  const cheap = m.client.listShadows();
  const names = new Map(m.client.listVolumes().map((v) => [v.guidPath.toLowerCase(), v.name]));
  assert.ok(cheap.length >= 2);
  for (const s of cheap) assert.equal(s.volume, names.get(s.volumeGuidPath.toLowerCase()) ?? s.volumeGuidPath, s.id);
  assert.deepEqual(m.client.listShadows({ volume: 'D:' }), cheap.filter((s) => s.volume === 'D:\\'));
});

test('the kept list: asked once for many pages, read again after invalidate()', async () => {
  m = freshMachine();
  const client = new CountingClient();
  const source = new VssShadowSource(client);
  const shadow = client.createShadows({ volumes: ['C:'] }).shadows[0]!;
  client.lists = 0;
  for (let i = 0; i < 5; i++) await browse(source, { shadowId: shadow.id, folder: '', pageSize: 1, offset: i });
  assert.equal(client.lists, 1);
  source.invalidate();
  await browse(source, { shadowId: shadow.id, folder: '' });
  assert.equal(client.lists, 2);
});

test('a copy made by another process is found by id at once, though the list was kept', async () => {
  m = freshMachine();
  const source = new VssShadowSource(m.client);
  source.listShadows();
  const other = new VssClient(); // another process's session: the source is not told
  const made = other.createShadows({ volumes: ['C:'] }).shadows[0]!;
  const page = await browse(source, { shadowId: made.id, folder: '' });
  assert.equal(page.shadowId, made.id);
  assert.ok(source.listShadows().some((s) => s.id === made.id));
});

test('a copy deleted by another process is never read as if it were there', async () => {
  m = freshMachine();
  const docs = path.join(m.sim.volumeFolder('C:\\'), 'keep');
  mkdirSync(docs, { recursive: true });
  for (let i = 0; i < 30; i++) writeFileSync(path.join(docs, `f${i}.txt`), 'x');
  const source = new VssShadowSource(m.client);
  const shadow = m.client.createShadows({ volumes: ['C:'] }).shadows[0]!;
  source.invalidate();
  const first = await browse(source, { shadowId: shadow.id, folder: 'keep', pageSize: 10 });
  assert.equal(first.entries[0]?.status, 'same');
  const before = await listVersions(source, 'C:\\keep\\f1.txt');
  assert.ok(before.versions.some((v) => v.shadowIds.includes(shadow.id)));
  new VssClient().deleteShadows({ kind: 'shadow', id: shadow.id }); // behind the source's back
  assert.ok(source.listShadows().some((s) => s.id === shadow.id), 'the kept list still names it (the case under test)');
  // The listing is cached and the list kept: still, the next page is refused, not shown as all new.
  await assert.rejects(browse(source, { shadowId: shadow.id, folder: 'keep', cursor: first.nextCursor, pageSize: 10 }), code('SHADOW_NOT_FOUND'));
  await assert.rejects(search(source, { pattern: 'f1', shadowId: shadow.id }), code('SHADOW_NOT_FOUND'));
  const after = await listVersions(source, 'C:\\keep\\f1.txt');
  assert.ok(!after.versions.some((v) => v.shadowIds.includes(shadow.id)), 'no version from the deleted copy');
});
