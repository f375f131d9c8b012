import { parseArgs } from 'node:util';
import { createInterface } from 'node:readline/promises';
import { VssClient } from '../vss/vss-client.js';
import { AppError } from '../vss/app-error.js';
import { formatBytes, parseStorageMax } from '../vss/size-spec.js';
import { VssError, hresultHex, type ErrorData, type Lang } from '../ffi/hresult.js';
import { isGuid, normalizeGuid } from '../ffi/guid.js';
import type { DeleteTarget } from '../vss/types.js';
import { renderTable } from './table.js';
import { pickLang } from './lang.js';

/** Where the CLI writes and how it asks; tests pass their own. */
export interface CliIo {
  out: (text: string) => void;
  err: (text: string) => void;
  /** Asks a yes/no question; undefined when there is no terminal to ask on. */
  confirm?: (question: string) => Promise<boolean>;
}

const USAGE = `Usage: shadowdesk <command> [options]

Commands:
  volumes                                   Volumes, capacity, free space, shadow-copy support
  shadows [--volume C:]                     Shadow copies (every context), grouped by set
  writers [--detail]                        VSS writers with state and last error (--detail: components and files)
  providers                                 Registered shadow copy providers
  storage                                   Shadow storage: used, allocated, maximum
  storage resize --volume C: --max 2GB|10%|unbounded [--on D:]
  storage add --volume C: --on D: --max 2GB|10%|unbounded
  create --volume C: [--volume D:] [--with-writers]
  delete --shadow ID | --set ID | --oldest --volume C: | --all --volume C:  [--yes]

Options:
  --json        Print JSON (camelCase fields) instead of tables
  --lang en|it  Language of messages (default: the system language)
  --yes         Do not ask before deleting (required when there is no terminal)
`;

function localDate(iso: string): string {
  return new Date(iso).toLocaleString();
}

/** Turns any failure into the error data every boundary uses. */
export function toErrorData(err: unknown, lang: Lang): ErrorData {
  if (err instanceof VssError || err instanceof AppError) return err.toData(lang);
  return { code: 'INTERNAL', message: err instanceof Error ? err.message : String(err) };
}

function formatError(e: ErrorData): string {
  const head = e.hresult !== undefined ? `${e.hresultName} (${hresultHex(e.hresult)}): ${e.message}` : e.message;
  return [head, e.next, e.detail].filter(Boolean).join('\n  ');
}

