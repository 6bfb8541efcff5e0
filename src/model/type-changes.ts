/**
 * Whether ALTER TABLE … ALTER COLUMN … TYPE rewrites the table.
 *
 * Postgres skips the rewrite when the conversion expression reduces to the
 * column itself (tablecmds.c, ATColumnChangeRequiresRewrite): the old type is
 * binary coercible to the new one (a RelabelType), or the length coercion's
 * support function proves the new modifier admits every old value
 * (varchar_support, varbit_support, numeric_support, timestamp_support,
 * time_support, interval_support; PostgreSQL 9.2 release notes). The one
 * function it looks through is timestamp <-> timestamptz, and only when the
 * session TimeZone is UTC (PostgreSQL 12+). Everything else rewrites the
 * table and rebuilds all its indexes. The ALTER TABLE page's Notes say the
 * same in prose.
 *
 * Every verdict below was checked against a PostgreSQL 18.4 server by
 * comparing pg_class.relfilenode of the table and an index on the column
 * before and after the change (test/type-changes.test.ts lists the cases).
 */
import type { ColumnDef, Node } from 'libpg-query';
import type { TypeInfo } from '../parse/ast.js';
import { asNode, stringList, typeInfo, typeText } from '../parse/ast.js';

export type TypeChange =
  /** a catalog change only: no rewrite, no scan, indexes kept */
  | { kind: 'catalog-only' }
  /** the table is rewritten and every index on it rebuilt */
  | { kind: 'rewrite'; reason: string }
  /** timestamp <-> timestamptz: a rewrite unless PostgreSQL 12+ runs it with TimeZone UTC; indexes on the column are rebuilt either way */
  | { kind: 'timezone' }
  /** pgshift cannot tell (the old type is unknown, or a type it does not model is involved) */
  | { kind: 'unknown'; reason: string };

/** The changes that are catalog-only, for messages and docs. */
export const CATALOG_ONLY_CHANGES =
  'the same type; the same type without its modifier (varchar(n) to varchar, numeric(p,s) to numeric, char(n) to bpchar, varchar(n)[] to varchar[]); ' +
  'varchar(n) to varchar(m) with m >= n, or to text; text to varchar; numeric(p,s) to numeric(q,s) with q >= p; ' +
  'varbit(n) to varbit(m) with m >= n; timestamp, timestamptz, time, timetz and interval to a larger precision; cidr to inet';

const SERIAL_BASE: Record<string, string> = { serial: 'int4', serial4: 'int4', bigserial: 'int8', serial8: 'int8', smallserial: 'int2', serial2: 'int2' };

/** Built-in types pgshift knows the casts between well enough to say "rewrite" rather than "cannot tell". */
const BUILT_IN_TYPES = new Set(
  ('int2 int4 int8 float4 float8 numeric money bool text varchar bpchar char name bytea date time timetz timestamp timestamptz interval ' +
    'uuid json jsonb xml inet cidr macaddr macaddr8 bit varbit oid tsvector tsquery point line lseg box path polygon circle ' +
    'int4range int8range numrange tsrange tstzrange daterange').split(' '),
);

/** Binary-coercible pairs (pg_cast.castmethod 'b') that need no modifier check. */
const BINARY_COERCIBLE = new Set(['varchar>text', 'text>varchar', 'cidr>inet']);

const TEMPORAL_MAX_PRECISION = 6;

function baseName(type: TypeInfo): string {
  return type.schema === undefined ? (SERIAL_BASE[type.name] ?? type.name) : type.name;
}

function isBuiltIn(type: TypeInfo): boolean {
  return type.schema === undefined && BUILT_IN_TYPES.has(baseName(type));
}

function sameBase(a: TypeInfo, b: TypeInfo): boolean {
  // `mytype` and `app.mytype` may name the same type; pgshift does not resolve type search paths.
  return baseName(a) === baseName(b) && (a.schema === undefined || b.schema === undefined || a.schema === b.schema);
}

function sameModifiers(a: TypeInfo, b: TypeInfo): boolean {
  return (a.modifiers ?? []).join(',') === (b.modifiers ?? []).join(',');
}

