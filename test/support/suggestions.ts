/**
 * Checks that a rule's suggestions do what they say: apply them to the
 * fixture's text, compare, and lint the result again.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { allRules } from '../../rules/index.js';
import { applyEdits, MigrationSetLinter } from '../../src/engine/linter.js';
import type { LintMessage } from '../../src/engine/results.js';
import type { LintSettings, Rule } from '../../src/engine/rule.js';
import { loadParser } from '../../src/parse/parse-sql.js';
import { fixturesDir } from './paths.js';
import { engineConfig, lintFixtureSet } from './rule-tester.js';

export function readFixture(ruleId: string, file: string): string {
  return readFileSync(path.join(fixturesDir, 'rules', ruleId, file), 'utf8');
}

/** For each report of `rule` on the fixture, in order: the whole file with its suggestion applied, or undefined. */
export async function suggestedTexts(rule: Rule, file: string, after: string[] = []): Promise<(string | undefined)[]> {
  const dir = path.join(fixturesDir, 'rules', rule.meta.id);
  const files = [...after, file].map((f) => path.join(dir, f));
  const result = await lintFixtureSet(files, engineConfig({}, { [rule.meta.id]: { severity: 'error' } }));
  const text = readFileSync(files[files.length - 1] as string, 'utf8');
  return result.messages
    .filter((m) => m.ruleId === rule.meta.id)
    .map((m) => {
      const fix = m.suggestions?.[0]?.fix;
      return fix ? applyEdits(text, [fix]) : undefined;
    });
}

/** The rule's messages for one migration's text, with the rule switched on. */
export async function lintText(ruleId: string, text: string, settings: Partial<LintSettings> = {}): Promise<LintMessage[]> {
  await loadParser();
  const linter = new MigrationSetLinter(allRules, engineConfig(settings, { [ruleId]: { severity: 'error' } }));
  const messages = linter.lint({ id: 'm.sql', filePath: 'm.sql', text }).messages;
  const fatal = messages.find((m) => m.fatal);
  if (fatal) throw new Error(`${fatal.message} at ${fatal.line}:${fatal.column} in:\n${text}`);
  return messages.filter((m) => m.ruleId === ruleId);
}

/** The text with the first suggestion of every message applied (they must not overlap). */
export function applySuggestions(text: string, messages: readonly LintMessage[]): string {
  const fixes = messages.map((m) => m.suggestions?.[0]?.fix).filter((f) => f !== undefined);
  if (fixes.length !== messages.length) throw new Error('a message has no suggestion');
  return applyEdits(text, fixes);
}

/** A fixture with every suggestion of the rule applied, and what the rule still reports on it. */
export async function applyAllSuggestions(ruleId: string, file: string): Promise<{ fixed: string; remaining: LintMessage[] }> {
  const text = readFixture(ruleId, file);
  const offered = (await lintText(ruleId, text)).filter((m) => m.suggestions);
  const fixed = applySuggestions(text, offered);
  return { fixed, remaining: await lintText(ruleId, fixed) };
}
