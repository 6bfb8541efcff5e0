import { defineRule } from '../src/engine/rule.js';
import { quoteIdent, typeText } from '../src/parse/ast.js';
import { asStatement } from './support/recipes.js';
import { LATER_RELEASE, batchKey, batchLoop, lockOn, rangeCondition } from './support/breaking.js';

export default defineRule({
  meta: {
    id: 'no-rename-column',
    type: 'problem',
    defaultSeverity: 'error',
    docs: {
      description: 'Rename a column by expand and contract, not with RENAME COLUMN.',
      category: 'breaking',
    },
    messages: {
      renameColumn:
        'Renaming column {{column}} of {{table}} to {{newName}} breaks every running instance of the application that still uses {{column}}: statements that name it fail with `column does not exist` from the moment the rename commits until the new code is deployed everywhere. Expand and contract instead: (1) add the new column, {{addColumn}}; (2) keep both written with a BEFORE INSERT OR UPDATE trigger that copies whichever of the two a writer set into the other; (3) backfill the existing rows outside the migration, in batches: {{backfill}}, {{loop}}; (4) switch reads to {{newName}}; (5) ship the code that stops using {{column}}; (6) drop {{column}} and the trigger ' +
        LATER_RELEASE +
        '. The rename takes {{lock}} until its transaction commits.',
    },
  },
  create(context) {
    return {
      RenameStmt(node) {
        if (node.renameType !== 'OBJECT_COLUMN' || node.relationType !== 'OBJECT_TABLE' || !node.subname || !node.newname) return;
        const table = context.relation(node.relation);
        const state = table.table?.columns.get(node.subname);
        if (table.isNew || context.schema.isNew(state?.created)) return;

        const column = quoteIdent(node.subname);
        const newName = quoteIdent(node.newname);
        const type = state && state.type.name !== '?' ? typeText(state.type) : `<type of ${column}>`;
        const key = batchKey(table);
        context.report({
          messageId: 'renameColumn',
          data: {
            table: table.text,
            column,
            newName,
            addColumn: asStatement(`ALTER TABLE ${table.text} ADD COLUMN ${newName} ${type}`),
            backfill: asStatement(`UPDATE ${table.text} SET ${newName} = ${column} WHERE ${rangeCondition(key)} AND ${newName} IS DISTINCT FROM ${column}`),
            loop: batchLoop(key, table.text),
            lock: lockOn(context, table),
          },
        });
      },
    };
  },
});
