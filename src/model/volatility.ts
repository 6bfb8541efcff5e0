/**
 * Which built-in functions are volatile, stable or immutable: Postgres'
 * `pg_proc.provolatile` ('v', 's', 'i'). ALTER TABLE … ADD COLUMN evaluates a
 * non-volatile default once and stores it in the catalog (PostgreSQL 11+); a
 * volatile one is evaluated per row, which rewrites the table
 * (ATExecAddColumn's `contain_volatile_functions` test).
 *
 * Values were read from pg_proc of a PostgreSQL 18.4 server. For an
 * overloaded name the most volatile overload is recorded (`timezone(text,
 * timestamptz)` is stable, so `timezone` is stable), since pgshift does not
 * resolve argument types. Only names that commonly appear in defaults are
 * listed; anything else is unknown, and unknown is the risky case.
 */
import type { FuncCall, Node } from 'libpg-query';
import { stringList } from '../parse/ast.js';
import { findAll } from '../parse/walk.js';

export type Volatility = 'immutable' | 'stable' | 'volatile';

const VOLATILE = 'volatile';
const STABLE = 'stable';
const IMMUTABLE = 'immutable';

function table(entries: Record<Volatility, string>): ReadonlyMap<string, Volatility> {
  const map = new Map<string, Volatility>();
  for (const [volatility, names] of Object.entries(entries) as [Volatility, string][]) {
    for (const name of names.split(/\s+/).filter((n) => n !== '')) map.set(name, volatility);
  }
  return map;
}

/** pg_catalog functions; matched when called unqualified or as `pg_catalog.<name>`. */
const BUILT_IN = table({
  [VOLATILE]: `
    clock_timestamp timeofday random random_normal setseed gen_random_uuid uuidv4 uuidv7
    nextval currval lastval setval current_query`,
  [STABLE]: `
    now statement_timestamp transaction_timestamp timezone date_trunc date_part extract age
    make_timestamptz to_char to_date to_number to_timestamp date time timetz timestamp timestamptz numeric
    current_setting current_database current_schema current_schemas current_user session_user
    concat concat_ws format length quote_literal quote_nullable array_to_string
    to_json to_jsonb json_build_object json_build_array jsonb_build_object jsonb_build_array array_to_json row_to_json
    txid_current txid_current_if_assigned pg_current_xact_id pg_current_snapshot pg_backend_pid
    pg_postmaster_start_time inet_client_addr inet_server_addr version to_tsvector pg_typeof`,
  [IMMUTABLE]: `
    lower upper initcap btrim ltrim rtrim substr substring left right replace translate reverse repeat lpad rpad
    split_part regexp_replace char_length octet_length chr ascii to_hex quote_ident md5 sha224 sha256 sha384 sha512
    encode decode abs round trunc floor ceil ceiling power sqrt pi mod div
    make_date make_time make_timestamp make_interval date_bin justify_days justify_hours justify_interval isfinite
    array_fill array_append array_prepend array_cat array_remove array_length cardinality string_to_array
    jsonb_object json_object jsonb_strip_nulls int4range int8range numrange tsrange tstzrange daterange
    uuid_extract_timestamp uuid_extract_version int2 int4 int8 float4 float8 text varchar bpchar bool cidr interval`,
});

/**
 * Functions of the uuid-ossp and pgcrypto extensions, matched in any schema
 * since an extension lives wherever it was installed.
 */
const EXTENSION = table({
  [VOLATILE]: 'uuid_generate_v1 uuid_generate_v1mc uuid_generate_v4 gen_random_bytes gen_random_uuid gen_salt',
  [STABLE]: '',
  [IMMUTABLE]: 'uuid_generate_v3 uuid_generate_v5 uuid_nil uuid_ns_dns uuid_ns_oid uuid_ns_url uuid_ns_x500 digest hmac crypt',
});

/** The volatility of a function called by this (possibly qualified) name, or undefined when pgshift does not know it. */
export function functionVolatility(name: readonly string[]): Volatility | undefined {
  const last = name[name.length - 1] ?? '';
  const schema = name.length > 1 ? name[name.length - 2] : undefined;
  if (schema === undefined || schema === 'pg_catalog') {
    const builtIn = BUILT_IN.get(last);
    if (builtIn) return builtIn;
  }
  return EXTENSION.get(last);
}

export interface ExpressionVolatility {
  /** the most volatile call; 'unknown' when no call is volatile but some function is not known */
  volatility: Volatility | 'unknown';
  /** names of the volatile calls, as written (`pg_catalog.random`) */
  volatileCalls: string[];
  /** names of the calls pgshift does not know (user functions) */
  unknownCalls: string[];
}

/**
 * How volatile an expression is, judged by the functions it calls. SQL value
 * functions (CURRENT_TIMESTAMP, CURRENT_USER, …) are stable; operators and
 * casts are immutable or stable for every built-in type, so they are not
 * looked at.
 */
export function expressionVolatility(expression: Node | undefined): ExpressionVolatility {
  const volatileCalls: string[] = [];
  const unknownCalls: string[] = [];
  let stable = findAll(expression, 'SQLValueFunction').length > 0;
  for (const call of findAll<FuncCall>(expression, 'FuncCall')) {
    const name = stringList(call.funcname);
    const written = name.join('.');
    const volatility = functionVolatility(name);
    if (volatility === VOLATILE) volatileCalls.push(written);
    else if (volatility === undefined) unknownCalls.push(written);
    else if (volatility === STABLE) stable = true;
  }
  const distinct = (names: string[]) => [...new Set(names)];
  const volatility = volatileCalls.length > 0 ? VOLATILE : unknownCalls.length > 0 ? 'unknown' : stable ? STABLE : IMMUTABLE;
  return { volatility, volatileCalls: distinct(volatileCalls), unknownCalls: distinct(unknownCalls) };
}
