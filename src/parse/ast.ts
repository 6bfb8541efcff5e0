/**
 * Typed access to libpg-query's parse tree.
 *
 * The tree is protobuf JSON: every node is a one-key wrapper such as
 * `{ IndexStmt: { … } }`, and false, zero and empty values are omitted.
 * Rules see the unwrapped node (typed by @pgsql/types) and use these helpers
 * instead of poking at wrappers.
 */
import type { A_Const, Node, RangeVar, TypeName } from 'libpg-query';

type KeysOfUnion<T> = T extends T ? keyof T : never;

/** Every node type name in the Postgres 18 parse tree (`IndexStmt`, `AlterTableCmd`, …). */
export type NodeTag = KeysOfUnion<Node>;

/** The unwrapped node for a tag: `NodeOf<'IndexStmt'>` is `IndexStmt`. */
export type NodeOf<K extends NodeTag> = Extract<Node, { [P in K]: unknown }> extends infer W
  ? W extends Record<K, infer V>
    ? V
    : never
  : never;

export function tagOf(node: Node): NodeTag {
  for (const key in node) return key as NodeTag;
  throw new Error('empty parse tree node');
}

/** The inner node when `node` has the given tag. */
export function asNode<K extends NodeTag>(node: Node | undefined, tag: K): NodeOf<K> | undefined {
  if (node === undefined) return undefined;
  return (node as Record<string, unknown>)[tag] as NodeOf<K> | undefined;
}

/** The `sval`s of a list of String nodes (names, column lists). */
export function stringList(nodes: readonly Node[] | undefined): string[] {
  const out: string[] = [];
  for (const n of nodes ?? []) {
    const s = asNode(n, 'String');
    if (s) out.push(s.sval ?? '');
  }
  return out;
}

/** A name as Postgres would print it: quoted only when it must be. */
export function quoteIdent(name: string): string {
  return /^[a-z_][a-z0-9_$]*$/.test(name) && !RESERVED_WORDS.has(name) ? name : `"${name.replace(/"/g, '""')}"`;
}

/** Reserved words that cannot be used as bare identifiers (subset that matters for names we print). */
const RESERVED_WORDS = new Set([
  'all', 'analyse', 'analyze', 'and', 'any', 'array', 'as', 'asc', 'asymmetric', 'both', 'case', 'cast', 'check',
  'collate', 'column', 'constraint', 'create', 'current_catalog', 'current_date', 'current_role', 'current_time',
  'current_timestamp', 'current_user', 'default', 'deferrable', 'desc', 'distinct', 'do', 'else', 'end', 'except',
  'false', 'fetch', 'for', 'foreign', 'from', 'grant', 'group', 'having', 'in', 'initially', 'intersect', 'into',
  'lateral', 'leading', 'limit', 'localtime', 'localtimestamp', 'not', 'null', 'offset', 'on', 'only', 'or', 'order',
  'placing', 'primary', 'references', 'returning', 'select', 'session_user', 'some', 'symmetric', 'system_user',
  'table', 'then', 'to', 'trailing', 'true', 'union', 'unique', 'user', 'using', 'variadic', 'when', 'where', 'window',
  'with',
]);

/** `schema.name` of a RangeVar as written (unqualified names stay unqualified). */
export function relationText(relation: RangeVar | undefined): string {
  if (!relation) return '?';
  const parts = [relation.schemaname, relation.relname].filter((p): p is string => !!p);
  return parts.map(quoteIdent).join('.');
}

/** Dotted name from a list of String nodes, quoted where needed. */
export function nameListText(nodes: readonly Node[] | undefined): string {
  return stringList(nodes).map(quoteIdent).join('.');
}

/**
 * A type name reduced to what Postgres compares: the base type name (pg_catalog
 * prefix dropped), its integer modifiers, and array bounds.
 */
export interface TypeInfo {
  /** internal name: `int4`, `varchar`, `numeric`, `timestamptz`, or a user type as written */
  name: string;
  schema?: string;
  /** integer type modifiers, e.g. [255] for varchar(255), [10, 2] for numeric(10,2); undefined when unspecified */
  modifiers?: number[];
  isArray: boolean;
  /** true for serial, bigserial and smallserial, which are not real types */
  isSerial: boolean;
}

export function typeInfo(typeName: TypeName | undefined): TypeInfo {
  const names = stringList(typeName?.names);
  const last = names[names.length - 1] ?? '?';
  const schema = names.length > 1 ? names[names.length - 2] : undefined;
  const mods: number[] = [];
  let allConst = true;
  for (const m of typeName?.typmods ?? []) {
    const value = integerConstant(m);
    if (value === undefined) allConst = false;
    else mods.push(value);
  }
  const info: TypeInfo = {
    name: last,
    isArray: (typeName?.arrayBounds?.length ?? 0) > 0,
    isSerial: schema === undefined && SERIAL_TYPES.has(last),
  };
  if (schema !== undefined && schema !== 'pg_catalog') info.schema = schema;
  if (mods.length > 0 && allConst) info.modifiers = mods;
  return info;
}

const SERIAL_TYPES = new Set(['serial', 'serial4', 'bigserial', 'serial8', 'smallserial', 'serial2']);

/** The type as a user would write it: `varchar(255)`, `numeric(10,2)`, `timestamptz`, `text[]`. */
export function typeText(info: TypeInfo): string {
  const display = DISPLAY_TYPE_NAMES[info.name] ?? info.name;
  const base = info.schema ? `${quoteIdent(info.schema)}.${display}` : display;
  const mods = info.modifiers ? `(${info.modifiers.join(',')})` : '';
  return `${base}${mods}${info.isArray ? '[]' : ''}`;
}

const DISPLAY_TYPE_NAMES: Record<string, string> = {
  int2: 'smallint',
  int4: 'integer',
  int8: 'bigint',
  float4: 'real',
  float8: 'double precision',
  bool: 'boolean',
  bpchar: 'char',
};

/** The value of an integer constant node (A_Const with ival), if it is one. */
export function integerConstant(node: Node | undefined): number | undefined {
  const c = asNode(node, 'A_Const');
  if (!c || c.isnull) return undefined;
  if (c.ival !== undefined) return c.ival.ival ?? 0;
  return undefined;
}

/** The value of a string constant node, if it is one. */
export function stringConstant(node: Node | undefined): string | undefined {
  const c: A_Const | undefined = asNode(node, 'A_Const');
  return c?.sval?.sval;
}

/**
 * Whether a `( option [value], … )` list turns `name` on, read as Postgres'
 * defGetBoolean does: a bare option is on; `true`/`on`/`1` and `false`/`off`/`0`
 * set it. `VACUUM (FULL false)` is not a VACUUM FULL.
 */
export function booleanOption(options: readonly Node[] | undefined, name: string): boolean {
  let enabled = false;
  for (const option of options ?? []) {
    const element = asNode(option, 'DefElem');
    if (element?.defname !== name) continue;
    enabled = booleanValue(element.arg);
  }
  return enabled;
}

function booleanValue(arg: Node | undefined): boolean {
  if (arg === undefined) return true;
  const flag = asNode(arg, 'Boolean');
  if (flag) return flag.boolval === true;
  const integer = asNode(arg, 'Integer');
  if (integer) return (integer.ival ?? 0) !== 0;
  const text = (asNode(arg, 'String')?.sval ?? '').toLowerCase();
  return text !== 'false' && text !== 'off';
}
