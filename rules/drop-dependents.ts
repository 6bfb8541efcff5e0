import { defineRule } from '../src/engine/rule.js';
import { asNode, quoteIdent } from '../src/parse/ast.js';
import type { ConstraintState, IndexState } from '../src/model/schema.js';
import { alterTableCommandSpans, droppedObjectSpans } from './support/breaking.js';
import type { Range } from '../src/parse/source-text.js';

/** What a constraint stops guaranteeing once it is gone. */
function loss(constraint: ConstraintState): string {
  const columns = `(${constraint.columns.map(quoteIdent).join(', ')})`;
  switch (constraint.kind) {
    case 'primary key':
      return `primary key ${quoteIdent(constraint.name)} ${columns}: nothing keeps those rows unique and identifiable any more`;
    case 'unique':
      return `unique constraint ${quoteIdent(constraint.name)} ${columns}: duplicates of the remaining columns become possible`;
    case 'foreign key':
      return `foreign key ${quoteIdent(constraint.name)} ${columns}: rows may then point at nothing`;
    case 'exclusion':
      return `exclusion constraint ${quoteIdent(constraint.name)} ${columns}`;
    case 'check':
      return `check constraint ${quoteIdent(constraint.name)}`;
    case 'not null':
      return `not-null constraint ${quoteIdent(constraint.name)}`;
  }
}

function indexText(index: IndexState): string {
  return `${index.unique ? 'unique index' : 'index'} ${quoteIdent(index.name)} (${index.columns.map(quoteIdent).join(', ')})`;
}

export default defineRule({
  meta: {
    id: 'drop-dependents',
    type: 'problem',
    defaultSeverity: 'warn',
    docs: {
      description: 'Say which indexes and constraints a DROP COLUMN or DROP TABLE takes with it, as far as the migrations show them.',
      category: 'breaking',
    },
    messages: {
      column:
        'DROP COLUMN {{column}} also drops, without a word from Postgres, {{dependents}}. If that is intended, say so in the migration (drop them first, by name); otherwise replace them on the remaining columns before dropping {{column}}.',
      referencedTable:
        'DROP TABLE {{table}} fails while other tables reference it: {{references}}. Postgres refuses with "cannot drop table {{table}} because other objects depend on it". Drop those foreign keys first, by name, or deprecate and drop the referencing tables too.',
      cascadeTable:
        'DROP TABLE {{table}} CASCADE also drops, without a word from Postgres, the foreign keys that reference it: {{references}}. Those tables keep their rows and lose the check. If that is intended, drop the foreign keys first, by name, so the migration says so.',
    },
  },
  create(context) {
    return {
      AlterTableStmt(node) {
        if (node.objtype !== 'OBJECT_TABLE') return;
        const table = context.relation(node.relation);
        const state = table.table;
        if (!state) return;
        let spans: Range[] | undefined;
        (node.cmds ?? []).forEach((c, i) => {
          const cmd = asNode(c, 'AlterTableCmd');
          const column = cmd?.subtype === 'AT_DropColumn' ? cmd.name : undefined;
          if (!column) return;
          // The column's own NOT NULL goes with it and guarded nothing else.
          const constraints = [...state.constraints.values()].filter((k) => k.columns.includes(column) && !(k.kind === 'not null' && k.columns.length === 1));
          const backing = new Set(constraints.map((k) => k.index).filter((name) => name !== undefined));
          const indexes = context.schema.model.indexesOn(table.key).filter((index) => index.columns.includes(column) && !backing.has(index.name));
          const dependents = [...constraints.map(loss), ...indexes.map(indexText)];
          if (dependents.length === 0) return;
          context.report({
            messageId: 'column',
            data: { column: quoteIdent(column), dependents: dependents.join('; ') },
            range: (spans ??= alterTableCommandSpans(context, node.relation, node.cmds?.length))[i],
          });
        });
      },

      DropStmt(node) {
        if (node.removeType !== 'OBJECT_TABLE') return;
        const dropped = (node.objects ?? []).map((object) => context.schema.relationFromNames(asNode(object, 'List')?.items));
        const droppedKeys = new Set(dropped.map((t) => t.key));
        let spans: Range[] | undefined;
        dropped.forEach((table, i) => {
          // References from tables dropped by the same statement go with them.
          const references = context.schema.model
            .referencing(table.key)
            .filter(({ table: other }) => !droppedKeys.has(`${other.schema}.${other.name}`))
            .map(({ table: other, constraint }) => `${quoteIdent(constraint.name)} on ${quoteIdent(other.name)}`);
          if (references.length === 0) return;
          context.report({
            messageId: node.behavior === 'DROP_CASCADE' ? 'cascadeTable' : 'referencedTable',
            data: { table: table.text, references: references.join(', ') },
            range: (spans ??= droppedObjectSpans(context, 'TABLE', node.objects?.length))[i],
          });
        });
      },
    };
  },
});