export function classifyTypeChange(from: TypeInfo, to: TypeInfo): TypeChange {
  if (from.name === '?') return { kind: 'unknown', reason: 'pgshift cannot see the current type of the column (it was created before the migrations pgshift replays)' };
  if (from.isArray !== to.isArray) return { kind: 'rewrite', reason: 'changes between an array and a single value' };
  if (sameBase(from, to)) {
    if (sameModifiers(from, to)) return { kind: 'catalog-only' };
    // An array's element modifier can only be dropped: any other change coerces every element.
    if (from.isArray) return to.modifiers === undefined ? { kind: 'catalog-only' } : { kind: 'rewrite', reason: "changes the modifier of the array's elements" };
    return modifierChange(baseName(from), from.modifiers, to.modifiers, !isBuiltIn(from));
  }
  if (from.isArray) return { kind: 'rewrite', reason: "changes the array's element type" };
  const pair = `${baseName(from)}>${baseName(to)}`;
  if (isBuiltIn(from) && isBuiltIn(to) && BINARY_COERCIBLE.has(pair)) {
    // text -> varchar(n) is binary coercible, but the length check that follows is not.
    return to.modifiers === undefined ? { kind: 'catalog-only' } : { kind: 'rewrite', reason: 'adds a length limit, so every value is checked' };
  }
  if (pair === 'timestamp>timestamptz' || pair === 'timestamptz>timestamp') {
    const precision = modifierChange('timestamp', from.modifiers, to.modifiers, false);
    return precision.kind === 'catalog-only' ? { kind: 'timezone' } : precision;
  }
  if (!isBuiltIn(from) || !isBuiltIn(to)) {
    return { kind: 'unknown', reason: `pgshift does not know how ${typeText(from)} converts to ${typeText(to)} (a domain without constraints over the same type would not rewrite)` };
  }
  return { kind: 'rewrite', reason: 'is not binary coercible, so every value is converted' };
}

/** Same base type, different modifiers: what the type's length-coercion support function decides. */
function modifierChange(type: string, from: number[] | undefined, to: number[] | undefined, userType: boolean): TypeChange {
  const catalogOnly: TypeChange = { kind: 'catalog-only' };
  // A target without a modifier is a RelabelType for every type (parse_coerce.c, coerce_type_typmod).
  if (to === undefined) return catalogOnly;
  switch (type) {
    case 'varchar':
    case 'varbit':
      if (from !== undefined && (from[0] ?? 0) <= (to[0] ?? 0)) return catalogOnly;
      return { kind: 'rewrite', reason: from === undefined ? 'adds a length limit, so every value is checked' : 'lowers the length limit, so every value is checked' };
    case 'numeric': {
      if (from === undefined) return { kind: 'rewrite', reason: 'adds a precision and scale, so every value is rounded' };
      const [fromPrecision = 0, fromScale = 0] = from;
      const [toPrecision = 0, toScale = 0] = to;
      if (fromScale !== toScale) return { kind: 'rewrite', reason: 'changes the scale, so every value is rounded' };
      if (toPrecision < fromPrecision) return { kind: 'rewrite', reason: 'lowers the precision, so every value is checked' };
      return catalogOnly;
    }
    case 'timestamp':
    case 'timestamptz':
    case 'time':
    case 'timetz': {
      const target = to[0] ?? TEMPORAL_MAX_PRECISION;
      if (target >= TEMPORAL_MAX_PRECISION || (from !== undefined && (from[0] ?? 0) <= target)) return catalogOnly;
      return { kind: 'rewrite', reason: 'lowers the fractional-seconds precision, so every value is rounded' };
    }
    case 'interval':
      return intervalChange(from, to) ? catalogOnly : { kind: 'rewrite', reason: "narrows the interval's fields or precision, so every value is truncated" };
    case 'bpchar':
      return { kind: 'rewrite', reason: 'changes the length of a blank-padded char column, so every value is padded again' };
    default:
      if (userType) return { kind: 'unknown', reason: `pgshift does not know whether changing the modifier of ${type} converts the values` };
      return { kind: 'rewrite', reason: 'changes the type modifier, so every value is converted' };
  }
}

