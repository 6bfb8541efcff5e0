import type { ColumnDef, CreateStmt } from 'libpg-query';
import { defineRule } from '../src/engine/rule.js';
import { asNode, stringList } from '../src/parse/ast.js';
import type { TaggedNode } from '../src/parse/walk.js';
import { NEW_COLUMN_SITES, onBuiltinColumn, reportColumnType } from './support/locking-and-style.js';

/** Integer types that run out, with their largest value and the bigint type to use instead. */
const SMALL_KEY_TYPES: Record<string, { max: string; replacement: string }> = {
  int4: { max: '2,147,483,647', replacement: 'bigint' },
  int2: { max: '32,767', replacement: 'bigint' },
  serial: { max: '2,147,483,647', replacement: 'bigserial' },
  serial4: { max: '2,147,483,647', replacement: 'bigserial' },
  smallserial: { max: '32,767', replacement: 'bigserial' },
  serial2: { max: '32,767', replacement: 'bigserial' },
};

export default defineRule({
  meta: {
    id: 'prefer-bigint',
    type: 'suggestion',
    defaultSeverity: 'off',
    docs: {
      description: 'Declare primary keys and id columns as bigint.',
      category: 'style',
    },
    messages: {
      smallKey:
        'Key column {{column}} is {{type}}, which stops at {{max}}. Widening it later is ALTER COLUMN … TYPE bigint: a rewrite of the table and its indexes under an ACCESS EXCLUSIVE lock, and the same again for every column that references it. bigint costs 4 bytes more per row: {{rewritten}}',
    },
    hasSuggestions: true,
  },
  create(context) {
    return {
      ColumnDef: onBuiltinColumn(NEW_COLUMN_SITES, (column, type, _site, ancestors) => {
        const small = type.isArray ? undefined : SMALL_KEY_TYPES[type.name];
        if (!small || !isKeyColumn(column, ancestors)) return;
        reportColumnType(context, column, ancestors, { messageId: 'smallKey', replacement: small.replacement, data: { max: small.max } });
      }),
    };
  },
});

/** A primary key column, or one named like an identifier (`id`, `user_id`), which usually holds or references one. */
function isKeyColumn(column: ColumnDef, ancestors: readonly TaggedNode[]): boolean {
  const name = column.colname ?? '';
  if (name === 'id' || name.endsWith('_id')) return true;
  if ((column.constraints ?? []).some((c) => asNode(c, 'Constraint')?.contype === 'CONSTR_PRIMARY')) return true;
  const parent = ancestors[ancestors.length - 1];
  if (parent?.tag !== 'CreateStmt') return false;
  return ((parent.node as CreateStmt).tableElts ?? []).some((element) => {
    const constraint = asNode(element, 'Constraint');
    return constraint?.contype === 'CONSTR_PRIMARY' && stringList(constraint.keys).includes(name);
  });
}
