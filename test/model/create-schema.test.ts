/**
 * CREATE SCHEMA s CREATE TABLE … CREATE INDEX …: Postgres runs the elements
 * with the new schema at the front of the search path, so the objects they
 * make land in it, and names they mention are looked up there first.
 */
import { describe, expect, it } from 'vitest';
import { loadParser, parseStatements } from '../../src/parse/parse-sql.js';
import { SourceText } from '../../src/parse/source-text.js';
import { replayStatement } from '../../src/model/replay.js';
import { Resolver } from '../../src/model/resolve.js';
import { SchemaModel } from '../../src/model/schema.js';

async function replay(sql: string): Promise<SchemaModel> {
  await loadParser();
  const parsed = parseStatements(new SourceText(sql));
  if (!parsed.ok) throw new Error(parsed.error.message);
  const model = new SchemaModel();
  const resolver = new Resolver(model, () => ['public'], () => ({ migration: 'm1', release: undefined }));
  for (const statement of parsed.statements) {
    replayStatement(statement, { migration: 'm1', statement: statement.index, transaction: 1, release: undefined }, resolver);
  }
  return model;
}

describe('CREATE SCHEMA with elements', () => {
  it('creates the tables, indexes and partitions in the new schema', async () => {
    const model = await replay(`
      CREATE TABLE public.events (id int);
      CREATE SCHEMA audit
        CREATE TABLE events (id int, at date) PARTITION BY RANGE (at)
        CREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')
        CREATE INDEX events_id ON events (id)
        CREATE VIEW recent AS SELECT 1;`);
    expect(model.schemas.get('audit')?.created?.migration).toBe('m1');
    expect(model.tables.get('audit.events')?.kind).toBe('partitioned table');
    expect(model.tables.get('audit.events_2024')?.partitionOf).toBe('audit.events');
    expect(model.indexes.get('audit.events_id')?.table).toBe('audit.events');
    expect(model.tables.get('audit.recent')?.kind).toBe('view');
    expect(model.tables.get('public.events')?.kind).toBe('table');
  });

  it('names the schema after the role with AUTHORIZATION alone', async () => {
    const model = await replay(`CREATE SCHEMA AUTHORIZATION reporting CREATE TABLE totals (n int);`);
    expect(model.tables.get('reporting.totals')?.created?.migration).toBe('m1');
  });
});
