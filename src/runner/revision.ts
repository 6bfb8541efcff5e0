/**
 * `pgshift revision`: create the next, empty migration file for pgshift's own
 * runner. The file goes into the release it ships in (the newest, unless one
 * is named) and is named after the files already there, so the new migration
 * sorts, and therefore runs, after every existing one.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import fg from 'fast-glob';
import type { ResolvedConfig } from '../config/config.js';
import { PGSHIFT_NO_TRANSACTION } from '../engine/rule.js';
import { type ConfigRequest, loadProjectConfig } from '../lint/index.js';
import { compareNatural, discoverMigrationSets, type MigrationSet } from '../sources/discover.js';
import { detectFileFormat, detectSetFormat, formatById } from '../sources/formats/index.js';
import { releaseFinder } from '../sources/releases.js';

/** What the user got wrong or must decide; the CLI reports it as bad usage (exit 2). */
export class RevisionError extends Error {
  override name = 'RevisionError';
}

export interface RevisionOptions extends ConfigRequest {
  /** what the migration does: the file name's slug and the header's first line(s) */
  message: string;
  /** the release to add the migration to; default: the newest */
  release?: string;
  /** start the file with `-- pgshift:no-transaction` */
  noTransaction?: boolean;
  /** also create `<name>.down.sql` */
  down?: boolean;
  /** the clock, for the timestamp and the header's date */
  now?: Date;
}

export interface CreatedRevision {
  /** absolute path of the new migration */
  path: string;
  /** absolute path of its down migration, with `down` */
  downPath?: string;
  /** the release it ships in, when releases are configured */
  release?: string;
  /** things the user should look at, although the files were created */
  warnings: string[];
}

/** The longest slug in a file name: long enough to say what the migration does, short enough for a terminal. */
const MAX_SLUG_LENGTH = 60;

/** Characters that make a glob segment dynamic, for the folder a release's glob names. */
const GLOB_CHARACTERS = /[*?[\]{}()!]/;

/** Up migrations named `<digits>_…`; a 14-digit date-time prefix is a timestamp, anything else a sequence number. */
const NUMBERED_NAME = /^(\d+)_/;
const TIMESTAMP = /^(?:19|20)\d\d(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])(?:[01]\d|2[0-3])[0-5]\d[0-5]\d$/;

type NamingScheme =
  | { kind: 'numbered'; next: bigint; width: number; extension: string }
  | { kind: 'timestamp'; newest: string | undefined; extension: string };

/** Where the new migration goes and what is known about its neighbours. */
interface Destination {
  folder: string;
  release: string | undefined;
  /** folders of the other releases, newest first: their naming scheme is followed when this folder holds no migration yet */
  otherReleaseFolders: string[];
  warnings: string[];
}

