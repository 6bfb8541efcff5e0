/**
 * Helpers shared by the locking and style rules: where a column definition
 * sits and the text edit that swaps its type for another (prefer-jsonb,
 * prefer-bigint, prefer-text, prefer-timestamptz, prefer-identity), and which
 * defaults are volatile (combine-alter-table).
 */
import type { AlterTableCmd, AlterTableStmt, ColumnDef } from 'libpg-query';
import type { Edit, NodeVisitor, RuleContext, StatementContext } from '../../src/engine/rule.js';
import { quoteIdent, typeInfo, typeText, type TypeInfo } from '../../src/parse/ast.js';
import type { Token } from '../../src/parse/parse-sql.js';
import type { Range } from '../../src/parse/source-text.js';
import { applyEdits } from '../../src/engine/linter.js';
import { isComment, isKeyword, nextCodeToken, tokenAt } from '../../src/parse/tokens.js';
import type { TaggedNode } from '../../src/parse/walk.js';
import { asStatement } from './recipes.js';

/** The statements in which a column gets its type. */
export type ColumnSite = 'create table' | 'add column' | 'alter column type';

/** Where a ColumnDef sits, or undefined for composite types, foreign tables and views. */
function columnSite(ancestors: readonly TaggedNode[]): ColumnSite | undefined {
  const parent = ancestors[ancestors.length - 1];
  if (parent?.tag === 'CreateStmt') return 'create table';
  const statement = ancestors[ancestors.length - 2];
  if (parent?.tag !== 'AlterTableCmd' || statement?.tag !== 'AlterTableStmt') return undefined;
  if ((statement.node as AlterTableStmt).objtype !== 'OBJECT_TABLE') return undefined;
  const subtype = (parent.node as AlterTableCmd).subtype;
  if (subtype === 'AT_AddColumn') return 'add column';
  if (subtype === 'AT_AlterColumnType') return 'alter column type';
  return undefined;
}

/** The column's name: ALTER COLUMN … TYPE carries it on the command, not on the definition. */
function columnName(column: ColumnDef, ancestors: readonly TaggedNode[]): string {
  const parent = ancestors[ancestors.length - 1];
  const name = column.colname ?? (parent?.tag === 'AlterTableCmd' ? (parent.node as AlterTableCmd).name : undefined);
  return quoteIdent(name ?? '?');
}

/** Every statement that gives a table column its type. */
export const ALL_COLUMN_SITES: readonly ColumnSite[] = ['create table', 'add column', 'alter column type'];
/** Where a column is created, with its constraints. */
export const NEW_COLUMN_SITES: readonly ColumnSite[] = ['create table', 'add column'];

/**
 * A ColumnDef visitor that calls `visit` only for table columns in `sites`
 * whose type is one of Postgres' built-in types (written bare or as
 * `pg_catalog.x`; a type of the same name in another schema is not).
 */
export function onBuiltinColumn(
  sites: readonly ColumnSite[],
  visit: (column: ColumnDef, type: TypeInfo, site: ColumnSite, ancestors: readonly TaggedNode[]) => void,
): NodeVisitor<'ColumnDef'> {
  return (column, ancestors) => {
    const site = columnSite(ancestors);
    if (!site || !sites.includes(site) || !column.typeName) return;
    const type = typeInfo(column.typeName);
    if (type.schema === undefined) visit(column, type, site, ancestors);
  };
}

/** Words that continue a multi-word type name (`character varying`, `double precision`, `national character`). */
const TYPE_WORD_CONTINUATIONS = ['VARYING', 'PRECISION', 'CHARACTER', 'CHAR'];

/**
 * The span of a type as written, from its first word through its modifiers
 * and `with[out] time zone`, without array brackets: `character varying(10)`,
 * `pg_catalog.timestamp(3) without time zone`, `"json"`.
 */
