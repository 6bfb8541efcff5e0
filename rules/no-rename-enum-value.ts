import { defineRule } from '../src/engine/rule.js';
import { quoteIdent } from '../src/parse/ast.js';
import type { ColumnState, TableState } from '../src/model/schema.js';
import { asStatement, noTransactionPlacement } from './support/recipes.js';
import { ASSUMED_KEY, batchKey, literal, nextBatch, type BatchKey } from './support/breaking.js';

/** Columns the replay saw declared with the enum (not arrays of it): the rows that carry its labels. */
function columnsOf(tables: Iterable<TableState>, type: { schema: string; name: string }): { table: TableState; column: ColumnState }[] {
  const found: { table: TableState; column: ColumnState }[] = [];
  for (const table of tables) {
    for (const column of table.columns.values()) {
      const t = column.type;
      if (t.name === type.name && !t.isArray && (t.schema === undefined || t.schema === type.schema)) found.push({ table, column });
    }
  }
  return found;
}

export default defineRule({
  meta: {
    id: 'no-rename-enum-value',
    type: 'problem',
    defaultSeverity: 'error',
    docs: {
      description: 'Add a new enum label and migrate the rows instead of renaming a label.',
      category: 'breaking',
    },
    messages: {
      renameValue:
        'Renaming value {{old}} of enum {{type}} to {{new}} breaks running code that still writes or compares {{old}}: its writes fail with `invalid input value for enum`, and the rows it reads come back with {{new}}, a label it does not know. Rename in steps instead: (1) add the new label, {{addValue}}{{placement}}; (2) ship code that accepts both labels; (3) once it is deployed everywhere, ship code that writes {{new}}, and move the existing rows outside the migration, in batches: {{backfill}}, each repeated until it updates nothing{{keyNote}}. Postgres cannot drop a label from an enum, so {{old}} stays in the type: leave it unused, keep it out of the data with {{check}} (added NOT VALID, validated in a later migration), or move the column to a new enum type in a later expand and contract.',
    },
  },
  create(context) {
    return {
      AlterEnumStmt(node) {
        if (node.oldVal === undefined || node.newVal === undefined) return;
        const type = context.schema.type(node.typeName);
        if (context.schema.isNew(type.type?.created)) return;

        const old = literal(node.oldVal);
        const renamed = literal(node.newVal);
        const placement =
          context.settings.pgVersion < 12
            ? `, which before PostgreSQL 12 cannot run inside a transaction block: ${noTransactionPlacement(context)}`
            : ' (the new label cannot be used until the transaction that adds it commits)';
        // Tables created in this scope hold no rows written with the old label.
        const targets = columnsOf(context.schema.model.tables.values(), type)
          .map(({ table, column }) => ({ relation: context.schema.relationByName(table.schema, table.name), column: quoteIdent(column.name) }))
          .filter(({ relation }) => !relation.isNew)
          .map(({ relation, column }) => ({ relation: relation.text, key: batchKey(relation), column }));
        const rename = (relation: string, key: BatchKey, column: string) => asStatement(`UPDATE ${relation} SET ${column} = ${renamed} WHERE ${nextBatch(relation, key, `${column} = ${old}`)}`);
        const batches = targets.map(({ relation, key, column }) => rename(relation, key, column));
        const placeholder = `for each column of type ${type.text}: ${rename('<table>', ASSUMED_KEY, '<column>')}`;
        context.report({
          messageId: 'renameValue',
          data: {
            old,
            new: renamed,
            type: type.text,
            addValue: asStatement(`ALTER TYPE ${type.text} ADD VALUE IF NOT EXISTS ${renamed}`),
            placement,
            backfill: batches.length > 0 ? batches.join(' and ') : placeholder,
            keyNote: targets.length === 0 || targets.some((t) => !t.key.known) ? ' (`id` stands for the primary key)' : '',
            check: `\`CHECK (${targets[0]?.column ?? '<column>'} <> ${old})\``,
          },
        });
      },
    };
  },
});
