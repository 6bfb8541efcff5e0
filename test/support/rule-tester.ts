/**
 * Runs a rule over its fixtures (fixtures/rules/<rule-id>/*.sql) and asserts
 * the exact findings: rule id, message id and position of every report.
 * Fixtures listed as clean must produce no finding from any default rule,
 * so each safe alternative is shown to be safe as a whole.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { allRules } from '../../rules/index.js';
import type { EngineConfig, RuleSetting } from '../../src/engine/linter.js';
import { MigrationSetLinter } from '../../src/engine/linter.js';
import type { LintMessage, LintResult } from '../../src/engine/results.js';
import type { LintSettings, Rule } from '../../src/engine/rule.js';
import { DEFAULT_PG_VERSION } from '../../src/config/config.js';
import { loadParser } from '../../src/parse/parse-sql.js';
import { formatById, type FormatId, type MigrationUnit } from '../../src/sources/formats/index.js';
import { fixturesDir } from './paths.js';

export interface ExpectedReport {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  messageId: string;
  /** substrings the message must contain (the rewritten statement, the lock) */
  includes?: string[];
}

export interface FixtureCase {
  /** file name inside fixtures/rules/<rule-id>/ */
  file: string;
  /** the rule's reports, in order; [] for a clean fixture */
  reports: ExpectedReport[];
  settings?: Partial<LintSettings>;
  options?: Record<string, unknown>;
  /** files linted before this one in the same migration set (schema history) */
  after?: string[];
  /** the release of each file, `after` files first then this one; without it, release boundaries are unknown */
  releases?: string[];
  /**
   * For a fixture whose setup other rules rightly object to (a table created in a
   * no-transaction migration, say): exactly the other rule ids that fire. Without it,
   * a fixture with no report must be clean under every default rule.
   */
  others?: string[];
  /** the migration tool that applies the files (`goose`, `flyway`, …); pgshift's own runner by default */
  source?: FormatId;
}

export function engineConfig(settings: Partial<LintSettings> = {}, overrides: Record<string, Partial<RuleSetting>> = {}): EngineConfig {
  const rules = new Map<string, RuleSetting>();
  for (const rule of allRules) {
    const override = overrides[rule.meta.id];
    rules.set(rule.meta.id, { severity: override?.severity ?? rule.meta.defaultSeverity, options: { ...rule.meta.defaultOptions, ...override?.options } });
  }
  return { settings: { pgVersion: DEFAULT_PG_VERSION, appliedBy: 'other', ...settings }, rules };
}

/**
 * Lint SQL files as one migration set and return the last file's result;
 * `releases` names each file's release, `source` the tool whose format the files are in.
 */
export async function lintFixtureSet(files: string[], config: EngineConfig, releases?: string[], source: FormatId = 'pgshift'): Promise<LintResult> {
  await loadParser();
  const linter = new MigrationSetLinter(allRules, config);
  const order = [...new Set(releases ?? [])];
  let result: LintResult | undefined;
  files.forEach((file, i) => {
    const name = releases?.[i];
    const release = name === undefined ? undefined : { name, index: order.indexOf(name) };
    const text = readFileSync(file, 'utf8');
    const read = formatById(source).read({ path: file, id: path.basename(file), filePath: file, text, release, direction: 'up', setRoot: path.dirname(file) }, { includeDown: false });
    if (!('units' in read) || read.units.length !== 1) throw new Error(`${file} is not one ${source} migration`);
    result = linter.lint(read.units[0] as MigrationUnit);
  });
  if (!result) throw new Error('no fixture files');
  return result;
}

function shape(m: LintMessage): ExpectedReport {
  return { line: m.line, column: m.column, endLine: m.endLine ?? 0, endColumn: m.endColumn ?? 0, messageId: m.messageId ?? '' };
}

export function testRule(rule: Rule, cases: FixtureCase[]): void {
  const id = rule.meta.id;
  describe(id, () => {
    it('is registered with docs metadata', () => {
      expect(allRules).toContain(rule);
      expect(rule.meta.docs.description).toMatch(/\.$/);
    });
    for (const fixture of cases) {
      it(`${fixture.file} gives ${fixture.reports.length === 0 ? 'no finding' : `${fixture.reports.length} finding(s)`}`, async () => {
        const dir = path.join(fixturesDir, 'rules', id);
        const files = [...(fixture.after ?? []), fixture.file].map((f) => path.join(dir, f));
        const config = engineConfig(fixture.settings, { [id]: { severity: 'error', options: fixture.options ?? {} } });
        const result = await lintFixtureSet(files, config, fixture.releases, fixture.source);
        const fatal = result.messages.filter((m) => m.fatal);
        expect(fatal).toEqual([]);
        const own = result.messages.filter((m) => m.ruleId === id);
        expect(own.map(shape)).toEqual(fixture.reports.map(({ includes: _ignored, ...rest }) => rest));
        fixture.reports.forEach((expected, k) => {
          for (const text of expected.includes ?? []) expect(own[k]?.message).toContain(text);
        });
        if (fixture.others) {
          expect([...new Set(result.messages.map((m) => m.ruleId).filter((ruleId) => ruleId !== id))].sort()).toEqual([...fixture.others].sort());
        } else if (fixture.reports.length === 0) {
          // A clean fixture is the safe way to do it: nothing else may fire either.
          expect(result.messages.map((m) => `${m.ruleId} ${m.line}:${m.column} ${m.message}`)).toEqual([]);
        }
      });
    }
  });
}
