/**
 * Parser adapter: libpg-query (the Postgres 18 grammar compiled to WASM) in,
 * statements with UTF-16 ranges out.
 */
import { loadModule, parseSync, scanSync, type Node, type ScanToken } from 'libpg-query';
import { tagOf, type NodeTag } from './ast.js';
import { SourceText, type Range } from './source-text.js';

let loading: Promise<void> | undefined;

/** Resolves once the WASM parser is ready; every sync parse below needs it. */
export function loadParser(): Promise<void> {
  loading ??= loadModule();
  return loading;
}

export interface Statement {
  /** 0-based position of the statement in its file */
  index: number;
  /** the wrapped parse tree node, e.g. `{ IndexStmt: … }` */
  node: Node;
  tag: NodeTag;
  /** from the first character of the statement to its last, without the `;` */
  range: Range;
}

export interface ParseError {
  message: string;
  /** UTF-16 index the error points at */
  index: number;
}

export type ParseOutcome = { ok: true; statements: Statement[] } | { ok: false; error: ParseError };

export function parseStatements(source: SourceText): ParseOutcome {
  const text = source.text;
  const nul = text.indexOf('\0');
  if (nul >= 0) {
    return {
      ok: false,
      error: { message: 'NUL character (0x00) in the file; Postgres rejects it: invalid byte sequence for encoding "UTF8": 0x00', index: nul },
    };
  }
  // libpg-query refuses an empty string; a file of whitespace parses to no statements.
  if (text.trim() === '') return { ok: true, statements: [] };

  let tree;
  try {
    tree = parseSync(text);
  } catch (error) {
    return { ok: false, error: toParseError(error, source) };
  }
  const statements: Statement[] = [];
  for (const raw of tree.stmts ?? []) {
    if (!raw.stmt) continue;
    // Protobuf JSON omits zeros: no location means offset 0, no length means "to the end".
    const startByte = raw.stmt_location ?? 0;
    const start = source.indexFromByte(startByte);
    const end = raw.stmt_len === undefined ? text.length : source.indexFromByte(startByte + raw.stmt_len);
    statements.push({ index: statements.length, node: raw.stmt, tag: tagOf(raw.stmt), range: [start, trimEnd(text, start, end)] });
  }
  return { ok: true, statements };
}

function toParseError(error: unknown, source: SourceText): ParseError {
  const details = (error as { sqlDetails?: { message?: string; cursorPosition?: number } }).sqlDetails;
  if (details) {
    return {
      message: details.message ?? String(error),
      index: source.indexFromCodePoint(details.cursorPosition ?? 0),
    };
  }
  // Not a syntax error: resource limits (stack depth, memory) on pathological input.
  const message = error instanceof Error ? error.message : String(error);
  return { message: `could not parse the file: ${message}`, index: 0 };
}

function trimEnd(text: string, start: number, end: number): number {
  let e = end;
  while (e > start && /\s/.test(text[e - 1] as string)) e--;
  return e;
}

export interface Token {
  text: string;
  /** scanner token name: IDENT, SCONST, SQL_COMMENT, C_COMMENT, ASCII_59 (;), or UNKNOWN for keywords */
  kind: string;
  /** NO_KEYWORD, UNRESERVED_KEYWORD, RESERVED_KEYWORD, … */
  keyword: string;
  range: Range;
}

/**
 * Tokens of `range` of the source (the whole text by default), comments
 * included, from Postgres' own lexer. Undefined when the text does not lex
 * (an unterminated literal), which only happens on files that did not parse.
 */
export function scanTokens(source: SourceText, range: Range = [0, source.text.length]): Token[] | undefined {
  const whole = range[0] === 0 && range[1] === source.text.length;
  const piece = whole ? source : new SourceText(source.text.slice(range[0], range[1]));
  if (piece.text.trim() === '') return [];
  let raw: ScanToken[];
  try {
    raw = scanSync(piece.text).tokens ?? [];
  } catch {
    // libpg-query's scanner throws a raw JSON error on unterminated literals.
    return undefined;
  }
  return raw.map((t) => {
    const start = piece.indexFromByte(t.start ?? 0) + range[0];
    const end = piece.indexFromByte(t.end) + range[0];
    return { text: source.text.slice(start, end), kind: t.tokenName, keyword: t.keywordName, range: [start, end] as const };
  });
}
