import type { Range } from '../src/parse/source-text.js';
import { defineRule, type RuleContext } from '../src/engine/rule.js';
import { asNode, quoteIdent } from '../src/parse/ast.js';
import type { ColumnState, Origin } from '../src/model/schema.js';
import { alterTableCommandSpans, droppedObjectSpans, knownHere, knownReferences, lockOn, twoReleases } from './support/breaking.js';

/**
 * Whether dropping an object created at `created` breaks nothing. Today only an
 * object that never shipped (created in the current scope) qualifies; release
 * awareness adds the second case, an object deprecated in an earlier release,
 * here, so that table and column drops learn it together.
 */
function mayDrop(context: RuleContext, created: Origin | undefined): boolean {
  return context.schema.isNew(created);
}

/** Code that stops writing a NOT NULL column without a default cannot insert until the constraint goes. */
function notNullNote(table: string, column: string, state: ColumnState | undefined): string {
  const statement = `\`ALTER TABLE ${table} ALTER COLUMN ${column} DROP NOT NULL;\``;
  // A column that predates the replay is only known NOT NULL, never known nullable.
  if (!state || (!state.created && !state.notNull)) return ` If ${column} is NOT NULL without a default, drop NOT NULL in the first release (${statement}) so that the new code's inserts succeed.`;
  if (state.notNull && !state.hasDefault) return ` Column ${column} is NOT NULL without a default: drop NOT NULL in the first release (${statement}) so that the new code's inserts succeed.`;
  return '';
}

export default defineRule({
  meta: {
    id: 'drop-after-deprecation',
    type: 'problem',
    defaultSeverity: 'error',
    docs: {
      description: 'Drop a table or column only in a release after the application stopped using it.',
      category: 'breaking',
    },
    messages: {
      dropTable:
        'DROP TABLE {{table}} breaks every running instance of the application that still reads or writes {{table}}: its queries fail with `relation does not exist` as soon as the drop commits, and the rows are gone.{{cascade}} Drop it in two steps instead: {{steps}}. The drop also takes {{lock}} until its transaction commits.',
      dropColumn:
        'Dropping column {{column}} of {{table}} breaks every running instance of the application that still reads or writes it (an ORM that lists every column in its SELECTs and INSERTs does): those statements fail with `column does not exist` as soon as the drop commits, and the values are gone.{{cascade}} Drop it in two steps instead: {{steps}}.{{notNull}} The drop also takes {{lock}} until its transaction commits.',
    },
  },
  create(context) {
    return {
      DropStmt(node) {
        if (node.removeType !== 'OBJECT_TABLE') return;
        const spans = droppedObjectSpans(context, 'TABLE', node.objects?.length);
        (node.objects ?? []).forEach((object, i) => {
          const table = context.schema.relationFromNames(asNode(object, 'List')?.items);
          if (mayDrop(context, table.table?.created)) return;
          const cascade =
            node.behavior === 'DROP_CASCADE'
              ? ` CASCADE also drops every view that depends on ${table.text} and the foreign keys of other tables that reference it${knownHere(knownReferences(context, table))}.`
              : '';
          context.report({
            messageId: 'dropTable',
            data: { table: table.text, cascade, steps: twoReleases(table.text, 'drop the table'), lock: lockOn(context, table) },
            range: spans[i],
          });
        });
      },

      AlterTableStmt(node) {
        if (node.objtype !== 'OBJECT_TABLE') return;
        const table = context.relation(node.relation);
        if (mayDrop(context, table.table?.created)) return;
        // Lexing the statement for the subcommands' spans waits until a DROP COLUMN is reported.
        let spans: Range[] | undefined;
        (node.cmds ?? []).forEach((c, i) => {
          const cmd = asNode(c, 'AlterTableCmd');
          if (cmd?.subtype !== 'AT_DropColumn' || !cmd.name) return;
          if (mayDrop(context, table.table?.columns.get(cmd.name)?.created)) return;
          const column = quoteIdent(cmd.name);
          const cascade =
            cmd.behavior === 'DROP_CASCADE' ? ` CASCADE also drops every view that uses ${column} and the foreign keys of other tables that reference it.` : '';
          context.report({
            messageId: 'dropColumn',
            data: {
              table: table.text,
              column,
              cascade,
              steps: twoReleases(column, 'drop the column'),
              notNull: notNullNote(table.text, column, table.table?.columns.get(cmd.name)),
              lock: lockOn(context, table),
            },
            range: (spans ??= alterTableCommandSpans(context, node.relation, node.cmds?.length))[i],
          });
        });
      },
    };
  },
});
