import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { VssClient } from '../vss/vss-client.js';
import type { FileTree } from '../restore/file-tree.js';
import type { ImageSummary } from '../image/image-types.js';
import { AppError } from '../vss/app-error.js';
import { HostSession, type HostSource, type ImageOpeners, type OpenedImage } from './host-session.js';

/*
 * The session decides what every operation works on. What a user relies on: an image is never freed
 * under an operation still reading it (libyal handles freed mid-read would be a use after free), a
 * failed open leaves the current choice alone, and closing goes back to this computer.
 */

const computerSource: HostSource = { listShadows: () => [], invalidate: () => {} } as unknown as HostSource;
const computer = { client: { listVolumes: () => [] } as unknown as VssClient, source: computerSource };

function summary(path: string): ImageSummary {
  return {
    path,
    format: 'raw',
    sizeBytes: 1024,
    partitioning: 'none',
    volumes: [{ letter: 'C:', partition: 1, fileSystem: 'NTFS', label: '', offsetBytes: 0, sizeBytes: 1024, partitionType: 'whole image', hasWindows: false, stores: [], problem: null }],
  };
}

/** Openers over fake images that record when each is closed. */
function fakeOpeners(): { openers: ImageOpeners; closed: string[] } {
  const closed: string[] = [];
  const openers: ImageOpeners = {
    open: async (path) => {
      if (path.endsWith('garbage')) throw new AppError('IMAGE_UNREADABLE', { en: 'not an image', it: 'non è un\'immagine' });
      const image: OpenedImage = {
        summary: summary(path),
        liveTree: () => ({}) as FileTree,
        storeTree: () => ({}) as FileTree,
        close: () => closed.push(path),
      };
      return image;
    },
    source: () => computerSource,
  };
  return { openers, closed };
}

test('operations work on this computer until an image is opened, then on the image, and again after closing', async () => {
  const { openers } = fakeOpeners();
  const session = new HostSession(computer, openers);
  const openPath = (): string | undefined => session.image?.path;
  assert.equal(openPath(), undefined);
  assert.equal(await session.use((v) => v.image), null);
  await session.openImage('/cases/pc.raw');
  assert.equal(openPath(), '/cases/pc.raw');
  assert.deepEqual(await session.use((v) => v.machine.listVolumes().map((x) => x.name)), ['C:\\']);
  session.closeImage();
  assert.equal(openPath(), undefined);
  assert.equal(await session.use((v) => v.machine), computer.client);
});

test('an image is freed only when the last operation reading it has ended, and exactly once', async () => {
  const { openers, closed } = fakeOpeners();
  const session = new HostSession(computer, openers);
  await session.openImage('/cases/a.raw');
  let release!: () => void;
  const reading = session.use(() => new Promise<void>((resolve) => (release = resolve)));
  await session.openImage('/cases/b.raw');
  assert.deepEqual(closed, [], 'a.raw is still being read: it must stay open');
  assert.equal(session.image?.path, '/cases/b.raw', 'new operations already see the new image');
  release();
  await reading;
  assert.deepEqual(closed, ['/cases/a.raw']);
  session.closeImage();
  session.closeImage();
  assert.deepEqual(closed, ['/cases/a.raw', '/cases/b.raw']);
});

test('an image that fails to open leaves the one open before it current and open', async () => {
  const { openers, closed } = fakeOpeners();
  const session = new HostSession(computer, openers);
  await session.openImage('/cases/a.raw');
  await assert.rejects(session.openImage('/cases/garbage'), (e: unknown) => e instanceof AppError && e.code === 'IMAGE_UNREADABLE');
  assert.equal(session.image?.path, '/cases/a.raw');
  assert.deepEqual(closed, []);
});

test('an image whose source cannot be built is closed at once, not leaked', async () => {
  const { openers, closed } = fakeOpeners();
  const session = new HostSession(computer, {
    ...openers,
    source: () => {
      throw new Error('broken');
    },
  });
  await assert.rejects(session.openImage('/cases/a.raw'), /broken/);
  assert.deepEqual(closed, ['/cases/a.raw']);
  assert.equal(session.image, null);
});
