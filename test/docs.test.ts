/**
 * Every rule has a page, and the page's examples are true: the bad example
 * triggers the rule and the safe alternative (one migration per sql block)
 * does not.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { allRules } from '../rules/index.js';
import { engineConfig, lintFixtureSet } from './support/rule-tester.js';
import { projectRoot } from './support/paths.js';
import { MigrationSetLinter } from '../src/engine/linter.js';
import { loadParser } from '../src/parse/parse-sql.js';

const REQUIRED_SECTIONS = ['## What it reports', '## Why', '## Bad', '## Safe alternative'];

interface SqlBlock {
  sql: string;
  /** from the fence's info string: ```sql release=42 */
  release: string | undefined;
}

function sqlBlocks(markdown: string, section: string): SqlBlock[] {
  const start = markdown.indexOf(`\n${section}\n`);
  if (start < 0) return [];
  const rest = markdown.slice(start + section.length + 2);
  const end = rest.search(/\n## /);
  const body = end < 0 ? rest : rest.slice(0, end);
  return [...body.matchAll(/```sql(?: release=(\S+))?\n([\s\S]*?)```/g)].map((m) => ({ sql: m[2] as string, release: m[1] }));
}

describe('rule docs', () => {
  for (const rule of allRules) {
    const id = rule.meta.id;
    const page = path.join(projectRoot, 'docs', 'rules', `${id}.md`);
    describe(id, () => {
      it('has a page with the required sections', () => {
        expect(existsSync(page), `${page} is missing`).toBe(true);
        const markdown = readFileSync(page, 'utf8');
        expect(markdown.startsWith(`# ${id}\n`)).toBe(true);
        expect(markdown).toContain(`> ${rule.meta.docs.description}`);
        expect(markdown).toContain(`**Default:** ${rule.meta.defaultSeverity}`);
        for (const section of REQUIRED_SECTIONS) expect(markdown).toContain(`\n${section}\n`);
      });

      it('has a bad example that triggers it and a safe alternative that does not', async () => {
        const markdown = readFileSync(page, 'utf8');
        const bad = sqlBlocks(markdown, '## Bad');
        const safe = sqlBlocks(markdown, '## Safe alternative');
        expect(bad.length).toBeGreaterThan(0);
        expect(safe.length).toBeGreaterThan(0);
        const config = engineConfig({}, { [id]: { severity: 'error' } });
        const dir = mkdtempSync(path.join(os.tmpdir(), 'pgshift-docs-'));
        const write = (name: string, sql: string) => {
          const file = path.join(dir, name);
          writeFileSync(file, sql);
          return file;
        };
        const releases = (blocks: SqlBlock[]) => (blocks.some((b) => b.release) ? blocks.map((b) => b.release ?? '') : undefined);
        const badResult = await lintFixtureSet(bad.map((b, i) => write(`bad_${i}.sql`, b.sql)), config, releases(bad));
        expect(badResult.messages.map((m) => m.ruleId)).toContain(id);

        await loadParser();
        const linter = new MigrationSetLinter(allRules, config);
        const order = [...new Set(safe.map((b) => b.release))];
        safe.forEach((block, i) => {
          const release = block.release === undefined ? undefined : { name: block.release, index: order.indexOf(block.release) };
          const result = linter.lint({ id: `safe_${i}.sql`, filePath: `safe_${i}.sql`, text: block.sql, ...(release ? { release } : {}) });
          expect(result.messages.filter((m) => m.ruleId === id || m.fatal)).toEqual([]);
        });
      });
    });
  }
});
