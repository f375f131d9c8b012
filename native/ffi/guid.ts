/** A GUID as koffi marshals the Windows `GUID` struct. */
export interface GuidStruct {
  Data1: number;
  Data2: number;
  Data3: number;
  Data4: number[] | Uint8Array;
}

const GUID_RE = /^\{?([0-9a-f]{8})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{12})\}?$/i;

/** The all-zero GUID VSS uses for "default provider" and "no object". */
export const GUID_NULL_STRING = '{00000000-0000-0000-0000-000000000000}';

/** True when `text` is a GUID with or without braces; user input takes either form. */
export function isGuid(text: string): boolean {
  return GUID_RE.test(text.trim());
}

/**
 * Canonical form used everywhere ShadowDesk shows or compares ids: lowercase, in braces, as
 * vssadmin prints them, so ids copied from vssadmin output match ours.
 */
export function normalizeGuid(text: string): string {
  const m = GUID_RE.exec(text.trim());
  if (!m) throw new Error(`Not a GUID: ${text}`);
  return `{${m[1]}-${m[2]}-${m[3]}-${m[4]}-${m[5]}}`.toLowerCase();
}

/** Parses a GUID string into the struct koffi passes by value or by pointer. */
export function guidToStruct(text: string): GuidStruct {
  const m = GUID_RE.exec(text.trim());
  if (!m) throw new Error(`Not a GUID: ${text}`);
  const tail = `${m[4]}${m[5]}`;
  const data4: number[] = [];
  for (let i = 0; i < 8; i++) data4.push(parseInt(tail.slice(i * 2, i * 2 + 2), 16));
  return { Data1: parseInt(m[1]!, 16), Data2: parseInt(m[2]!, 16), Data3: parseInt(m[3]!, 16), Data4: data4 };
}

function hex(n: number, width: number): string {
  return (n >>> 0).toString(16).padStart(width, '0');
}

/** Formats a marshalled GUID in ShadowDesk's canonical form. */
export function structToGuid(g: GuidStruct): string {
  const d4 = Array.from(g.Data4, (b) => hex(b, 2)).join('');
  return `{${hex(g.Data1, 8)}-${hex(g.Data2, 4)}-${hex(g.Data3, 4)}-${d4.slice(0, 4)}-${d4.slice(4)}}`;
}

/** True for the all-zero GUID. */
export function isNullGuid(g: GuidStruct): boolean {
  return g.Data1 === 0 && g.Data2 === 0 && g.Data3 === 0 && Array.from(g.Data4).every((b) => b === 0);
}
