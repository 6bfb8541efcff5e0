import { defineRule } from '../src/engine/rule.js';
import { quoteIdent, typeInfo } from '../src/parse/ast.js';
import { asStatement } from './support/recipes.js';
import { ColumnSource, addedColumns, defaultClause, liveTable, notNullClauses, removedKeys, restoreSteps, writtenRelation } from './support/rewrites.js';

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
    return {
      AlterTableStmt(node) {
        const statement = context.current;
        const table = statement && liveTable(context, node);
        if (!statement || !table) return;
        for (const { column, constraints } of addedColumns(node)) {
          const notNull = notNullClauses(constraints);
          const [first] = notNull;
          if (!first || defaultClause(constraints) || typeInfo(column.typeName).isSerial) continue;
          if (constraints.some((c) => FILLING_CONSTRAINTS.has(c.contype ?? ''))) continue;
          const source = ColumnSource.of(statement, column);
          if (!source) continue;
          const name = column.colname ?? '?';
          const tableText = writtenRelation(statement, node.relation?.location, table.text);
          context.report({
            messageId: 'notNull',
            data: {
              column: quoteIdent(name),
              clause: source.text(first),
              name,
              relation: table.name,
              table: table.text,
              rewritten: asStatement(statement.rewrite(source.remove(notNull))),
              restore: restoreSteps(context, table, tableText, name, removedKeys(notNull)),
              constantDefault:
                context.settings.pgVersion >= 11 && !notNull.some((c) => c.contype === 'CONSTR_PRIMARY')
                  ? ' Or, if every existing row can take the same value, give it a constant default (`… NOT NULL DEFAULT <constant>`), which PostgreSQL 11+ adds without a rewrite.'
                  : '',
            },
          });
        }
      },
    };
  },
});
