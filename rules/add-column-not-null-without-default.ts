import { defineRule } from '../src/engine/rule.js';
import { quoteIdent, typeInfo } from '../src/parse/ast.js';
import { asStatement } from './support/recipes.js';
import { ColumnSource, forEachAddedColumn, defaultClause, notNullClauses, removedKeys, restoreSteps } from './support/rewrites.js';

/** Constraints that give every existing row a value; their cost is other rules' business. */
const FILLING_CONSTRAINTS = new Set(['CONSTR_IDENTITY', 'CONSTR_GENERATED']);

export default defineRule({
  meta: {
    id: 'add-column-not-null-without-default',
    type: 'problem',
    defaultSeverity: 'error',
    docs: {
      description: 'Add a NOT NULL column to an existing table only with a default; otherwise add it nullable and backfill it.',
      category: 'rewrite',
    },
    messages: {
      notNull:
        'ADD COLUMN {{column}} … {{clause}} without a DEFAULT fails on a table that has rows (`column "{{name}}" of relation "{{relation}}" contains null values`), so the deploy breaks on {{table}}. Add it nullable: {{rewritten}} backfill it in batches outside the migration{{restore}}.{{constantDefault}}',
    },
  },
  create(context) {
    return forEachAddedColumn(context, ({ column, constraints }, target) => {
      const { statement, table } = target;
      const notNull = notNullClauses(constraints);
      const [first] = notNull;
      if (!first || defaultClause(constraints) || typeInfo(column.typeName).isSerial) return;
      if (constraints.some((c) => FILLING_CONSTRAINTS.has(c.contype ?? ''))) return;
      const source = ColumnSource.of(statement, column);
      if (!source) return;
      const name = column.colname ?? '?';
      context.report({
        messageId: 'notNull',
        data: {
          column: quoteIdent(name),
          clause: source.text(first),
          name,
          relation: table.name,
          table: table.text,
          rewritten: asStatement(statement.rewrite(source.remove(notNull))),
          restore: restoreSteps(context, target, name, removedKeys(notNull)),
          constantDefault:
            context.settings.pgVersion >= 11 && !notNull.some((c) => c.contype === 'CONSTR_PRIMARY')
              ? ' Or, if every existing row can take the same value, give it a constant default (`… NOT NULL DEFAULT <constant>`), which PostgreSQL 11+ adds without a rewrite.'
              : '',
        },
      });
    });
  },
});
