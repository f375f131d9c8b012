import { assertStorageMinimum, formatBytes, parseStorageMax } from '../vss/size-spec.js';
import { isGuid, normalizeGuid } from '../ffi/guid.js';
import type { CreateWarning, DeleteTarget, ShadowCopy } from '../vss/types.js';
import type { Lang } from '../contract/errors.js';
import type { ImageSummary } from '../image/image-types.js';
import { resolveVolume } from '../vss/resolve-volume.js';
import { renderTable } from './table.js';
import { confirmOrRefuse, localDate, usage, type CliContext } from './cli-context.js';

/** Why an image lists no writers, providers or storage: it is a disk, not a running Windows. */
function noRunningWindows(lang: Lang, what: 'writers' | 'providers' | 'storage'): string {
  const en = { writers: 'writers', providers: 'providers', storage: 'shadow storage settings' }[what];
  const it = { writers: 'writer', providers: 'provider', storage: 'impostazioni dell\'archiviazione shadow' }[what];
  return lang === 'it'
    ? `Un'immagine disco non ha un Windows in esecuzione, quindi nessun ${it} da elencare: le sue copie shadow si leggono con "shadows".`
    : `A disk image has no running Windows, so there are no ${en} to list: its shadow copies are listed by "shadows".`;
}

function oneVolume(ctx: CliContext): string {
  if (ctx.flags.volume.length !== 1) throw usage('Give exactly one --volume.', 'Indicare esattamente un --volume.');
  return ctx.flags.volume[0]!;
}

/** `volumes` */
export async function volumesCommand(ctx: CliContext): Promise<number> {
  const vols = await ctx.api.listVolumes({});
  const image = ctx.image;
  ctx.print(vols, () =>
    image ? imageVolumesText(image, ctx.lang) : renderTable(
      ['Volume', 'Label', 'FS', 'Type', 'Capacity', 'Free', 'Shadow copies', 'GUID path'],
      vols.map((v) => [
        v.mountPoints.length > 1 ? v.mountPoints.join(', ') : v.name,
        v.label,
        v.mediaPresent ? v.fileSystem : ctx.lang === 'it' ? '(nessun disco)' : '(no media)',
        v.driveType,
        v.capacityBytes === null ? '-' : formatBytes(v.capacityBytes),
        v.freeBytes === null ? '-' : formatBytes(v.freeBytes),
        v.shadowCopySupported === null
          ? ctx.lang === 'it' ? 'sconosciuto senza diritti di amministratore' : 'unknown without administrator rights'
          : v.shadowCopySupported ? 'supported' : 'not supported',
        v.guidPath,
      ]),
    ),
  );
  return 0;
}

/** An image's partitions as people check them against a partition tool: number, offset, size, copies. */
function imageVolumesText(image: ImageSummary, lang: Lang): string {
  const it = lang === 'it';
  const table = (image.partitioning === 'none' ? (it ? 'nessuna tabella delle partizioni' : 'no partition table') : image.partitioning.toUpperCase());
  const head = `${image.path}  (${image.format}, ${formatBytes(image.sizeBytes)}, ${table}; ${it ? 'sola lettura' : 'read-only'})`;
  const rows = image.volumes.map((v) => [
    v.letter ?? '-',
    String(v.partition),
    v.label,
    v.fileSystem || '?',
    v.partitionType,
    String(v.offsetBytes),
    formatBytes(v.sizeBytes),
    v.letter ? String(v.stores.length) : '-',
    v.problem ? v.problem[lang] : v.stores.filter((s) => s.problem).map((s) => `${s.id}: ${s.problem![lang]}`).join(' '),
  ]);
  return `${head}\n${renderTable(['Volume', 'Partition', 'Label', 'FS', 'Type', 'Offset', 'Size', 'Shadow copies', 'Note'], rows)}`;
}

