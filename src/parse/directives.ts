/**
 * pgshift's comment directives, read from the comments Postgres' own lexer
 * finds (comments are not in the parse tree):
 *
 *   -- pgshift:no-transaction
 *   -- pgshift-disable-next-line <rule>[, <rule>] -- <reason>
 *   -- pgshift-disable <rule>[, <rule>] -- <reason>
 *   -- pgshift-enable <rule>[, <rule>]
 */
import { scanTokens } from './parse-sql.js';
import type { Range, SourceText } from './source-text.js';

export type SuppressionScope = 'next-line' | 'rest-of-file' | 'enable';

interface DirectiveBase {
  /** range of the whole comment */
  range: Range;
  /** 1-based line of the comment's start */
  line: number;
  /** what is wrong with how the directive is written, for the valid-directive rule */
  problems: string[];
}

export interface NoTransactionDirective extends DirectiveBase {
  kind: 'no-transaction';
}

export interface SuppressionDirective extends DirectiveBase {
  kind: 'suppression';
  scope: SuppressionScope;
  ruleIds: string[];
  reason: string | undefined;
}

export interface UnknownDirective extends DirectiveBase {
  kind: 'unknown';
  name: string;
}

export type Directive = NoTransactionDirective | SuppressionDirective | UnknownDirective;

/** Cheap pre-check: scanning is three times slower than parsing, and most files carry no directive. */
export function mayContainDirectives(text: string): boolean {
  return text.includes('pgshift');
}

export function readDirectives(source: SourceText): Directive[] {
  if (!mayContainDirectives(source.text)) return [];
  const tokens = scanTokens(source) ?? [];
  const directives: Directive[] = [];
  for (const token of tokens) {
    if (token.kind !== 'SQL_COMMENT' && token.kind !== 'C_COMMENT') continue;
    const body = token.kind === 'SQL_COMMENT' ? token.text.slice(2) : token.text.slice(2, -2);
    const directive = parseDirective(body.trim(), token.range, source.positionAt(token.range[0]).line);
    if (directive) directives.push(directive);
  }
  return directives;
}

const SUPPRESSION_KEYWORDS: Record<string, SuppressionScope> = {
  'pgshift-disable-next-line': 'next-line',
  'pgshift-disable': 'rest-of-file',
  'pgshift-enable': 'enable',
};

function parseDirective(body: string, range: Range, line: number): Directive | undefined {
  const keyword = /^pgshift(?::[\w-]*|-[\w-]+)/.exec(body)?.[0];
  if (!keyword) return undefined;
  const rest = body.slice(keyword.length);
  if (rest !== '' && !/^\s/.test(rest)) return undefined;

  if (keyword === 'pgshift:no-transaction') {
    const problems = rest.trim() === '' ? [] : [`pgshift:no-transaction takes no arguments; found "${rest.trim()}"`];
    return { kind: 'no-transaction', range, line, problems };
  }
  const scope = SUPPRESSION_KEYWORDS[keyword];
  if (scope) return parseSuppression(scope, keyword, rest, range, line);
  return { kind: 'unknown', name: keyword, range, line, problems: [`unknown directive "${keyword}"`] };
}

function parseSuppression(scope: SuppressionScope, keyword: string, rest: string, range: Range, line: number): SuppressionDirective {
  // The reason follows the first " -- " (a nested comment marker reads naturally in SQL).
  const separator = /\s--(\s|$)/.exec(rest);
  const list = separator ? rest.slice(0, separator.index) : rest;
  const reason = separator ? rest.slice(separator.index + separator[0].length).trim() : undefined;
  const ruleIds = list.split(/[\s,]+/).filter((id) => id !== '');
  const problems: string[] = [];
  if (ruleIds.length === 0) problems.push(`${keyword} must name the rules it applies to`);
  if (scope !== 'enable' && !reason) {
    problems.push(`${keyword} needs a reason after " -- ", e.g. "-- ${keyword} ${ruleIds[0] ?? '<rule-id>'} -- table holds 40 rows"`);
  }
  return { kind: 'suppression', scope, ruleIds, reason: reason || undefined, range, line, problems };
}
