/**
 * Facts about expressions that rules and the replay need: which columns an
 * expression reads, and whether a default can be evaluated once for all rows.
 */
import type { ColumnRef, FuncCall, Node } from 'libpg-query';
import { stringList } from '../parse/ast.js';
import { findAll } from '../parse/walk.js';

/** Distinct column names an expression references, in order of appearance. */
export function columnsReferenced(expression: Node | undefined): string[] {
  const names = findAll<ColumnRef>(expression, 'ColumnRef').map((ref) => {
    const fields = stringList(ref.fields);
    return fields[fields.length - 1] ?? '';
  });
  return [...new Set(names.filter((n) => n !== ''))];
}

/** Function names called in an expression, schema-qualified as written (`pg_catalog.now` stays as is). */
export function functionsCalled(expression: Node | undefined): string[] {
  return findAll<FuncCall>(expression, 'FuncCall').map((call) => stringList(call.funcname).join('.'));
}
