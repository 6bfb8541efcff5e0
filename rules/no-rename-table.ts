import type { RangeVar } from 'libpg-query';
import { defineRule, type Edit } from '../src/engine/rule.js';
import { asNode, quoteIdent } from '../src/parse/ast.js';
import { findAll } from '../src/parse/walk.js';
import type { RelationRef } from '../src/model/resolve.js';
import { asStatement } from './support/recipes.js';
import { LATER_RELEASE, lockOn } from './support/breaking.js';

export default defineRule({
  meta: {
    id: 'no-rename-table',
    type: 'problem',
    defaultSeverity: 'error',
    docs: {
      description: 'Rename a table only together with a view that keeps the old name working.',
      category: 'breaking',
    },
    messages: {
      renameTable:
        'Renaming {{table}} to {{newName}} breaks every running instance of the application that still uses the name {{table}}: its queries fail with `relation does not exist` from the moment the rename commits until the new code is deployed everywhere. Keep the old name working instead: {{recipe}} A `SELECT *` view on one table is automatically updatable, so the old code keeps reading and writing through it. Then ship the code that uses {{newName}}, and drop the view {{table}} ' +
        LATER_RELEASE +
        '. Or expand and contract with a new table: create it, write to both, backfill it outside the migration, switch reads, and drop the old table in a later release. The rename takes {{lock}} until its transaction commits.',
    },
    hasSuggestions: true,
  },
  create(context) {
    return {
      RenameStmt(node) {
        const statement = context.current;
        if (!statement || node.renameType !== 'OBJECT_TABLE' || !node.newname) return;
        const table = context.relation(node.relation);
        if (table.isNew || viewKeepsOldName(table, node.newname)) return;

        const renamed = node.relation?.schemaname ? `${quoteIdent(node.relation.schemaname)}.${quoteIdent(node.newname)}` : quoteIdent(node.newname);
        const view = `CREATE VIEW ${table.text} AS SELECT * FROM ${renamed}`;
        const [start, end] = statement.statement.range;
        const inTransaction = statement.transaction.id !== undefined;
        const recipe = inTransaction
          ? `rename it and, in the same transaction, create a view under the old name: ${asStatement(statement.text)} followed by ${asStatement(view)}`
          : `rename it and create a view under the old name in one transaction: \`BEGIN;\`, ${asStatement(statement.text)}, ${asStatement(view)}, \`COMMIT;\``;
        const edits: Edit[] = [{ range: [end, end], text: `;\n${view}${inTransaction ? '' : ';\nCOMMIT'}` }];
        if (!inTransaction) edits.unshift({ range: [start, start], text: 'BEGIN;\n' });
        context.report({
          messageId: 'renameTable',
          data: {
            table: table.text,
            newName: renamed,
            recipe: `${recipe}.`,
            lock: lockOn(context, table),
          },
          suggestions: [{ desc: `Keep ${table.text} as a view on ${renamed}`, edits }],
        });
      },
    };

    /** The migration creates the view with the old name over the renamed table later in the same transaction. */
    function viewKeepsOldName(table: RelationRef, newName: string): boolean {
      const statement = context.current;
      if (statement?.transaction.id === undefined) return false;
      for (const later of context.migration.statements.slice(statement.statement.index + 1)) {
        if (asNode(later.node, 'TransactionStmt')) return false;
        const view = asNode(later.node, 'ViewStmt');
        if (!view?.view || context.relation(view.view).key !== table.key) continue;
        return findAll<RangeVar>(view.query, 'RangeVar').some((r) => r.relname === newName);
      }
      return false;
    }
  },
});
