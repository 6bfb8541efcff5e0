import type { AlterTableStmt, ColumnDef } from 'libpg-query';
import { defineRule, type RuleContext } from '../src/engine/rule.js';
import { quoteIdent, relationText } from '../src/parse/ast.js';
import { defaultConstraintName } from '../src/model/replay.js';
import type { TaggedNode } from '../src/parse/walk.js';
import { ALL_COLUMN_SITES, codeEnd, onBuiltinColumn, reportColumnType } from './support/locking-and-style.js';

const LIMIT_IN_TYPE =
  'a length check built into the type. Raising the limit later is ALTER COLUMN … TYPE: no rewrite, but an ACCESS EXCLUSIVE lock, and it fails while any view uses the column; lowering it rewrites the table.';

export default defineRule({
  meta: {
    id: 'prefer-text',
    type: 'suggestion',
    defaultSeverity: 'off',
    docs: {
      description: 'Use text with a CHECK constraint instead of varchar(n) and char(n).',
      category: 'style',
    },
    messages: {
      varchar: `Column {{column}} is {{type}}, ${LIMIT_IN_TYPE} A CHECK constraint changes without touching the type: ADD CONSTRAINT … NOT VALID, VALIDATE CONSTRAINT (reads and writes go on), then DROP CONSTRAINT of the old one. Declare it text with a CHECK: {{rewritten}}`,
      varcharOnExistingTable: `Column {{column}} is {{type}}, ${LIMIT_IN_TYPE} A CHECK constraint changes without touching the type. Declare it text with a CHECK added NOT VALID (a column constraint cannot be), and run \`ALTER TABLE {{table}} VALIDATE CONSTRAINT {{constraint}};\` in a later migration: {{rewritten}}`,
      varcharDeclared: `Column {{column}} is declared {{type}}, ${LIMIT_IN_TYPE} Prefer text with a CHECK constraint on the length, added NOT VALID and validated in a later migration.`,
      char: 'Column {{column}} is {{type}}: char pads every value with spaces to the full length, stores the padding and ignores trailing spaces when comparing, and changing the length later rewrites the table. Use text, with a CHECK (char_length({{column}}) <= n) constraint if the limit matters.',
    },
    hasSuggestions: true,
  },
  create(context) {
    return {
      ColumnDef: onBuiltinColumn(ALL_COLUMN_SITES, (column, type, site, ancestors) => {
        if (type.name === 'bpchar') return reportColumnType(context, column, ancestors, { messageId: 'char' });
        const limit = type.name === 'varchar' ? type.modifiers?.[0] : undefined;
        if (limit === undefined) return;
        if (site === 'alter column type' || type.isArray) return reportColumnType(context, column, ancestors, { messageId: 'varcharDeclared' });
        const check = `CHECK (char_length(${quoteIdent(column.colname ?? '?')}) <= ${limit})`;
        const alter = ancestors.find((a) => a.tag === 'AlterTableStmt')?.node as AlterTableStmt | undefined;
        if (site === 'create table' || context.relation(alter?.relation).isNew) {
          return reportColumnType(context, column, ancestors, { messageId: 'varchar', replacement: `text ${check}`, desc: 'Use text with a CHECK constraint' });
        }
        reportNotValidCheck(context, column, ancestors, alter, check);
      }),
    };
  },
});

/**
 * On an existing table the CHECK must not scan it under ADD COLUMN's lock, and
 * a column constraint cannot be NOT VALID: it becomes a subcommand of its own
 * at the end of the ALTER TABLE, named as Postgres would name it.
 */
function reportNotValidCheck(context: RuleContext, column: ColumnDef, ancestors: readonly TaggedNode[], alter: AlterTableStmt | undefined, check: string): void {
  const statement = context.current;
  if (!statement || !alter?.relation?.relname) return;
  const constraint = quoteIdent(defaultConstraintName(alter.relation.relname, 'check', [column.colname ?? '?']));
  const end = codeEnd(statement);
  reportColumnType(context, column, ancestors, {
    messageId: 'varcharOnExistingTable',
    replacement: 'text',
    extraEdits: [{ range: [end, end], text: `, ADD CONSTRAINT ${constraint} ${check} NOT VALID` }],
    desc: 'Use text with a NOT VALID CHECK constraint',
    data: { constraint, table: relationText(alter.relation) },
  });
}
