/**
 * Which statements must run outside a transaction block. Each "certain" case
 * fails with "cannot run inside a transaction block" after BEGIN on
 * PostgreSQL 18 (and 15 for the partitioned cases).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { autocommitRequirement, type AutocommitRequirement } from '../src/model/autocommit.js';
import { replayStatement } from '../src/model/replay.js';
import { Resolver } from '../src/model/resolve.js';
import { SchemaModel } from '../src/model/schema.js';
import { loadParser, parseStatements, type Statement } from '../src/parse/parse-sql.js';
import { SourceText } from '../src/parse/source-text.js';

function parse(sql: string): Statement[] {
  const parsed = parseStatements(new SourceText(sql));
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.statements;
}

interface Options {
  pgVersion?: number;
  /** statements replayed first, in transaction 1 of the same migration */
  setup?: string;
  /** the transaction the statement runs in */
  transaction?: number;
}

/** The requirement of the last statement of `sql`, after the others ran in the same migration. */
function requirement(sql: string, options: Options = {}): AutocommitRequirement | undefined {
  const { pgVersion = 18, setup = '' } = options;
  const transaction = 'transaction' in options ? options.transaction : 1;
  const model = new SchemaModel();
  const resolver = new Resolver(model, () => ['public'], () => ({ migration: 'migration', release: undefined }));
  for (const statement of parse(setup)) replayStatement(statement, { migration: 'm', statement: statement.index, transaction: 1, release: undefined }, resolver);
  const statements = parse(sql);
  const target = statements[statements.length - 1] as Statement;
  return autocommitRequirement(target.node, { pgVersion, schema: resolver, transaction, earlier: () => statements.slice(0, -1) });
}

beforeAll(loadParser);

