/**
 * golang-migrate: `<version>_<title>.up.sql` and `.down.sql`, in version
 * order. Its Postgres driver sends a file as one query string and opens no
 * transaction, so Postgres runs a file of two or more statements as one
 * implicit transaction; there is no per-file switch.
 */
import path from 'node:path';
import type { RunnerInfo, TransactionPlan } from '../../engine/rule.js';
import { migrationUnit, pairUpAndDown, type Direction, type MigrationFormat } from './format.js';

export const GOLANG_MIGRATE_RUNNER: RunnerInfo = {
  tool: 'golang-migrate',
  outsideTransaction:
    'a migration file of its own holding only that statement (golang-migrate sends a file as one query, which Postgres runs in one transaction when it holds more than one statement)',
};

const SINGLE_QUERY: TransactionPlan = { mode: 'single-query', declaredAutocommit: false };

/** `<name>.up.sql` / `<name>.down.sql`: the direction, and the name the pair shares. */
export function upDownRole(file: string): { direction: Direction; key: string } | undefined {
  const match = /^(.*)\.(up|down)\.sql$/.exec(file);
  return match ? { direction: match[2] as Direction, key: match[1] as string } : undefined;
}

/** golang-migrate's own name rule, `^([0-9]+)_(.*)\.(down|up)\.(.*)$` (source/parse.go): it skips a file without the version. */
export function golangMigrateRole(file: string): { direction: Direction; key: string } | undefined {
  return /^\d+_/.test(path.basename(file)) ? upDownRole(file) : undefined;
}

export const golangMigrateFormat: MigrationFormat = {
  id: 'golang-migrate',
  tool: 'golang-migrate',
  select: (files, { includeDown }) =>
    pairUpAndDown(files, golangMigrateRole, includeDown, 'golang-migrate never runs this file: it runs only files named `<version>_<title>.up.sql` and `.down.sql`'),
  read: (file) => ({ units: [migrationUnit(file, { transaction: SINGLE_QUERY, runner: GOLANG_MIGRATE_RUNNER })] }),
};
