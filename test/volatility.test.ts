import { beforeAll, describe, expect, it } from 'vitest';
import { parseSync } from 'libpg-query';
import { asNode } from '../src/parse/ast.js';
import { loadParser } from '../src/parse/parse-sql.js';
import { expressionVolatility, functionVolatility } from '../src/model/volatility.js';

beforeAll(loadParser);

/** The default expression of `ADD COLUMN c … DEFAULT <sql>`. */
function defaultOf(sql: string) {
  const statement = parseSync(`ALTER TABLE t ADD COLUMN c text DEFAULT ${sql}`).stmts?.[0]?.stmt;
  const cmd = asNode(asNode(statement, 'AlterTableStmt')?.cmds?.[0], 'AlterTableCmd');
  return asNode(asNode(cmd?.def, 'ColumnDef')?.constraints?.[0], 'Constraint')?.raw_expr;
}

describe('functionVolatility', () => {
  it('knows built-ins by pg_proc.provolatile, unqualified or in pg_catalog only', () => {
    expect(functionVolatility(['clock_timestamp'])).toBe('volatile');
    expect(functionVolatility(['pg_catalog', 'gen_random_uuid'])).toBe('volatile');
    expect(functionVolatility(['now'])).toBe('stable');
    expect(functionVolatility(['lower'])).toBe('immutable');
    expect(functionVolatility(['app', 'now'])).toBeUndefined();
    expect(functionVolatility(['my_function'])).toBeUndefined();
  });

  it('knows extension functions in any schema', () => {
    expect(functionVolatility(['extensions', 'uuid_generate_v4'])).toBe('volatile');
    expect(functionVolatility(['uuid_generate_v1mc'])).toBe('volatile');
    expect(functionVolatility(['public', 'uuid_generate_v5'])).toBe('immutable');
  });
});

describe('expressionVolatility', () => {
  const cases: [string, string][] = [
    ["'x'", 'immutable'],
    ["'x'::text", 'immutable'],
    ['CURRENT_TIMESTAMP', 'stable'],
    ['current_user', 'stable'],
    ['now()', 'stable'],
    ["(now() AT TIME ZONE 'utc')", 'stable'],
    ['statement_timestamp()', 'stable'],
    ['clock_timestamp()', 'volatile'],
    ['random()', 'volatile'],
    ['(random() * 10)::int', 'volatile'],
    ['gen_random_uuid()', 'volatile'],
    ['uuidv7()', 'volatile'],
    ['random_normal()', 'volatile'],
    ["nextval('s'::regclass)", 'volatile'],
    ['timeofday()', 'volatile'],
    ['app.next_code()', 'unknown'],
    ['lower(app.next_code())', 'unknown'],
    ['app.next_code() || random()::text', 'volatile'],
  ];
  for (const [sql, expected] of cases) {
    it(`${sql} is ${expected}`, () => expect(expressionVolatility(defaultOf(sql)).volatility).toBe(expected));
  }

  it('names the calls that decide', () => {
    expect(expressionVolatility(defaultOf('app.code(pg_catalog.random(), random())'))).toEqual({
      volatility: 'volatile',
      volatileCalls: ['pg_catalog.random', 'random'],
      unknownCalls: ['app.code'],
    });
  });
});
