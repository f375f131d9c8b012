import { test } from 'node:test';
import assert from 'node:assert/strict';
import { layoutMismatches } from './structs.js';
import { SIGNATURES } from './signatures.js';
import { VSS_ABI, slotOf, type InterfaceName } from './abi/vss-abi.js';
import { guidToStruct, structToGuid, normalizeGuid } from './guid.js';

test('struct layouts match the ABI table (sizes, alignment, every field offset)', () => {
  assert.deepEqual(layoutMismatches(), []);
});

test('every bound COM method has a slot in the ABI table, and slots are unique per interface', () => {
  for (const [iface, methods] of Object.entries(SIGNATURES)) {
    for (const method of Object.keys(methods)) assert.equal(typeof slotOf(iface as InterfaceName, method), 'number', `${iface}::${method}`);
  }
  for (const [iface, slots] of Object.entries(VSS_ABI.interfaces)) {
    const values = Object.values(slots as Record<string, number>);
    assert.equal(new Set(values).size, values.length, `${iface} has duplicate slots`);
    const base = iface === 'IUnknown' ? 0 : 3;
    assert.deepEqual([...values].sort((a, b) => a - b), values.map((_, i) => base + i), `${iface} slots are contiguous`);
  }
});

test('prototypes never use platform-dependent widths', () => {
  for (const methods of Object.values(SIGNATURES)) {
    for (const sig of Object.values(methods) as string[]) {
      assert.doesNotMatch(sig, /\b(long|wchar_t|int|unsigned|bool)\b(?!_)/, sig);
    }
  }
});

test('GUIDs round-trip through the marshalled struct in the documented byte order', () => {
  const g = guidToStruct('{B5946137-7B9F-4925-AF80-51ABD60B20D5}');
  assert.equal(g.Data1, 0xb5946137);
  assert.equal(g.Data2, 0x7b9f);
  assert.equal(g.Data3, 0x4925);
  assert.deepEqual(Array.from(g.Data4), [0xaf, 0x80, 0x51, 0xab, 0xd6, 0x0b, 0x20, 0xd5]);
  assert.equal(structToGuid(g), '{b5946137-7b9f-4925-af80-51abd60b20d5}');
  assert.equal(normalizeGuid('B5946137-7B9F-4925-AF80-51ABD60B20D5'), '{b5946137-7b9f-4925-af80-51abd60b20d5}');
  assert.throws(() => guidToStruct('not-a-guid'));
});
