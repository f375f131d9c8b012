import { test } from 'node:test';
import assert from 'node:assert/strict';
import { subSource, type ByteSource } from './bfio-bridge.js';
import { FsntfsVolume } from './fsntfs.js';
import { LIBYAL_LIBRARIES, LibyalError, libraryDirs, libyalAvailability, liveHandles, locateLibrary } from './libyal-load.js';
import { VshadowVolume, formatGuid } from './vshadow.js';

const libs = libyalAvailability();
const LIBS_SKIP: string | false = libs.available ? false : `libyal libraries missing (apt install ${libs.missing.join(' ')})`;

test('libraries are looked for by absolute path in the multiarch folder of this architecture', () => {
  assert.equal(libraryDirs('x64')[0], '/usr/lib/x86_64-linux-gnu');
  assert.equal(libraryDirs('arm64')[0], '/usr/lib/aarch64-linux-gnu');
  assert.ok(libraryDirs('x64').every((d) => d.startsWith('/')));
  assert.equal(locateLibrary('vshadow', ['/nonexistent']), null);
  const a = libyalAvailability();
  assert.equal(a.available, a.missing.length === 0);
  for (const m of a.missing) assert.ok(Object.values(LIBYAL_LIBRARIES).some((l) => l.pkg === m), `${m} is a Debian package name`);
});

test('GUIDs come out as VssClient writes them: braces, lower case, Windows byte order', () => {
  const b = Buffer.from('c2033c4ec67b8842ad96c1eac1a55f71', 'hex');
  assert.equal(formatGuid(b), '{4e3c03c2-7bc6-4288-ad96-c1eac1a55f71}');
});

test('a window of a source shifts offsets and stops at its end', () => {
  const base: ByteSource = {
    size: 100,
    readAt(dest, length, offset) {
      (dest as Buffer).fill(offset, 0, length);
      return length;
    },
  };
  const w = subSource(base, 10, 20);
  const buf = Buffer.alloc(50);
  assert.equal(w.readAt(buf, 50, 5), 15);
  assert.equal(buf[0], 15);
  assert.equal(w.readAt(buf, 10, 20), 0);
});

test('a source that throws inside a libbfio callback fails the call with the library\'s backtrace, never crashes or leaks', { skip: LIBS_SKIP }, () => {
  const broken: ByteSource = {
    size: 1 << 20,
    readAt() {
      throw new Error('disk unplugged');
    },
  };
  assert.throws(() => new FsntfsVolume(broken), (e: unknown) => e instanceof LibyalError && /libfsntfs_volume_open_file_io_handle/.test(e.message));
  assert.throws(() => new VshadowVolume(broken), (e: unknown) => e instanceof LibyalError);
  assert.equal(liveHandles.count, 0);
  const zeros: ByteSource = {
    size: 1 << 20,
    readAt(dest, length) {
      (dest as Buffer).fill?.(0, 0, length);
      return typeof dest === 'bigint' ? 0 : length;
    },
  };
  assert.throws(() => new FsntfsVolume(zeros), LibyalError, 'a volume of nothing is not NTFS');
  assert.equal(liveHandles.count, 0);
});
