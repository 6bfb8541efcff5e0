/**
 * The synchronous lint ESLint's parser needs: `DocumentLinter.lintSync` and
 * `discoverMigrationSetsSync` give what their asynchronous twins give, and
 * what lintSync keeps between files (the discovery, the schema state) is
 * dropped when the files change.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DocumentLinter } from '../../src/lint/document.js';
import { lintFiles } from '../../src/lint/index.js';
import { discoverMigrationSets, discoverMigrationSetsSnapshot, discoverMigrationSetsSync, NoFilesError } from '../../src/sources/discover.js';
import { projectRoot } from '../support/paths.js';

const migrations = path.join(projectRoot, 'migrations');
const sample = readdirSync(migrations).flatMap((release) => readdirSync(path.join(migrations, release)).map((name) => path.join(migrations, release, name)));

function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pgshift-sync-'));
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

describe('DocumentLinter.lintSync', () => {
  // First: in this file nothing has loaded the parser yet.
  it('refuses to run before the parser is loaded, instead of reporting every file as unparsable', () => {
    expect(() => new DocumentLinter().lintSync({ filePath: sample[0] as string, text: 'SELECT 1;' })).toThrow(/loadParser/);
  });

  it('gives what lint gives for every migration of the sample, down migrations included', async () => {
    await DocumentLinter.loadParser();
    const sync = new DocumentLinter();
    const async = new DocumentLinter();
    for (const file of sample) {
      const text = readFileSync(file, 'utf8');
      const expected = await async.lint({ filePath: file, text });
      const actual = sync.lintSync({ filePath: file, text });
      // lint names a file it does not lint (a down migration here) with a warning; lintSync, like `pgshift lint <file>`, gives no result.
      expect(actual).toEqual(expected.filter((result) => !result.messages.some((m) => m.ruleId === null && !m.fatal)));
      expect(sync.lintSync({ filePath: file, text, includeDown: true })).toEqual(await async.lint({ filePath: file, text, includeDown: true }));
    }
  });

  it('gives what `pgshift lint` gives for the project, whatever order the files come in', async () => {
    await DocumentLinter.loadParser();
    const { results } = await lintFiles({ cwd: projectRoot, patterns: [] });
    const ups = sample.filter((file) => !file.endsWith('.down.sql'));
    for (const order of [ups, [...ups].reverse()]) {
      const documents = new DocumentLinter();
      for (const file of order) expect(documents.lintSync({ filePath: file, text: readFileSync(file, 'utf8') })).toEqual(results.filter((r) => r.filePath === file));
    }
  });

  it('lints a file outside the configured migrations as `pgshift lint <file>` does', async () => {
    await DocumentLinter.loadParser();
    const dir = tree({ 'scratch/try.sql': 'CREATE INDEX i ON t (a);\n' });
    const file = path.join(dir, 'scratch', 'try.sql');
    const { results } = await lintFiles({ cwd: dir, patterns: [file] });
    expect(new DocumentLinter().lintSync({ filePath: file, text: 'CREATE INDEX i ON t (a);\n' })).toEqual(results);
    expect(results[0]?.messages.map((m) => m.ruleId).sort()).toEqual(['create-index-concurrently', 'set-lock-timeout']);
  });

  it('replays history again when an earlier migration changes on disk, reusing the state kept for an unchanged prefix', async () => {
    await DocumentLinter.loadParser();
    const dir = tree({
      'pgshift.config.json': '{ "migrations": "db" }',
      'db/1_create.sql': 'CREATE TABLE t (a int, b int);\n',
      'db/2_fill.sql': 'SELECT 1;\n',
      'db/3_index.sql': 'SELECT 2;\n',
      'db/4_drop.sql': 'ALTER TABLE t DROP COLUMN b;\n',
    });
    const file = (name: string) => path.join(dir, 'db', name);
    const documents = new DocumentLinter();
    const lintAll = () => ['1_create.sql', '2_fill.sql', '3_index.sql', '4_drop.sql'].map((name) => documents.lintSync({ filePath: file(name), text: readFileSync(file(name), 'utf8') }));
    const expected = async () => (await lintFiles({ cwd: dir, patterns: [] })).results.map((result) => [result]);
    expect(lintAll()).toEqual(await expected());
    // The column goes away in 3: the drop in 4 now names a column that does not exist.
    writeFileSync(file('3_index.sql'), 'ALTER TABLE t DROP COLUMN b;\n');
    const later = new Date(Date.now() + 5_000);
    utimesSync(file('3_index.sql'), later, later);
    const [, , third, fourth] = lintAll();
    expect([third, fourth]).toEqual((await expected()).slice(2));
    // The same as with nothing kept.
    expect(new DocumentLinter().lintSync({ filePath: file('4_drop.sql'), text: readFileSync(file('4_drop.sql'), 'utf8') })).toEqual(fourth);
  });
});

describe('DocumentLinter.lintSync in a project that changes', () => {
  it('notices a migration added before the document, and one removed', async () => {
    await DocumentLinter.loadParser();
    const dir = tree({ 'pgshift.config.json': '{ "migrations": "db" }', 'db/1_create.sql': 'CREATE TABLE t (a int, b int);\n', 'db/3_drop.sql': 'ALTER TABLE t DROP COLUMN b;\n' });
    const drop = path.join(dir, 'db', '3_drop.sql');
    const documents = new DocumentLinter();
    const lint = () => documents.lintSync({ filePath: drop, text: readFileSync(drop, 'utf8') });
    const expected = async () => (await lintFiles({ cwd: dir, patterns: [] })).results.filter((result) => result.filePath === drop);
    expect(lint()).toEqual(await expected());
    writeFileSync(path.join(dir, 'db', '2_drop_first.sql'), 'ALTER TABLE t DROP COLUMN b;\n');
    const withEarlierDrop = await expected();
    expect(lint()).toEqual(withEarlierDrop);
    rmSync(path.join(dir, 'db', '2_drop_first.sql'));
    expect(lint()).not.toEqual(withEarlierDrop);
    expect(lint()).toEqual(await expected());
  });
});

describe('discoverMigrationSetsSnapshot', () => {
  it('holds until a file is added, removed or renamed in a directory it read, or a file it was named goes', () => {
    const dir = tree({ 'db/a/1.sql': '', 'db/b/2.sql': '', 'one.sql': '' });
    const snapshot = discoverMigrationSetsSnapshot(['db', 'one.sql'], dir);
    expect(snapshot.sets).toEqual(discoverMigrationSetsSync(['db', 'one.sql'], dir));
    expect(snapshot.holds()).toBe(true);
    writeFileSync(path.join(dir, 'db', 'b', '2.sql'), 'SELECT 1;');
    expect(snapshot.holds()).toBe(true);
    writeFileSync(path.join(dir, 'db', 'b', '3.sql'), '');
    expect(snapshot.holds()).toBe(false);
    const again = discoverMigrationSetsSnapshot(['db', 'one.sql'], dir);
    renameSync(path.join(dir, 'db', 'a', '1.sql'), path.join(dir, 'db', 'a', '0.sql'));
    expect(again.holds()).toBe(false);
    const third = discoverMigrationSetsSnapshot(['db', 'one.sql'], dir);
    rmSync(path.join(dir, 'one.sql'));
    expect(third.holds()).toBe(false);
  });

  it('never holds with a glob, which it cannot check', () => {
    const dir = tree({ 'db/1.sql': '' });
    expect(discoverMigrationSetsSnapshot(['db/*.sql'], dir).holds()).toBe(false);
  });
});

describe('discoverMigrationSetsSync', () => {
  it('finds what discoverMigrationSets finds: directories, globs and files', async () => {
    const dir = tree({ 'a/1.sql': '', 'a/sub/2.sql': '', 'b/x/10.sql': '', 'b/x/2.sql': '', 'c/3.sql': '', 'a/node_modules/p/4.sql': '' });
    const patterns = ['a', 'b/*/*.sql', 'c/3.sql'];
    expect(discoverMigrationSetsSync(patterns, dir)).toEqual(await discoverMigrationSets(patterns, dir));
    expect(discoverMigrationSetsSync(['b/**/*.sql'], dir)[0]?.files.map((f) => path.basename(f))).toEqual(['2.sql', '10.sql']);
  });

  it('fails the same way when a pattern matches nothing', async () => {
    const dir = tree({ 'a/1.sql': '' });
    expect(() => discoverMigrationSetsSync(['missing/*.sql'], dir)).toThrow(NoFilesError);
    await expect(discoverMigrationSets(['missing/*.sql'], dir)).rejects.toThrow(NoFilesError);
    expect(() => discoverMigrationSetsSync(['missing'], dir)).toThrow("No files matching 'missing' were found.");
  });
});
