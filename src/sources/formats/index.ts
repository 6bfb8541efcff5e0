/**
 * The formats pgshift reads, and how it tells which one a set of files is in
 * when the configuration does not say: first from names and project files
 * (without reading the migrations), then, file by file, from the markers
 * inside (goose, dbmate and Alembic write their own).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { alembicFormat, isAlembicOutput } from './alembic.js';
import { dbmateFormat, hasDbmateUp } from './dbmate.js';
import { dieselFormat } from './diesel.js';
import { flywayFormat, flywayName } from './flyway.js';
import type { FormatId, MigrationFormat } from './format.js';
import { golangMigrateFormat, golangMigrateRole } from './golang-migrate.js';
import { gooseFormat, hasGooseUp } from './goose.js';
import { pgshiftFormat } from './pgshift.js';
import { looksLikePopx, popxFormat } from './popx.js';
import { prismaFormat } from './prisma.js';
import { sqlxFormat, startsWithSqlxNoTransaction } from './sqlx.js';

export { FORMAT_IDS, type Direction, type FormatId, type MigrationFormat, type MigrationUnit, type ReadOutcome, type FormatFile, type FileToRead, type ReadOptions } from './format.js';

const FORMATS: Record<FormatId, MigrationFormat> = {
  pgshift: pgshiftFormat,
  alembic: alembicFormat,
  goose: gooseFormat,
  dbmate: dbmateFormat,
  'golang-migrate': golangMigrateFormat,
  sqlx: sqlxFormat,
  diesel: dieselFormat,
  flyway: flywayFormat,
  prisma: prismaFormat,
  popx: popxFormat,
};

export function formatById(id: FormatId): MigrationFormat {
  return FORMATS[id];
}

/**
 * The format of a set from its file names and the project around it. Names
 * that several tools share (`.up.sql`) are settled by the project: a Cargo.toml
 * that depends on sqlx makes them sqlx's.
 */
export function detectSetFormat(files: readonly string[], setRoot: string): FormatId {
  const names = files.map((file) => path.basename(file));
  if (files.some(looksLikePopx)) return 'popx';
  if (files.some((file) => path.basename(file) === 'migration.sql' && /^\d{14}_/.test(path.basename(path.dirname(file))))) return 'prisma';
  if (names.includes('up.sql')) return 'diesel';
  if (files.some((file) => flywayName(file) !== undefined)) return 'flyway';
  if (dependsOnSqlx(setRoot)) return 'sqlx';
  // Other runners use `.up.sql` too (Authelia's, Concourse's), and pgshift pairs `<name>.sql` with `<name>.down.sql`:
  // only an up file named golang-migrate's way makes a set its.
  if (files.some((file) => golangMigrateRole(file)?.direction === 'up')) return 'golang-migrate';
  return 'pgshift';
}

/**
 * The format of one file, given its set's: markers inside a file say more than
 * names. Only sets whose names carry no format of their own are reconsidered.
 */
export function detectFileFormat(text: string, setFormat: FormatId): FormatId {
  if (setFormat !== 'pgshift' && setFormat !== 'golang-migrate') return setFormat;
  if (setFormat === 'pgshift') {
    if (hasGooseUp(text)) return 'goose';
    if (hasDbmateUp(text)) return 'dbmate';
    if (isAlembicOutput(text)) return 'alembic';
  }
  return startsWithSqlxNoTransaction(text) ? 'sqlx' : setFormat;
}

/** A Cargo.toml at or above the set's folder (up to the repository's root) that depends on sqlx. */
function dependsOnSqlx(setRoot: string): boolean {
  for (let dir = path.resolve(setRoot); ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'Cargo.toml');
    if (existsSync(manifest)) {
      try {
        if (/^\s*sqlx\s*=|^\s*\[(?:workspace\.)?dependencies\.sqlx\]/m.test(readFileSync(manifest, 'utf8'))) return true;
      } catch {
        // An unreadable manifest says nothing.
      }
    }
    if (existsSync(path.join(dir, '.git')) || path.dirname(dir) === dir) return false;
  }
}
