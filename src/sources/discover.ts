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

/** A glob the discovery needs answered: fast-glob's arguments. */
interface GlobRequest {
  pattern: string;
  options: fg.Options;
}

export async function discoverMigrationSets(patterns: readonly string[], baseDir: string): Promise<MigrationSet[]> {
  const steps = discover(patterns, baseDir);
  for (let step = steps.next(); ; ) {
    if (step.done) return step.value;
    step = steps.next(await fg(step.value.pattern, step.value.options));
  }
}

/** The same discovery without awaiting: for callers that must answer synchronously (ESLint's parser). */
export function discoverMigrationSetsSync(patterns: readonly string[], baseDir: string): MigrationSet[] {
  return runSync(discover(patterns, baseDir));
}

/** A discovery that tells cheaply whether it still holds. */
export interface DiscoverySnapshot {
  sets: MigrationSet[];
  /** no directory it read and no file it was named has changed since (a glob cannot be checked: a discovery with one never holds) */
  holds(): boolean;
}

/**
 * The synchronous discovery, for a long-lived caller that would otherwise
 * walk the migrations again for every file it lints (ESLint in an editor).
 * Adding, removing or renaming a file changes its directory's modification
 * time, which `holds()` compares.
 */
export function discoverMigrationSetsSnapshot(patterns: readonly string[], baseDir: string): DiscoverySnapshot {
  const looked = new Map<string, number>();
  let globbed = false;
  const sets = runSync(discover(patterns, baseDir, looked), () => (globbed = true));
  return { sets, holds: () => !globbed && [...looked].every(([file, mtime]) => statOrUndefined(file)?.mtimeMs === mtime) };
}

function runSync(steps: Generator<GlobRequest, MigrationSet[], string[]>, onGlob?: () => void): MigrationSet[] {
  for (let step = steps.next(); ; ) {
    if (step.done) return step.value;
    onGlob?.();
    step = steps.next(fg.sync(step.value.pattern, step.value.options));
  }
}

/**
 * The discovery itself, shared by both entry points: it yields each glob it
 * needs matched and is resumed with the matching files, so the caller decides
 * whether fast-glob runs synchronously or not.
 */
function* discover(patterns: readonly string[], baseDir: string, looked?: Map<string, number>): Generator<GlobRequest, MigrationSet[], string[]> {
  const sets: MigrationSet[] = [];
  const seen = new Set<string>();
  for (const pattern of patterns) {
    const absolute = path.resolve(baseDir, pattern);
    const stat = statOrUndefined(absolute);
    let files: string[];
    let root: string;
    if (stat?.isDirectory()) {
      root = absolute;
      files = sqlFilesUnder(absolute, looked);
    } else if (stat?.isFile()) {
      root = path.dirname(absolute);
      files = [absolute];
      looked?.set(absolute, stat.mtimeMs);
    } else if (fg.isDynamicPattern(pattern)) {
      root = path.resolve(baseDir, globBase(pattern));
      files = yield { pattern: toGlob(pattern), options: { cwd: baseDir, absolute: true, ignore: IGNORE, onlyFiles: true } };
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

/**
 * Every `*.sql` file below a directory, skipping hidden entries and
 * node_modules (a plain directory walk is much faster than a glob); `looked`
 * gets each directory's modification time, taken before it is read.
 */
function sqlFilesUnder(dir: string, looked?: Map<string, number>): string[] {
  const files: string[] = [];
  const pending = [dir];
  for (let current = pending.pop(); current !== undefined; current = pending.pop()) {
    if (looked) looked.set(current, statOrUndefined(current)?.mtimeMs ?? NaN);
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
