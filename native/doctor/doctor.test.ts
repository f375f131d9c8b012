import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diagnose, doctorVerdict, renderDoctorMarkdown, type DoctorInput, type DoctorReport, type Finding } from './doctor.js';
import type { AuditEntry } from '../audit/audit-log.js';
import type { ShadowCopy, StorageArea, Volume, Writer } from '../vss/types.js';

const GB = 1024 ** 3;
const NOW = new Date('2024-05-20T10:00:00.000Z');
const C_GUID = '\\\\?\\Volume{3f1c2a10-0000-0000-0000-100000000000}\\';
const D_GUID = '\\\\?\\Volume{7a2b9c44-0000-0000-0000-100000000000}\\';
const WMI_ID = '{a6ad56c2-b509-4e6c-bb19-49d8f43532f0}';
const REGISTRY_ID = '{afbab4a2-367d-4d15-a586-71dbb18f8485}';
const SYSTEM_ID = '{e8132975-6f93-4464-a53e-1050253ae220}';
const VENDOR_ID = '{0c1d2e3f-4a5b-6c7d-8e9f-a0b1c2d3e4f5}';

function volume(name: string, guidPath: string, capacityGb: number, freeGb: number, over: Partial<Volume> = {}): Volume {
  return {
    name, guidPath, mountPoints: [name], label: name === 'C:\\' ? 'Windows' : 'Data', fileSystem: 'NTFS',
    capacityBytes: capacityGb * GB, freeBytes: freeGb * GB, driveType: 'Fixed', mediaPresent: true, shadowCopySupported: true, ...over,
  };
}

let shadowSeq = 0;
function shadow(vol: Volume, createdAt: string, clientAccessible = true): ShadowCopy {
  shadowSeq++;
  const hex = shadowSeq.toString(16).padStart(12, '0');
  return {
    id: `{5e1f0000-0000-0000-0000-${hex}}`, setId: `{9a000000-0000-0000-0000-${hex}}`, setCount: 1,
    volume: vol.name, volumeGuidPath: vol.guidPath, deviceObject: `\\\\?\\GLOBALROOT\\Device\\HarddiskVolumeShadowCopy${shadowSeq}`,
    createdAt,
    attributes: clientAccessible ? ['PERSISTENT', 'CLIENT_ACCESSIBLE', 'NO_AUTO_RELEASE', 'DIFFERENTIAL', 'AUTORECOVER'] : ['PERSISTENT', 'NO_AUTO_RELEASE', 'DIFFERENTIAL'],
    attributesCode: clientAccessible ? 0x42000d : 0x20009,
    context: clientAccessible ? 'CLIENT_ACCESSIBLE_WRITERS' : 'APP_ROLLBACK', contextCode: clientAccessible ? 0x0d : 0x09,
    providerId: '{b5946137-7b9f-4925-af80-51abd60b20d5}', originatingMachine: 'PC-AMMINISTRAZIONE', serviceMachine: 'PC-AMMINISTRAZIONE',
    exposedName: null, exposedPath: null, state: 'CREATED',
  };
}

function storage(vol: Volume, usedGb: number, maxGb: number | null, on: Volume = vol): StorageArea {
  return {
    volume: vol.name, volumeGuidPath: vol.guidPath, storageVolume: on.name, storageVolumeGuidPath: on.guidPath,
    usedBytes: usedGb * GB, allocatedBytes: Math.ceil(usedGb) * GB, maxBytes: maxGb === null ? null : maxGb * GB,
  };
}

function writer(name: string, writerId: string, stateCode: number, state: string, lastError: string | null = null, lastErrorCode = 0): Writer {
  return { name, writerId, instanceId: `{11111111-2222-3333-4444-${writerId.slice(-13, -1)}}`, state, stateCode, lastError, lastErrorCode };
}

const stableWriters = (): Writer[] => [
  writer('System Writer', SYSTEM_ID, 1, 'STABLE'),
  writer('Registry Writer', REGISTRY_ID, 1, 'STABLE'),
  writer('WMI Writer', WMI_ID, 1, 'STABLE'),
];

