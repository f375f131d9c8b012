/** FILE_ATTRIBUTE_* bits by the names ShadowDesk shows. */
export const FILE_ATTRIBUTE_NAMES: readonly (readonly [string, number])[] = [
  ['readonly', 0x1],
  ['hidden', 0x2],
  ['system', 0x4],
  ['archive', 0x20],
  ['temporary', 0x100],
  ['sparse', 0x200],
  ['reparse-point', 0x400],
  ['compressed', 0x800],
  ['offline', 0x1000],
  ['not-content-indexed', 0x2000],
  ['encrypted', 0x4000],
];

/** The attributes a restore carries over from the copy (the others describe storage, not the file). */
export const RESTORED_ATTRIBUTES = 0x1 | 0x2 | 0x4 | 0x20 | 0x2000;

/** Names of the bits set in `attributes`, as browse lists them. */
export function attributeNamesOf(attributes: number): string[] {
  return FILE_ATTRIBUTE_NAMES.filter(([, bit]) => (attributes & bit) !== 0).map(([name]) => name);
}
