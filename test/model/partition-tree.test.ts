/**
 * The partition links the replay records. Postgres refuses a table as a
 * partition of itself or of its own partitions; the replay must not record
 * such a link, and walks over the links must end whatever they hold.
 */
import { describe, expect, it } from 'vitest';
import { allRules } from '../../rules/index.js';
import { MigrationSetLinter } from '../../src/engine/linter.js';
import { loadParser, parseStatements, type Statement } from '../../src/parse/parse-sql.js';
import { SourceText } from '../../src/parse/source-text.js';
import { statementLocks } from '../../src/model/locks.js';
import { replayStatement } from '../../src/model/replay.js';
import { Resolver } from '../../src/model/resolve.js';
import { SchemaModel } from '../../src/model/schema.js';
import { engineConfig } from '../support/rule-tester.js';

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

const names = (model: SchemaModel, key: string) => model.partitionsOf(key).map((t) => t.name);

describe('partition links', () => {
  it('does not record ATTACH of a partitioned table to one of its own partitions', async () => {
    const { model, resolver } = await replay(`
      CREATE TABLE p (a int, b text) PARTITION BY LIST (a);
      CREATE TABLE p5 PARTITION OF p FOR VALUES IN (5) PARTITION BY LIST (b);
      ALTER TABLE p5 ATTACH PARTITION p FOR VALUES IN ('x');
      ALTER TABLE p ATTACH PARTITION p FOR VALUES IN (0);`);
    expect(model.tables.get('public.p')?.partitionOf).toBeUndefined();
    expect(names(model, 'public.p')).toEqual(['p5']);
    const [drop] = await parse('DROP TABLE p;');
    expect(statementLocks(drop as Statement, resolver).map((l) => l.relation.name)).toEqual(['p', 'p5']);
  });

  it('does not record CREATE TABLE … PARTITION OF a table that is already its partition', async () => {
    const { model } = await replay(`
      CREATE TABLE child PARTITION OF parent FOR VALUES IN (1) PARTITION BY LIST (b);
      CREATE TABLE parent PARTITION OF child FOR VALUES IN ('x');`);
    expect(model.tables.get('public.parent')?.partitionOf).toBeUndefined();
    expect(names(model, 'public.parent')).toEqual(['child']);
  });

  it('walks each partition once when a rename closes a loop of links', async () => {
    // `y` is a partition of a table the replay never saw; renaming `t` to that name
    // (which Postgres would refuse) makes the links run y -> b -> y.
    const { model } = await replay(`
      CREATE TABLE y PARTITION OF b FOR VALUES IN (1) PARTITION BY LIST (a);
      CREATE TABLE t PARTITION OF y FOR VALUES IN (2);
      ALTER TABLE t RENAME TO b;`);
    expect(names(model, 'public.b')).toEqual(['y']);
    expect(names(model, 'public.y')).toEqual(['b']);
  });

  it('moves the links of a renamed parent to its new name', async () => {
    const { model } = await replay(`
      CREATE TABLE events (at date) PARTITION BY RANGE (at);
      CREATE TABLE events_rest PARTITION OF events DEFAULT;
      ALTER TABLE events RENAME TO events_old;
      CREATE TABLE events (at date) PARTITION BY RANGE (at);`);
    expect(names(model, 'public.events_old')).toEqual(['events_rest']);
    expect(model.defaultPartitionOf('public.events_old')?.name).toBe('events_rest');
    expect(names(model, 'public.events')).toEqual([]);
    expect(model.defaultPartitionOf('public.events')).toBeUndefined();
  });

  it('drops the partitions, and theirs, with a dropped parent', async () => {
    const { model } = await replay(`
      CREATE TABLE events (at date, kind text) PARTITION BY RANGE (at);
      CREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01') PARTITION BY LIST (kind);
      CREATE TABLE events_2024_a PARTITION OF events_2024 FOR VALUES IN ('a');
      CREATE INDEX events_2024_a_at ON events_2024_a (at);
      CREATE TABLE other (id int);
      DROP TABLE events;`);
    expect([...model.tables.keys()]).toEqual(['public.other']);
    expect(model.indexes.size).toBe(0);
  });

  it('lints such migrations without an internal error', async () => {
    await loadParser();
    const linter = new MigrationSetLinter(allRules, engineConfig());
    const text = `
      CREATE TABLE p (a int, b text) PARTITION BY LIST (a);
      CREATE TABLE p5 PARTITION OF p FOR VALUES IN (5) PARTITION BY LIST (b);
      ALTER TABLE p5 ATTACH PARTITION p FOR VALUES IN ('x');
      ALTER TABLE p ADD COLUMN c int;`;
    expect(() => linter.lint({ id: '1.sql', filePath: '1.sql', text })).not.toThrow();
    expect(() => linter.lint({ id: '2.sql', filePath: '2.sql', text: 'DROP TABLE p;' })).not.toThrow();
  });
});
