/**
 * Model facts the index-work rules rely on: DEFAULT partitions, whether a
 * materialized view is populated, which indexes are partial or on
 * expressions, and boolean options such as `VACUUM (FULL false)`.
 */
import { describe, expect, it } from 'vitest';
import type { Node } from 'libpg-query';
import { asNode, booleanOption } from '../../src/parse/ast.js';
import { loadParser, parseStatements, type Statement } from '../../src/parse/parse-sql.js';
import { SourceText } from '../../src/parse/source-text.js';
import { describeLock, statementLocks } from '../../src/model/locks.js';
import { replayStatement } from '../../src/model/replay.js';
import { Resolver } from '../../src/model/resolve.js';
import { SchemaModel } from '../../src/model/schema.js';

async function parse(sql: string): Promise<Statement[]> {
  await loadParser();
  const parsed = parseStatements(new SourceText(sql));
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.statements;
}

async function replay(sql: string): Promise<{ model: SchemaModel; resolver: Resolver }> {
  const model = new SchemaModel();
  const resolver = new Resolver(model, () => ['public'], () => ({ migration: 'm1', release: undefined }));
  for (const statement of await parse(sql)) {
    replayStatement(statement, { migration: 'm1', statement: statement.index, transaction: 1, release: undefined }, resolver);
  }
  return { model, resolver };
}

describe('DEFAULT partitions', () => {
  it('records a DEFAULT partition created with PARTITION OF … DEFAULT', async () => {
    const { model } = await replay(`
      CREATE TABLE events (at timestamptz) PARTITION BY RANGE (at);
      CREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
      CREATE TABLE events_other PARTITION OF events DEFAULT;`);
    expect(model.defaultPartitionOf('public.events')?.name).toBe('events_other');
    expect(model.tables.get('public.events_2024')?.defaultPartition).toBe(false);
  });

  it('follows ATTACH … DEFAULT and DETACH', async () => {
    const { model } = await replay(`
      ALTER TABLE events ATTACH PARTITION events_other DEFAULT;`);
    expect(model.defaultPartitionOf('public.events')?.name).toBe('events_other');
    const detached = await replay(`
      ALTER TABLE events ATTACH PARTITION events_other DEFAULT;
      ALTER TABLE events DETACH PARTITION events_other;`);
    expect(detached.model.defaultPartitionOf('public.events')).toBeUndefined();
  });

  it('forgets a DEFAULT partition that is dropped', async () => {
    const { model } = await replay(`
      CREATE TABLE events (at timestamptz) PARTITION BY RANGE (at);
      CREATE TABLE events_other PARTITION OF events DEFAULT;
      DROP TABLE events_other;`);
    expect(model.defaultPartitionOf('public.events')).toBeUndefined();
  });
});

describe('materialized views', () => {
  it('is unpopulated after WITH NO DATA until a refresh with data', async () => {
    const { model } = await replay(`CREATE MATERIALIZED VIEW totals AS SELECT 1 AS n WITH NO DATA;`);
    expect(model.tables.get('public.totals')?.populated).toBe(false);
    const refreshed = await replay(`
      CREATE MATERIALIZED VIEW totals AS SELECT 1 AS n WITH NO DATA;
      REFRESH MATERIALIZED VIEW totals;`);
    expect(refreshed.model.tables.get('public.totals')?.populated).toBe(true);
  });

  it('assumes a view it never saw created is populated, and records a refresh WITH NO DATA', async () => {
    const { model } = await replay(`REFRESH MATERIALIZED VIEW totals WITH NO DATA;`);
    expect(model.tables.get('public.totals')?.populated).toBe(false);
    expect(model.touchTable('public', 'other').populated).toBe(true);
  });
});

describe('SELECT … INTO', () => {
  it('creates a new table, as CREATE TABLE … AS does', async () => {
    const { model } = await replay(`SELECT 1 AS id INTO TEMP scratch; SELECT * INTO UNLOGGED TABLE report FROM scratch;`);
    expect(model.tables.get('pg_temp.scratch')?.kind).toBe('table');
    expect(model.tables.get('public.report')?.created?.statement).toBe(1);
  });
});

