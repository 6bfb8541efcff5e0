/**
 * Which release each migration ships in, from the `releases` configuration,
 * and the order that gives a set: releases in their order, then, within a
 * release, files in natural order. Migrations no release claims come last:
 * they are the newest, not yet assigned to a release.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import fg from 'fast-glob';
import type { ReleasesConfig } from '../config/config.js';
import type { ReleaseRef } from '../model/schema.js';
import { compareNatural, naturalSort, type MigrationSet } from './discover.js';

export interface ReleasedFile {
  path: string;
  release: ReleaseRef | undefined;
}

/** Find the release of each file in each set, and order every set by release. */
export function assignReleases(sets: readonly MigrationSet[], releases: ReleasesConfig | undefined, baseDir: string): ReleasedFile[][] {
  const releaseOf = releaseFinder(releases, baseDir);
  return sets.map((set) => {
    const files = set.files.map((file) => ({ path: file, release: releaseOf(file, set.root) }));
    return orderByRelease(files);
  });
}

function orderByRelease(files: ReleasedFile[]): ReleasedFile[] {
  const natural = naturalSort(files.map((f) => f.path));
  const position = new Map(natural.map((file, i) => [file, i]));
  return [...files].sort((a, b) => (a.release?.index ?? Infinity) - (b.release?.index ?? Infinity) || (position.get(a.path) ?? 0) - (position.get(b.path) ?? 0));
}

export type ReleaseFinder = (file: string, setRoot: string) => ReleaseRef | undefined;

export function releaseFinder(releases: ReleasesConfig | undefined, baseDir: string): ReleaseFinder {
  if (releases === undefined) return () => undefined;
  if (releases === 'directories') {
    // Listed once per set folder for this lint, not cached beyond it: folders change under an editor.
    const listed = new Map<string, string[]>();
    return (file, setRoot) => directoryRelease(file, setRoot, listed);
  }
  // Each release's globs are expanded once; the first release that claims a file wins.
  const claims = new Map<string, ReleaseRef>();
  releases.forEach((release, index) => {
    for (const file of fg.sync(release.migrations, { cwd: baseDir, absolute: true, onlyFiles: true })) {
      const key = path.normalize(file);
      if (!claims.has(key)) claims.set(key, { name: release.name, index });
    }
  });
  return (file) => claims.get(path.normalize(file));
}

/** The immediate subdirectory of the set's folder that holds the file, numbered in natural order among its siblings. */
function directoryRelease(file: string, setRoot: string, listed: Map<string, string[]>): ReleaseRef | undefined {
  const relative = path.relative(setRoot, file).split(path.sep);
  if (relative.length < 2 || relative[0] === '..') return undefined;
  const name = relative[0] as string;
  let siblings = listed.get(setRoot);
  if (!siblings) {
    siblings = readdirSync(setRoot, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.'))
      .map((entry) => entry.name)
      .sort(compareNatural);
    listed.set(setRoot, siblings);
  }
  return { name, index: siblings.indexOf(name) };
}