function daysAgo(days: number): string {
  return new Date(NOW.getTime() - days * 86_400_000).toISOString();
}

/** A healthy machine: two protected volumes with recent copies, roomy bounded storage, stable writers. */
function healthy(): DoctorInput {
  const c = volume('C:\\', C_GUID, 476, 210);
  const d = volume('D:\\', D_GUID, 931, 512);
  return {
    volumes: [c, d],
    shadows: [shadow(c, daysAgo(6)), shadow(c, daysAgo(1)), shadow(d, daysAgo(2))],
    writers: stableWriters(),
    storage: [storage(c, 3.2, 47.6), storage(d, 10, 93)],
    audit: [{ at: daysAgo(1), action: 'create', target: 'C:\\', outcome: 'ok', detail: { deletedToMakeRoom: [] } }],
    now: NOW,
    machine: 'PC-AMMINISTRAZIONE',
  };
}

function ids(report: DoctorReport): string[] {
  return report.findings.map((f) => f.id);
}

function only(report: DoctorReport, prefix: string): Finding {
  const hits = report.findings.filter((f) => f.id.startsWith(prefix));
  assert.equal(hits.length, 1, `expected one ${prefix} finding, got ${JSON.stringify(ids(report))}`);
  return hits[0]!;
}

test('a healthy machine has no findings and a healthy verdict', () => {
  for (const lang of ['en', 'it'] as const) {
    const r = diagnose(healthy(), lang);
    assert.deepEqual(r.findings, [], JSON.stringify(r.findings, null, 2));
    assert.deepEqual(r.summary, { critical: 0, warning: 0, info: 0 });
    assert.deepEqual(r.writers, []);
    assert.equal(r.generatedAt, NOW.toISOString());
    assert.equal(r.machine, 'PC-AMMINISTRAZIONE');
    assert.deepEqual(r.volumes.map((v) => [v.name, v.copies, v.status]), [['C:\\', 2, 'ok'], ['D:\\', 1, 'ok']]);
    assert.equal(r.volumes[0]!.newestCopyAt, daysAgo(1));
    assert.equal(r.volumes[0]!.oldestCopyAt, daysAgo(6));
  }
  assert.match(doctorVerdict({ critical: 0, warning: 0, info: 0 }, 'en'), /^Healthy/);
  assert.match(doctorVerdict({ critical: 0, warning: 0, info: 0 }, 'it'), /^Tutto in ordine/);
});

