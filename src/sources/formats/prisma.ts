/**
 * Prisma Migrate: `migrations/<timestamp>_<name>/migration.sql`, in the
 * order of the folder names. Prisma opens no transaction around a migration.
 * Before 7.4 it sends `migration.sql` as one query string, which Postgres runs
 * as one implicit transaction when it holds two or more statements; from 7.4
 * (prisma-engines #5767) it splits the script and sends each statement on its
 * own, unless its SQL parser cannot read a statement: then it falls back to
 * the one query string (prisma-engines #5847: `DROP INDEX CONCURRENTLY` is
 * such a statement). The version comes from the package.json nearest the
 * migration; without one pgshift assumes the older, stricter behaviour.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { PlanInput, RunnerInfo, TransactionPlan } from '../../engine/rule.js';
import { asNode } from '../../parse/ast.js';
import { migrationUnit, pairUpAndDown, type MigrationFormat } from './format.js';

export const PRISMA_RUNNER: RunnerInfo = {
  tool: 'Prisma Migrate',
  outsideTransaction:
    'a migration of its own holding only that statement (Prisma sends `migration.sql` as one query when it does not split it, always before 7.4 and from 7.4 when it holds a `DROP INDEX CONCURRENTLY`, and Postgres runs such a query in one transaction when it holds more than one statement)',
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

const ONE_QUERY: TransactionPlan = { mode: 'single-query', declaredAutocommit: false };

/**
 * From 7.4 Prisma splits a script with sqlparser, which reads `CREATE INDEX
 * CONCURRENTLY` but not `DROP INDEX CONCURRENTLY`; when it fails on any
 * statement, the whole script goes as one query. Other statements sqlparser
 * cannot read are not known here, so they are taken as split.
 */
function splitUnlessUnreadable({ statements }: PlanInput): TransactionPlan {
  const unreadable = statements.length > 1 && statements.some((s) => {
    const drop = asNode(s.node, 'DropStmt');
    return drop?.concurrent === true && drop.removeType === 'OBJECT_INDEX';
  });
  return unreadable ? ONE_QUERY : { mode: 'none', declaredAutocommit: false };
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
    // From the migration's own folder: in a monorepo the package that holds the schema is nearer than the folder linted.
    const from = path.isAbsolute(file.path) ? path.dirname(file.path) : file.setRoot;
    const transaction = prismaSplitsStatements(prismaVersion(from)) ? splitUnlessUnreadable : ONE_QUERY;
    return { units: [migrationUnit(file, { transaction, runner: PRISMA_RUNNER })] };
  },
};
