import { test } from 'node:test';
import assert from 'node:assert/strict';
import { selectWriters, volumeOfPath, writerTakesPart } from './writer-selection.js';
import type { RawComponent, RawWriterMetadata } from '../ffi/raw-types.js';

const C = '\\\\?\\Volume{c0000000-0000-0000-0000-000000000000}\\';
const D = '\\\\?\\Volume{d0000000-0000-0000-0000-000000000000}\\';
const volumes = [
  { guidPath: C, mountPoints: ['C:\\'] },
  { guidPath: D, mountPoints: ['D:\\', 'C:\\Data\\'] },
];

function comp(name: string, paths: string[], more: Partial<RawComponent> = {}): RawComponent {
  return {
    type: 2, logicalPath: '', name, caption: name, selectable: true, selectableForRestore: true,
    files: paths.map((p) => ({ path: p, filespec: '*', recursive: true })), databaseFiles: [], logFiles: [], ...more,
  };
}
function writer(name: string, components: RawComponent[]): RawWriterMetadata {
  return { instanceId: `{${name}}`, writerId: `{${name}}`, name, usage: 0, source: 0, components };
}
const set = (...v: string[]) => new Set(v.map((x) => x.toLowerCase()));

test('writer selection: a path belongs to the longest mount point that holds it, after %VARIABLES% are expanded', () => {
  assert.equal(volumeOfPath('C:\\Windows', volumes), C.toLowerCase());
  assert.equal(volumeOfPath('c:\\data\\db', volumes), D.toLowerCase(), 'a mount folder on C: is D:');
  assert.equal(volumeOfPath('%SystemRoot%\\System32', volumes, { SYSTEMROOT: 'C:\\Windows' }), C.toLowerCase());
  assert.equal(volumeOfPath('%Unknown%\\x', volumes, {}), '%unknown%\\x\\', 'an unknown place matches no volume');
});

test('writer selection: a writer takes part only with a component whose every file is in the set (vshadow)', () => {
  const sql = writer('SQL', [comp('db', [], { databaseFiles: [{ path: 'D:\\db', filespec: '*.mdf', recursive: false }], logFiles: [{ path: 'C:\\logs', filespec: '*.ldf', recursive: false }] })]);
  assert.equal(writerTakesPart(sql, set(C, D), volumes), true, 'data on D:, logs on C:, both in the set');
  assert.equal(writerTakesPart(sql, set(D), volumes), false, 'its logs on C: are outside the set');
  assert.equal(writerTakesPart(writer('Exclusions only', []), set(C), volumes), false, 'no components, nothing to take part with');
  assert.equal(writerTakesPart(writer('No files', [comp('config', [])]), set(D), volumes), true, 'a selectable component without files is includable, as in vshadow');
});

test('writer selection: an excluded child excludes its parent; a top-level non-selectable excluded component excludes the writer', () => {
  const parent = comp('app', ['D:\\app'], { selectable: false });
  const child = comp('cache', ['C:\\cache'], { logicalPath: 'app' });
  const other = comp('other', ['D:\\other']);
  assert.equal(writerTakesPart(writer('W', [parent, child]), set(D), volumes), false, 'the child is out, so the non-selectable top-level parent is out, so the writer is out');
  assert.equal(writerTakesPart(writer('W', [{ ...parent, selectable: true }, child, other]), set(D), volumes), true, 'with a selectable parent the other component still takes part');
  assert.deepEqual([...selectWriters([writer('A', [comp('a', ['C:\\a'])]), writer('B', [comp('b', ['D:\\b'])])], [D], volumes)], ['{b}']);
});