/** Runs one CLI invocation; returns the process exit code. */
export async function runCli(argv: string[], io: CliIo, client: VssClient = new VssClient()): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        json: { type: 'boolean', default: false },
        lang: { type: 'string' },
        volume: { type: 'string', multiple: true },
        'with-writers': { type: 'boolean', default: false },
        shadow: { type: 'string' },
        set: { type: 'string' },
        oldest: { type: 'boolean', default: false },
        all: { type: 'boolean', default: false },
        max: { type: 'string' },
        on: { type: 'string' },
        detail: { type: 'boolean', default: false },
        yes: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (err) {
    io.err(`${(err as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const { values: o, positionals } = parsed;
  const lang = pickLang(o.lang);
  const [command, sub] = positionals;
  if (o.help || !command) {
    io.out(USAGE);
    return command || o.help ? 0 : 2;
  }
  const print = (json: unknown, text: () => string) => io.out(o.json ? JSON.stringify(json, null, 2) : text());
  const oneVolume = (): string => {
    const v = o.volume ?? [];
    if (v.length !== 1) throw new AppError('USAGE', { en: 'Give exactly one --volume.', it: 'Indicare esattamente un --volume.' });
    return v[0]!;
  };
  try {
    switch (command) {
      case 'volumes': {
        const vols = client.listVolumes();
        print(vols, () =>
          renderTable(
            ['Volume', 'Label', 'FS', 'Type', 'Capacity', 'Free', 'Shadow copies', 'GUID path'],
            vols.map((v) => [v.name, v.label, v.fileSystem, v.driveType, formatBytes(v.capacityBytes), formatBytes(v.freeBytes), v.shadowCopySupported ? 'supported' : 'not supported', v.guidPath]),
          ),
        );
        return 0;
      }
      case 'shadows': {
        const filter = o.volume?.[0] ? { volume: o.volume[0] } : {};
        const shadows = client.listShadows(filter);
        print(shadows, () => {
          if (shadows.length === 0) return 'No shadow copies.';
          return client
            .listShadowSets(filter)
            .map((set) =>
              [
                `Set ${set.setId}  created ${localDate(set.createdAt)}  (${set.shadows.length} shadow ${set.shadows.length === 1 ? 'copy' : 'copies'})`,
                ...set.shadows.map((s) =>
                  [
                    `  ${s.id}  ${s.volume}  ${s.context}`,
                    `    device: ${s.deviceObject}`,
                    `    attributes: ${s.attributes.join(', ')}`,
                    `    machine: ${s.originatingMachine}   provider: ${s.providerId}`,
                  ].join('\n'),
                ),
              ].join('\n'),
            )
            .join('\n\n');
        });
        return 0;
      }
      case 'writers': {
        if (o.detail) {
          const details = client.writerDetails();
          print(details, () =>
            details
              .map((w) =>
                [
                  `${w.name}  ${w.writerId}  usage ${w.usage}, source ${w.source}`,
                  ...w.components.map((c) => `  ${c.logicalPath ? `${c.logicalPath}\\` : ''}${c.name}: ${c.files.map((f) => `${f.path}\\${f.filespec}${f.recursive ? ' (recursive)' : ''}`).join('; ')}`),
                ].join('\n'),
              )
              .join('\n'),
          );
          return 0;
        }
        const writers = client.listWriters();
        print(writers, () =>
          renderTable(
            ['Writer', 'State', 'Last error', 'Writer id'],
            writers.map((w) => [w.name, `[${w.stateCode}] ${w.state}`, w.lastError ?? 'No error', w.writerId]),
          ),
        );
        return 0;
      }
      case 'providers': {
        const providers = client.listProviders();
        print(providers, () => renderTable(['Provider', 'Type', 'Version', 'Id'], providers.map((p) => [p.name, p.type, p.version, p.id])));
        return 0;
      }
      case 'storage': {
        if (!sub) {
          const areas = client.listStorage();
          print(areas, () =>
            renderTable(
              ['Volume', 'Storage on', 'Used', 'Allocated', 'Maximum'],
              areas.map((a) => [a.volume, a.storageVolume, formatBytes(a.usedBytes), formatBytes(a.allocatedBytes), a.maxBytes === null ? 'unbounded' : formatBytes(a.maxBytes)]),
            ),
          );
          return 0;
        }
        if (!o.max) throw new AppError('USAGE', { en: 'Give --max (for example 2GB, 10% or unbounded).', it: 'Indicare --max (ad esempio 2GB, 10% o unbounded).' });
        const max = parseStorageMax(o.max);
        if (sub === 'resize') {
          const volume = oneVolume();
          if (!(await confirmShrink(client, volume, max, o.yes, io, lang))) return 1;
          const r = client.resizeStorage(volume, max, o.on);
          print(r, () =>
            [
              `Shadow storage for ${r.area.volume} on ${r.area.storageVolume}: maximum ${r.area.maxBytes === null ? 'unbounded' : formatBytes(r.area.maxBytes)}, used ${formatBytes(r.area.usedBytes)}.`,
              ...(r.deletedIds.length ? [`Deleted to fit: ${r.deletedIds.join(', ')}`] : []),
            ].join('\n'),
          );
          return 0;
        }
        if (sub === 'add') {
          if (!o.on) throw new AppError('USAGE', { en: 'Give --on, the volume that holds the storage.', it: "Indicare --on, il volume che ospita l'archiviazione." });
          const area = client.addStorage(oneVolume(), o.on, max);
          print(area, () => `Shadow storage added for ${area.volume} on ${area.storageVolume}.`);
          return 0;
        }
        throw new AppError('USAGE', { en: `Unknown storage command "${sub}".`, it: `Comando storage sconosciuto "${sub}".` });
      }
      case 'create': {
        const r = client.createShadows({ volumes: o.volume ?? [], withWriters: o['with-writers'] });
        print(r, () =>
          [
            `Created shadow copy set ${r.setId}${r.withWriters ? ' (with writers)' : ''}:`,
            ...r.shadows.map((s) => `  ${s.id}  ${s.volume}  ${s.deviceObject}`),
            ...(r.deletedToMakeRoom.length ? [`To make room, VSS deleted: ${r.deletedToMakeRoom.join(', ')}`] : []),
          ].join('\n'),
        );
        return 0;
      }
      case 'delete': {
        const target = deleteTarget(o);
        const victims = describeVictims(client, target);
        if (!o.yes) {
          const question = `${victims}\nDelete? This cannot be undone. [y/N] `;
          if (!io.confirm) throw new AppError('CONFIRMATION_REQUIRED', { en: `${victims}\nAdd --yes to confirm.`, it: `${victims}\nAggiungere --yes per confermare.` });
          if (!(await io.confirm(question))) {
            io.err('Nothing deleted.');
            return 1;
          }
        }
        const r = client.deleteShadows(target);
        print(r, () => `Deleted ${r.deletedCount} shadow ${r.deletedCount === 1 ? 'copy' : 'copies'}.${r.deletedIds.length ? `\n  ${r.deletedIds.join('\n  ')}` : ''}`);
        return 0;
      }
      default:
        io.err(`Unknown command "${command}".\n\n${USAGE}`);
        return 2;
    }
  } catch (err) {
    const data = toErrorData(err, lang);
    io.err(o.json ? JSON.stringify({ error: data }, null, 2) : formatError(data));
    return data.code === 'USAGE' ? 2 : 1;
  }
}

function deleteTarget(o: { shadow?: string; set?: string; oldest?: boolean; all?: boolean; volume?: string[] }): DeleteTarget {
  const chosen = [o.shadow !== undefined, o.set !== undefined, o.oldest, o.all].filter(Boolean).length;
  if (chosen !== 1) {
    throw new AppError('USAGE', {
      en: 'Say what to delete: --shadow ID, --set ID, --oldest --volume C: or --all --volume C:.',
      it: 'Indicare cosa eliminare: --shadow ID, --set ID, --oldest --volume C: oppure --all --volume C:.',
    });
  }
  if (o.shadow !== undefined) return { kind: 'shadow', id: o.shadow };
  if (o.set !== undefined) return { kind: 'set', id: o.set };
  const volume = o.volume?.[0];
  if (!volume) throw new AppError('USAGE', { en: 'Give --volume with --oldest or --all.', it: 'Indicare --volume insieme a --oldest o --all.' });
  return { kind: o.oldest ? 'oldest' : 'all', volume };
}

/** Says exactly what a delete will remove, so the confirmation names the casualties. */
function describeVictims(client: VssClient, target: DeleteTarget): string {
  const shadows = client.listShadows(target.kind === 'oldest' || target.kind === 'all' ? { volume: target.volume } : {});
  const id = (target.kind === 'shadow' || target.kind === 'set') && isGuid(target.id) ? normalizeGuid(target.id) : '';
  const hit =
    target.kind === 'shadow'
      ? shadows.filter((s) => s.id === id)
      : target.kind === 'set'
        ? shadows.filter((s) => s.setId === id)
        : target.kind === 'oldest'
          ? shadows.slice(0, 1)
          : shadows;
  if (hit.length === 0) return 'No matching shadow copy.';
  return [`This deletes ${hit.length} shadow ${hit.length === 1 ? 'copy' : 'copies'}:`, ...hit.map((s) => `  ${s.volume} ${localDate(s.createdAt)}  ${s.id}`)].join('\n');
}

async function confirmShrink(client: VssClient, volume: string, max: ReturnType<typeof parseStorageMax>, yes: boolean, io: CliIo, lang: Lang): Promise<boolean> {
  if (yes || max.kind === 'unbounded') return true;
  const vol = client.resolveVolume(volume);
  const area = client.listStorage().find((a) => a.volumeGuidPath === vol.guidPath);
  if (!area) return true;
  const on = client.resolveVolume(area.storageVolumeGuidPath);
  const bytes = max.kind === 'bytes' ? max.bytes : Math.floor((on.capacityBytes * max.percent) / 100);
  if (bytes >= area.usedBytes) return true;
  const text = {
    en: `The new maximum (${formatBytes(bytes)}) is below what ${vol.name} uses now (${formatBytes(area.usedBytes)}): Windows will delete its oldest shadow copies until the rest fit.`,
    it: `Il nuovo massimo (${formatBytes(bytes)}) è inferiore allo spazio usato ora da ${vol.name} (${formatBytes(area.usedBytes)}): Windows eliminerà le copie shadow più vecchie finché le altre non rientrano.`,
  };
  if (!io.confirm) throw new AppError('CONFIRMATION_REQUIRED', { en: `${text.en} Add --yes to confirm.`, it: `${text.it} Aggiungere --yes per confermare.` });
  return io.confirm(`${text[lang]} [y/N] `);
}

/** Terminal confirmation, available only when both ends are a TTY. */
export function terminalConfirm(): CliIo['confirm'] {
  if (!process.stdin.isTTY || !process.stdout.isTTY) return undefined;
  return async (question: string) => {
    const rl = createInterface({ input: process.stdin, output: process.stdout });
    try {
      return /^y(es)?$|^s(i|ì)?$/i.test((await rl.question(question)).trim());
    } finally {
      rl.close();
    }
  };
}
