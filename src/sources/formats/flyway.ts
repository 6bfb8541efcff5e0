/**
 * Flyway: versioned `V<version>__<description>.sql` in version order (each
 * dot- or underscore-separated part compared as a number), then repeatable
 * `R__<description>.sql` by description; `U<version>__…` undoes a version.
 * Each migration runs in a transaction, unless it holds a statement Flyway
 * knows cannot (CREATE INDEX CONCURRENTLY, VACUUM, …): then the whole
 * migration runs statement by statement without one, and Flyway refuses a
 * migration that also holds other statements unless `mixed` is on. A
 * `<script>.sql.conf` beside the script may set `executeInTransaction`.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { RunnerInfo, TransactionPlan, PlanInput } from '../../engine/rule.js';
import { asNode } from '../../parse/ast.js';
import type { Statement } from '../../parse/parse-sql.js';
import { migrationUnit, pairUpAndDown, type FileRole, type MigrationFormat } from './format.js';

export const FLYWAY_RUNNER: RunnerInfo = {
  tool: 'Flyway',
  outsideTransaction: 'a migration of its own with `executeInTransaction=false` in a `.sql.conf` file beside it',
  optOut: { instruction: 'Put `executeInTransaction=false` in a `.sql.conf` file beside this migration (the script name plus `.conf`)', singleQuery: false },
};

interface FlywayName {
  kind: 'V' | 'U' | 'R';
  /** the version's numeric parts; empty for a repeatable migration */
  version: bigint[];
  description: string;
}

export function flywayName(file: string): FlywayName | undefined {
  const match = /^([VUR])(\d+(?:[._]\d+)*)?__(.+)\.sql$/.exec(path.basename(file));
  if (!match) return undefined;
  const kind = match[1] as FlywayName['kind'];
  if ((kind === 'R') !== (match[2] === undefined)) return undefined;
  const version = (match[2] ?? '').split(/[._]/).filter((part) => part !== '').map((part) => BigInt(part));
  // Trailing zero parts do not count: 1.0 is version 1.
  while (version.length > 0 && version[version.length - 1] === 0n) version.pop();
  return { kind, version, description: match[3] as string };
}

export function compareVersions(a: readonly bigint[], b: readonly bigint[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const [x, y] = [a[i] ?? 0n, b[i] ?? 0n];
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

/** What Flyway's PostgreSQL parser marks as unable to run in a transaction, named for messages. */
export function flywayNonTransactional(statement: Statement, pgVersion: number): string | undefined {
  const node = statement.node;
  if (asNode(node, 'IndexStmt')?.concurrent) return 'CREATE INDEX CONCURRENTLY';
  const drop = asNode(node, 'DropStmt');
  if (drop?.concurrent && drop.removeType === 'OBJECT_INDEX') return 'DROP INDEX CONCURRENTLY';
  if (asNode(node, 'CreatedbStmt')) return 'CREATE DATABASE';
  if (asNode(node, 'DropdbStmt')) return 'DROP DATABASE';
  if (asNode(node, 'CreateTableSpaceStmt')) return 'CREATE TABLESPACE';
  if (asNode(node, 'DropTableSpaceStmt')) return 'DROP TABLESPACE';
  if (asNode(node, 'CreateSubscriptionStmt')) return 'CREATE SUBSCRIPTION';
  if (asNode(node, 'DropSubscriptionStmt')) return 'DROP SUBSCRIPTION';
  if (asNode(node, 'AlterSystemStmt')) return 'ALTER SYSTEM';
  const reindex = asNode(node, 'ReindexStmt')?.kind;
  if (reindex === 'REINDEX_OBJECT_SCHEMA' || reindex === 'REINDEX_OBJECT_SYSTEM' || reindex === 'REINDEX_OBJECT_DATABASE') return 'REINDEX SCHEMA, SYSTEM or DATABASE';
  if (asNode(node, 'VacuumStmt')?.is_vacuumcmd) return 'VACUUM';
  if (asNode(node, 'DiscardStmt')?.target === 'DISCARD_ALL') return 'DISCARD ALL';
  // Flyway checks the server it migrates; pgshift checks the version it targets.
  if (pgVersion < 12 && asNode(node, 'AlterEnumStmt')?.newVal !== undefined) return 'ALTER TYPE … ADD VALUE';
  return undefined;
}

/** `executeInTransaction` from the script's `.conf` file, when it sets it. */
export function flywayScriptSetting(file: string): boolean | undefined {
  let conf: string;
  try {
    conf = readFileSync(`${file}.conf`, 'utf8');
  } catch {
    return undefined;
  }
  const setting = /^\s*executeInTransaction\s*=\s*(true|false)\s*$/m.exec(conf);
  return setting ? setting[1] === 'true' : undefined;
}

function flywayPlan(file: string): (input: PlanInput) => TransactionPlan {
  const configured = flywayScriptSetting(file);
  return ({ statements, pgVersion }) => {
    const conf = `\`${path.basename(file)}.conf\``;
    if (configured === false) return { mode: 'none', declaredAutocommit: true, declaredBy: `\`executeInTransaction=false\` in ${conf}` };
    if (configured === true) return { mode: 'wrapped', declaredAutocommit: false };
    const found = statements.map((s) => flywayNonTransactional(s, pgVersion)).find((command) => command !== undefined);
    if (found === undefined) return { mode: 'wrapped', declaredAutocommit: false };
    return {
      mode: 'none',
      declaredAutocommit: true,
      declaredBy: `Flyway runs a migration holding ${found} without a transaction`,
      refusesMixed: 'Flyway refuses to run a migration that mixes statements that cannot run in a transaction with any other statement, SET included, unless `mixed` is on',
    };
  };
}

export const flywayFormat: MigrationFormat = {
  id: 'flyway',
  tool: 'Flyway',
  select(files, { includeDown }) {
    const named = files.flatMap((file) => {
      const name = flywayName(file);
      return name ? [{ file, name }] : [];
    });
    const versioned = named.filter((n) => n.name.kind !== 'R').sort((a, b) => compareVersions(a.name.version, b.name.version));
    // Flyway's description has spaces for the name's underscores (ResourceNameParser), and repeatables run in its order.
    const descriptionOf = (n: { name: FlywayName }) => n.name.description.replaceAll('_', ' ');
    const repeatable = named.filter((n) => n.name.kind === 'R').sort((a, b) => (descriptionOf(a) < descriptionOf(b) ? -1 : descriptionOf(a) > descriptionOf(b) ? 1 : 0));
    const roles = new Map<string, FileRole>(
      [...versioned, ...repeatable].map(({ file, name }) => [file, { direction: name.kind === 'U' ? 'down' : 'up', key: name.kind === 'R' ? file : name.version.join('.') }]),
    );
    const unnamed = files.filter((file) => !roles.has(file));
    return pairUpAndDown(
      [...versioned, ...repeatable].map((n) => n.file).concat(unnamed),
      (file) => roles.get(file),
      includeDown,
      'Flyway never runs this file: it runs only files named `V<version>__<description>.sql` and `R__<description>.sql` (and `U<version>__…` to undo one)',
    );
  },
  read: (file) => ({ units: [migrationUnit(file, { transaction: flywayPlan(file.path), runner: FLYWAY_RUNNER })] }),
  companions: (file) => [`${file}.conf`],
};