// interval typmods as the grammar writes them: [range] or [range, precision] (datetime.h field bits).
const INTERVAL_FULL_RANGE = 0x7fff;
const INTERVAL_FULL_PRECISION = 0xffff;
const MAX_INTERVAL_PRECISION = 6;
const FIELD = { MONTH: 1, YEAR: 2, DAY: 3, HOUR: 10, MINUTE: 11, SECOND: 12 } as const;
const mask = (...fields: number[]) => fields.reduce((m, f) => m | (1 << f), 0);

/** timestamp.c intervaltypmodleastfield: 0 = SECOND, 1 = MINUTE, 2 = HOUR, 3 = DAY, 4 = MONTH, 5 = YEAR. */
const LEAST_FIELD = new Map<number, number>([
  [mask(FIELD.YEAR), 5],
  [mask(FIELD.MONTH), 4],
  [mask(FIELD.DAY), 3],
  [mask(FIELD.HOUR), 2],
  [mask(FIELD.MINUTE), 1],
  [mask(FIELD.SECOND), 0],
  [mask(FIELD.YEAR, FIELD.MONTH), 4],
  [mask(FIELD.DAY, FIELD.HOUR), 2],
  [mask(FIELD.DAY, FIELD.HOUR, FIELD.MINUTE), 1],
  [mask(FIELD.DAY, FIELD.HOUR, FIELD.MINUTE, FIELD.SECOND), 0],
  [mask(FIELD.HOUR, FIELD.MINUTE), 1],
  [mask(FIELD.HOUR, FIELD.MINUTE, FIELD.SECOND), 0],
  [mask(FIELD.MINUTE, FIELD.SECOND), 0],
  [INTERVAL_FULL_RANGE, 0],
]);

/** timestamp.c interval_support: a no-op when the least field does not rise and sub-second precision does not fall. */
function intervalChange(from: number[] | undefined, to: readonly number[]): boolean {
  const oldLeast = from === undefined ? 0 : (LEAST_FIELD.get(from[0] ?? INTERVAL_FULL_RANGE) ?? 0);
  const newLeast = LEAST_FIELD.get(to[0] ?? INTERVAL_FULL_RANGE) ?? 0;
  const oldPrecision = from?.[1] ?? INTERVAL_FULL_PRECISION;
  const newPrecision = to[1] ?? INTERVAL_FULL_PRECISION;
  return newLeast <= oldLeast && (oldLeast > 0 || newPrecision >= MAX_INTERVAL_PRECISION || newPrecision >= oldPrecision);
}

/** What one ALTER COLUMN … TYPE subcommand does to its table, from the column's type before it. */
export type ColumnTypeChange =
  | TypeChange
  /** a USING expression pgshift cannot prove leaves values as they are: computed for every row */
  | { kind: 'using' }
  /** the new type has modifiers that are not integers (PostGIS's geometry(Point,4326)) */
  | { kind: 'unreadable-modifiers' };

export function columnTypeChange(def: ColumnDef, column: string, from: TypeInfo): ColumnTypeChange {
  const to = typeInfo(def.typeName);
  if (def.raw_default && !restatesColumn(def.raw_default, column, to)) return { kind: 'using' };
  if ((def.typeName?.typmods?.length ?? 0) > 0 && to.modifiers === undefined) return { kind: 'unreadable-modifiers' };
  return classifyTypeChange(from, to);
}

/** `USING c` or `USING c::<the new type>`: the column itself, so no different from no USING at all. */
function restatesColumn(expression: Node, column: string, to: TypeInfo): boolean {
  const cast = asNode(expression, 'TypeCast');
  if (cast) {
    const type = typeInfo(cast.typeName);
    const same = type.name === to.name && type.schema === to.schema && type.isArray === to.isArray && sameModifiers(type, to);
    return same && cast.arg !== undefined && restatesColumn(cast.arg, column, to);
  }
  const fields = stringList(asNode(expression, 'ColumnRef')?.fields);
  return fields.length > 0 && fields[fields.length - 1] === column;
}
