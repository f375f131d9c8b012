import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HRESULT_CATALOG, KNOWN_WRITERS, WRITER_STATE_CATALOG, type CatalogText } from './hresult-catalog.js';

/** Both languages say something, and Italian is not a copy of the English. */
function assertBilingual(label: string, en: CatalogText, it: CatalogText): void {
  assert.ok(en.summary.trim().length > 0, `${label}: empty en summary`);
  assert.ok(it.summary.trim().length > 0, `${label}: empty it summary`);
  assert.notEqual(it.summary, en.summary, `${label}: it summary equals en`);
  assert.equal(en.next === '', it.next === '', `${label}: next step present in one language only`);
  if (en.next !== '') assert.notEqual(it.next, en.next, `${label}: it next equals en`);
}

test('HRESULT names and values are unique', () => {
  const names = HRESULT_CATALOG.map((e) => e.name);
  const values = HRESULT_CATALOG.map((e) => e.value);
  assert.equal(new Set(names).size, names.length);
  assert.equal(new Set(values).size, values.length);
});

test('HRESULT values are unsigned 32-bit and VSS codes sit in FACILITY_ITF', () => {
  for (const e of HRESULT_CATALOG) {
    assert.ok(Number.isInteger(e.value) && e.value >= 0 && e.value <= 0xffffffff, `${e.name}: not unsigned 32-bit`);
    if (e.name.startsWith('VSS_E_')) assert.equal((e.value & 0xffff0000) >>> 0, 0x80040000, e.name);
    if (e.name.startsWith('VSS_S_')) assert.equal(e.value & 0xffff0000, 0x00040000, e.name);
  }
});

test('every HRESULT has English and Italian text', () => {
  for (const e of HRESULT_CATALOG) assertBilingual(e.name, e.en, e.it);
});

test('writer states cover 0..15 once each, with text', () => {
  assert.deepEqual(WRITER_STATE_CATALOG.map((s) => s.code), Array.from({ length: 16 }, (_, i) => i));
  for (const s of WRITER_STATE_CATALOG) {
    assertBilingual(s.name, s.en, s.it);
    assert.equal(s.severity === 'failed', s.name.startsWith('FAILED_'), `${s.name}: severity ${s.severity}`);
  }
});

test('known writers have unique lowercase ids and a hosting service', () => {
  const ids = KNOWN_WRITERS.map((w) => w.writerId);
  assert.equal(new Set(ids).size, ids.length);
  for (const w of KNOWN_WRITERS) {
    assert.match(w.writerId, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, w.name);
    assert.ok(w.service.length > 0 && w.serviceDisplayName.length > 0, w.name);
  }
});
