import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach } from 'node:test';
import { FolderSource } from './folder-source.js';

/** What {@link testFolders} hands a test file. */
export interface TestFolders {
  /** A new {@link FolderSource} over the given volumes (C: alone by default). */
  source(volumes?: string[]): FolderSource;
  /** A new empty folder outside every source, e.g. a place a link inside a copy points at. */
  temp(purpose: string): string;
}

/**
 * The restore engine's tests make machines out of temporary folders; this makes them for one test
 * file and removes every one after each test, passed or failed, so a failure leaves nothing behind
 * and no test sees another's files. Call it once, at the top of the file.
 */
export function testFolders(): TestFolders {
  const made: string[] = [];
  afterEach(() => {
    for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  return {
    source(volumes = ['C']) {
      const s = new FolderSource(volumes);
      made.push(s.base);
      return s;
    },
    temp(purpose) {
      const dir = mkdtempSync(path.join(tmpdir(), `shadowdesk-${purpose}-`));
      made.push(dir);
      return dir;
    },
  };
}

/** Native path of `rel` (`Users\ana\a.txt`, Windows separators) under C:\ in a source's live folders. */
export function liveFile(s: FolderSource, rel: string): string {
  return path.join(s.liveRoot('C:\\'), ...rel.split('\\'));
}

/**
 * Writes a file, making its folders, and dates it: the engine compares times, so every fixture file
 * gets a known one rather than the moment the test ran.
 */
export function putFile(file: string, content: string | Buffer, mtime: Date): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, content);
  utimesSync(file, mtime, mtime);
}
