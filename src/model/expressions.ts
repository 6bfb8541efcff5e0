/**
 * Facts about expressions that rules and the replay need: which columns an
 * expression reads.
 */
import type { ColumnRef, Node } from 'libpg-query';
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
