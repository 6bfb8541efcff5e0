/**
 * pgshift's comment directives, read from the comments Postgres' own lexer
 * finds (comments are not in the parse tree):
 *
 *   -- pgshift:no-transaction
 *   -- pgshift:deprecate [table|view|column|function|type] <name>
 *   -- pgshift-disable-next-line <rule>[, <rule>] -- <reason>
 *   -- pgshift-disable <rule>[, <rule>] -- <reason>
 *   -- pgshift-enable <rule>[, <rule>]
 */
import { parseSync } from 'libpg-query';
import { asNode, stringList } from './ast.js';
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

/** Kinds a deprecation may name explicitly; views and materialized views are relations like tables. */
export type DeprecationKeyword = 'table' | 'view' | 'column' | 'function' | 'type';

/** `-- pgshift:deprecate users.email`: application code no longer uses the object (see src/model/deprecations.ts). */
export interface DeprecateDirective extends DirectiveBase {
  kind: 'deprecate';
  /** the kind written before the name, if any */
  keyword: DeprecationKeyword | undefined;
  /** the name's parts, folded as Postgres folds identifiers; empty when the name did not parse */
  names: string[];
  /** the name as written */
  text: string;
}

export type Directive = NoTransactionDirective | SuppressionDirective | DeprecateDirective | UnknownDirective;

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
  if (keyword === 'pgshift:deprecate') return parseDeprecation(rest.trim(), range, line);
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

const DEPRECATION_KEYWORDS = new Set<string>(['table', 'view', 'column', 'function', 'type']);

function parseDeprecation(rest: string, range: Range, line: number): DeprecateDirective {
  const [first = '', ...others] = rest.split(/\s+/);
  const keyword = DEPRECATION_KEYWORDS.has(first.toLowerCase()) && others.length > 0 ? (first.toLowerCase() as DeprecationKeyword) : undefined;
  const text = keyword ? others.join(' ') : rest;
  const problems: string[] = [];
  const names = text === '' ? [] : identifierPath(text);
  if (text === '') problems.push('pgshift:deprecate needs the object, e.g. "-- pgshift:deprecate users.email"');
  else if (names.length === 0) problems.push(`pgshift:deprecate: "${text}" is not a name (write table, table.column or schema.table.column)`);
  else if (names.length > (keyword === 'column' || keyword === undefined ? 3 : 2)) problems.push(`pgshift:deprecate: "${text}" has too many parts`);
  else if (keyword === 'column' && names.length < 2) problems.push(`pgshift:deprecate column needs table.column, not "${text}"`);
  return { kind: 'deprecate', keyword, names, text, range, line, problems };
}

/**
 * A dotted name read by Postgres' own parser, so quoting and case folding
 * follow its rules (`App."Users".email` is app, Users, email); [] when the
 * text is not a name.
 */
function identifierPath(text: string): string[] {
  let tree;
  try {
    tree = parseSync(`SELECT ${text}`);
  } catch {
    return [];
  }
  const select = tree.stmts?.length === 1 ? asNode(tree.stmts[0]?.stmt, 'SelectStmt') : undefined;
  const target = select?.targetList?.length === 1 && !select.fromClause ? asNode(select.targetList[0], 'ResTarget') : undefined;
  const reference = target && !target.name ? asNode(target.val, 'ColumnRef') : undefined;
  const names = stringList(reference?.fields);
  return reference && names.length === (reference.fields?.length ?? 0) ? names : [];
}