export async function createRevision(options: RevisionOptions): Promise<CreatedRevision> {
  const config = loadProjectConfig(options);
  if (config.source !== 'auto' && config.source !== 'pgshift') {
    throw new RevisionError(`pgshift revision writes migrations for pgshift's runner, but the config says ${config.source} applies them ("source": "${config.source}")`);
  }
  const message = normalizeMessage(options.message);
  if (message === '') throw new RevisionError('the migration needs a message (-m "what it does")');
  const now = options.now ?? new Date();

  const destination = findDestination(config, options.release, options.cwd);
  const existing = upMigrationNames(destination.folder);
  const scheme = namingScheme(existing) ?? firstInFolderScheme(destination.otherReleaseFolders);
  const baseName = `${prefixFor(scheme, now)}_${slugify(firstLine(message))}`;
  const fileName = `${baseName}${scheme.extension}`;
  const filePath = path.join(destination.folder, fileName);
  const downPath = options.down ? path.join(destination.folder, `${baseName}.down.sql`) : undefined;

  for (const file of [filePath, downPath]) {
    if (file !== undefined && existsSync(file)) throw new RevisionError(`${display(file, options.cwd)} already exists; pgshift revision never overwrites a migration`);
  }
  if (config.source === 'auto') await refuseOtherTools(config, destination.folder, [filePath, downPath].flatMap((file) => file ?? []), options.cwd);
  const laterExisting = existing.filter((name) => compareNatural(name, fileName) > 0).sort(compareNatural);
  const last = laterExisting[laterExisting.length - 1];
  if (last !== undefined) {
    destination.warnings.push(`${fileName} sorts before ${last} in ${display(destination.folder, options.cwd)}, so pgshift would run it before that migration; rename it if that is wrong`);
  }

  const date = now.toISOString().slice(0, 10);
  createFolder(destination.folder, options.cwd);
  writeNewFile(filePath, upMigrationText(message, date, options.noTransaction ?? false), options.cwd);
  if (downPath !== undefined) {
    try {
      writeNewFile(downPath, downMigrationText(fileName, message, date, options.noTransaction ?? false), options.cwd);
    } catch (error) {
      // Half a pair would be worse than none: the user reruns the command once the cause is fixed.
      unlinkSync(filePath);
      throw error;
    }
  }

  destination.warnings.push(...(await lintWouldMiss(filePath, destination.release, config, options.cwd)));
  return { path: filePath, ...(downPath === undefined ? {} : { downPath }), ...(destination.release === undefined ? {} : { release: destination.release }), warnings: destination.warnings };
}

/** The file name's slug: ASCII letters and digits in runs joined by `_`, at most 60 characters, `migration` when nothing is left. */
export function slugify(message: string): string {
  const ascii = message
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    // Letters NFKD does not decompose, spelled as their languages transliterate them.
    .replace(/[ßæœøđłþðı]/g, (letter) => TRANSLITERATIONS[letter] ?? letter);
  const slug = ascii.replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '');
  if (slug === '') return 'migration';
  if (slug.length <= MAX_SLUG_LENGTH) return slug;
  // Cut at a word boundary unless that would throw away most of the room.
  const boundary = slug.slice(0, MAX_SLUG_LENGTH + 1).lastIndexOf('_');
  return boundary >= MAX_SLUG_LENGTH / 2 ? slug.slice(0, boundary) : slug.slice(0, MAX_SLUG_LENGTH).replace(/_+$/, '');
}