/** `shadows [--volume C:]` */
export async function shadowsCommand(ctx: CliContext): Promise<number> {
  const filter = ctx.flags.volume[0] ? { volume: ctx.flags.volume[0] } : {};
  const sets = await ctx.api.listShadowSets(filter);
  const shadows = sets.flatMap((s) => s.shadows);
  ctx.print(shadows, () => {
    if (shadows.length === 0) return ctx.lang === 'it' ? 'Nessuna copia shadow.' : 'No shadow copies.';
    return sets
      .map((set) =>
        [
          `Set ${set.setId}  created ${localDate(set.createdAt)}  (${set.shadows.length} shadow ${set.shadows.length === 1 ? 'copy' : 'copies'})`,
          ...set.shadows.map((s) =>
            [
              `  ${s.id}  ${s.volume}  ${s.context}`,
              `    device: ${s.deviceObject}`,
              `    attributes: ${s.attributes.join(', ')}`,
              `    machine: ${s.originatingMachine || "-"}   provider: ${s.providerId || "-"}`,
            ].join('\n'),
          ),
        ].join('\n'),
      )
      .join('\n\n');
  });
  return 0;
}

/** `writers [--detail]` */
export async function writersCommand(ctx: CliContext): Promise<number> {
  if (ctx.flags.detail) {
    const details = await ctx.api.writerDetails({});
    ctx.print(details, () =>
      details
        .map((w) =>
          [
            `${w.name}  ${w.writerId}  usage ${w.usage}, source ${w.source}`,
            ...w.components.map(
              (c) => `  ${c.logicalPath ? `${c.logicalPath}\\` : ''}${c.name}: ${c.files.map((f) => `${f.path}\\${f.filespec}${f.recursive ? ' (recursive)' : ''}`).join('; ')}`,
            ),
          ].join('\n'),
        )
        .join('\n'),
    );
    return 0;
  }
  const writers = await ctx.api.listWriters({});
  ctx.print(writers, () =>
    ctx.image ? noRunningWindows(ctx.lang, 'writers') : renderTable(['Writer', 'State', 'Last error', 'Writer id'], writers.map((w) => [w.name, `[${w.stateCode}] ${w.state}`, w.lastError ?? 'No error', w.writerId])),
  );
  return 0;
}

/** `providers` */
export async function providersCommand(ctx: CliContext): Promise<number> {
  const providers = await ctx.api.listProviders({});
  ctx.print(providers, () => ctx.image ? noRunningWindows(ctx.lang, 'providers') : renderTable(['Provider', 'Type', 'Version', 'Id'], providers.map((p) => [p.name, p.type, p.version, p.id])));
  return 0;
}

