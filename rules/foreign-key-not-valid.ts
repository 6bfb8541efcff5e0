import type { ColumnDef, Constraint } from 'libpg-query';
import { defineRule, type RuleContext, type StatementContext } from '../src/engine/rule.js';
import { describeLock, type LockMode } from '../src/model/locks.js';
import { constraintColumns, defaultConstraintName } from '../src/model/replay.js';
import type { RelationRef } from '../src/model/resolve.js';
import { quoteIdent, typeInfo } from '../src/parse/ast.js';
import {
  alteredLiveTable,
  appendNotValid,
  columnConstraints,
  columnList,
  constraintRange,
  constraintTextFrom,
  isNotEnforced,
  liftOutOfAddColumn,
  locateConstraint,
  validateConstraint,
  type ColumnConstraint,
} from './support/constraints.js';
import { asStatement } from './support/recipes.js';

export default defineRule({
  meta: {
    id: 'foreign-key-not-valid',
    type: 'problem',
    defaultSeverity: 'error',
    docs: {
      description: 'Add foreign keys to existing tables NOT VALID, then VALIDATE CONSTRAINT in a later migration.',
      category: 'constraint',
    },
    messages: {
      addForeignKey:
        'ADD FOREIGN KEY checks every row of {{table}} against {{referenced}} while holding {{locks}}, for the whole scan. Add it NOT VALID, which is instant and checks new and changed rows from then on: {{rewritten}}; then, in a later migration, {{validate}}, which holds only SHARE UPDATE EXCLUSIVE on {{table}} and ROW SHARE on {{referenced}}, so reads and writes continue.',
      partitioned:
        'ADD FOREIGN KEY checks every row of partitioned table {{table}} against {{referenced}} while holding {{locks}}, for the whole scan, and before PostgreSQL 18 a partitioned table cannot take a NOT VALID foreign key. Add it to each partition first: {{perPartition}}; VALIDATE each in a later migration; then run this statement, which adopts the partitions\' validated keys instead of scanning them.',
      addColumn:
        'ADD COLUMN {{column}} … REFERENCES {{why}}: Postgres checks every row of {{table}} against {{referenced}} while holding {{locks}}; and a column constraint cannot be NOT VALID. Add the column without the reference: {{addColumn}}; then {{addConstraint}} (instant); then, in a later migration, {{validate}}.',
    },
    hasSuggestions: true,
  },
  create(context) {
    return {
      AlterTableStmt(node) {
        const altered = alteredLiveTable(context, node);
        if (!altered) return;
        const { statement, table, commands } = altered;
        // Before PostgreSQL 13, Postgres transformed the whole statement at once, so any of these made it check every new foreign key.
        const checksWholeStatement = context.settings.pgVersion < 13 && commands.some((c) => c.constraint?.contype === 'CONSTR_FOREIGN' || (c.column && fillsExistingRows(c.column)));
        for (const { constraint, column } of commands) {
          if (constraint?.contype === 'CONSTR_FOREIGN' && !constraint.skip_validation) reportAddConstraint(context, statement, table, constraint);
          const why = column && (fillsExistingRows(column) ? OWN_VALUES : checksWholeStatement ? SHARED_STATEMENT : undefined);
          if (!column || !why) continue;
          for (const inline of columnConstraints(column)) {
            if (inline.constraint.contype === 'CONSTR_FOREIGN' && !isNotEnforced(inline)) reportAddColumn(context, statement, table, column, inline, why);
          }
        }
      },
    };
  },
});

const OWN_VALUES = 'gives every existing row a value (through a DEFAULT, a generation expression or a serial type)';
const SHARED_STATEMENT = 'shares its statement with a DEFAULT or another foreign key, and before PostgreSQL 13 that is enough';

/**
 * Postgres marks a foreign key declared on ADD COLUMN valid without checking
 * it when every existing row gets NULL in the new column
 * (transformAlterTableStmt in parse_utilcmd.c); a DEFAULT, a generation
 * expression or a serial type gives them a value, and it checks them all.
 */
function fillsExistingRows(column: ColumnDef): boolean {
  if (typeInfo(column.typeName).isSerial) return true;
  return columnConstraints(column).some(({ constraint }) => constraint.contype === 'CONSTR_DEFAULT' || constraint.contype === 'CONSTR_GENERATED');
}

function locksText(table: RelationRef, tableMode: LockMode, referenced: RelationRef): string {
  const own = describeLock(tableMode, table.text);
  return referenced.key === table.key ? own : `${own} and ${describeLock('SHARE ROW EXCLUSIVE', referenced.text)}`;
}

function reportAddConstraint(context: RuleContext, statement: StatementContext, table: RelationRef, constraint: Constraint): void {
  const located = locateConstraint(statement, constraint);
  if (!located) return;
  const referenced = context.relation(constraint.pktable);
  const name = constraint.conname ?? defaultConstraintName(table.name, 'foreign key', constraintColumns(constraint, undefined));
  const locks = locksText(table, 'SHARE ROW EXCLUSIVE', referenced);
  const range = constraintRange(located);

  if (table.kind === 'partitioned table' && context.settings.pgVersion < 18) {
    const foreignKey = constraintTextFrom(located, 'FOREIGN', statement) ?? '';
    const perPartition = `ALTER TABLE <partition> ADD CONSTRAINT <partition>_${name} ${foreignKey} NOT VALID`;
    context.report({ messageId: 'partitioned', range, data: { table: table.text, referenced: referenced.text, locks, perPartition: asStatement(perPartition) } });
    return;
  }

  const notValid = appendNotValid(located);
  context.report({
    messageId: 'addForeignKey',
    range,
    data: {
      table: table.text,
      referenced: referenced.text,
      locks,
      rewritten: asStatement(statement.rewrite([notValid])),
      validate: asStatement(validateConstraint(table, name)),
    },
    suggestions: [{ desc: 'Add the foreign key NOT VALID', edits: [notValid] }],
  });
}

function reportAddColumn(context: RuleContext, statement: StatementContext, table: RelationRef, column: ColumnDef, inline: ColumnConstraint, why: string): void {
  const located = locateConstraint(statement, inline.constraint, inline.next);
  const references = located && constraintTextFrom(located, 'REFERENCES', statement);
  if (!located || !references) return;
  const columnName = column.colname ?? '?';
  const referenced = context.relation(inline.constraint.pktable);
  const name = inline.constraint.conname ?? defaultConstraintName(table.name, 'foreign key', [columnName]);
  const { edits, ...recipe } = liftOutOfAddColumn(statement, table, located, name, `FOREIGN KEY ${columnList([columnName])} ${references}`);
  context.report({
    messageId: 'addColumn',
    range: constraintRange(located),
    data: {
      column: quoteIdent(columnName),
      why,
      table: table.text,
      referenced: referenced.text,
      locks: locksText(table, 'ACCESS EXCLUSIVE', referenced),
      ...recipe,
    },
    suggestions: [{ desc: 'Add the column, then the foreign key NOT VALID', edits }],
  });
}