const TRANSLITERATIONS: Record<string, string> = { ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', đ: 'd', ł: 'l', þ: 'th', ð: 'd', ı: 'i' };

function normalizeMessage(message: string): string {
  const lines = message.split(/\r\n|\r|\n/).map((line) => line.trimEnd());
  while (lines.length > 0 && lines[0]?.trim() === '') lines.shift();
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines.join('\n');
}

function firstLine(message: string): string {
  return message.split('\n')[0] ?? '';
}

function findDestination(config: ResolvedConfig, release: string | undefined, cwd: string): Destination {
  const releases = config.releases;
  if (releases === undefined) {
    if (release !== undefined) throw new RevisionError('--release names a release, but releases are not configured ("releases" in pgshift.config.json)');
    return { folder: migrationsFolder(config, cwd), release: undefined, otherReleaseFolders: [], warnings: [] };
  }
  if (releases === 'directories') return directoryReleaseDestination(migrationsFolder(config, cwd), release, cwd);

  const names = releases.map((r) => r.name);
  const chosen = release === undefined ? releases[releases.length - 1] : releases.find((r) => r.name === release);
  if (chosen === undefined) throw new RevisionError(`no release is named "${release}" in the config (releases: ${names.join(', ')})`);
  const folderOf = (globs: readonly string[]) => path.resolve(config.baseDir, globFolder(globs[0] ?? '.'));
  const warnings: string[] = [];
  const newest = names[names.length - 1];
  if (chosen.name !== newest) warnings.push(notNewestWarning(chosen.name, newest));
  const otherReleaseFolders = releases
    .filter((r) => r !== chosen)
    .reverse()
    .map((r) => folderOf(r.migrations));
  return { folder: folderOf(chosen.migrations), release: chosen.name, otherReleaseFolders, warnings };
}

/** The folder of the config's first `migrations` entry; a glob or a file does not say where a new file goes. */
function migrationsFolder(config: ResolvedConfig, cwd: string): string {
  const entry = config.migrations[0] ?? 'migrations';
  const folder = path.resolve(config.baseDir, entry);
  const where = config.filePath === undefined ? 'the default' : display(config.filePath, cwd);
  if (fg.isDynamicPattern(entry)) {
    throw new RevisionError(`"migrations" starts with the glob "${entry}" (${where}), which does not say which folder a new migration goes in; make its first entry a directory`);
  }
  const stat = statSync(folder, { throwIfNoEntry: false });
  if (stat ? !stat.isDirectory() : /\.sql$/i.test(entry)) {
    throw new RevisionError(`"migrations" starts with the file "${entry}" (${where}); make its first entry the directory new migrations go in`);
  }
  return folder;
}

/** With `"releases": "directories"`, each immediate subdirectory is a release, in natural order; the last is the newest. */
function directoryReleaseDestination(root: string, release: string | undefined, cwd: string): Destination {
  const releases = existsSync(root)
    ? readdirSync(root, { withFileTypes: true })
        .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.'))
        .map((entry) => entry.name)
        .sort(compareNatural)
    : [];
  const newest = releases[releases.length - 1];
  const name = release ?? newest;
  if (name === undefined) {
    throw new RevisionError(`${display(root, cwd)} has no release folder yet; name the first release with --release <name>`);
  }
  // Anything but a plain folder name would put the file outside the releases, or in a folder pgshift skips.
  if (name === '' || name.startsWith('.') || /[/\\]/.test(name)) {
    throw new RevisionError(`--release "${name}" must be a plain folder name (no "/", not starting with ".")`);
  }
  const warnings: string[] = [];
  if (newest !== undefined && name !== newest && compareNatural(name, newest) < 0) warnings.push(notNewestWarning(name, newest));
  const otherReleaseFolders = releases
    .filter((other) => other !== name)
    .reverse()
    .map((other) => path.join(root, other));
  return { folder: path.join(root, name), release: name, otherReleaseFolders, warnings };
}

function notNewestWarning(release: string, newest: string | undefined): string {
  return `release ${release} comes before ${newest ?? 'the newest release'}, so the new migration is ordered before that release's migrations`;
}

/** The static folder a glob starts in: its segments before the first with a glob character. */
function globFolder(glob: string): string {
  const segments = glob.split(/[/\\]/);
  const dynamic = segments.findIndex((segment) => GLOB_CHARACTERS.test(segment));
  if (dynamic >= 0) return segments.slice(0, dynamic).join('/') || '.';
  // A glob that names one file: its folder.
  return /\.sql$/i.test(glob) ? path.dirname(glob) : glob;
}

/** The up migrations in a folder: `.sql` files other than `.down.sql`. */
function upMigrationNames(folder: string): string[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder, { withFileTypes: true })
    .filter((entry) => !entry.isDirectory() && !entry.name.startsWith('.') && /\.sql$/i.test(entry.name) && !/\.down\.sql$/i.test(entry.name))
    .map((entry) => entry.name);
}

/** The scheme the folder's migrations follow, or undefined when none is recognisable. */
function namingScheme(names: readonly string[]): NamingScheme | undefined {
  // `<name>.up.sql` pairs with `<name>.down.sql` as `<name>.sql` does; keep whichever spelling the folder uses.
  const extension = names.length > 0 && names.every((name) => /\.up\.sql$/i.test(name)) ? '.up.sql' : '.sql';
  const prefixes = names.flatMap((name) => NUMBERED_NAME.exec(name)?.[1] ?? []);
  const timestamps = prefixes.filter((prefix) => TIMESTAMP.test(prefix)).sort();
  if (timestamps.length > 0) return { kind: 'timestamp', newest: timestamps[timestamps.length - 1], extension };
  if (prefixes.length === 0) return undefined;
  let highest = prefixes[0] as string;
  for (const prefix of prefixes) {
    const [value, best] = [BigInt(prefix), BigInt(highest)];
    if (value > best || (value === best && prefix.length > highest.length)) highest = prefix;
  }
  return { kind: 'numbered', next: BigInt(highest) + 1n, width: highest.length, extension };
}