function typeSpan(tokens: readonly Token[], start: number): Range | undefined {
  const first = tokenAt(tokens, start);
  if (first < 0) return undefined;
  let last = first;
  const following = (i: number, count = 1): Token | undefined => {
    let k = i;
    for (let n = 0; n < count && k >= 0; n++) k = nextCodeToken(tokens, k);
    return k >= 0 ? tokens[k] : undefined;
  };
  const advance = (count = 1) => {
    for (let n = 0; n < count; n++) last = nextCodeToken(tokens, last);
  };
  const isWord = (token: Token | undefined, word: string) => token !== undefined && isKeyword(token, word);

  while (following(last)?.text === '.' && following(last, 2)) advance(2);
  while (TYPE_WORD_CONTINUATIONS.some((word) => isWord(following(last), word))) advance();
  if (following(last)?.text === '(') {
    let depth = 0;
    do {
      advance();
      if (last < 0) return undefined;
      const text = (tokens[last] as Token).text;
      if (text === '(') depth++;
      else if (text === ')') depth--;
    } while (depth > 0);
  }
  const zone = following(last, 3);
  if ((isWord(following(last), 'WITH') || isWord(following(last), 'WITHOUT')) && isWord(following(last, 2), 'TIME') && isWord(zone, 'ZONE')) advance(3);
  return [(tokens[first] as Token).range[0], (tokens[last] as Token).range[1]];
}

export interface ColumnTypeFinding {
  messageId: string;
  /** what to write in place of the type; omitted when no rewrite is mechanical */
  replacement?: string;
  /** further edits in the same statement that the replacement needs */
  extraEdits?: Edit[];
  /** the suggestion's description; "Use <replacement>" by default */
  desc?: string;
  data?: Record<string, string | number>;
}

/**
 * Report a column's type, underlining the type as written. The message gets
 * `column`, `type` (as a user would write it) and, with a replacement,
 * `rewritten`: the statement with the replacement applied, also offered as
 * a suggestion.
 */
export function reportColumnType(context: RuleContext, column: ColumnDef, ancestors: readonly TaggedNode[], finding: ColumnTypeFinding): void {
  const statement = context.current;
  if (!statement || column.typeName?.location === undefined) return;
  const range = typeSpan(statement.tokens(), statement.indexOfLocation(column.typeName.location));
  const data = { column: columnName(column, ancestors), type: typeText(typeInfo(column.typeName)), ...finding.data };
  if (!range || finding.replacement === undefined) {
    context.report({ messageId: finding.messageId, data, ...(range ? { range } : {}) });
    return;
  }
  const edits: Edit[] = [{ range, text: finding.replacement }, ...(finding.extraEdits ?? [])];
  context.report({
    messageId: finding.messageId,
    data: { ...data, rewritten: rewrittenColumn(statement, column, range, finding.replacement, edits) },
    range,
    suggestions: [{ desc: finding.desc ?? `Use ${finding.replacement}`, edits }],
  });
}

/**
 * The fix as the user would paste it: in a CREATE TABLE, the column's own
 * definition (the whole statement would bury the change among every other
 * column); elsewhere, the whole statement.
 */
function rewrittenColumn(statement: StatementContext, column: ColumnDef, typeRange: Range, replacement: string, edits: readonly Edit[]): string {
  if (statement.statement.tag !== 'CreateStmt' || edits.length > 1 || column.location === undefined) return asStatement(statement.rewrite(edits));
  const tokens = statement.tokens();
  const first = tokenAt(tokens, statement.indexOfLocation(column.location));
  if (first < 0) return asStatement(statement.rewrite(edits));
  // The definition runs to the comma or parenthesis that closes it.
  let depth = 0;
  let end = (tokens[first] as Token).range[1];
  for (let i = first; i < tokens.length; i++) {
    const token = tokens[i] as Token;
    if (isComment(token)) continue;
    if (token.text === '(') depth++;
    else if (token.text === ')' && depth-- === 0) break;
    else if (token.text === ',' && depth === 0) break;
    end = token.range[1];
  }
  const start = (tokens[first] as Token).range[0];
  return `\`${applyEdits(statement.text, [{ range: typeRange, text: replacement }].map((e) => shift(e, -statement.statement.range[0])), start - statement.statement.range[0], end - statement.statement.range[0])}\``;
}

function shift(edit: Edit, by: number): Edit {
  return { range: [edit.range[0] + by, edit.range[1] + by], text: edit.text };
}

/** Where the statement's last code token ends: text appended there stays outside a trailing comment. */
export function codeEnd(statement: StatementContext): number {
  const tokens = statement.tokens();
  for (let i = tokens.length - 1; i >= 0; i--) if (!isComment(tokens[i] as Token)) return (tokens[i] as Token).range[1];
  return statement.statement.range[1];
}

