/**
 * Prisma Migrate: `migrations/<timestamp>_<name>/migration.sql`, in the
 * order of the folder names. Prisma opens no transaction around a migration.
 * Before 7.4 it sends `migration.sql` as one query string, which Postgres runs
 * as one implicit transaction when it holds two or more statements; from 7.4
 * (prisma-engines #5767) it splits the script and sends each statement on its
 * own. The version comes from the nearest package.json; without one pgshift
 * assumes the older, stricter behaviour.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { RunnerInfo, TransactionPlan } from '../../engine/rule.js';
import { migrationUnit, pairUpAndDown, type MigrationFormat } from './format.js';

export const PRISMA_RUNNER: RunnerInfo = {
  tool: 'Prisma Migrate',
  outsideTransaction: 'a migration of its own holding only that statement (Prisma before 7.4 sends `migration.sql` as one query, which Postgres runs in one transaction when it holds more than one statement)',
};

/** The Prisma version a project depends on, as [major, minor], from the nearest package.json that names `prisma` or `@prisma/client`. */
export function prismaVersion(fromDir: string): [number, number] | undefined {
  for (let dir = path.resolve(fromDir); ; dir = path.dirname(dir)) {
    let manifest: Record<string, Record<string, string> | undefined> | undefined;
    try {
      manifest = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as typeof manifest;
    } catch {
      manifest = undefined;
    }
    const spec = manifest && ['dependencies', 'devDependencies'].map((key) => manifest[key]?.prisma ?? manifest[key]?.['@prisma/client']).find(Boolean);
    const match = spec ? /(\d+)\.(\d+)/.exec(spec) : null;
    if (match) return [Number(match[1]), Number(match[2])];
    if (path.dirname(dir) === dir) return undefined;
  }
}

export function prismaSplitsStatements(version: [number, number] | undefined): boolean {
  return version !== undefined && (version[0] > 7 || (version[0] === 7 && version[1] >= 4));
}

export const prismaFormat: MigrationFormat = {
  id: 'prisma',
  tool: 'Prisma Migrate',
  select: (files, { includeDown }) =>
    pairUpAndDown(
      [...files].sort(),
      (file) => (path.basename(file) === 'migration.sql' ? { direction: 'up', key: file } : undefined),
      includeDown,
      'Prisma Migrate never runs this file: it runs only the `migration.sql` of each migration folder',
    ),
  read(file) {
    const transaction: TransactionPlan = prismaSplitsStatements(prismaVersion(file.setRoot))
      ? { mode: 'none', declaredAutocommit: false }
      : { mode: 'single-query', declaredAutocommit: false };
    return { units: [migrationUnit(file, { transaction, runner: PRISMA_RUNNER })] };
  },
};
