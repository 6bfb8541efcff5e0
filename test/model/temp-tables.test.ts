/**
 * Unqualified table and index names find the session's temporary tables
 * first, as Postgres resolves them: pg_temp is searched before the path
 * unless the path names it somewhere else.
 */
import { describe, expect, it } from 'vitest';
import type { RangeVar } from 'libpg-query';
import { loadParser, parseStatements } from '../../src/parse/parse-sql.js';
import { SourceText } from '../../src/parse/source-text.js';
import { replayStatement } from '../../src/model/replay.js';
import { Resolver } from '../../src/model/resolve.js';
import { SchemaModel } from '../../src/model/schema.js';

async function replay(sql: string, searchPath: string[] = ['public']): Promise<Resolver> {
  await loadParser();
  const parsed = parseStatements(new SourceText(sql));
  if (!parsed.ok) throw new Error(parsed.error.message);
  const resolver = new Resolver(new SchemaModel(), () => searchPath, () => ({ migration: 'm1', release: undefined }));
  for (const statement of parsed.statements) {
    replayStatement(statement, { migration: 'm1', statement: statement.index, transaction: 1, release: undefined }, resolver);
  }
  return resolver;
}

const rangeVar = (relname: string): RangeVar => ({ relname, inh: true, relpersistence: 'p' });

describe('temporary tables', () => {
  it('resolves an unqualified name to the temporary table, which is new', async () => {
    const resolver = await replay(`
      CREATE TABLE jobs (id int);
      CREATE TEMP TABLE jobs (id int);
      CREATE INDEX jobs_id ON jobs (id);`);
    const jobs = resolver.relation(rangeVar('jobs'));
    expect(jobs.key).toBe('pg_temp.jobs');
    expect(jobs.isNew).toBe(true);
    expect(resolver.indexByName('jobs_id', undefined).index?.table).toBe('pg_temp.jobs');
  });

  it('follows a search path that puts pg_temp after another schema', async () => {
    const resolver = await replay(`CREATE TABLE jobs (id int); CREATE TEMP TABLE jobs (id int);`, ['public', 'pg_temp']);
    expect(resolver.relation(rangeVar('jobs')).key).toBe('public.jobs');
  });

  it('still places a name it has never seen on the first schema of the path', async () => {
    const resolver = await replay(`CREATE TEMP TABLE scratch (id int);`, ['app', 'public']);
    expect(resolver.relation(rangeVar('other')).key).toBe('app.other');
    expect(resolver.relationFromNames([{ String: { sval: 'scratch' } }]).key).toBe('pg_temp.scratch');
  });
});
