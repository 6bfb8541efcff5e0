/**
 * Lint results in exactly the shape of ESLint's JSON formatter, so existing
 * tooling (annotations, SARIF converters, editors) can read them.
 */
import type { Range } from '../parse/source-text.js';

export interface Fix {
  range: Range;
  text: string;
}

export interface LintMessage {
  ruleId: string | null;
  /** 1 warning, 2 error */
  severity: 1 | 2;
  message: string;
  messageId?: string;
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  /** the statement's parse tree node type */
  nodeType?: string | null;
  fatal?: true;
  fix?: Fix;
  suggestions?: { desc: string; fix: Fix }[];
  /** for suppressed messages: the directive that suppressed them and its reason */
  suppressions?: { kind: 'directive'; justification: string }[];
}

export interface LintResult {
  filePath: string;
  messages: LintMessage[];
  suppressedMessages: LintMessage[];
  errorCount: number;
  fatalErrorCount: number;
  warningCount: number;
  fixableErrorCount: number;
  fixableWarningCount: number;
  usedDeprecatedRules: [];
}

export function compareMessages(a: LintMessage, b: LintMessage): number {
  return a.line - b.line || a.column - b.column || (a.ruleId ?? '').localeCompare(b.ruleId ?? '') || a.message.localeCompare(b.message);
}

export function buildResult(filePath: string, messages: LintMessage[], suppressedMessages: LintMessage[] = []): LintResult {
  const sorted = [...messages].sort(compareMessages);
  let errorCount = 0;
  let fatalErrorCount = 0;
  let warningCount = 0;
  let fixableErrorCount = 0;
  let fixableWarningCount = 0;
  for (const m of sorted) {
    if (m.severity === 2) {
      errorCount++;
      if (m.fatal) fatalErrorCount++;
      if (m.fix) fixableErrorCount++;
    } else {
      warningCount++;
      if (m.fix) fixableWarningCount++;
    }
  }
  return {
    filePath,
    messages: sorted,
    suppressedMessages: [...suppressedMessages].sort(compareMessages),
    errorCount,
    fatalErrorCount,
    warningCount,
    fixableErrorCount,
    fixableWarningCount,
    usedDeprecatedRules: [],
  };
}

/** A result with one fatal message: the file could not be read or parsed. */
export function fatalResult(filePath: string, message: string, position: { line: number; column: number }): LintResult {
  return buildResult(filePath, [{ ruleId: null, severity: 2, fatal: true, message, line: position.line, column: position.column, nodeType: null }]);
}

/** A result with one warning and no rule: the file holds nothing pgshift lints as asked (ESLint's "File ignored" warning). */
export function skippedResult(filePath: string, message: string): LintResult {
  return buildResult(filePath, [{ ruleId: null, severity: 1, message, line: 1, column: 1, nodeType: null }]);
}
