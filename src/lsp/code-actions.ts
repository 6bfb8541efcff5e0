/**
 * Quick fixes for a document's findings: every suggestion a rule attached
 * (adding CONCURRENTLY, NOT VALID, the no-transaction directive, …), and for
 * every finding of a rule a comment can suppress, "Disable <rule> for this
 * line", which writes a `pgshift-disable-next-line` comment above the
 * statement.
 *
 * The suppression is written without a reason, on purpose. Any text after
 * ` -- ` counts as the reason, so a filler word ("TODO", "<reason>") would
 * make the comment complete and hide the missing justification; left empty,
 * `valid-directive` keeps reporting the comment ("gives no reason … say why
 * it is safe here") until the user writes one. A client that takes snippet
 * edits gets the cursor placed right where the reason goes.
 */
import type { CodeAction, Diagnostic, Range as LspRange, TextEdit, WorkspaceEdit } from 'vscode-languageserver/node';
import type { LintMessage } from '../engine/results.js';
import type { Range } from '../parse/source-text.js';
import type { SourceText } from '../parse/source-text.js';
import { messageRange, positionOf, toDiagnostic } from './diagnostics.js';

export const QUICK_FIX = 'quickfix';

/** Rules that report on directive comments after suppressions are resolved: no comment can suppress them. */
const UNSUPPRESSIBLE = new Set(['valid-directive', 'unused-suppression']);

export interface CodeActionInput {
  uri: string;
  /** the document version the messages belong to */
  version: number;
  text: SourceText;
  messages: readonly LintMessage[];
  /** statement ranges of the text (UTF-16), for where a suppression comment goes; empty when it does not parse (asked only when needed) */
  statements: () => readonly Range[];
  /** the range the client asks about */
  range: LspRange;
  /** kinds the client wants (`context.only`), if it said */
  only?: readonly string[] | undefined;
  /** the client applies `documentChanges` with versions (edits to a document that changed since are refused) */
  documentChanges: boolean;
  /** the client takes snippet text edits in workspace edits (LSP 3.18) */
  snippets: boolean;
}

export function codeActions(input: CodeActionInput): CodeAction[] {
  if (input.only && !input.only.some((kind) => kind === QUICK_FIX || QUICK_FIX.startsWith(`${kind}.`) || kind === '')) return [];
  const actions: CodeAction[] = [];
  const disables: CodeAction[] = [];
  for (const message of input.messages) {
    const range = messageRange(message, input.text);
    if (!intersects(range, input.range)) continue;
    const diagnostic = toDiagnostic(message, input.text);
    (message.suggestions ?? []).forEach((suggestion, i) => {
      const [start, end] = suggestion.fix.range;
      const edit: TextEdit = { range: { start: positionOf(input.text, start), end: positionOf(input.text, end) }, newText: suggestion.fix.text };
      actions.push({ title: suggestion.desc, kind: QUICK_FIX, diagnostics: [diagnostic], isPreferred: i === 0, edit: workspaceEdit(input, [edit]) });
    });
    if (message.ruleId === null || UNSUPPRESSIBLE.has(message.ruleId)) continue;
    const disable = disableAction(input, message, diagnostic);
    if (disable && !disables.some((other) => other.title === disable.title && sameEdit(other, disable))) disables.push(disable);
  }
  return [...actions, ...disables];
}

function disableAction(input: CodeActionInput, message: LintMessage, diagnostic: Diagnostic): CodeAction | undefined {
  const ruleId = message.ruleId as string;
  const { text } = input;
  const reportIndex = text.indexAt({ line: message.line, column: message.column });
  // The comment covers the next line and the statement that starts on it: it goes above the statement's first line.
  const statement = input.statements().find(([start, end]) => start <= reportIndex && reportIndex <= end);
  const line = statement ? text.positionAt(statement[0]).line : message.line;
  const lineStart = text.lineStart(line);
  const indent = /^[ \t]*/.exec(text.text.slice(lineStart, lineStart + 200))?.[0] ?? '';
  const title = `Disable ${ruleId} for this line`;

  // A pgshift-disable-next-line comment already right above: a second one would push it off its line, so the rule joins its list.
  if (line > 1) {
    const above = text.lineStart(line - 1);
    const aboveText = text.text.slice(above, lineStart).replace(/\r?\n$|\r$/, '');
    const existing = /^(\s*--\s*pgshift-disable-next-line\s+)(.*)$/.exec(aboveText);
    if (existing) {
      const rest = existing[2] as string;
      const separator = /\s--(\s|$)/.exec(rest);
      const list = (separator ? rest.slice(0, separator.index) : rest).trimEnd();
      if (list.split(/[\s,]+/).includes(ruleId)) return undefined;
      const at = above + (existing[1] as string).length + list.length;
      const edit: TextEdit = { range: { start: positionOf(text, at), end: positionOf(text, at) }, newText: `, ${ruleId}` };
      return { title, kind: QUICK_FIX, diagnostics: [diagnostic], isPreferred: false, edit: workspaceEdit(input, [edit]) };
    }
  }

  const eol = /\r\n?|\n/.exec(text.text)?.[0] ?? '\n';
  const comment = `${indent}-- pgshift-disable-next-line ${ruleId} -- `;
  const at = positionOf(text, lineStart);
  if (input.snippets) {
    // The reason is the one tab stop: the cursor lands where the user must write why.
    const snippet = { range: { start: at, end: at }, snippet: { kind: 'snippet' as const, value: `${escapeSnippet(comment)}$0${eol}` } };
    return { title, kind: QUICK_FIX, diagnostics: [diagnostic], isPreferred: false, edit: { documentChanges: [{ textDocument: { uri: input.uri, version: input.version }, edits: [snippet] }] } };
  }
  return { title, kind: QUICK_FIX, diagnostics: [diagnostic], isPreferred: false, edit: workspaceEdit(input, [{ range: { start: at, end: at }, newText: `${comment}${eol}` }]) };
}

function workspaceEdit(input: CodeActionInput, edits: TextEdit[]): WorkspaceEdit {
  if (input.documentChanges) return { documentChanges: [{ textDocument: { uri: input.uri, version: input.version }, edits }] };
  return { changes: { [input.uri]: edits } };
}

function escapeSnippet(text: string): string {
  return text.replace(/[$}\\]/g, (c) => `\\${c}`);
}

function sameEdit(a: CodeAction, b: CodeAction): boolean {
  return JSON.stringify(a.edit) === JSON.stringify(b.edit);
}

function before(a: LspRange['start'], b: LspRange['start']): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}

/** Ranges touch or overlap (an empty request range at a diagnostic's edge still counts: the cursor is on it). */
function intersects(a: LspRange, b: LspRange): boolean {
  return !before(a.end, b.start) && !before(b.end, a.start);
}
