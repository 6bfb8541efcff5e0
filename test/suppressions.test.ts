/**
 * Suppression comments end to end, through the engine: what each form
 * covers, how reasons reach suppressedMessages, and that reports on directive
 * comments themselves cannot be suppressed.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { allRules } from '../rules/index.js';
import { MigrationSetLinter } from '../src/engine/linter.js';
import type { LintMessage, LintResult } from '../src/engine/results.js';
import { defineRule } from '../src/engine/rule.js';
import { loadParser } from '../src/parse/parse-sql.js';
import { engineConfig } from './support/rule-tester.js';

/** Reports every statement that mentions `flagged`, over the whole statement. */
const flagStatement = defineRule({
  meta: { id: 'flag-statement', type: 'problem', defaultSeverity: 'error', docs: { description: 'Test rule.', category: 'style' }, messages: { flagged: 'flagged' } },
  create(context) {
    return {
      Statement() {
        if (context.current?.text.includes('flagged')) context.report({ messageId: 'flagged' });
      },
    };
  },
});

/** Reports the last token of every statement that mentions `flagged`, as rules do that point inside a statement. */
const flagLastToken = defineRule({
  meta: { id: 'flag-last-token', type: 'problem', defaultSeverity: 'error', docs: { description: 'Test rule.', category: 'style' }, messages: { flagged: 'flagged' } },
  create(context) {
    return {
      Statement() {
        const last = context.current?.tokens().at(-1);
        if (last && context.current?.text.includes('flagged')) context.report({ messageId: 'flagged', range: last.range });
      },
    };
  },
});

beforeAll(loadParser);

function lint(text: string): LintResult {
  const base = engineConfig();
  const rules = new Map(base.rules);
  for (const rule of [flagStatement, flagLastToken]) rules.set(rule.meta.id, { severity: 'error', options: {} });
  const linter = new MigrationSetLinter([...allRules, flagStatement, flagLastToken], { ...base, rules });
  return linter.lint({ id: 'm.sql', filePath: 'm.sql', text });
}

/** "line rule-id" of each message, in line order (within a line, by rule id). */
const at = (messages: LintMessage[]) => messages.map((m) => `${m.line} ${m.ruleId}`).sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));

describe('pgshift-disable-next-line', () => {
  it('covers the statement that starts on the next line, to its last line', () => {
    const result = lint(`-- pgshift-disable-next-line flag-statement, flag-last-token -- fixture table
SELECT 'flagged'
  FROM users
 WHERE id = 1;
SELECT 'flagged';
`);
    expect(at(result.messages)).toEqual(['5 flag-last-token', '5 flag-statement']);
    expect(at(result.suppressedMessages)).toEqual(['2 flag-statement', '4 flag-last-token']);
  });

  it('covers nothing past a blank or comment line', () => {
    const result = lint(`-- pgshift-disable-next-line flag-statement -- fixture table

SELECT 'flagged';
-- pgshift-disable-next-line flag-statement -- fixture table
-- a note
SELECT 'flagged';
`);
    expect(at(result.messages.filter((m) => m.ruleId === 'flag-statement'))).toEqual(['3 flag-statement', '6 flag-statement']);
    expect(result.suppressedMessages).toEqual([]);
  });

  it('suppresses only the rules it names', () => {
    const result = lint(`-- pgshift-disable-next-line flag-statement -- fixture table
SELECT 'flagged';
`);
    expect(at(result.messages)).toEqual(['2 flag-last-token']);
    expect(at(result.suppressedMessages)).toEqual(['2 flag-statement']);
  });

  it('counts the next line from the end of a comment that spans several', () => {
    const result = lint(`/* pgshift-disable-next-line flag-statement --
   fixture table, rebuilt by every test run */
SELECT 'flagged';
`);
    expect(at(result.suppressedMessages)).toEqual(['3 flag-statement']);
  });

  it('covers a statement that starts after another on the same line', () => {
    const result = lint(`SELECT 1; -- pgshift-disable-next-line flag-statement -- fixture table
SELECT 'flagged';
`);
    expect(at(result.suppressedMessages)).toEqual(['2 flag-statement']);
  });
});