describe('autocommitRequirement', () => {
  it.each([
    ['CREATE INDEX CONCURRENTLY i ON t (a)', 'CREATE INDEX CONCURRENTLY'],
    ['DROP INDEX CONCURRENTLY IF EXISTS s.i', 'DROP INDEX CONCURRENTLY'],
    ['REINDEX INDEX CONCURRENTLY i', 'REINDEX CONCURRENTLY'],
    ['REINDEX (VERBOSE, CONCURRENTLY true) TABLE t', 'REINDEX CONCURRENTLY'],
    ['REINDEX SCHEMA app', 'REINDEX SCHEMA'],
    ['REINDEX SYSTEM', 'REINDEX SYSTEM'],
    ['REINDEX DATABASE app', 'REINDEX DATABASE'],
    ['VACUUM', 'VACUUM'],
    ['vacuum (full, analyze) t', 'VACUUM'],
    ['VACUUM (ANALYZE false) t', 'VACUUM'],
    ['CLUSTER', 'CLUSTER without a table name'],
    ['CREATE DATABASE reporting', 'CREATE DATABASE'],
    ['DROP DATABASE IF EXISTS reporting', 'DROP DATABASE'],
    ['ALTER DATABASE app SET TABLESPACE fast', 'ALTER DATABASE … SET TABLESPACE'],
    ['ALTER SYSTEM SET work_mem = 1', 'ALTER SYSTEM'],
    ['ALTER SYSTEM RESET ALL', 'ALTER SYSTEM'],
    ["CREATE TABLESPACE fast LOCATION '/ssd'", 'CREATE TABLESPACE'],
    ['DROP TABLESPACE fast', 'DROP TABLESPACE'],
    ['DISCARD ALL', 'DISCARD ALL'],
    ["COMMIT PREPARED 'tx1'", 'COMMIT PREPARED'],
    ["ROLLBACK PREPARED 'tx1'", 'ROLLBACK PREPARED'],
    ['ALTER TABLE p DETACH PARTITION p1 CONCURRENTLY', 'ALTER TABLE … DETACH PARTITION … CONCURRENTLY'],
    ["CREATE SUBSCRIPTION s CONNECTION 'host=a' PUBLICATION p", 'CREATE SUBSCRIPTION … WITH (create_slot = true)'],
    ["CREATE SUBSCRIPTION s CONNECTION 'host=a' PUBLICATION p WITH (create_slot)", 'CREATE SUBSCRIPTION … WITH (create_slot = true)'],
    ['DROP SUBSCRIPTION IF EXISTS s', 'DROP SUBSCRIPTION of a subscription with a replication slot'],
    ['ALTER SUBSCRIPTION s REFRESH PUBLICATION WITH (copy_data = false)', 'ALTER SUBSCRIPTION … REFRESH PUBLICATION'],
    ['ALTER SUBSCRIPTION s SET PUBLICATION p', 'ALTER SUBSCRIPTION … PUBLICATION with refresh'],
    ['ALTER SUBSCRIPTION s ADD PUBLICATION p WITH (refresh = on)', 'ALTER SUBSCRIPTION … PUBLICATION with refresh'],
    ['ALTER SUBSCRIPTION s SET (failover = false)', 'ALTER SUBSCRIPTION … SET (failover)'],
    ['ALTER SUBSCRIPTION s SET (two_phase = off)', 'ALTER SUBSCRIPTION … SET (two_phase = false)'],
    ['DO $$ BEGIN UPDATE t SET a = 1; COMMIT; END $$', 'DO with COMMIT or ROLLBACK in its body'],
    ["DO LANGUAGE plpgsql 'BEGIN ROLLBACK; END'", 'DO with COMMIT or ROLLBACK in its body'],
  ])('%s needs autocommit', (sql, command) => {
    expect(requirement(sql)).toEqual({ command, certain: true });
  });

  it.each([
    'CREATE INDEX i ON t (a)',
    'DROP INDEX i',
    'DROP TABLE t',
    'ANALYZE t',
    'ALTER DATABASE app SET work_mem = 1',
    'ALTER DATABASE app RENAME TO app2',
    'DISCARD PLANS',
    "ALTER TYPE mood ADD VALUE 'curious'",
    "ALTER TYPE mood RENAME VALUE 'sad' TO 'blue'",
    'ALTER TABLE p DETACH PARTITION p1',
    'ALTER TABLE p DETACH PARTITION p1 FINALIZE',
    "CREATE SUBSCRIPTION s CONNECTION 'host=a' PUBLICATION p WITH (connect = false)",
    "CREATE SUBSCRIPTION s CONNECTION 'host=a' PUBLICATION p WITH (create_slot = 0, slot_name = NONE)",
    'ALTER SUBSCRIPTION s SET PUBLICATION p WITH (refresh = false)',
    'ALTER SUBSCRIPTION s SET (two_phase = true)',
    'ALTER SUBSCRIPTION s DISABLE',
    'BEGIN',
    "PREPARE TRANSACTION 'tx1'",
    "DO $$ BEGIN RAISE NOTICE 'COMMIT'; END $$",
  ])('%s runs inside a transaction', (sql) => {
    expect(requirement(sql)).toBeUndefined();
  });

  it('knows a subscription whose slot an earlier statement detached has none to drop', () => {
    expect(requirement('ALTER SUBSCRIPTION s DISABLE; ALTER SUBSCRIPTION s SET (slot_name = NONE); DROP SUBSCRIPTION s')).toBeUndefined();
    expect(requirement('ALTER SUBSCRIPTION s SET (slot_name = NONE); ALTER SUBSCRIPTION s SET (failover)')).toBeUndefined();
    // Postgres compares with "none" exactly: a quoted 'NONE' is a slot name.
    expect(requirement("ALTER SUBSCRIPTION s SET (slot_name = 'NONE'); DROP SUBSCRIPTION s")?.certain).toBe(true);
    expect(requirement('ALTER SUBSCRIPTION other SET (slot_name = NONE); DROP SUBSCRIPTION s')?.certain).toBe(true);
    expect(requirement("CREATE SUBSCRIPTION s CONNECTION 'host=a' PUBLICATION p WITH (connect = false, slot_name = NONE); DROP SUBSCRIPTION s")).toBeUndefined();
  });

  it('follows the versions that changed the rules', () => {
    expect(requirement("ALTER TYPE mood ADD VALUE 'curious'", { pgVersion: 11 })).toEqual({ command: 'ALTER TYPE … ADD VALUE', certain: true });
    expect(requirement("ALTER TYPE mood ADD VALUE 'curious'", { pgVersion: 12 })).toBeUndefined();
    expect(requirement('ALTER SUBSCRIPTION s SET (failover)', { pgVersion: 16 })).toBeUndefined();
    expect(requirement('ALTER SUBSCRIPTION s SET (two_phase = false)', { pgVersion: 17 })).toBeUndefined();
  });

  it('lets an enum created in the same transaction take new values before PostgreSQL 12', () => {
    const setup = "CREATE TYPE mood AS ENUM ('sad')";
    expect(requirement("ALTER TYPE mood ADD VALUE 'curious'", { pgVersion: 11, setup, transaction: 1 })).toBeUndefined();
    expect(requirement("ALTER TYPE mood ADD VALUE 'curious'", { pgVersion: 11, setup, transaction: 2 })?.certain).toBe(true);
    expect(requirement("ALTER TYPE mood ADD VALUE 'curious'", { pgVersion: 11, setup, transaction: undefined })?.certain).toBe(true);
  });

  describe('partitioned tables', () => {
    const setup = `
      CREATE TABLE events (at timestamptz NOT NULL) PARTITION BY RANGE (at);
      CREATE INDEX events_at_idx ON events (at);
      CREATE TABLE users (id bigint);
      CREATE INDEX users_id_idx ON users (id);`;

    it('needs autocommit for REINDEX on PostgreSQL 14+ and CLUSTER on 15+', () => {
      expect(requirement('REINDEX TABLE events', { setup })).toEqual({ command: 'REINDEX TABLE on a partitioned table', certain: true });
      expect(requirement('REINDEX INDEX events_at_idx', { setup })).toEqual({ command: 'REINDEX INDEX on a partitioned index', certain: true });
      expect(requirement('CLUSTER events USING events_at_idx', { setup })).toEqual({ command: 'CLUSTER on a partitioned table', certain: true });
      expect(requirement('REINDEX TABLE events', { setup, pgVersion: 13 })).toBeUndefined();
      expect(requirement('CLUSTER events USING events_at_idx', { setup, pgVersion: 14 })).toBeUndefined();
    });

    it('runs on a plain table inside a transaction', () => {
      expect(requirement('REINDEX TABLE users', { setup })).toBeUndefined();
      expect(requirement('REINDEX INDEX users_id_idx', { setup })).toBeUndefined();
      expect(requirement('CLUSTER users USING users_id_idx', { setup })).toBeUndefined();
      expect(requirement('CLUSTER users', { setup })).toBeUndefined();
      expect(requirement('REINDEX (CONCURRENTLY false) INDEX users_id_idx', { setup })).toBeUndefined();
    });

    it('is not certain about a table the migrations never showed', () => {
      expect(requirement('REINDEX TABLE orders')).toEqual({ command: 'REINDEX TABLE on a partitioned table', certain: false });
      expect(requirement('REINDEX INDEX orders_pkey')).toEqual({ command: 'REINDEX INDEX on a partitioned index', certain: false });
      expect(requirement('CLUSTER orders USING orders_pkey')).toEqual({ command: 'CLUSTER on a partitioned table', certain: false });
    });
  });

  it('cannot see whether a procedure commits', () => {
    expect(requirement('CALL archive_orders()')).toEqual({ command: 'CALL of a procedure that commits', certain: false });
  });
});