describe('index shape', () => {
  it('records partial and expression indexes', async () => {
    const { model } = await replay(`
      CREATE TABLE t (id int, email text, deleted_at timestamptz);
      CREATE UNIQUE INDEX t_id ON t (id);
      CREATE UNIQUE INDEX t_live_email ON t (email) WHERE deleted_at IS NULL;
      CREATE UNIQUE INDEX t_lower_email ON t (lower(email));
      ALTER TABLE t ADD CONSTRAINT t_email_key UNIQUE (email);`);
    const shape = (name: string) => {
      const index = model.indexes.get(`public.${name}`);
      return { partial: index?.partial, expressions: index?.expressions };
    };
    expect(shape('t_id')).toEqual({ partial: false, expressions: false });
    expect(shape('t_live_email')).toEqual({ partial: true, expressions: false });
    expect(shape('t_lower_email')).toEqual({ partial: false, expressions: true });
    expect(shape('t_email_key')).toEqual({ partial: false, expressions: false });
  });
});

describe('index names', () => {
  it('names an index created without a name as Postgres does', async () => {
    const { model } = await replay(`
      CREATE TABLE nm (a int, b text);
      CREATE UNIQUE INDEX ON nm (a);
      CREATE INDEX ON nm (lower(b));
      CREATE INDEX ON nm (a, (b || 'x'));
      CREATE INDEX ON nm (a) INCLUDE (b);
      CREATE INDEX ON nm ((a::text));
      CREATE INDEX ON nm (a, a);`);
    // The names a PostgreSQL 18 server chose for the same statements.
    expect([...model.indexes.keys()].sort()).toEqual(
      ['nm_a_a1_idx', 'nm_a_b_idx', 'nm_a_expr_idx', 'nm_a_idx', 'nm_a_idx1', 'nm_lower_idx'].map((n) => `public.${n}`),
    );
  });
});

describe('boolean options', () => {
  const options = async (sql: string): Promise<Node[] | undefined> => {
    const node = (await parse(sql))[0]?.node;
    return asNode(node, 'VacuumStmt')?.options ?? asNode(node, 'ReindexStmt')?.params;
  };

  it('reads options as Postgres does', async () => {
    expect(booleanOption(await options('VACUUM FULL t'), 'full')).toBe(true);
    expect(booleanOption(await options('VACUUM (FULL) t'), 'full')).toBe(true);
    expect(booleanOption(await options("VACUUM (FULL 'on') t"), 'full')).toBe(true);
    expect(booleanOption(await options('VACUUM (FULL 1) t'), 'full')).toBe(true);
    expect(booleanOption(await options('VACUUM (FULL false) t'), 'full')).toBe(false);
    expect(booleanOption(await options('VACUUM (FULL OFF) t'), 'full')).toBe(false);
    expect(booleanOption(await options('VACUUM (FULL 0) t'), 'full')).toBe(false);
    expect(booleanOption(await options('VACUUM (ANALYZE) t'), 'full')).toBe(false);
    expect(booleanOption(await options('REINDEX (CONCURRENTLY false) TABLE t'), 'concurrently')).toBe(false);
  });

  it('gives VACUUM (FULL false) and REINDEX (CONCURRENTLY false) their real locks', async () => {
    const resolver = new Resolver(new SchemaModel(), () => ['public'], () => ({ migration: 'm1', release: undefined }));
    const modes = async (sql: string) => statementLocks((await parse(sql))[0] as Statement, resolver).map((l) => l.mode);
    expect(await modes('VACUUM (FULL false) t')).toEqual(['SHARE UPDATE EXCLUSIVE']);
    expect(await modes('VACUUM (FULL) t')).toEqual(['ACCESS EXCLUSIVE']);
    expect(await modes('REINDEX (CONCURRENTLY false) TABLE t')).toEqual(['SHARE']);
    expect(await modes('REINDEX (CONCURRENTLY) TABLE t')).toEqual(['SHARE UPDATE EXCLUSIVE']);
  });
});

describe('lock wording', () => {
  it('takes "an" before a mode that starts with a vowel', () => {
    expect(describeLock('EXCLUSIVE', 'v')).toMatch(/^an EXCLUSIVE lock on v /);
    expect(describeLock('ACCESS EXCLUSIVE', 'v')).toMatch(/^an ACCESS EXCLUSIVE lock on v /);
    expect(describeLock('SHARE', 'v')).toMatch(/^a SHARE lock on v /);
    expect(describeLock('ROW EXCLUSIVE', 'v')).toMatch(/^a ROW EXCLUSIVE lock on v /);
  });
});
