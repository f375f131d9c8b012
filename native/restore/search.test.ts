import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FolderSource } from '../testing/folder-source.js';
import { SYMLINK_SKIP } from '../testing/symlink-support.js';
import { AppError } from '../vss/app-error.js';
import { search } from './search.js';
import type { SearchHit } from './types.js';
import type { ShadowInfo } from './shadow-source.js';

let src: FolderSource | undefined;
afterEach(() => {
  src?.dispose();
  src = undefined;
});

const day = (d: number): Date => new Date(`2026-11-${String(d).padStart(2, '0')}T09:00:00Z`);

function put(s: FolderSource, rel: string, text: string, mtime = day(1)): void {
  const file = path.join(s.liveRoot('C'), rel);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
  utimesSync(file, mtime, mtime);
}

/** Two copies: Report.docx is deleted after the first; new-report.docx exists only live. */
function scene(s: FolderSource): { s1: ShadowInfo; s2: ShadowInfo } {
  put(s, 'Users/ana/Report.docx', 'ana');
  put(s, 'Users/ana/notes.txt', 'notes');
  put(s, 'Users/bob/report-final.DOCX', 'bob');
  mkdirSync(path.join(s.liveRoot('C'), 'Projects', 'report'), { recursive: true });
  const s1 = s.snapshot('C', day(2));
  unlinkSync(path.join(s.liveRoot('C'), 'Users', 'ana', 'Report.docx'));
  const s2 = s.snapshot('C', day(3));
  put(s, 'Users/ana/new-report.docx', 'only live');
  return { s1, s2 };
}

const hit = (hits: SearchHit[], rel: string): SearchHit | undefined => hits.find((h) => h.relative === rel);

test('search: a glob matches names case-insensitively across every copy, deleted files included, grouped by path', async () => {
  src = new FolderSource();
  const { s1, s2 } = scene(src);
  const r = await search(src, { pattern: '*.docx' });
  assert.deepEqual(r.hits.map((h) => h.path).sort(), ['C:\\Users\\ana\\Report.docx', 'C:\\Users\\bob\\report-final.DOCX']);
  const deleted = hit(r.hits, 'Users\\ana\\Report.docx');
  assert.equal(deleted?.existsNow, false);
  assert.equal(deleted?.kind, 'file');
  assert.deepEqual(deleted?.copies, [{ shadowId: s1.id, createdAt: s1.createdAt, size: 3, modifiedAt: day(1).toISOString() }]);
  const kept = hit(r.hits, 'Users\\bob\\report-final.DOCX');
  assert.equal(kept?.existsNow, true);
  assert.deepEqual(kept?.copies.map((c) => c.shadowId), [s1.id, s2.id], 'one hit per path, every copy, oldest first');
  assert.equal(r.shadowsSearched, 2);
  assert.equal(r.truncated, false);
  assert.ok(r.entriesScanned >= 14);
  assert.equal(hit(r.hits, 'Users\\ana\\new-report.docx'), undefined, 'search looks in copies, not at the live volume');
});

test('search: a plain word is a case-insensitive substring of names (files and folders), not of paths', async () => {
  src = new FolderSource();
  scene(src);
  const r = await search(src, { pattern: 'REPORT' });
  assert.deepEqual(r.hits.map((h) => h.relative).sort(), ['Projects\\report', 'Users\\ana\\Report.docx', 'Users\\bob\\report-final.DOCX']);
  assert.equal(hit(r.hits, 'Projects\\report')?.kind, 'folder');
  const byPath = await search(src, { pattern: 'ana' });
  assert.deepEqual(byPath.hits.map((h) => h.relative), ['Users\\ana'], 'files inside a matching folder are not hits');
});

test('search: one shadow copy in scope searches only that copy', async () => {
  src = new FolderSource();
  const { s2 } = scene(src);
  const r = await search(src, { pattern: '*.docx', shadowId: s2.id });
  assert.deepEqual(r.hits.map((h) => h.relative), ['Users\\bob\\report-final.DOCX']);
  assert.deepEqual(r.hits[0]?.copies.map((c) => c.shadowId), [s2.id]);
  assert.equal(r.shadowsSearched, 1);
  await assert.rejects(search(src, { pattern: 'x', shadowId: '{abcdef00-0000-0000-0000-000000000000}' }), (e: unknown) => e instanceof AppError && e.code === 'SHADOW_NOT_FOUND');
});

test('search: progress arrives in batches and carries every hit once', async () => {
  src = new FolderSource();
  scene(src);
  const events: { shadowsDone: number; shadowsTotal: number; newHits: SearchHit[] }[] = [];
  const r = await search(src, { pattern: 'report' }, (e) => events.push(e));
  assert.ok(events.length >= 2 && events.length < r.entriesScanned, 'batched, not per entry');
  assert.deepEqual(events.at(-1) && [events.at(-1)!.shadowsDone, events.at(-1)!.shadowsTotal], [2, 2]);
  assert.deepEqual(events.flatMap((e) => e.newHits.map((h) => h.path)).sort(), r.hits.map((h) => h.path).sort());
});

test('search: the hit limit stops early and says so', async () => {
  src = new FolderSource();
  scene(src);
  const r = await search(src, { pattern: 'r', limit: 2 });
  assert.equal(r.hits.length, 2);
  assert.equal(r.truncated, true);
});

test('search: an abort signal cancels with CANCELLED, before or during the walk', async () => {
  src = new FolderSource();
  for (let i = 0; i < 3000; i++) put(src, `bulk/f${i}.txt`, '');
  src.snapshot('C', day(2));
  src.snapshot('C', day(3));
  const cancelled = (e: unknown) => e instanceof AppError && e.code === 'CANCELLED';
  const already = new AbortController();
  already.abort();
  await assert.rejects(search(src, { pattern: 'f1' }, undefined, already.signal), cancelled);

  const midway = new AbortController();
  let reports = 0;
  await assert.rejects(search(src, { pattern: 'f1' }, () => { reports++; midway.abort(); }, midway.signal), cancelled);
  assert.ok(reports >= 1);
});

test('search: an empty pattern is refused', async () => {
  src = new FolderSource();
  await assert.rejects(search(src, { pattern: '  ' }), (e: unknown) => e instanceof AppError && e.code === 'BAD_PATTERN');
});

test('search: symlinks are never followed', { skip: SYMLINK_SKIP }, async () => {
  src = new FolderSource();
  put(src, 'a.txt', 'x');
  const shadow = src.snapshot('C', day(2));
  const outside = mkdtempSync(path.join(tmpdir(), 'shadowdesk-outside-'));
  try {
    writeFileSync(path.join(outside, 'secret-report.txt'), 'not in the copy');
    symlinkSync(outside, path.join(src.shadowRoot(shadow), 'link-out'));
    const r = await search(src, { pattern: '*report*' });
    assert.deepEqual(r.hits, []);
  } finally {
    rmSync(outside, { recursive: true, force: true });
  }
});
