/**
 * The parser adapter and the engine on awkward input: positions after
 * multibyte text and CRLF, parse errors, and input that must end in a message
 * or a result, never a crash or a hang.
 */
import { describe, expect, it } from 'vitest';
import { allRules } from '../rules/index.js';
import { MigrationSetLinter } from '../src/engine/linter.js';
import { loadParser, parseStatements, scanTokens } from '../src/parse/parse-sql.js';
import { SourceText } from '../src/parse/source-text.js';
import type { FileJob } from '../src/lint/chunk.js';
import { lintPreparedFile, prepareText } from '../src/lint/lint-set.js';
import type { LintResult } from '../src/engine/results.js';
import { engineConfig } from './support/rule-tester.js';

await loadParser();

/** Lint text or bytes as one plain migration file, the way `pgshift lint` reads a file. */
function lint(text: string | Uint8Array): LintResult {
  const config = engineConfig();
  const job: FileJob = { path: 'm.sql', id: 'm.sql', set: 0, setRoot: '.', format: 'pgshift', explicitFormat: true, direction: 'up', includeDown: false };
  const [result] = lintPreparedFile(new MigrationSetLinter(allRules, config), prepareText(text, job), allRules, config);
  if (!result) throw new Error('no result');
  return result;
}

describe('statement ranges', () => {
  it('cover each statement without its semicolon, after multibyte comments', () => {
    const text = "-- café ☕ 😀\nSELECT 'é';\nCREATE INDEX i ON t(a);";
    const parsed = parseStatements(new SourceText(text));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.statements.map((s) => text.slice(...s.range))).toEqual(["SELECT 'é'", 'CREATE INDEX i ON t(a)']);
    expect(parsed.statements.map((s) => s.tag)).toEqual(['SelectStmt', 'IndexStmt']);
  });

  it('trim trailing whitespace of a last statement without a semicolon', () => {
    const text = 'SELECT 1;\n  SELECT 2  \n\n';
    const parsed = parseStatements(new SourceText(text));
    if (!parsed.ok) throw new Error(parsed.error.message);
    expect(parsed.statements.map((s) => text.slice(...s.range))).toEqual(['SELECT 1', 'SELECT 2']);
  });

  it('report findings at the right line and column after emoji and CRLF', () => {
    const result = lint('-- 😀😀 emoji\r\nSELECT \'é\';\r\n  CREATE INDEX i ON t (a);\r\n');
    expect(result.messages.map((m) => [m.ruleId, m.line, m.column, m.endLine, m.endColumn])).toEqual([
      ['create-index-concurrently', 3, 3, 3, 26],
      ['set-lock-timeout', 3, 3, 3, 26],
    ]);
  });

  it('scans tokens with UTF-16 ranges', () => {
    const source = new SourceText("/* é */ SELECT 'ü' -- 😀\n");
    const tokens = scanTokens(source) ?? [];
    expect(tokens.map((t) => [t.kind, source.text.slice(...t.range)])).toEqual([
      ['C_COMMENT', '/* é */'],
      ['UNKNOWN', 'SELECT'],
      ['SCONST', "'ü'"],
      ['SQL_COMMENT', '-- 😀'],
    ]);
  });

  it('returns undefined, not a crash, when the scanner meets an unterminated literal', () => {
    expect(scanTokens(new SourceText("SELECT 'unterminated -- c"))).toBeUndefined();
  });
});

describe('parse errors', () => {
  it('give exactly one fatal message with Postgres\' text and the UTF-16 column', () => {
    const result = lint("SELECT 1;\nSELECT '😀é' FROM WHERE x;\nCREATE INDEX i ON t (a);");
    expect(result.messages).toEqual([
      { ruleId: null, severity: 2, fatal: true, message: 'syntax error at or near "WHERE"', line: 2, column: 19, nodeType: null },
    ]);
    expect(result.errorCount).toBe(1);
    expect(result.fatalErrorCount).toBe(1);
  });

  it('at the end of input point one past the last character', () => {
    const result = lint("SELECT 'abc' WHERE");
    expect(result.messages[0]).toMatchObject({ fatal: true, line: 1, column: 19 });
  });

  it('from unterminated literals are reported, not thrown', () => {
    const result = lint('SELECT $$ body');
    expect(result.messages).toHaveLength(1);
    expect(result.messages[0]).toMatchObject({ fatal: true, ruleId: null, severity: 2 });
    expect(result.messages[0]?.message).toContain('unterminated dollar-quoted string');
  });

  it('on runaway nesting is a message (the parser\'s own limit), not a stack overflow', () => {
    const result = lint(`SELECT ${'('.repeat(50_000)}1${')'.repeat(50_000)};`);
    expect(result.messages).toHaveLength(1);
    expect(result.messages[0]).toMatchObject({ fatal: true, message: expect.stringContaining('memory exhausted') });
  });
});

describe('awkward files', () => {
  it('empty, whitespace-only and comment-only files are clean', () => {
    for (const text of ['', '  \n\t\n', '-- only a comment\n', '/* block */\n-- and line\n']) {
      expect(lint(text).messages).toEqual([]);
    }
  });

  it('a UTF-8 byte-order mark is dropped and positions start after it', () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('CREATE INDEX i ON t (a);')]);
    const result = lint(bytes);
    expect(result.messages.map((m) => [m.ruleId, m.line, m.column])).toEqual([
      ['create-index-concurrently', 1, 1],
      ['set-lock-timeout', 1, 1],
    ]);
  });

  it('invalid UTF-8 is one fatal message at the first bad byte', () => {
    const bytes = Buffer.concat([Buffer.from('SELECT 1;\nSELECT \'caf'), Buffer.from([0xe9]), Buffer.from("';\n")]);
    const result = lint(bytes);
    expect(result.messages).toHaveLength(1);
    expect(result.messages[0]).toMatchObject({ fatal: true, ruleId: null, severity: 2, line: 2, column: 12 });
    expect(result.messages[0]?.message).toContain('invalid UTF-8 byte 0xe9');
  });

  it('a NUL byte is one fatal message at its position', () => {
    const result = lint('SELECT 1;\nSELECT \0 2;');
    expect(result.messages).toEqual([
      expect.objectContaining({ fatal: true, ruleId: null, line: 2, column: 8, message: expect.stringContaining('NUL') }),
    ]);
  });

  it('a 10 MB file ends in a result', () => {
    const line = "INSERT INTO events (id, payload) VALUES (1, 'é😀 padding padding padding');\n";
    const text = line.repeat(Math.ceil(10_000_000 / Buffer.byteLength(line)));
    const result = lint(text);
    expect(result.fatalErrorCount).toBe(0);
  }, 30_000);

  it('a 10,000-statement file ends in a result with a finding per statement', () => {
    const text = Array.from({ length: 10_000 }, (_, i) => `CREATE INDEX i${i} ON t (c${i});`).join('\n');
    const result = lint(text);
    const findings = result.messages.filter((m) => m.ruleId === 'create-index-concurrently');
    expect(findings).toHaveLength(10_000);
    expect(findings[9_999]).toMatchObject({ line: 10_000, column: 1 });
  }, 30_000);
});