/** `storage`, `storage resize`, `storage add` */
export async function storageCommand(ctx: CliContext): Promise<number> {
  const sub = ctx.args[0];
  if (!sub) {
    const areas = await ctx.api.listStorage({});
    ctx.print(areas, () =>
      ctx.image ? noRunningWindows(ctx.lang, 'storage') : renderTable(
        ['Volume', 'Storage on', 'Used', 'Allocated', 'Maximum'],
        areas.map((a) => [a.volume, a.storageVolume, formatBytes(a.usedBytes), formatBytes(a.allocatedBytes), a.maxBytes === null ? 'unbounded' : formatBytes(a.maxBytes)]),
      ),
    );
    return 0;
  }
  if (sub !== 'resize' && sub !== 'add') throw usage(`Unknown storage command "${sub}".`, `Comando storage sconosciuto "${sub}".`);
  if (!ctx.flags.max) throw usage('Give --max (for example 2GB, 10% or unbounded).', 'Indicare --max (ad esempio 2GB, 10% o unbounded).');
  const max = parseStorageMax(ctx.flags.max);
  const volume = oneVolume(ctx);
  if (sub === 'add' && !ctx.flags.on) throw usage('Give --on, the volume that holds the storage.', "Indicare --on, il volume che ospita l'archiviazione.");
  const [areas, vols, { minBytes }] = await Promise.all([ctx.api.listStorage({}), ctx.api.listVolumes({}), ctx.api.storageMinimum({})]);
  const vol = resolveVolume(volume, vols);
  const area = sub === 'resize' ? areas.find((a) => a.volumeGuidPath === vol.guidPath) : undefined;
  const storageName = ctx.flags.on ?? area?.storageVolumeGuidPath;
  const on = storageName ? resolveVolume(storageName, vols) : vol;
  // A percentage is of the storage volume, as vssadmin's /MaxSize=N% is.
  const capacity = on.capacityBytes;
  if (max.kind === 'percent' && capacity === null) {
    throw usage(`Windows cannot read the size of ${on.name} (no media?), so ${max.percent}% of it cannot be worked out; give a size such as 2GB.`,
      `Windows non riesce a leggere la dimensione di ${on.name} (nessun supporto?), quindi il ${max.percent}% non si può calcolare; indicare una dimensione come 2GB.`);
  }
  const bytes = max.kind === 'unbounded' ? null : max.kind === 'bytes' ? max.bytes : Math.floor((capacity! * max.percent) / 100);
  // Windows refuses a maximum below its minimum (VSS_E_INSUFFICIENT_STORAGE): say so before asking.
  assertStorageMinimum(bytes, minBytes);
  if (sub === 'add') {
    const added = await ctx.api.addStorage({ volume, storageVolume: ctx.flags.on!, max });
    ctx.print(added, () => `Shadow storage added for ${added.volume} on ${added.storageVolume}.`);
    return 0;
  }
  if (area && bytes !== null && bytes < area.usedBytes) {
    const ok = await confirmOrRefuse(ctx, {
      en: `The new maximum (${formatBytes(bytes)}) is below what ${area.volume} uses now (${formatBytes(area.usedBytes)}): Windows deletes its oldest shadow copies until the rest fit, not necessarily at once.`,
      it: `Il nuovo massimo (${formatBytes(bytes)}) è inferiore allo spazio usato ora da ${area.volume} (${formatBytes(area.usedBytes)}): Windows elimina le copie shadow più vecchie finché le altre non rientrano, non necessariamente subito.`,
    });
    if (!ok) return 1;
  }
  const r = await ctx.api.resizeStorage({ volume, max, ...(ctx.flags.on ? { storageVolume: ctx.flags.on } : {}) });
  ctx.print(r, () =>
    [
      `Shadow storage for ${r.area.volume} on ${r.area.storageVolume}: maximum ${r.area.maxBytes === null ? 'unbounded' : formatBytes(r.area.maxBytes)}, used ${formatBytes(r.area.usedBytes)}.`,
      ...(r.deletedIds.length
        ? [
            ctx.lang === 'it'
              ? `Eliminate da Windows finora (può eliminarne altre mentre applica il nuovo massimo): ${r.deletedIds.join(', ')}`
              : `Deleted by Windows so far (it may delete more as it applies the new maximum): ${r.deletedIds.join(', ')}`,
          ]
        : []),
    ].join('\n'),
  );
  return 0;
}

/** `create --volume C: [--volume D:] [--with-writers]` */
export async function createCommand(ctx: CliContext): Promise<number> {
  if (ctx.flags.volume.length === 0) throw usage('Give at least one --volume.', 'Indicare almeno un --volume.');
  const r = await ctx.api.createShadows({ volumes: ctx.flags.volume, withWriters: ctx.flags.withWriters });
  ctx.print(r, () =>
    [
      `Created shadow copy set ${r.setId}${r.withWriters ? ' (with writers)' : ''}:`,
      ...r.shadows.map((s) => `  ${s.id}  ${s.volume}  ${s.deviceObject}`),
      ...(r.deletedToMakeRoom.length
        ? [
            ctx.lang === 'it'
              ? `Eliminate da Windows per fare spazio, finora (elimina le copie più vecchie quando lo spazio si riempie): ${r.deletedToMakeRoom.join(', ')}`
              : `Deleted by Windows to make room, so far (it deletes the oldest copies as the storage fills): ${r.deletedToMakeRoom.join(', ')}`,
          ]
        : []),
      ...r.warnings.map((w) => createWarningLine(w, ctx.lang)),
    ].join('\n'),
  );
  return 0;
}