/** A new release folder numbers from 1 like the releases before it, or takes a timestamp when they hold none. */
function firstInFolderScheme(otherReleaseFolders: readonly string[]): NamingScheme {
  for (const folder of otherReleaseFolders) {
    const scheme = namingScheme(upMigrationNames(folder));
    if (scheme?.kind === 'numbered') return { ...scheme, next: 1n };
    if (scheme) return scheme;
  }
  return { kind: 'timestamp', newest: undefined, extension: '.sql' };
}

function prefixFor(scheme: NamingScheme, now: Date): string {
  if (scheme.kind === 'numbered') return scheme.next.toString().padStart(scheme.width, '0');
  const stamp = timestamp(now);
  // A clock behind the newest migration must not produce a name that sorts before it.
  return scheme.newest !== undefined && stamp <= scheme.newest ? secondAfter(scheme.newest) : stamp;
}

function timestamp(date: Date): string {
  return date.toISOString().replace(/\D/g, '').slice(0, 14);
}

function secondAfter(stamp: string): string {
  const [year, month, day, hour, minute, second] = [0, 4, 6, 8, 10, 12].map((start, i) => Number(stamp.slice(start, start + (i === 0 ? 4 : 2))));
  const time = Date.UTC(year ?? 0, (month ?? 1) - 1, day ?? 1, hour ?? 0, minute ?? 0, second ?? 0);
  const next = timestamp(new Date(time + 1000));
  // 20240231… is no date: count on instead, which still sorts after it.
  return timestamp(new Date(time)) === stamp ? next : (BigInt(stamp) + 1n).toString();
}

/**
 * The header, as comments only. The examples are indented after a second
 * `--` so pgshift does not read them as directives: it reads a comment whose
 * text starts with `pgshift`.
 */
function upMigrationText(message: string, date: string, noTransaction: boolean): string {
  const lines = noTransaction
    ? [
        PGSHIFT_NO_TRANSACTION,
        ...commentLines(message),
        `-- Created by pgshift revision on ${date}.`,
        '--',
        '-- The first line makes this migration run outside a transaction, one statement',
        '-- at a time: if one fails, those before it stay applied. Keep here only the',
        '-- statements that cannot run in a transaction (CREATE INDEX CONCURRENTLY and the',
        '-- like), ideally one; put everything else in a migration that runs in one.',
      ]
    : [
        ...commentLines(message),
        `-- Created by pgshift revision on ${date}.`,
        '--',
        '-- This migration runs in one transaction. To run it outside one (for CREATE INDEX',
        '-- CONCURRENTLY and the like, alone in their migration), make its first line:',
        `--     ${PGSHIFT_NO_TRANSACTION}`,
        '-- To record that the application stopped using a table or column in this release',
        '-- (it may then be dropped in a later release), add:',
        '--     -- pgshift:deprecate <table>.<column>',
      ];
  return `${lines.join('\n')}\n\n`;
}

function downMigrationText(upFileName: string, message: string, date: string, noTransaction: boolean): string {
  const [first = '', ...rest] = message.split('\n');
  const lines = [
    ...(noTransaction ? [PGSHIFT_NO_TRANSACTION] : []),
    `-- Reverts ${upFileName}: ${first}`,
    ...rest.map(commentLine),
    `-- Created by pgshift revision on ${date}.`,
    '--',
    `-- pgshift downgrade runs this file to undo ${upFileName}, ${noTransaction ? 'outside a transaction' : 'in one transaction'}.`,
  ];
  return `${lines.join('\n')}\n\n`;
}

function commentLines(message: string): string[] {
  return message.split('\n').map(commentLine);
}

/** A message line as a comment; one that would read as a directive (`pgshift:deprecate x`) is quoted so it stays text. */
function commentLine(line: string): string {
  if (line.trim() === '') return '--';
  return /^pgshift[:-]/i.test(line.trim()) ? `-- > ${line}` : `-- ${line}`;
}

