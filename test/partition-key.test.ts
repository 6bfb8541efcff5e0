/**
 * The replay records a partitioned table's key columns, which rules use to
 * write a partition bound as a CHECK expression.
 */
import { describe, expect, it } from 'vitest';
import { MigrationSetLinter } from '../src/engine/linter.js';
import { loadParser } from '../src/parse/parse-sql.js';
import { engineConfig } from './support/rule-tester.js';

describe('schema replay: partition key', () => {
  it('records key columns, follows a column rename, and leaves expression keys unknown', async () => {
    await loadParser();
    const linter = new MigrationSetLinter([], engineConfig());
    linter.lint({
      id: '1.sql',
      filePath: '1.sql',
      text: [
        'CREATE TABLE events (id bigint, at date, region text) PARTITION BY RANGE (at, region);',
        'CREATE TABLE logs (line text) PARTITION BY LIST (lower(line));',
        'CREATE TABLE plain (id bigint);',
        'ALTER TABLE events RENAME COLUMN at TO created_at;',
      ].join('\n'),
    });
    expect(linter.model.tables.get('public.events')?.partitionKey).toEqual(['created_at', 'region']);
    expect(linter.model.tables.get('public.logs')?.kind).toBe('partitioned table');
    expect(linter.model.tables.get('public.logs')?.partitionKey).toBeUndefined();
    expect(linter.model.tables.get('public.plain')?.partitionKey).toBeUndefined();
  });
});