describe('pgshift-disable and pgshift-enable', () => {
  it('covers everything after the comment until a pgshift-enable for the same rule', () => {
    const result = lint(`SELECT 'flagged';
/* pgshift-disable flag-statement, flag-last-token -- fixture tables */
SELECT 'flagged';
SELECT 'flagged';
-- pgshift-enable flag-statement
SELECT 'flagged';
-- pgshift-disable flag-statement -- fixture tables again
SELECT 'flagged';
`);
    expect(at(result.messages)).toEqual(['1 flag-last-token', '1 flag-statement', '6 flag-statement']);
    expect(at(result.suppressedMessages)).toEqual([
      '3 flag-last-token',
      '3 flag-statement',
      '4 flag-last-token',
      '4 flag-statement',
      '6 flag-last-token',
      '8 flag-last-token',
      '8 flag-statement',
    ]);
  });

  it('does nothing with a pgshift-enable that ends no suppression', () => {
    const result = lint(`-- pgshift-enable flag-statement
SELECT 'flagged';
`);
    expect(at(result.messages)).toEqual(['2 flag-last-token', '2 flag-statement']);
  });
});

describe('suppressed messages', () => {
  it('carry the reason as justification, empty when the reason is missing', () => {
    const result = lint(`-- pgshift-disable-next-line flag-statement -- users holds 12 rows
SELECT 'flagged';
-- pgshift-disable-next-line flag-statement
SELECT 'flagged';
`);
    expect(result.suppressedMessages.map((m) => [m.line, m.ruleId, m.severity, m.message, m.suppressions])).toEqual([
      [2, 'flag-statement', 2, 'flagged', [{ kind: 'directive', justification: 'users holds 12 rows' }]],
      [4, 'flag-statement', 2, 'flagged', [{ kind: 'directive', justification: '' }]],
    ]);
    expect(result.errorCount).toBe(2);
    expect(at(result.messages)).toEqual(['2 flag-last-token', '3 valid-directive', '4 flag-last-token']);
  });

  it('work with a real rule', () => {
    const result = lint(`SET LOCAL lock_timeout = '2s';
-- pgshift-disable-next-line create-index-concurrently -- audit_log holds 30 rows
CREATE INDEX audit_log_at_idx ON audit_log (at);
`);
    expect(result.messages).toEqual([]);
    expect(result.suppressedMessages.map((m) => [m.line, m.column, m.endLine, m.endColumn, m.ruleId, m.messageId])).toEqual([[3, 1, 3, 48, 'create-index-concurrently', 'createIndex']]);
  });
});

describe('directive reports', () => {
  it('cannot be suppressed', () => {
    const result = lint(`-- pgshift-disable valid-directive, unused-suppression -- quiet please
-- pgshift:no-transactions
-- pgshift-disable-next-line flag-statement -- nothing to suppress
SELECT 1;
`);
    expect(at(result.messages)).toEqual(['1 unused-suppression', '1 unused-suppression', '2 valid-directive', '3 unused-suppression']);
    expect(result.suppressedMessages).toEqual([]);
  });

  it('tell used, unused and unknown rule ids apart', () => {
    const result = lint(`-- pgshift-disable-next-line flag-statement, flag-last-token, no-such-rule -- fixture table
SELECT 'flagged';
`);
    expect(result.messages.map((m) => [m.line, m.ruleId, m.messageId])).toEqual([[1, 'valid-directive', 'unknownRule']]);
    expect(result.messages[0]?.message).toContain('`no-such-rule`');
    expect(at(result.suppressedMessages)).toEqual(['2 flag-last-token', '2 flag-statement']);
  });
});
