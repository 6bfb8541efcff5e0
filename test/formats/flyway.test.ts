/**
 * Flyway as it runs PostgreSQL migrations: fixture projects under
 * fixtures/formats/flyway/ (`V<version>__<description>.sql`, `R__…`, `U…`
 * and `.sql.conf` files in a migration location), linted the way
 * `pgshift lint <project>` lints them. Each ordering expectation is the
 * complete list of results.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TransactionPlan } from '../../src/engine/rule.js';
import { lintText } from '../../src/lint/index.js';
import { loadParser, parseStatements } from '../../src/parse/parse-sql.js';
import { SourceText } from '../../src/parse/source-text.js';
import { discoverMigrationSets } from '../../src/sources/discover.js';
import { compareVersions, flywayFormat, flywayName } from '../../src/sources/formats/flyway.js';
import { detectSetFormat } from '../../src/sources/formats/index.js';
import { formatFixtures, lintFixtureDir, ruleIdsByMigration } from '../support/formats.js';

const app = path.join(formatFixtures, 'flyway', 'app');
/** Flyway's default location, `classpath:db/migration`, in a Maven layout. */
const LOCATION = 'src/main/resources/db/migration';
const location = path.join(app, LOCATION);
const enumValue = path.join(formatFixtures, 'flyway', 'enum-value');

/** The plan Flyway's format gives a fixture script, as the engine works it out from the parsed statements. */
async function planOf(file: string, pgVersion: number): Promise<TransactionPlan> {
  await loadParser();
  const text = readFileSync(file, 'utf8');
  const outcome = flywayFormat.read({ path: file, id: path.basename(file), filePath: file, text, direction: 'up', setRoot: path.dirname(file) }, { includeDown: false });
  if (!('units' in outcome)) throw new Error(`no migration in ${file}`);
  const plan = outcome.units[0]?.transaction;
  const parsed = parseStatements(new SourceText(text));
  if (!parsed.ok || plan === undefined) throw new Error(`cannot plan ${file}`);
  return typeof plan === 'function' ? plan({ statements: parsed.statements, directives: [], pgVersion }) : plan;
}

/** Rule ids reported on a script linted as text at a location of the app, at a PostgreSQL version. */
async function ruleIdsOf(text: string, pgVersion: number): Promise<string[]> {
  const [result] = await lintText(text, { cwd: app, filePath: `${LOCATION}/V20__maintenance.sql`, overrides: { pgVersion } });
  return (result?.messages ?? []).map((m) => `${m.line} ${m.ruleId ?? '(none)'}`);
}

async function messagesOf(file: string, ruleId: string) {
  const results = await lintFixtureDir('flyway/app');
  const result = results.find((r) => r.filePath === path.join(location, file));
  if (!result) throw new Error(`no result for ${file}`);
  return result.messages.filter((m) => m.ruleId === ruleId);
}


describe('Flyway: detection and order', () => {
  it('detects Flyway from V…__ names', async () => {
    const [set] = await discoverMigrationSets(['.'], app);
    expect(detectSetFormat(set?.files ?? [], app)).toBe('flyway');
  });

  it('runs versioned migrations by numeric version, then repeatables by description', async () => {
    // MigrationVersion compares each `.`/`_`-separated part as a number: 1.1 < 1_9 < 1_10 < 2 < 10.
    // Repeatables run after every versioned migration, in the order of their description, which has a space
    // for each underscore of the name (ResourceNameParser): "account view" < "account-audit view" < "order totals".
    expect(ruleIdsByMigration(await lintFixtureDir('flyway/app'), app)).toEqual([
      [`${LOCATION}/V1__create_accounts.sql`, []],
      [`${LOCATION}/V1.1__add_accounts_email.sql`, []],
      [`${LOCATION}/V1_9__add_orders_note.sql`, []],
      [`${LOCATION}/V1_10__index_orders_account_id.sql`, []],
      [`${LOCATION}/V2__index_accounts_email.sql`, ['autocommit-only-where-required']],
      [`${LOCATION}/V3__reindex_orders.sql`, ['run-outside-transaction']],
      [`${LOCATION}/V3_1__reindex_accounts.sql`, []],
      [`${LOCATION}/V4__index_orders_created_at.sql`, ['run-outside-transaction']],
      [`${LOCATION}/V5__index_orders_total.sql`, []],
      [`${LOCATION}/V10__add_accounts_plan.sql`, []],
      [`${LOCATION}/R__account_view.sql`, []],
      [`${LOCATION}/R__account-audit_view.sql`, []],
      [`${LOCATION}/R__order_totals.sql`, []],
      [`${LOCATION}/backfill_order_totals.sql`, ['(none)']],
      [`${LOCATION}/V6_add_orders_status.sql`, ['(none)']],
    ]);
  });

  it('with includeDown, lints an undo migration (U) right after the version it undoes', async () => {
    const ids = ruleIdsByMigration(await lintFixtureDir('flyway/app', { includeDown: true }), app).map(([file]) => file);
    expect(ids.slice(3, 6)).toEqual([`${LOCATION}/V1_10__index_orders_account_id.sql`, `${LOCATION}/U1_10__drop_index_orders_account_id.sql`, `${LOCATION}/V2__index_accounts_email.sql`]);
    expect(ids).toHaveLength(16);
  });

  it('compares versions part by part as numbers, trailing zero parts aside', () => {
    const version = (name: string) => flywayName(name)?.version ?? [];
    expect(compareVersions(version('V1_10__b.sql'), version('V1_9__a.sql'))).toBe(1);
    expect(compareVersions(version('V2__b.sql'), version('V1.1__a.sql'))).toBe(1);
    expect(compareVersions(version('V2.0__b.sql'), version('V2__a.sql'))).toBe(0);
    expect(compareVersions(version('V001__b.sql'), version('V1__a.sql'))).toBe(0);
  });

  it('warns about the files Flyway passes over, without a rule id', async () => {
    // One underscore before the description, or no prefix: not a migration name, so Flyway ignores the file.
    const results = await lintFixtureDir('flyway/app');
    for (const file of ['V6_add_orders_status.sql', 'backfill_order_totals.sql']) {
      const result = results.find((r) => r.filePath === path.join(location, file));
      expect(result?.messages.map((msg) => [msg.ruleId, msg.severity, msg.message])).toEqual([
        [
          null,
          1,
          'Flyway never runs this file: it runs only files named `V<version>__<description>.sql` and `R__<description>.sql` (and `U<version>__…` to undo one). Rename it if it is meant to be a migration.',
        ],
      ]);
    }
  });
});

