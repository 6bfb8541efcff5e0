/**
 * Finding places in a statement's tokens, for text edits that keep the
 * user's formatting and comments: insert CONCURRENTLY after INDEX, NOT VALID
 * after a constraint, and so on.
 */
import type { Edit } from '../engine/rule.js';
import type { Token } from './parse-sql.js';

/** True for keyword tokens (not identifiers, literals, or quoted names that happen to spell a keyword). */
export function isKeyword(token: Token, word?: string): boolean {
  if (token.keyword === 'NO_KEYWORD' || token.kind === 'IDENT' || token.kind === 'SCONST') return false;
  return word === undefined || token.text.toUpperCase() === word.toUpperCase();
}

export function isComment(token: Token): boolean {
  return token.kind === 'SQL_COMMENT' || token.kind === 'C_COMMENT';
}

/** The first keyword token spelling `word` at or after token index `from`. */
export function findKeyword(tokens: readonly Token[], word: string, from = 0): number {
  for (let i = from; i < tokens.length; i++) if (isKeyword(tokens[i] as Token, word)) return i;
  return -1;
}

/** The first occurrence of consecutive keywords, e.g. ['DETACH', 'PARTITION']; index of the first. */
export function findKeywords(tokens: readonly Token[], words: readonly string[], from = 0): number {
  const code = tokens.filter((t) => !isComment(t));
  for (let i = from; i < code.length; i++) {
    if (words.every((w, k) => code[i + k] !== undefined && isKeyword(code[i + k] as Token, w))) return tokens.indexOf(code[i] as Token);
  }
  return -1;
}

/** The next non-comment token after index `i`, or -1. */
export function nextCodeToken(tokens: readonly Token[], i: number): number {
  for (let k = i + 1; k < tokens.length; k++) if (!isComment(tokens[k] as Token)) return k;
  return -1;
}

export function insertAfter(token: Token, text: string): Edit {
  return { range: [token.range[1], token.range[1]], text };
}

export function insertBefore(token: Token, text: string): Edit {
  return { range: [token.range[0], token.range[0]], text };
}

/** Index of the token that starts at UTF-16 index `position`, or -1. */
export function tokenAt(tokens: readonly Token[], position: number): number {
  return tokens.findIndex((t) => t.range[0] === position);
}

/** The span of a possibly qualified name (`a`, `s.a`, `"S"."a"`) starting at token `i`. */
export function nameSpan(tokens: readonly Token[], i: number): [number, number] | undefined {
  const first = tokens[i];
  if (!first) return undefined;
  let end = first.range[1];
  let k = i;
  while (tokens[k + 1]?.text === '.' && tokens[k + 2]) {
    k += 2;
    end = (tokens[k] as Token).range[1];
  }
  return [first.range[0], end];
}
