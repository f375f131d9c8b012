import { AppError } from './app-error.js';
import type { Volume } from './types.js';

/**
 * Finds the volume a person means (`C`, `C:`, `c:\`, `C:/`, a mount folder or `\\?\Volume{…}\`),
 * so every command and every front end accepts the forms people use. Pure, so front ends can use it
 * on a volume list without loading the FFI.
 */
export function resolveVolume(name: string, volumes: Volume[]): Volume {
  const t = name.trim().replace(/\//g, '\\');
  let key = t;
  if (/^[a-z]$/i.test(t)) key = `${t}:\\`;
  else if (/^[a-z]:$/i.test(t)) key = `${t}\\`;
  else if (!t.endsWith('\\')) key = `${t}\\`;
  const k = key.toLowerCase();
  const hit = volumes.find((v) => v.guidPath.toLowerCase() === k || v.mountPoints.some((m) => m.toLowerCase() === k));
  if (!hit) {
    throw new AppError('VOLUME_NOT_FOUND', { en: `There is no volume "${name}" on this machine.`, it: `Su questo computer non esiste il volume "${name}".` });
  }
  return hit;
}