function createFolder(folder: string, cwd: string): void {
  try {
    mkdirSync(folder, { recursive: true });
  } catch (error) {
    throw new RevisionError(`cannot create the folder ${display(folder, cwd)}: ${(error as Error).message}`);
  }
}

function writeNewFile(file: string, text: string, cwd: string): void {
  try {
    // `wx`: fails rather than overwrites, even if the file appeared since it was checked.
    writeFileSync(file, text, { flag: 'wx' });
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'EEXIST' ? 'it already exists; pgshift revision never overwrites a migration' : (error as Error).message;
    throw new RevisionError(`cannot create ${display(file, cwd)}: ${reason}`);
  }
}

/**
 * With `"source": "auto"`, pgshift tells the tool from the files' names and
 * markers. Writing pgshift's plain SQL among another tool's migrations would
 * give that tool a file it cannot run; and some pgshift names are another
 * tool's too (`001_x.down.sql` is golang-migrate's), which would make pgshift
 * read the whole set as that tool's and ignore its directives.
 */
async function refuseOtherTools(config: ResolvedConfig, folder: string, newFiles: readonly string[], cwd: string): Promise<void> {
  const set = (await migrationSets(config)).find((s) => isInside(folder, s.root));
  const root = set?.root ?? folder;
  const files = set?.files ?? [];
  const fix = `set "source": "pgshift" in ${config.filePath === undefined ? 'a pgshift.config.json' : display(config.filePath, cwd)} if pgshift's runner applies them`;
  const before = detectSetFormat(files, root);
  if (before !== 'pgshift') {
    throw new RevisionError(`pgshift reads ${display(root, cwd)} as ${formatById(before).tool} migrations, and pgshift revision writes migrations for pgshift's runner; ${fix}`);
  }
  for (const file of files.filter((f) => path.dirname(f) === folder && !/\.down\.sql$/i.test(f))) {
    const tool = detectFileFormat(readFileSync(file, 'utf8'), 'pgshift');
    if (tool !== 'pgshift') {
      throw new RevisionError(`${display(file, cwd)} is a ${formatById(tool).tool} migration, and pgshift revision writes migrations for pgshift's runner; ${fix}`);
    }
  }
  const after = detectSetFormat([...files, ...newFiles], root);
  if (after !== 'pgshift') {
    const names = newFiles.map((file) => path.basename(file)).join(' and ');
    throw new RevisionError(
      `with "source": "auto", ${names} would make pgshift read ${display(root, cwd)} as ${formatById(after).tool} migrations (whose names look like these) and ignore pgshift's directives; ${fix}, then run again`,
    );
  }
}

/** The config's migration sets as `pgshift lint` finds them; none when its paths match nothing yet. */
async function migrationSets(config: ResolvedConfig): Promise<MigrationSet[]> {
  try {
    return await discoverMigrationSets(config.migrations, config.baseDir);
  } catch {
    return [];
  }
}

function isInside(file: string, folder: string): boolean {
  const relative = path.relative(folder, file);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/** Check the new file the way `pgshift lint` and the runner will find it: in the config's migrations, in the intended release. */
async function lintWouldMiss(file: string, release: string | undefined, config: ResolvedConfig, cwd: string): Promise<string[]> {
  const shown = display(file, cwd);
  const sets = await migrationSets(config);
  const set = sets.find((s) => s.files.includes(file));
  if (set === undefined) return [`${shown} is not among the config's "migrations" (${config.migrations.join(', ')}), so pgshift will not lint or run it`];
  if (release === undefined) return [];
  const found = releaseFinder(config.releases, config.baseDir)(file, set.root);
  if (found?.name === release) return [];
  return [`${shown} is not in release ${release} as the config defines it (${found ? `it falls in release ${found.name}` : 'no release claims it'}); check the release's "migrations" globs`];
}

function display(file: string, cwd: string): string {
  return path.relative(cwd, file) || '.';
}
