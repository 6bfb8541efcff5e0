/**
 * Puts `pgshift lint --format json` messages and ESLint's messages in one
 * shape, so a test can say they are equal: ESLint's rule ids carry the
 * plugin's prefix, and ESLint prefixes a parse error's message.
 */
import path from 'node:path';
import type { ESLint, Linter } from 'eslint';
import type { LintMessage, LintResult } from '../../src/engine/results.js';
import { runCli } from '../support/cli.js';

export interface Shape {
  ruleId: string | null;
  severity: number;
  message: string;
  messageId?: string | undefined;
  line: number;
  column: number;
  endLine?: number | undefined;
  endColumn?: number | undefined;
  fatal?: boolean | undefined;
  suggestions?: { desc: string; range: [number, number]; text: string }[] | undefined;
}

function byPosition(a: Shape, b: Shape): number {
  return a.line - b.line || a.column - b.column || (a.ruleId ?? '').localeCompare(b.ruleId ?? '') || a.message.localeCompare(b.message);
}

export function cliShape(messages: readonly LintMessage[]): Shape[] {
  return messages
    .map((m) => ({
      ruleId: m.ruleId === null ? null : `pgshift/${m.ruleId}`,
      severity: m.severity,
      // ESLint says where a fatal message comes from; the text after it is pgshift's.
      message: m.fatal ? `Parsing error: ${m.message}` : m.message,
      messageId: m.messageId,
      line: m.line,
      column: m.column,
      endLine: m.endLine,
      endColumn: m.endColumn,
      fatal: m.fatal,
      suggestions: m.suggestions?.map((s) => ({ desc: s.desc, range: [s.fix.range[0], s.fix.range[1]] as [number, number], text: s.fix.text })),
    }))
    .sort(byPosition);
}

export function eslintShape(messages: readonly Linter.LintMessage[]): Shape[] {
  return messages
    .map((m) => ({
      ruleId: m.ruleId,
      severity: m.severity,
      message: m.message,
      messageId: m.messageId,
      line: m.line,
      column: m.column,
      endLine: m.endLine,
      endColumn: m.endColumn,
      fatal: m.fatal,
      suggestions: m.suggestions?.map((s) => ({ desc: s.desc, range: s.fix.range, text: s.fix.text })),
    }))
    .sort(byPosition);
}

/** Counts as both tools total them. */
export function counts(result: Pick<LintResult | ESLint.LintResult, 'errorCount' | 'warningCount' | 'fatalErrorCount'>): [number, number, number] {
  return [result.errorCount, result.warningCount, result.fatalErrorCount];
}

/** `pgshift lint --format json <files>` run in `cwd`, in this process: its results by absolute path (an Alembic file's revisions, `file#revision`, under the file). */
export async function cliResults(cwd: string, files: readonly string[], extraArgs: readonly string[] = []): Promise<Map<string, LintResult[]>> {
  const run = await runCli(['lint', '--format', 'json', ...extraArgs, ...files.map((file) => path.relative(cwd, file))], { cwd });
  if (run.code === 2) throw new Error(`pgshift lint failed: ${run.stderr}`);
  const byFile = new Map<string, LintResult[]>();
  for (const result of JSON.parse(run.stdout) as LintResult[]) {
    const file = result.filePath.replace(/#[^#/\\]*$/, '');
    const list = byFile.get(file) ?? [];
    list.push(result);
    byFile.set(file, list);
  }
  return byFile;
}