test('a failed WMI Writer is critical and names Winmgmt, with the state and last error explained', () => {
  const input = healthy();
  input.writers[2] = writer('WMI Writer', WMI_ID, 9, 'FAILED_AT_FREEZE', 'VSS_E_WRITERERROR_TIMEOUT', 0x800423f2);
  const r = diagnose(input, 'en');
  const f = only(r, 'writer-failed:');
  assert.equal(f.id, 'writer-failed:a6ad56c2-b509-4e6c-bb19-49d8f43532f0');
  assert.equal(f.severity, 'critical');
  assert.equal(f.subject, 'WMI Writer');
  assert.match(f.title, /WMI Writer.*FAILED_AT_FREEZE/);
  assert.match(f.detail, /could not pause its application's writes/);
  assert.match(f.detail, /VSS_E_WRITERERROR_TIMEOUT \(0x800423F2\)/);
  assert.match(f.next, /Restart the Windows Management Instrumentation service \(Winmgmt\), then check/);
  assert.match(f.next, /create a new shadow copy/);
  assert.deepEqual(r.writers.map((w) => [w.name, w.service, w.severity]), [['WMI Writer', 'Winmgmt', 'critical']]);

  const it = only(diagnose(input, 'it'), 'writer-failed:');
  assert.match(it.next, /Riavviare il servizio «Strumentazione gestione Windows» \(Winmgmt\)/);
  assert.notEqual(it.detail, f.detail);
});

test('VSS-hosted, Task Scheduler and unknown writers get the right restart advice', () => {
  const input = healthy();
  input.writers = [
    writer('Registry Writer', REGISTRY_ID, 7, 'FAILED_AT_PREPARE_BACKUP', 'VSS_E_WRITERERROR_RETRYABLE', 0x800423f3),
    writer('Task Scheduler Writer', '{d61d61c8-d73a-4eee-8cdd-f6f9786b7124}', 6, 'FAILED_AT_IDENTIFY'),
    writer('Contoso Backup Agent Writer', VENDOR_ID, 8, 'FAILED_AT_PREPARE_SNAPSHOT', 'VSS_E_WRITERERROR_NONRETRYABLE', 0x800423f4),
  ];
  const r = diagnose(input, 'en');
  const byName = (n: string): Finding => r.findings.find((f) => f.subject === n)!;
  assert.match(byName('Registry Writer').next, /Restart the Volume Shadow Copy service \(VSS\)/);
  assert.match(byName('Task Scheduler Writer').next, /Restart the computer/);
  assert.match(byName('Contoso Backup Agent Writer').next, /Restart the application that owns the writer "Contoso Backup Agent Writer"/);
  assert.equal(r.summary.critical, 3);
  const it = diagnose(input, 'it');
  assert.match(it.findings.find((f) => f.subject === 'Registry Writer')!.next, /«Copia shadow del volume» \(VSS\)/);
  assert.match(it.findings.find((f) => f.subject === 'Contoso Backup Agent Writer')!.next, /Riavviare l'applicazione/);
});

test('writers waiting in a backup phase are warnings; a stable writer with a last error is a note', () => {
  const input = healthy();
  input.writers[0] = writer('System Writer', SYSTEM_ID, 5, 'WAITING_FOR_BACKUP_COMPLETE');
  input.writers[1] = writer('Registry Writer', REGISTRY_ID, 1, 'STABLE', 'VSS_E_WRITERERROR_RETRYABLE', 0x800423f3);
  const r = diagnose(input, 'en');
  const stuck = only(r, 'writer-stuck:');
  assert.equal(stuck.severity, 'warning');
  assert.match(stuck.next, /Cryptographic Services service \(CryptSvc\)/);
  assert.match(stuck.detail, /stuck/);
  const note = only(r, 'writer-last-error:');
  assert.equal(note.severity, 'info');
  assert.match(note.detail, /VSS_E_WRITERERROR_RETRYABLE/);
  assert.equal(r.writers.length, 2);
});

test('shadow storage at 90% is a warning and at 98% critical, saying older copies will go', () => {
  const input = healthy();
  input.storage[0] = storage(input.volumes[0]!, 43, 47.6);
  let f = only(diagnose(input, 'en'), 'storage-near-max:');
  assert.equal(f.severity, 'warning');
  assert.equal(f.id, 'storage-near-max:{3f1c2a10-0000-0000-0000-100000000000}');
  assert.match(f.title, /C:\\ is 90% full/);
  assert.equal(f.command, 'shadowdesk storage resize --volume C: --max 20%');
  assert.deepEqual(f.action, { kind: 'configure-storage', volume: 'C:' });
  assert.doesNotMatch(f.next, /shadowdesk/, 'the sentence reads as words; the command is separate');

  input.storage[0] = storage(input.volumes[0]!, 47, 47.6);
  const r = diagnose(input, 'en');
  f = only(r, 'storage-near-max:');
  assert.equal(f.severity, 'critical');
  assert.match(f.detail, /Older copies will be deleted soon/);
  assert.equal(r.volumes[0]!.status, 'critical');

  input.storage[0] = storage(input.volumes[0]!, 42.7, 47.6); // 89.7%
  assert.ok(!ids(diagnose(input, 'en')).some((id) => id.startsWith('storage-near-max:')));
});

test('unbounded storage on a nearly full volume is a warning; on a roomy one it is fine', () => {
  const input = healthy();
  input.storage[1] = storage(input.volumes[1]!, 80, null);
  assert.ok(!ids(diagnose(input, 'en')).some((id) => id.startsWith('storage-unbounded:')));

  input.volumes[1] = volume('D:\\', D_GUID, 931, 41);
  const f = only(diagnose(input, 'en'), 'storage-unbounded:');
  assert.equal(f.severity, 'warning');
  assert.match(f.detail, /D:\\ has 41 GB free of 931 GB \(4%\)/);
  assert.match(f.next, /15%/);
  assert.equal(f.command, 'shadowdesk storage resize --volume D: --max 15%');
});

test('a supported volume with no copies is unprotected; no storage association is a note; unsupported volumes are skipped', () => {
  const input = healthy();
  const e = volume('E:\\', '\\\\?\\Volume{0e0e0e0e-0000-0000-0000-100000000000}\\', 1863, 900);
  const usb = volume('F:\\', '\\\\?\\Volume{0f0f0f0f-0000-0000-0000-100000000000}\\', 58, 20, { fileSystem: 'FAT32', driveType: 'Removable', shadowCopySupported: false });
  input.volumes.push(e, usb);
  const r = diagnose(input, 'en');
  const unprotected = only(r, 'volume-unprotected:');
  assert.equal(unprotected.severity, 'warning');
  assert.equal(unprotected.subject, 'E:\\');
  assert.equal(unprotected.command, 'shadowdesk create --volume E:');
  assert.deepEqual(unprotected.action, { kind: 'create-copy', volume: 'E:' });
  const noStorage = only(r, 'volume-no-storage:');
  assert.equal(noStorage.severity, 'info');
  assert.equal(noStorage.subject, 'E:\\');
  assert.ok(!r.findings.some((f) => f.subject === 'F:\\'));
  assert.equal(r.volumes.find((v) => v.name === 'E:\\')!.status, 'warning');
  assert.equal(r.volumes.find((v) => v.name === 'F:\\')!.status, 'ok');
});

test('the recovery partition (no drive letter, no folder) gets no protection advice: nobody keeps files there', () => {
  const input = healthy();
  const guid = '\\\\?\\Volume{b7e40d29-3c61-4f5a-9e82-6a1d0c3f9b47}\\';
  input.volumes.push(volume(guid, guid, 0.7, 0.1, { mountPoints: [], label: 'Recovery' }));
  const r = diagnose(input, 'en');
  assert.deepEqual(r.findings.filter((f) => f.subject === guid), []);
  assert.equal(r.volumes.find((v) => v.guidPath === guid)!.status, 'ok', 'still in the volume table');
});

test('the 64-copy cap: 56 client-accessible copies warn, 64 are critical, other contexts do not count', () => {
  const input = healthy();
  const c = input.volumes[0]!;
  const many = (n: number, accessible = true): ShadowCopy[] => Array.from({ length: n }, (_, i) => shadow(c, daysAgo(1 + i / 24), accessible));
  input.shadows = [...many(55), ...many(10, false), shadow(input.volumes[1]!, daysAgo(1))];
  assert.ok(!ids(diagnose(input, 'en')).some((id) => id.startsWith('copy-cap:')));

  input.shadows = [...many(56), shadow(input.volumes[1]!, daysAgo(1))];
  let f = only(diagnose(input, 'en'), 'copy-cap:');
  assert.equal(f.severity, 'warning');
  assert.match(f.detail, /56 of the 64/);

  input.shadows = [...many(64), shadow(input.volumes[1]!, daysAgo(1))];
  const r = diagnose(input, 'en');
  f = only(r, 'copy-cap:');
  assert.equal(f.severity, 'critical');
  assert.match(f.detail, /New shadow copies of this volume will fail/);
  assert.equal(f.command, 'shadowdesk delete --oldest --volume C:');
  assert.deepEqual(f.action, { kind: 'delete-oldest', volume: 'C:' });
  assert.equal(r.volumes[0]!.clientAccessibleCopies, 64);
});

test('copies deleted to make room in the last 30 days are counted, with when', () => {
  const input = healthy();
  const entries: AuditEntry[] = [
    { at: daysAgo(3), action: 'create', target: 'C:\\', outcome: 'ok', detail: { deletedToMakeRoom: ['{aa}', '{bb}'] } },
    { at: '2024-05-12T08:15:00.000Z', action: 'create', target: 'C:\\', outcome: 'ok', detail: { deletedToMakeRoom: ['{cc}'] } },
    { at: daysAgo(45), action: 'create', target: 'C:\\', outcome: 'ok', detail: { deletedToMakeRoom: ['{old}'] } },
    { at: daysAgo(2), action: 'delete', target: 'C:\\', outcome: 'ok', detail: { deletedToMakeRoom: ['{not-a-create}'] } },
  ];
  input.audit = entries;
  const r = diagnose(input, 'en');
  const f = only(r, 'copies-lost:');
  assert.equal(f.severity, 'warning');
  assert.match(f.title, /^3 shadow copies deleted to make room so far/);
  assert.match(f.detail, /1 on 12 May 2024, 08:15 UTC \(2024-05-12T08:15:00\.000Z\); 2 on /);
  assert.match(f.detail, /as files change, so Windows may have deleted others/, 'copy-on-write storage fills between creates too');
  assert.equal(r.volumes[0]!.status, 'warning');

  const it = only(diagnose(input, 'it'), 'copies-lost:');
  assert.match(it.title, /^3 copie shadow eliminate per fare spazio, finora/);
  assert.match(it.detail, /1 copia il 12 mag 2024, 08:15 UTC/);

  input.audit = entries.slice(2);
  assert.ok(!ids(diagnose(input, 'en')).some((id) => id.startsWith('copies-lost:')));
});

test('no recent restore points: a note after 7 days, a warning after 30', () => {
  const input = healthy();
  const [c, d] = input.volumes as [Volume, Volume];
  input.shadows = [shadow(c, daysAgo(12)), shadow(c, daysAgo(20)), shadow(d, daysAgo(40))];
  const r = diagnose(input, 'en');
  const stale = r.findings.filter((f) => f.id.startsWith('no-recent-copy:'));
  assert.deepEqual(stale.map((f) => [f.subject, f.severity]), [['D:\\', 'warning'], ['C:\\', 'info']]);
  assert.match(stale[1]!.detail, /12 days old/);
  assert.match(stale[1]!.title, /No recent restore points/);
});

test('findings are sorted most severe first and counted in the summary', () => {
  const input = healthy();
  input.writers[2] = writer('WMI Writer', WMI_ID, 9, 'FAILED_AT_FREEZE');
  input.volumes.push(volume('E:\\', '\\\\?\\Volume{0e0e0e0e-0000-0000-0000-100000000000}\\', 100, 50));
  const r = diagnose(input, 'en');
  const ranks = r.findings.map((f) => ({ critical: 0, warning: 1, info: 2 })[f.severity]);
  assert.deepEqual(ranks, [...ranks].sort((a, b) => a - b));
  assert.deepEqual(r.summary, { critical: 1, warning: 1, info: 1 });
  assert.equal(doctorVerdict(r.summary, 'en'), 'Action needed: 1 critical problem and 1 warning.');
  assert.equal(doctorVerdict(r.summary, 'it'), 'Intervento necessario: 1 problema critico e 1 avviso.');
});

/** Everything at once, for the language and Markdown checks. */
function troubled(): DoctorInput {
  const input = healthy();
  input.writers[2] = writer('WMI Writer', WMI_ID, 9, 'FAILED_AT_FREEZE', 'VSS_E_WRITERERROR_TIMEOUT', 0x800423f2);
  input.writers[0] = writer('System Writer', SYSTEM_ID, 3, 'WAITING_FOR_THAW');
  input.storage[0] = storage(input.volumes[0]!, 47, 47.6);
  input.volumes.push(volume('E:\\', '\\\\?\\Volume{0e0e0e0e-0000-0000-0000-100000000000}\\', 100, 50, { label: 'Archivio | vecchio' }));
  input.audit = [{ at: daysAgo(3), action: 'create', target: 'C:\\', outcome: 'ok', detail: { deletedToMakeRoom: ['{aa}'] } }];
  return input;
}

test('Italian findings differ from English and are Italian', () => {
  const en = diagnose(troubled(), 'en');
  const it = diagnose(troubled(), 'it');
  assert.deepEqual(ids(it), ids(en), 'same findings, same ids, whatever the language');
  for (let i = 0; i < en.findings.length; i++) {
    const e = en.findings[i]!;
    const t = it.findings[i]!;
    assert.notEqual(t.title, e.title, e.id);
    assert.notEqual(t.detail, e.detail, e.id);
    assert.notEqual(t.next, e.next, e.id);
    assert.match(`${t.title} ${t.detail} ${t.next}`, /\b(il|la|le|di|per|non|su|che|e)\b/, `${e.id} reads as Italian`);
    assert.doesNotMatch(`${t.title} ${t.detail} ${t.next}`, /\b(the|then|and|has|is)\b/, `${e.id} has English words`);
  }
});

test('Markdown has the verdict, the volume table, every next step and the writers in trouble', () => {
  for (const lang of ['en', 'it'] as const) {
    const r = diagnose(troubled(), lang);
    const md = renderDoctorMarkdown(r, lang);
    assert.match(md, lang === 'en' ? /^# ShadowDesk health check — PC-AMMINISTRAZIONE\n/ : /^# Controllo integrità ShadowDesk — PC-AMMINISTRAZIONE\n/);
    assert.ok(md.includes(doctorVerdict(r.summary, lang)), 'verdict');
    assert.ok(md.includes(lang === 'en' ? '## Volumes' : '## Volumi'));
    assert.match(md, /\| Volume \| (Label|Etichetta) \|/);
    assert.match(md, lang === 'en' ? /\| `C:\\` \| Windows \| 476 GB \| 210 GB \(44%\) \| 2 \| 47 GB \/ 47\.6 GB \(98%\) \| Critical \|/ : /\| `C:\\` \| Windows \| 476 GB \| 210 GB \(44%\) \| 2 \| 47 GB \/ 47,6 GB \(98%\) \| Critico \|/);
    assert.ok(md.includes('Archivio \\| vecchio'), 'pipes in cells are escaped');
    for (const f of r.findings) {
      assert.ok(md.includes(f.next.replace(/\\(?=[!-/:-@[-`{-~])/g, '\\\\')), `next step of ${f.id}`);
      assert.ok(md.includes(f.id), f.id);
    }
    assert.ok(md.includes(lang === 'en' ? '### Critical (2)' : '### Critici (2)'));
    assert.ok(md.includes(lang === 'en' ? '## Writers in trouble' : '## Writer con problemi'));
    assert.match(md, /\| WMI Writer \| \[9\] FAILED_AT_FREEZE \| VSS_E_WRITERERROR_TIMEOUT \(0x800423F2\) \| .*\(Winmgmt\) \|/);
    assert.match(md, /\| System Writer \| \[3\] WAITING_FOR_THAW \|/);
    assert.ok(md.includes(`(${NOW.toISOString()})`), 'generated date in ISO form');
    assert.ok(md.includes(lang === 'en' ? '20 May 2024, 10:00 UTC' : '20 mag 2024, 10:00 UTC'), 'generated date in readable form');
  }
});

test('Markdown for a healthy machine says so', () => {
  const md = renderDoctorMarkdown(diagnose(healthy(), 'en'), 'en');
  assert.ok(md.includes('Healthy: no problems found.'));
  assert.ok(md.includes('No problems found.'));
  assert.ok(md.includes('All writers are stable'));
  const it = renderDoctorMarkdown(diagnose(healthy(), 'it'), 'it');
  assert.ok(it.includes('Nessun problema rilevato.'));
  assert.ok(it.includes('Tutti i writer sono stabili'));
});

test('odd input does not throw: unknown writer state, zero maximum, shadows of unknown volumes', () => {
  const input = healthy();
  input.writers.push(writer('Odd Writer', VENDOR_ID, 42, '42'));
  input.storage.push({ ...storage(input.volumes[1]!, 1, 0), volume: 'Z:\\', volumeGuidPath: '' });
  input.shadows.push({ ...shadow(input.volumes[0]!, 'not a date'), volume: 'Q:\\', volumeGuidPath: '' });
  const r = diagnose(input, 'en');
  assert.equal(only(r, 'writer-unknown:').severity, 'info');
  assert.doesNotThrow(() => renderDoctorMarkdown(r, 'en'));
});
