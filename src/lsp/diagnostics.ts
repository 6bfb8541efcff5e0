/**
 * Lint messages as LSP diagnostics. Lint messages carry 1-based lines and
 * UTF-16 columns, LSP positions are 0-based lines and UTF-16 characters (the
 * encoding the server announces, which is the protocol's default), so the
 * conversion is an offset by one; text offsets go through SourceText.
 */
import type { Diagnostic, DiagnosticSeverity, DiagnosticTag, Position, Range } from 'vscode-languageserver/node';
import type { LintMessage, LintResult } from '../engine/results.js';
import { ruleDocsUrl } from '../package-root.js';
import type { SourceText } from '../parse/source-text.js';

export const DIAGNOSTIC_SOURCE = 'pgshift';

/** DiagnosticSeverity.Error and .Warning (the enum is a namespace of constants in the protocol package). */
const ERROR: DiagnosticSeverity = 1;
const WARNING: DiagnosticSeverity = 2;
const UNNECESSARY: DiagnosticTag = 1;

/** A UTF-16 index of the text as an LSP position. */
export function positionOf(text: SourceText, index: number): Position {
  const { line, column } = text.positionAt(index);
  return { line: line - 1, character: column - 1 };
}

/** An LSP position as a UTF-16 index of the text (clamped to the text). */
export function indexOf(text: SourceText, position: Position): number {
  const lineStart = text.lineStart(position.line + 1);
  const nextLine = position.line + 1 < text.lineCount ? text.lineStart(position.line + 2) : text.text.length;
  // A character past the end of its line means the line's end, as the protocol says.
  return Math.min(lineStart + Math.max(position.character, 0), lineEndBefore(text.text, nextLine, lineStart));
}

function lineEndBefore(text: string, nextLineStart: number, lineStart: number): number {
  let end = nextLineStart;
  if (end > lineStart && text.charCodeAt(end - 1) === 10) end--;
  if (end > lineStart && text.charCodeAt(end - 1) === 13) end--;
  return end;
}

/** The range a message underlines; a message with no end (a parse error) underlines the word it points at. */
export function messageRange(message: LintMessage, text: SourceText): Range {
  const start: Position = { line: message.line - 1, character: message.column - 1 };
  if (message.endLine !== undefined && message.endColumn !== undefined) return { start, end: { line: message.endLine - 1, character: message.endColumn - 1 } };
  const index = text.indexAt({ line: message.line, column: message.column });
  const word = /^(?:[\p{L}\p{N}_$]+|"(?:[^"\n]|"")*"?|'(?:[^'\n]|'')*'?|[^\s])/u.exec(text.text.slice(index, index + 200));
  return { start, end: positionOf(text, index + (word?.[0].length ?? 0)) };
}

const docsUrls = new Map<string, string>();

function docsUrl(ruleId: string): string {
  let url = docsUrls.get(ruleId);
  if (url === undefined) docsUrls.set(ruleId, (url = ruleDocsUrl(ruleId)));
  return url;
}

export function toDiagnostic(message: LintMessage, text: SourceText): Diagnostic {
  const diagnostic: Diagnostic = {
    range: messageRange(message, text),
    severity: message.severity === 2 ? ERROR : WARNING,
    source: DIAGNOSTIC_SOURCE,
    message: message.message,
  };
  if (message.ruleId !== null) {
    diagnostic.code = message.ruleId;
    diagnostic.codeDescription = { href: docsUrl(message.ruleId) };
    // A suppression that suppresses nothing is dead text: editors grey it out.
    if (message.ruleId === 'unused-suppression') diagnostic.tags = [UNNECESSARY];
  }
  return diagnostic;
}

/**
 * The messages of a document's results. A file holding several migrations
 * (Alembic's offline SQL) gives a result per migration, all about this text.
 */
export function documentMessages(results: readonly LintResult[]): LintMessage[] {
  return results.flatMap((result) => result.messages);
}

/** A configuration that does not load is reported on the first line of every document it governs. */
export function configErrorDiagnostic(message: string): Diagnostic {
  return {
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    severity: ERROR,
    source: DIAGNOSTIC_SOURCE,
    message: `pgshift cannot lint this file: ${message}`,
  };
}
