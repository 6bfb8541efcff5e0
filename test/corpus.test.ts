/**
 * Lints every file of ../shared/corpus (3,532 real migrations from 23
 * projects): nothing crashes, exactly the files Postgres itself rejects get a
 * fatal message, and files with no statement at all are clean.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintFiles } from '../src/lint/index.js';
import { loadParser, parseStatements } from '../src/parse/parse-sql.js';
import { SourceText } from '../src/parse/source-text.js';
import { corpusDir, hasCorpus } from './support/paths.js';

if (!hasCorpus) console.log(`corpus tests skipped: ${corpusDir} is absent (it ships beside the repository in CI, not in a clone)`);

/** The four files Postgres rejects that are not empty: three use psql's `delimiter`, one has a real syntax error. */
const REJECTED = [
  'apache__dolphinscheduler/dolphinscheduler-dao__src__main__resources__sql__upgrade__3.2.1_schema__postgresql__dolphinscheduler_ddl.sql',
  'apache__dolphinscheduler/dolphinscheduler-dao__src__main__resources__sql__upgrade__3.2.2_schema__postgresql__dolphinscheduler_ddl.sql',
  'apache__dolphinscheduler/dolphinscheduler-dao__src__main__resources__sql__upgrade__3.3.0_schema__postgresql__dolphinscheduler_ddl.sql',
  'civitai__civitai/packages__civitai-db-schema__prisma__migrations__20251123142214_model_metric_overhaul__migration.sql',
];

describe.skipIf(!hasCorpus)('corpus', () => {
  it('lints all 3,532 files: fatal messages exactly for the files Postgres rejects, empty ones clean', async () => {
    const projects = readdirSync(corpusDir, { withFileTypes: true }).filter((d) => d.isDirectory() && d.name !== 'LICENSES');
    const { results } = await lintFiles({ cwd: corpusDir, patterns: projects.map((p) => p.name) });
    expect(results).toHaveLength(3532);

    const fatal = results.filter((r) => r.fatalErrorCount > 0).map((r) => path.relative(corpusDir, r.filePath));
    expect(fatal.sort()).toEqual([...REJECTED].sort());
    for (const r of results.filter((r) => r.fatalErrorCount > 0)) {
      expect(r.messages).toHaveLength(1);
      expect(r.messages[0]?.message).toMatch(/^syntax error at or near/);
    }

    // The other 23 files libpg-query rejects are empty ("Query cannot be empty"): pgshift calls them clean,
    // as it does the files holding only comments or whitespace.
    await loadParser();
    const texts = new Map(results.map((r) => [r, readFileSync(r.filePath, 'utf8')]));
    const empty = results.filter((r) => texts.get(r) === '');
    expect(empty.length + REJECTED.length).toBe(27);
    const noStatements = results.filter((r) => {
      const parsed = parseStatements(new SourceText(texts.get(r) ?? ''));
      return parsed.ok && parsed.statements.length === 0;
    });
    expect(noStatements.length).toBeGreaterThan(empty.length);
    for (const r of noStatements) expect(r.messages).toEqual([]);
  }, 120_000);
});
