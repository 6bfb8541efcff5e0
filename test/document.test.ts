/**
 * Linting the document an editor holds, in its place in the project: the same
 * findings as `pgshift lint` for a saved file, the history before it from the
 * files on disk or from unsaved buffers, and one file relinted per edit.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DocumentLinter } from '../src/lint/document.js';
import { lintFiles } from '../src/lint/index.js';
import { projectRoot } from './support/paths.js';

const migrations = path.join(projectRoot, 'migrations');
const file = (id: string) => path.join(migrations, id);
const ids = readdirSync(migrations).flatMap((release) => readdirSync(path.join(migrations, release)).map((name) => `${release}/${name}`)).filter((id) => !id.endsWith('.down.sql'));

describe('DocumentLinter', () => {
  it('gives what pgshift lint gives for every saved migration of the sample', async () => {
    const { results } = await lintFiles({ cwd: projectRoot, patterns: [], includeDown: false });
    const documents = new DocumentLinter();
    for (const id of ids) {
      const expected = results.filter((r) => r.filePath === file(id));
      expect(await documents.lint({ filePath: file(id), text: readFileSync(file(id), 'utf8') })).toEqual(expected);
    }
  });

  it('judges an edit with the history: a drop is allowed only after its deprecation shipped', async () => {
    const documents = new DocumentLinter();
    const drop = file('2024.05-contract/001_drop_api_token.sql');
    const saved = readFileSync(drop, 'utf8');
    expect((await documents.lint({ filePath: drop, text: saved }))[0]?.messages).toEqual([]);
    const edited = `${saved}ALTER TABLE sources DROP COLUMN name;\n`;
    const [result] = await documents.lint({ filePath: drop, text: edited });
    // name carries the table's UNIQUE constraint, which the drop takes along.
    expect(result?.messages.map((m) => [m.ruleId, m.line])).toEqual([
      ['drop-after-deprecation', 5],
      ['drop-dependents', 5],
    ]);
    expect(result?.messages[0]?.message).toContain('sources.name');
  });

  it('reads unsaved buffers of earlier migrations in place of their files', async () => {
    const documents = new DocumentLinter();
    const deprecate = file('2024.04-cleanup/003_stop_using_api_token.sql');
    const drop = file('2024.05-contract/001_drop_api_token.sql');
    const withoutDeprecation = readFileSync(deprecate, 'utf8').replace('-- pgshift:deprecate sources.api_token\n', '');
    const [result] = await documents.lint({ filePath: drop, text: readFileSync(drop, 'utf8'), openDocuments: new Map([[deprecate, withoutDeprecation]]) });
    expect(result?.messages.map((m) => m.ruleId)).toEqual(['drop-after-deprecation']);
    // Back to the file on disk: the kept state for the other buffer is not reused.
    expect((await documents.lint({ filePath: drop, text: readFileSync(drop, 'utf8') }))[0]?.messages).toEqual([]);
  });

  it('lints a file outside the configured migrations on its own', async () => {
    const documents = new DocumentLinter();
    const [result] = await documents.lint({ filePath: path.join(projectRoot, 'scratch', 'try.sql'), text: 'CREATE INDEX i ON t (a);\n' });
    expect(result?.messages.map((m) => m.ruleId).sort()).toEqual(['create-index-concurrently', 'set-lock-timeout']);
  });

  it('relints one file per edit once the history is kept', async () => {
    const documents = new DocumentLinter();
    const drop = file('2024.05-contract/001_drop_api_token.sql');
    const text = readFileSync(drop, 'utf8');
    await documents.lint({ filePath: drop, text });
    const started = performance.now();
    for (let i = 0; i < 20; i++) await documents.lint({ filePath: drop, text: `${text}-- edit ${i}\n` });
    // 20 edits of a small file, each relinting only that file: well under the 13 migrations before it, 20 times over.
    expect((performance.now() - started) / 20).toBeLessThan(25);
  });
});
