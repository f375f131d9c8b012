import table from './vss-abi.json' with { type: 'json' };

/**
 * The ABI table shared by the TypeScript bindings and the stand-in's ABI check. Reading slots from
 * one JSON file (rather than literals scattered through the bindings) is what lets the Windows build
 * assert every slot we call against Microsoft's own headers.
 */
export const VSS_ABI = table;

/** Interfaces whose vtable slots the bindings use. */
export type InterfaceName = keyof typeof table.interfaces;

/** Structs whose layout the bindings rely on. */
export type StructName = keyof typeof table.structs;

/** Slot of `method` in `iface`'s vtable; throws on a name the table does not know, so typos fail loudly. */
export function slotOf(iface: InterfaceName, method: string): number {
  const slots = table.interfaces[iface] as Record<string, number>;
  const slot = slots[method];
  if (slot === undefined) throw new Error(`ABI table has no slot for ${iface}::${method}`);
  return slot;
}