describe('Flyway: transactions', () => {
  it('runs a migration holding a CREATE INDEX CONCURRENTLY without a transaction, found by Flyway itself', async () => {
    expect(await messagesOf('V1_10__index_orders_account_id.sql', 'run-outside-transaction')).toEqual([]);
    expect(await planOf(path.join(location, 'V1_10__index_orders_account_id.sql'), 14)).toMatchObject({ mode: 'none', declaredAutocommit: true });
    expect(await planOf(path.join(location, 'V1_9__add_orders_note.sql'), 14)).toMatchObject({ mode: 'wrapped' });
  });

  it('reports the SET beside a CREATE INDEX CONCURRENTLY: Flyway refuses the mix unless `mixed` is on', async () => {
    const [message, ...rest] = await messagesOf('V2__index_accounts_email.sql', 'autocommit-only-where-required');
    expect(rest).toEqual([]);
    expect(message).toMatchObject({ line: 1, column: 1, messageId: 'runnerRefuses', severity: 2 });
    expect(message?.message).toContain('Flyway refuses to run a migration that mixes statements that cannot run in a transaction with any other statement, SET included');
    expect(message?.message).toContain('so Flyway will not run this migration. Move it to another migration and keep only CREATE INDEX CONCURRENTLY (line 2) here');
  });

  it('finds each statement Flyway’s PostgreSQL parser marks as non-transactional, alone and beside a SET', async () => {
    const detected = [
      'CREATE INDEX CONCURRENTLY orders_total_idx ON orders (total);',
      'CREATE UNIQUE INDEX CONCURRENTLY orders_total_key ON orders (total);',
      'DROP INDEX CONCURRENTLY orders_total_idx;',
      'CREATE DATABASE analytics;',
      "CREATE TABLESPACE fast LOCATION '/mnt/fast';",
      'DROP TABLESPACE fast;',
      "CREATE SUBSCRIPTION orders_sub CONNECTION 'host=replica dbname=shop' PUBLICATION orders_pub;",
      'DROP SUBSCRIPTION orders_sub;',
      "ALTER SYSTEM SET work_mem = '64MB';",
      'VACUUM orders;',
      'VACUUM (ANALYZE) orders;',
      'DISCARD ALL;',
    ];
    for (const statement of detected) {
      expect(await ruleIdsOf(`${statement}\n`, 14), statement).toEqual([]);
      expect(await ruleIdsOf(`SET lock_timeout = '5s';\n${statement}\n`, 14), statement).toEqual(['1 autocommit-only-where-required']);
    }
    // REINDEX SCHEMA/DATABASE/SYSTEM are found too; reindex-concurrently asks for the CONCURRENTLY form on its own.
    for (const statement of ['REINDEX SCHEMA public;', 'REINDEX DATABASE shop;', 'REINDEX SYSTEM shop;']) {
      expect(await ruleIdsOf(`${statement}\n`, 14), statement).toEqual(['1 reindex-concurrently']);
      expect(await ruleIdsOf(`SET lock_timeout = '5s';\n${statement}\n`, 14), statement).toEqual(['1 autocommit-only-where-required', '2 reindex-concurrently']);
    }
  });

  it('reports REINDEX … CONCURRENTLY, which Flyway does not find, in Flyway’s transaction, with the .sql.conf to write', async () => {
    // PostgreSQLParser's list has REINDEX SCHEMA/DATABASE/SYSTEM only, so REINDEX TABLE/INDEX CONCURRENTLY runs in the transaction and fails.
    const [message, ...rest] = await messagesOf('V3__reindex_orders.sql', 'run-outside-transaction');
    expect(rest).toEqual([]);
    expect(message).toMatchObject({ line: 1, column: 1, messageId: 'insideTransaction' });
    expect(message?.message).toContain('REINDEX CONCURRENTLY cannot run inside a transaction block, but here it runs inside the transaction Flyway opens around this migration');
    expect(message?.message).toContain('Put `executeInTransaction=false` in a `.sql.conf` file beside this migration (the script name plus `.conf`), so Flyway runs it outside a transaction');
    expect(await ruleIdsOf('REINDEX INDEX CONCURRENTLY orders_pkey;\n', 14)).toEqual(['1 run-outside-transaction']);
  });

  it('lets executeInTransaction in the script’s .sql.conf win over Flyway’s own finding, both ways', async () => {
    // executeInTransaction=false: REINDEX TABLE CONCURRENTLY runs outside a transaction.
    expect(await planOf(path.join(location, 'V3_1__reindex_accounts.sql'), 14)).toMatchObject({ mode: 'none', declaredBy: '`executeInTransaction=false` in `V3_1__reindex_accounts.sql.conf`' });
    expect(await messagesOf('V3_1__reindex_accounts.sql', 'run-outside-transaction')).toEqual([]);
    // executeInTransaction=true: even a CREATE INDEX CONCURRENTLY runs in Flyway's transaction.
    expect(await planOf(path.join(location, 'V4__index_orders_created_at.sql'), 14)).toMatchObject({ mode: 'wrapped' });
    const [message] = await messagesOf('V4__index_orders_created_at.sql', 'run-outside-transaction');
    expect(message?.message).toContain('CREATE INDEX CONCURRENTLY cannot run inside a transaction block, but here it runs inside the transaction Flyway opens around this migration');
  });

  it('does not refuse a mix when the .sql.conf sets executeInTransaction: Flyway checks the mix only without one', async () => {
    // ParserSqlScript.parse throws "Detected both transactional and non-transactional statements" only when `metadata.executeInTransaction() == null`.
    const plan = await planOf(path.join(location, 'V5__index_orders_total.sql'), 14);
    expect(plan).toMatchObject({ mode: 'none', declaredAutocommit: true });
    expect(plan.refusesMixed).toBeUndefined();
    expect(await messagesOf('V5__index_orders_total.sql', 'autocommit-only-where-required')).toEqual([]);
  });

  it('finds ALTER TYPE … ADD VALUE only when the server is older than 12, as Flyway does', async () => {
    const migration = path.join(enumValue, 'db', 'migration');
    const lint = async (pgVersion: number) => ruleIdsByMigration(await lintFixtureDir('flyway/enum-value', { request: { overrides: { pgVersion } } }), enumValue);
    // Before 12, ADD VALUE cannot run in a transaction: Flyway runs V2 without one, and refuses V3 for its SET.
    expect(await lint(11)).toEqual([
      ['db/migration/V1__create_order_state.sql', []],
      ['db/migration/V2__add_refunded_state.sql', []],
      ['db/migration/V3__add_cancelled_state.sql', ['autocommit-only-where-required']],
    ]);
    expect(await planOf(path.join(migration, 'V2__add_refunded_state.sql'), 11)).toMatchObject({ mode: 'none' });
    // From 12 it can, and Flyway runs both in a transaction.
    expect(await lint(12)).toEqual([
      ['db/migration/V1__create_order_state.sql', []],
      ['db/migration/V2__add_refunded_state.sql', []],
      ['db/migration/V3__add_cancelled_state.sql', []],
    ]);
    expect(await planOf(path.join(migration, 'V2__add_refunded_state.sql'), 12)).toMatchObject({ mode: 'wrapped' });
    expect(await planOf(path.join(migration, 'V3__add_cancelled_state.sql'), 12)).toMatchObject({ mode: 'wrapped' });
  });
});

describe('Flyway: companions', () => {
  it('names the script’s .sql.conf, which decides whether it runs in a transaction', () => {
    const script = path.join(location, 'V3_1__reindex_accounts.sql');
    expect(flywayFormat.companions?.(script)).toEqual([`${script}.conf`]);
    expect(flywayFormat.companions?.(path.join(location, 'R__order_totals.sql'))).toEqual([path.join(location, 'R__order_totals.sql.conf')]);
  });
});
