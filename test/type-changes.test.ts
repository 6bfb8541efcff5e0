/**
 * The ALTER COLUMN … TYPE table. Each expectation was observed on a
 * PostgreSQL 18.4 server: a table with 100 rows and an index on the column,
 * pg_class.relfilenode compared before and after the change (kept = no
 * rewrite; timestamp <-> timestamptz kept the table under TimeZone UTC but
 * rebuilt the index, and rewrote it under Europe/Paris).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { parseSync } from 'libpg-query';
import { asNode, typeInfo, type TypeInfo } from '../src/parse/ast.js';
import { loadParser } from '../src/parse/parse-sql.js';
import { classifyTypeChange } from '../src/model/type-changes.js';

beforeAll(loadParser);

/** The TypeInfo the parser gives for a type as written in ALTER COLUMN … TYPE. */
function type(sql: string): TypeInfo {
  const statement = parseSync(`ALTER TABLE t ALTER COLUMN c TYPE ${sql}`).stmts?.[0]?.stmt;
  const cmd = asNode(asNode(statement, 'AlterTableStmt')?.cmds?.[0], 'AlterTableCmd');
  return typeInfo(asNode(cmd?.def, 'ColumnDef')?.typeName);
}

const kind = (from: string, to: string) => classifyTypeChange(type(from), type(to)).kind;

describe('classifyTypeChange', () => {
  const catalogOnly: [string, string][] = [
    ['int', 'integer'],
    ['int4', 'integer'],
    ['serial', 'integer'],
    ['bigserial', 'bigint'],
    ['text', 'text'],
    ['varchar(10)', 'varchar(10)'],
    ['varchar(10)', 'varchar(20)'],
    ['varchar(10)', 'character varying'],
    ['varchar(10)', 'text'],
    ['varchar', 'text'],
    ['text', 'varchar'],
    ['numeric(10,2)', 'numeric(12,2)'],
    ['numeric(10,2)', 'numeric'],
    ['numeric(10)', 'numeric(12,0)'],
    ['decimal(10,2)', 'numeric(11,2)'],
    ['varbit(10)', 'varbit(20)'],
    ['bit varying(10)', 'varbit'],
    ['bit(8)', 'pg_catalog.bit'],
    ['char(5)', 'bpchar'],
    ['timestamp(3)', 'timestamp(6)'],
    ['timestamp(3)', 'timestamp'],
    ['timestamp', 'timestamp(6)'],
    ['timestamptz(3)', 'timestamp(5) with time zone'],
    ['timestamptz(3)', 'timestamptz'],
    ['time(3)', 'time(5)'],
    ['time(3)', 'time'],
    ['time', 'time(6)'],
    ['timetz(3)', 'time(5) with time zone'],
    ['interval(3)', 'interval(5)'],
    ['interval(3)', 'interval'],
    ['interval', 'interval(6)'],
    ['interval day', 'interval'],
    ['interval day', 'interval(3)'],
    ['interval day', 'interval hour'],
    ['interval year', 'interval month'],
    ['interval hour to minute', 'interval day to second(0)'],
    ['interval day to second(3)', 'interval day to second(5)'],
    ['interval day to second(3)', 'interval(5)'],
    ['interval(3)', 'interval day to second(5)'],
    ['interval(3)', 'interval second(3)'],
    ['interval minute', 'interval minute to second(2)'],
    ['cidr', 'inet'],
    ['int[]', 'int[]'],
    ['varchar(10)[]', 'varchar(10)[]'],
    ['varchar(10)[]', 'varchar[]'],
    ['numeric(10,2)[]', 'numeric[]'],
    ['timestamp(3)[]', 'timestamp[]'],
    ['app.money_amount', 'app.money_amount'],
  ];
  for (const [from, to] of catalogOnly) it(`${from} -> ${to} is catalog-only`, () => expect(kind(from, to)).toBe('catalog-only'));

  const rewrites: [string, string][] = [
    ['varchar(10)', 'varchar(5)'],
    ['varchar', 'varchar(10)'],
    ['text', 'varchar(20)'],
    ['numeric(10,2)', 'numeric(12,3)'],
    ['numeric(10,2)', 'numeric(8,2)'],
    ['numeric', 'numeric(10,2)'],
    ['timestamp', 'timestamp(3)'],
    ['time(6)', 'time(3)'],
    ['interval', 'interval(3)'],
    ['interval(2)', 'interval(1)'],
    ['interval', 'interval day'],
    ['inet', 'cidr'],
    ['char(5)', 'char(10)'],
    ['char(5)', 'varchar(10)'],
    ['char(5)', 'text'],
    ['bpchar', 'text'],
    ['int', 'bigint'],
    ['serial', 'bigint'],
    ['float4', 'float8'],
    ['int[]', 'bigint[]'],
    ['varchar(10)[]', 'varchar(20)[]'],
    ['varchar(10)[]', 'text[]'],
    ['text', 'text[]'],
    ['timestamp', 'timestamptz(3)'],
  ];
  for (const [from, to] of rewrites) it(`${from} -> ${to} rewrites`, () => expect(kind(from, to)).toBe('rewrite'));

  it('timestamp <-> timestamptz depends on the session TimeZone', () => {
    expect(kind('timestamp', 'timestamptz')).toBe('timezone');
    expect(kind('timestamptz', 'timestamp')).toBe('timezone');
    expect(kind('timestamp(3)', 'timestamp(6) with time zone')).toBe('timezone');
  });

  it('cannot tell for an unknown current type or a type it does not model', () => {
    expect(classifyTypeChange({ name: '?', isArray: false, isSerial: false }, type('text'))).toMatchObject({ kind: 'unknown', reason: expect.stringContaining('cannot see the current type') });
    expect(classifyTypeChange(type('text'), type('app.email'))).toMatchObject({ kind: 'unknown', reason: expect.stringContaining('a domain without constraints') });
  });

  it('names the reason for a rewrite', () => {
    expect(classifyTypeChange(type('varchar(10)'), type('varchar(5)'))).toEqual({ kind: 'rewrite', reason: 'lowers the length limit, so every value is checked' });
    expect(classifyTypeChange(type('int'), type('bigint'))).toEqual({ kind: 'rewrite', reason: 'is not binary coercible, so every value is converted' });
  });
});
