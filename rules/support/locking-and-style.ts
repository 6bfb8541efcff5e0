/**
 * Helpers shared by the locking and style rules: where a column definition
 * sits and the text edit that swaps its type for another (prefer-jsonb,
 * prefer-bigint, prefer-text, prefer-timestamptz, prefer-identity), and which
 * defaults are volatile (combine-alter-table).
 */
import type { AlterTableCmd, AlterTableStmt, ColumnDef, Node, TypeName } from 'libpg-query';
import { functionsCalled } from '../../src/model/expressions.js';
import type { Edit, RuleContext } from '../../src/engine/rule.js';
import { quoteIdent, typeInfo, type TypeInfo } from '../../src/parse/ast.js';
import type { Token } from '../../src/parse/parse-sql.js';
import type { Range } from '../../src/parse/source-text.js';
import { isKeyword, nextCodeToken, tokenAt } from '../../src/parse/tokens.js';
import type { TaggedNode } from '../../src/parse/walk.js';

/** The statements in which a column gets its type. */
export type ColumnSite = 'create table' | 'add column' | 'alter column type';

/** Where a ColumnDef sits, or undefined for composite types, foreign tables and views. */
export function columnSite(ancestors: readonly TaggedNode[]): ColumnSite | undefined {
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
export function columnName(column: ColumnDef, ancestors: readonly TaggedNode[]): string {
  const parent = ancestors[ancestors.length - 1];
  const name = column.colname ?? (parent?.tag === 'AlterTableCmd' ? (parent.node as AlterTableCmd).name : undefined);
  return quoteIdent(name ?? '?');
}

/** The column's type when it is one of Postgres' built-in types (written bare or as pg_catalog.x), else undefined. */
export function builtinType(column: ColumnDef): TypeInfo | undefined {
  if (!column.typeName) return undefined;
  const info = typeInfo(column.typeName);
  return info.schema === undefined ? info : undefined;
}

/** Words that continue a multi-word type name (`character varying`, `double precision`, `national character`). */
const TYPE_WORD_CONTINUATIONS = ['VARYING', 'PRECISION', 'CHARACTER', 'CHAR'];

/**
 * The span of a type as written, from its first word through its modifiers
 * and `with[out] time zone`, without array brackets: `character varying(10)`,
 * `pg_catalog.timestamp(3) without time zone`, `"json"`.
 */
export function typeSpan(tokens: readonly Token[], start: number): Range | undefined {
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

/** The edit that writes `replacement` in place of the column's type (array brackets stay). */
export function replaceType(context: RuleContext, typeName: TypeName | undefined, replacement: string): Edit | undefined {
  const statement = context.current;
  if (!statement || typeName?.location === undefined) return undefined;
  const range = typeSpan(statement.tokens(), statement.indexOfLocation(typeName.location));
  return range ? { range, text: replacement } : undefined;
}

/**
 * Volatile functions commonly used as column defaults. A volatile default makes
 * ADD COLUMN rewrite the table (PostgreSQL 11+ stores a non-volatile default
 * once instead). Functions not listed are taken as non-volatile: the rule using
 * this then stays quiet rather than claim a rewrite.
 */
const VOLATILE_DEFAULTS = new Set(['random', 'clock_timestamp', 'timeofday', 'nextval', 'gen_random_uuid', 'uuidv4', 'uuidv7', 'uuid_generate_v1', 'uuid_generate_v1mc', 'uuid_generate_v4']);

export function callsVolatileFunction(expression: Node | undefined): boolean {
  return functionsCalled(expression).some((name) => VOLATILE_DEFAULTS.has(name.replace(/^(pg_catalog|public)\./, '')));
}
