/**
 * The contract of a migration format: how one migration tool names, orders
 * and splits its files, and how it sends each migration to Postgres. pgshift
 * reads every format the way its tool runs it, so the transaction a statement
 * lands in is the one it will land in in production.
 */
import type { MigrationSource } from '../../engine/linter.js';
import type { ReleaseRef } from '../../model/schema.js';

export const FORMAT_IDS = ['pgshift', 'alembic', 'goose', 'dbmate', 'golang-migrate', 'sqlx', 'diesel', 'flyway', 'prisma', 'popx'] as const;
export type FormatId = (typeof FORMAT_IDS)[number];

export type Direction = 'up' | 'down';

/** A file of a set as the format sees it: its role, and for a down file the up migration it undoes. */
export interface FormatFile {
  path: string;
  direction: Direction;
  /** for a down file: the path of the up file it reverts, when there is one */
  undoes?: string;
  /** the tool never runs this file, and why: its name does not follow the tool's rules */
  ignored?: string;
}

/** What a name tells a format: a migration in one direction (`key` pairs an up file with its down file), a file the tool knowingly passes over, or nothing it knows. */
export type FileRole = { direction: Direction; key: string } | 'skip' | undefined;

/** One file, decoded, ready to be split into migrations. */
export interface FileToRead {
  path: string;
  /** the migration's id: its path relative to its set's folder */
  id: string;
  /** what reporters print: the path, or `<stdin>` */
  filePath: string;
  /** the text, without the UTF-8 byte-order mark the file may start with */
  text: string;
  /** the file started with a byte-order mark (which a tool that tests its first bytes sees) */
  bom?: boolean;
  release?: ReleaseRef | undefined;
  direction: Direction;
  /** for a down file, the id of the up migration it undoes */
  undoes?: string | undefined;
  /** the set's folder, where formats look for project files (Cargo.toml, package.json) */
  setRoot: string;
}

export interface ReadOptions {
  /** lint the down parts of migrations too */
  includeDown: boolean;
}

/**
 * One migration cut from a file. A down migration that reverts a particular up
 * migration is linted on the schema as that migration left it, as a rollback
 * runs: after its release went live (so it belongs to no release, and nothing
 * it touches is new).
 */
export interface MigrationUnit extends MigrationSource {
  direction: Direction;
  /** a down migration linted on the schema after its up migration, which then goes on as if it never ran */
  reverts: boolean;
}

/**
 * What a format gives back for one file: its migrations; a note that it holds
 * none pgshift lints (a warning); or why the tool would refuse it (an error at
 * a UTF-16 index).
 */
export type ReadOutcome = { units: MigrationUnit[] } | { skipped: string } | { fatal: string; index: number };

export interface MigrationFormat {
  readonly id: FormatId;
  /** the tool's name as messages and docs write it */
  readonly tool: string;
  /**
   * Which of a set's `.sql` files the tool runs, in the order it runs them
   * (down files right after the up file they undo), given in natural order.
   * Files the tool would not run are left out.
   */
  select(files: readonly string[], options: ReadOptions): FormatFile[];
  /** Cut a file into the migrations the tool runs, each with its transaction plan. */
  read(file: FileToRead, options: ReadOptions): ReadOutcome;
  /** Files beside a migration that change how it runs (diesel's metadata.toml), for `--changed-since`. */
  companions?(path: string): string[];
}

/** One part of a file as a migration: the file's own when it is the whole file, `<file>#<label>` when a file holds several. */
export function migrationUnit(
  file: FileToRead,
  part: Pick<MigrationUnit, 'runner' | 'transaction'> & Partial<Pick<MigrationUnit, 'id' | 'text' | 'direction' | 'reverts' | 'stream'>> & { label?: string },
): MigrationUnit {
  const direction = part.direction ?? file.direction;
  return {
    id: part.id ?? (direction === 'down' ? `${file.undoes ?? file.id}#down` : file.id),
    filePath: part.label === undefined ? file.filePath : `${file.filePath}#${part.label}`,
    text: part.text ?? file.text,
    ...(file.release && direction === 'up' ? { release: file.release } : {}),
    direction,
    reverts: part.reverts ?? (direction === 'down' && file.undoes !== undefined),
    ...(part.transaction ? { transaction: part.transaction } : {}),
    ...(part.runner ? { runner: part.runner } : {}),
    ...(part.stream ? { stream: part.stream } : {}),
  };
}

/**
 * Up files and the down files that undo them, from what their names say: down
 * files come right after their up file, or last when it has none; files the
 * tool does not know come last, marked with `naming`, the rule they break.
 */
export function pairUpAndDown(files: readonly string[], roleOf: (file: string) => FileRole, includeDown: boolean, naming: string): FormatFile[] {
  const ups: FormatFile[] = [];
  const upByKey = new Map<string, string>();
  const downs: { path: string; key: string }[] = [];
  const unknown: FormatFile[] = [];
  for (const path of files) {
    const role = roleOf(path);
    if (role === 'skip') continue;
    if (role === undefined) unknown.push({ path, direction: 'up', ignored: `${naming}. Rename it if it is meant to be a migration` });
    else if (role.direction === 'up') {
      ups.push({ path, direction: 'up' });
      upByKey.set(role.key, path);
    } else if (includeDown) downs.push({ path, key: role.key });
  }
  const after = new Map<string, FormatFile[]>();
  const orphans: FormatFile[] = [];
  for (const down of downs) {
    const up = upByKey.get(down.key);
    if (up === undefined) orphans.push({ path: down.path, direction: 'down' });
    else after.set(up, [...(after.get(up) ?? []), { path: down.path, direction: 'down', undoes: up }]);
  }
  return [...ups.flatMap((up) => [up, ...(after.get(up.path) ?? [])]), ...orphans, ...unknown];
}
