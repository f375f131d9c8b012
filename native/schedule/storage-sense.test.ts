import { test } from 'node:test';
import assert from 'node:assert/strict';
import { senseSchedule, COPY_CAP, type SenseInput } from './storage-sense.js';
import { maxKeptPerVolume } from './retention.js';
import { DEFAULT_RETENTION, type RetentionPolicy } from './schedule-types.js';
import type { ShadowCopy, StorageArea, Volume } from '../vss/types.js';

const GB = 1024 ** 3;
const volume = (name: string): Volume => ({
  name, guidPath: `\\\\?\\Volume{${name[0]}}\\`, mountPoints: [name], label: '', fileSystem: 'NTFS', capacityBytes: 500 * GB, freeBytes: 200 * GB,
  driveType: 'fixed', mediaPresent: true, shadowCopySupported: true,
});
const copy = (id: string, vol: string): ShadowCopy => ({
  id, setId: `s${id}`, setCount: 1, volume: vol, volumeGuidPath: '', deviceObject: '', createdAt: '2026-12-01T00:00:00.000Z', attributes: [], attributesCode: 0,
  context: 'ClientAccessible', contextCode: 0, providerId: '', originatingMachine: '', serviceMachine: '', exposedName: null, exposedPath: null, state: 'Created',
});
const area = (vol: string, usedBytes: number, maxBytes: number | null): StorageArea => ({
  volume: vol, volumeGuidPath: '', storageVolume: vol, storageVolumeGuidPath: '', usedBytes, allocatedBytes: usedBytes, maxBytes,
});
const HOURLY = { kind: 'hourly', everyHours: 1, startTime: '00:00' } as const;

function input(copies: number, storage: StorageArea[], scheduled: string[] = []): SenseInput {
  return {
    volumes: [volume('D:\\')],
    shadows: Array.from({ length: copies }, (_, k) => copy(`{${k}}`, 'D:\\')),
    storage,
    scheduled: new Set(scheduled),
  };
}

test('the default policy, hourly, on a volume with room for it: nothing to say', () => {
  const warnings = senseSchedule({ volumes: ['D:\\'], trigger: HOURLY, retention: DEFAULT_RETENTION }, input(5, [area('D:\\', 10 * 1024 ** 2, 50 * GB)]), 'en');
  assert.deepEqual(warnings, []);
});

test('a policy that with the copies already there would pass VSS\'s 64-copy cap says so, with the figures', () => {
  const greedy: RetentionPolicy = { hours: 24, days: 30, weeks: 8, months: 12, minFreePercent: 5 };
  const kept = maxKeptPerVolume(HOURLY, greedy);
  const warnings = senseSchedule({ volumes: ['D:\\'], trigger: HOURLY, retention: greedy }, input(3, [area('D:\\', 1024, 50 * GB)]), 'en');
  const cap = warnings.find((w) => w.kind === 'copy-cap');
  assert.ok(cap, JSON.stringify(warnings));
  assert.equal(cap.expected, kept + 3);
  assert.equal(cap.limit, COPY_CAP);
  assert.match(cap.message, new RegExp(`D:\\\\: this schedule can keep up to ${kept} copies and 3 others are there already, past VSS's cap of 64`));
  // Copies another schedule made are thinned by it, so they do not count as others here.
  const thinnedElsewhere = senseSchedule({ volumes: ['D:\\'], trigger: HOURLY, retention: { ...greedy, days: 20 } }, input(3, [area('D:\\', 1024, 50 * GB)], ['{0}', '{1}', '{2}']), 'en');
  assert.equal(thinnedElsewhere.some((w) => w.kind === 'copy-cap'), maxKeptPerVolume(HOURLY, { ...greedy, days: 20 }) > COPY_CAP);
});

test('storage: at the rate the copies there have used it, more than the maximum is said, in Italian too; with fewer than two copies no rate is guessed', () => {
  // 4 copies used 2 GB: about 0.5 GB each; the default hourly policy keeps up to 49 plus those 4, far past 10 GB.
  const full = input(4, [area('D:\\', 2 * GB, 10 * GB)]);
  const [en] = senseSchedule({ volumes: ['D:\\'], trigger: HOURLY, retention: DEFAULT_RETENTION }, full, 'en');
  assert.equal(en?.kind, 'storage');
  assert.equal(en.limit, 10 * GB);
  assert.equal(en.expected, Math.round((2 * GB / 4) * (maxKeptPerVolume(HOURLY, DEFAULT_RETENTION) + 4)));
  assert.match(en.message, /would take about 26\.\d GB, past the 10\.0 GB maximum: Windows will delete the oldest copies/);
  const [it] = senseSchedule({ volumes: ['D:\\'], trigger: HOURLY, retention: DEFAULT_RETENTION }, full, 'it');
  assert.match(it!.message, /oltre il massimo di 10\.0 GB/);
  assert.deepEqual(senseSchedule({ volumes: ['D:\\'], trigger: HOURLY, retention: DEFAULT_RETENTION }, input(1, [area('D:\\', 2 * GB, 10 * GB)]), 'en'), []);
  assert.deepEqual(senseSchedule({ volumes: ['D:\\'], trigger: HOURLY, retention: DEFAULT_RETENTION }, input(4, [area('D:\\', 2 * GB, null)]), 'en'), [], 'unbounded storage has no maximum to pass');
});

test('a volume with no shadow storage yet is told that Windows makes it at the first copy', () => {
  const [w] = senseSchedule({ volumes: ['D:\\'], trigger: { kind: 'daily', times: ['12:00'] }, retention: DEFAULT_RETENTION }, input(0, []), 'en');
  assert.equal(w?.kind, 'no-storage');
  assert.match(w.message, /D:\\ has no shadow storage yet: Windows makes it at the first copy/);
});
