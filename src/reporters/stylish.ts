/**
 * The default human-readable output, laid out like ESLint's "stylish":
 * results grouped by file, `line:column  severity  message  rule-id`, then a
 * summary. Colour only when the stream is a terminal.
 */
import path from 'node:path';
import type { LintMessage, LintResult } from '../engine/results.js';

export interface StylishOptions {
  color: boolean;
  /** paths are printed relative to this directory */
  cwd: string;
}

const codes = { red: [31, 39], yellow: [33, 39], dim: [2, 22], bold: [1, 22], underline: [4, 24] } as const;
type Style = keyof typeof codes;

export function formatStylish(results: readonly LintResult[], options: StylishOptions): string {
  const paint = (style: Style, text: string) => (options.color ? `\u001b[${codes[style][0]}m${text}\u001b[${codes[style][1]}m` : text);
  let out = '';
  let errors = 0;
  let warnings = 0;
  for (const result of results) {
    if (result.messages.length === 0) continue;
    errors += result.errorCount;
    warnings += result.warningCount;
    out += `\n${paint('underline', displayPath(result.filePath, options.cwd))}\n`;
    const rows = result.messages.map((m) => [`${m.line}:${m.column}`, m.severity === 2 ? 'error' : 'warning', m]);
    const positionWidth = Math.max(...rows.map((r) => (r[0] as string).length));
    for (const message of result.messages) {
      const position = `${message.line}:${message.column}`.padEnd(positionWidth);
      const severity = message.severity === 2 ? paint('red', 'error  ') : paint('yellow', 'warning');
      const lines = formatMessage(message).split('\n');
      const indent = ' '.repeat(2 + positionWidth + 2 + 7 + 2);
      const text = lines.map((line, i) => (i === 0 ? line : indent + line)).join('\n');
      out += `  ${paint('dim', position)}  ${severity}  ${text}  ${paint('dim', message.ruleId ?? '')}`.trimEnd() + '\n';
    }
  }
  const total = errors + warnings;
  if (total === 0) return '';
  const summary = `\u2716 ${total} ${total === 1 ? 'problem' : 'problems'} (${errors} ${errors === 1 ? 'error' : 'errors'}, ${warnings} ${warnings === 1 ? 'warning' : 'warnings'})`;
  out += `\n${paint('bold', paint(errors > 0 ? 'red' : 'yellow', summary))}\n`;
  return out;
}

function formatMessage(message: LintMessage): string {
  return message.fatal ? `Parsing error: ${message.message}` : message.message;
}

/** Relative to the working directory when inside it, so terminals and editors can open it. */
function displayPath(filePath: string, cwd: string): string {
  if (!path.isAbsolute(filePath)) return filePath;
  const relative = path.relative(cwd, filePath);
  return relative.startsWith('..') || path.isAbsolute(relative) ? filePath : relative;
}
