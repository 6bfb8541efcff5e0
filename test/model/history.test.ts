/**
 * The schema history the engine replays across a migration set: which
 * migration and release created or last changed each object, deprecations,
 * and what counts as new or as deprecated before.
 */
import { describe, expect, it } from 'vitest';
import { allRules } from '../../rules/index.js';
import { MigrationSetLinter } from '../../src/engine/linter.js';
import { Resolver } from '../../src/model/resolve.js';
import { deprecationKey, type ReleaseRef } from '../../src/model/schema.js';
import { loadParser } from '../../src/parse/parse-sql.js';
import { engineConfig } from '../support/rule-tester.js';

await loadParser();

function replay(migrations: [id: string, release: ReleaseRef | undefined, sql: string][]) {
  const linter = new MigrationSetLinter(allRules, engineConfig());
  for (const [id, release, text] of migrations) linter.lint({ id, filePath: id, text, ...(release ? { release } : {}) });
  return linter.model;
}

const r1 = { name: '1', index: 0 };
const r2 = { name: '2', index: 1 };

describe('schema history', () => {
  const model = replay([
    ['a.sql', r1, 'CREATE TABLE users (id bigint PRIMARY KEY, email varchar(100), note text);\nCREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;'],
    ['b.sql', r2, '-- pgshift:deprecate users.note\n-- pgshift:deprecate function touch\nALTER TABLE users ALTER COLUMN email TYPE varchar(200);\nCREATE TABLE scratch (id int);\nDROP TABLE scratch;'],
  ]);

  it('records the migration and release that created and last changed each object', () => {
    const users = model.tables.get('public.users');
    expect(users?.created).toMatchObject({ migration: 'a.sql', release: r1 });
    expect(users?.changed).toMatchObject({ migration: 'b.sql', release: r2 });
    expect(users?.columns.get('email')).toMatchObject({ type: { name: 'varchar', modifiers: [200] }, created: { migration: 'a.sql' }, changed: { migration: 'b.sql' } });
    expect(users?.columns.get('note')?.changed).toBeUndefined();
    expect(model.functions.get('public.touch')?.created).toMatchObject({ migration: 'a.sql', release: r1 });
    expect(model.dropped.get('public.scratch')).toMatchObject({ migration: 'b.sql' });
  });

  it('records deprecations with the release that declared them', () => {
    expect(model.deprecations.get(deprecationKey('column', 'public', 'users', 'note'))).toMatchObject({ kind: 'column', origin: { migration: 'b.sql', release: r2 } });
    expect(model.deprecations.get(deprecationKey('function', 'public', 'touch'))).toMatchObject({ kind: 'function' });
  });

  it('judges newness and deprecations by release, and assumes the risky case without one', () => {
    const at = (migration: string, release: ReleaseRef | undefined) => new Resolver(model, () => ['public'], () => ({ migration, release }));
    const created = model.tables.get('public.users')?.created;
    const deprecation = model.deprecations.get(deprecationKey('column', 'public', 'users', 'note'));
    // Same release as the creation: new. A later release, or no release information: live.
    expect(at('c.sql', r1).isNew(created)).toBe(true);
    expect(at('c.sql', r2).isNew(created)).toBe(false);
    expect(at('c.sql', undefined).isNew(created)).toBe(false);
    expect(at('a.sql', undefined).isNew(created)).toBe(true);
    expect(at('c.sql', { name: '3', index: 2 }).deprecationStatus(deprecation)).toBe('earlier release');
    expect(at('c.sql', r2).deprecationStatus(deprecation)).toBe('same release');
    expect(at('c.sql', undefined).deprecationStatus(deprecation)).toBe('unknown release');
    expect(at('c.sql', r2).deprecationStatus(undefined)).toBe('none');
  });

  it('reads deprecation names as Postgres reads identifiers', () => {
    const quoted = replay([['a.sql', r1, 'CREATE TABLE app."Users" (id int, "Email" text);'], ['b.sql', r2, '-- pgshift:deprecate app."Users"."Email"\n-- pgshift:deprecate table app."Users"\nSELECT 1;']]);
    expect([...quoted.deprecations.keys()].sort()).toEqual(['column:app.Users.Email', 'relation:app.Users']);
  });
});