/**
 * One line per writer that failed without failing the create: what it reported and why the copy
 * still stands (it has no data on these volumes, or it never took part because it failed at identify).
 */
export function createWarningLine(w: CreateWarning, lang: Lang): string {
  const what = `${w.state}${w.lastError ? `, ${w.lastError}` : ''}`;
  if (lang === 'it') {
    return w.reason === 'failed-at-identify'
      ? `Attenzione: ${w.name} non ha risposto quando gli è stato chiesto di descriversi (${what}), quindi non ha partecipato: i suoi dati in questa copia non sono stati preparati da lui, come dopo un'interruzione di corrente.`
      : `Attenzione: ${w.name} ha segnalato un errore (${what}). Non tiene dati su questi volumi, quindi la copia è valida; il writer va comunque controllato.`;
  }
  return w.reason === 'failed-at-identify'
    ? `Warning: ${w.name} did not answer when asked to describe itself (${what}), so it took no part: its data in this copy was not prepared by it, as after a power cut.`
    : `Warning: ${w.name} reported a failure (${what}). It keeps no data on these volumes, so the copy stands; the writer itself needs a look.`;
}

function deleteTarget(ctx: CliContext): DeleteTarget {
  const f = ctx.flags;
  const chosen = [f.shadow !== undefined, f.set !== undefined, f.oldest, f.all].filter(Boolean).length;
  if (chosen !== 1) {
    throw usage('Say what to delete: --shadow ID, --set ID, --oldest --volume C: or --all --volume C:.', 'Indicare cosa eliminare: --shadow ID, --set ID, --oldest --volume C: oppure --all --volume C:.');
  }
  if (f.shadow !== undefined) return { kind: 'shadow', id: f.shadow };
  if (f.set !== undefined) return { kind: 'set', id: f.set };
  const volume = f.volume[0];
  if (!volume) throw usage('Give --volume with --oldest or --all.', 'Indicare --volume insieme a --oldest o --all.');
  return { kind: f.oldest ? 'oldest' : 'all', volume };
}

function victimsOf(target: DeleteTarget, shadows: ShadowCopy[]): ShadowCopy[] {
  if (target.kind === 'oldest') return shadows.slice(0, 1);
  if (target.kind === 'all') return shadows;
  const id = isGuid(target.id) ? normalizeGuid(target.id) : '';
  return shadows.filter((s) => (target.kind === 'shadow' ? s.id : s.setId) === id);
}

/** `delete …`: names every copy it will remove and asks first. */
export async function deleteCommand(ctx: CliContext): Promise<number> {
  const target = deleteTarget(ctx);
  const shadows = await ctx.api.listShadows(target.kind === 'oldest' || target.kind === 'all' ? { volume: target.volume } : {});
  const victims = victimsOf(target, shadows);
  const list = victims.map((s) => `  ${s.volume} ${localDate(s.createdAt)}  ${s.id}`).join('\n');
  const ok = await confirmOrRefuse(ctx, {
    en: victims.length ? `This deletes ${victims.length} shadow ${victims.length === 1 ? 'copy' : 'copies'} (this cannot be undone):\n${list}` : 'No matching shadow copy.',
    it: victims.length ? `Verranno eliminate ${victims.length} copie shadow (non è possibile annullare):\n${list}` : 'Nessuna copia shadow corrispondente.',
  });
  if (!ok) return 1;
  const r = await ctx.api.deleteShadows(target);
  ctx.print(r, () => `Deleted ${r.deletedCount} shadow ${r.deletedCount === 1 ? 'copy' : 'copies'}.${r.deletedIds.length ? `\n  ${r.deletedIds.join('\n  ')}` : ''}`);
  return 0;
}
