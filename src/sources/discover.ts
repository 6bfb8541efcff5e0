/**
 * Which files to lint, grouped into migration sets. Each path argument is one
 * set: a directory's `*.sql` files (searched recursively), the files a glob
 * matches, or a single file. Within a set, files are in natural order
 * (`2_x.sql` before `10_x.sql`), the order migration tools apply them.
 */
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import fg from 'fast-glob';

export interface MigrationSet {
  /** what the user named: a directory, glob or file, resolved */
  root: string;
  /** absolute paths, in apply order */
  files: string[];
}

export class NoFilesError extends Error {
  override name = 'NoFilesError';
}

const naturalOrder = new Intl.Collator('en', { numeric: true, sensitivity: 'variant' });

export function compareNatural(a: string, b: string): number {
  return naturalOrder.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
}

const IGNORE = ['**/node_modules/**', '**/.git/**'];

export async function discoverMigrationSets(patterns: readonly string[], baseDir: string): Promise<MigrationSet[]> {
  const sets: MigrationSet[] = [];
  const seen = new Set<string>();
  for (const pattern of patterns) {
    const absolute = path.resolve(baseDir, pattern);
    const stat = statOrUndefined(absolute);
    let files: string[];
    let root: string;
    if (stat?.isDirectory()) {
      root = absolute;
      files = sqlFilesUnder(absolute);
    } else if (stat?.isFile()) {
      root = path.dirname(absolute);
      files = [absolute];
    } else if (fg.isDynamicPattern(pattern)) {
      root = path.resolve(baseDir, globBase(pattern));
      files = await fg(toGlob(pattern), { cwd: baseDir, absolute: true, ignore: IGNORE, onlyFiles: true });
    } else {
      throw new NoFilesError(`No files matching '${pattern}' were found.`);
    }
    files = files.map((f) => path.normalize(f)).filter((f) => !seen.has(f));
    if (files.length === 0 && !stat?.isDirectory()) throw new NoFilesError(`No files matching '${pattern}' were found.`);
    for (const f of files) seen.add(f);
    if (files.length > 0) sets.push({ root, files: naturalSort(files) });
  }
  return sets;
}

/** Every `*.sql` file below a directory, skipping hidden entries and node_modules (a plain directory walk is much faster than a glob). */
function sqlFilesUnder(dir: string): string[] {
  const files: string[] = [];
  const pending = [dir];
  for (let current = pending.pop(); current !== undefined; current = pending.pop()) {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      if (entry.name.startsWith('.')) continue;
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules') pending.push(path.join(current, entry.name));
      } else if (entry.name.endsWith('.sql') && (entry.isFile() || statOrUndefined(path.join(current, entry.name))?.isFile())) {
        files.push(path.join(current, entry.name));
      }
    }
  }
  return files;
}

/** The folder a glob searches from: its segments before the first one with a glob character. */
function globBase(pattern: string): string {
  const segments = toGlob(pattern).split('/');
  const fixed = segments.slice(0, segments.findIndex((segment) => fg.isDynamicPattern(segment)));
  return fixed.join('/') || '.';
}

/** Natural order of paths, comparing each path once-normalised (sorting thousands of files stays cheap). */
export function naturalSort(files: readonly string[]): string[] {
  return files
    .map((file) => ({ file, key: file.split(path.sep).join('/') }))
    .sort((a, b) => compareNatural(a.key, b.key))
    .map((entry) => entry.file);
}

function statOrUndefined(p: string) {
  try {
    return statSync(p);
  } catch {
    return undefined;
  }
}

/** fast-glob wants forward slashes even on Windows. */
function toGlob(pattern: string): string {
  return pattern.split(path.sep).join('/');
}
