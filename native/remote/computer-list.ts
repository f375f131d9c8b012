import fs from 'node:fs';
import path from 'node:path';
import type { ComputerCheck, ComputerEntry, ComputerList } from './computer-types.js';

/** The computers list's file in the data folder: the person's own list, like their audit log. */
export function computersFile(dataDir: string): string {
  return path.join(dataDir, 'computers.json');
}

function isEntry(value: unknown): value is ComputerEntry {
  const v = value as ComputerEntry;
  return !!v && typeof v === 'object' && typeof v.target === 'string' && typeof v.addedAt === 'string';
}

/** The list as kept; an absent or unreadable file is an empty list (it is only a convenience). */
export function readComputers(dataDir: string): ComputerList {
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(computersFile(dataDir), 'utf8'));
  } catch {
    return { computers: [] };
  }
  const list = (parsed as ComputerList | null)?.computers;
  return { computers: Array.isArray(list) ? list.filter(isEntry) : [] };
}

/** Writes the list whole, atomically (a temporary file renamed over it), so a crash never leaves half a list. */
function writeComputers(dataDir: string, list: ComputerList): void {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = computersFile(dataDir);
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, `${JSON.stringify(list, null, 2)}\n`, { mode: 0o600 });
  fs.renameSync(tmp, file);
}

/** Adds a computer at the end, or renames one already there (its place and history stay). */
export function addComputer(dataDir: string, target: string, label?: string, now = new Date()): ComputerEntry {
  const list = readComputers(dataDir);
  const existing = list.computers.find((c) => c.target === target);
  if (existing) {
    if (label !== undefined) existing.label = label;
    writeComputers(dataDir, list);
    return existing;
  }
  const entry: ComputerEntry = { target, ...(label ? { label } : {}), addedAt: now.toISOString() };
  list.computers.push(entry);
  writeComputers(dataDir, list);
  return entry;
}

/** Removes a computer from the list; false when it was not there. */
export function removeComputer(dataDir: string, target: string): boolean {
  const list = readComputers(dataDir);
  const kept = list.computers.filter((c) => c.target !== target);
  if (kept.length === list.computers.length) return false;
  writeComputers(dataDir, { computers: kept });
  return true;
}

/** Keeps what the last check found on the computer's entry, when it is in the list. */
export function recordCheck(dataDir: string, check: ComputerCheck): void {
  const list = readComputers(dataDir);
  const entry = list.computers.find((c) => c.target === check.target);
  if (!entry) return;
  entry.lastCheck = check;
  writeComputers(dataDir, list);
}
