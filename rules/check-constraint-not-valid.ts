import type { ColumnDef, Constraint } from 'libpg-query';
import { defineRule, type RuleContext, type StatementContext } from '../src/engine/rule.js';
import { describeLock } from '../src/model/locks.js';
import { constraintColumns, defaultConstraintName, makeObjectName } from '../src/model/replay.js';
import type { RelationRef } from '../src/model/resolve.js';
import { asNode, quoteIdent } from '../src/parse/ast.js';
import {
  alteredLiveTable,
  appendNotValid,
  columnConstraints,
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
    id: 'check-constraint-not-valid',
    type: 'problem',
    defaultSeverity: 'error',
    docs: {
      description: 'Add CHECK constraints to existing tables and domains NOT VALID, then VALIDATE CONSTRAINT in a later migration.',
      category: 'constraint',
    },
    messages: {
      addCheck:
        'ADD CHECK scans every row of {{table}} while holding {{lock}}, for the whole scan. Add it NOT VALID, which is instant and checks new and changed rows from then on: {{rewritten}}; then, in a later migration, {{validate}}, which holds only SHARE UPDATE EXCLUSIVE, so reads and writes continue.',
      addColumn:
        'A CHECK on ADD COLUMN {{column}} makes Postgres scan every row of {{table}} while holding {{lock}}, and a column constraint cannot be NOT VALID. Add the column without the check: {{addColumn}}; then {{addConstraint}} (instant); then, in a later migration, {{validate}}.',
      domain:
        'ALTER DOMAIN … ADD CHECK scans every column of type {{domain}} while holding {{lock}}. Add it NOT VALID, which is instant and checks new values from then on: {{rewritten}}; then, in a later migration, {{validate}}. Through PostgreSQL 18, VALIDATE on a domain still takes SHARE locks on those tables: run it when writes can wait for the scan.',
    },
    hasSuggestions: true,
  },
  create(context) {
    return {
      AlterTableStmt(node) {
        const altered = alteredLiveTable(context, node);
        if (!altered) return;
        const { statement, table, commands } = altered;
        for (const { constraint, column } of commands) {
          if (constraint?.contype === 'CONSTR_CHECK' && !constraint.skip_validation) reportAddCheck(context, statement, table, constraint);
          for (const inline of columnConstraints(column)) {
            if (column && inline.constraint.contype === 'CONSTR_CHECK' && !isNotEnforced(inline)) reportAddColumn(context, statement, table, column, inline);
          }
        }
      },
      AlterDomainStmt(node) {
        const statement = context.current;
        const constraint = asNode(node.def, 'Constraint');
        if (!statement || node.subtype !== 'C' || constraint?.contype !== 'CONSTR_CHECK' || constraint.skip_validation) return;
        const domain = context.schema.type(node.typeName);
        // A domain created in this scope is used only by tables created in it, which are empty.
        if (context.schema.isNew(domain.type?.created)) return;
        const located = locateConstraint(statement, constraint);
        if (!located) return;
        const name = constraint.conname ?? makeObjectName(domain.name, undefined, 'check');
        const notValid = appendNotValid(located);
        context.report({
          messageId: 'domain',
          range: constraintRange(located),
          data: {
            domain: domain.text,
            lock: describeLock('SHARE', `every table with a column of type ${domain.text}`),
            rewritten: asStatement(statement.rewrite([notValid])),
            validate: asStatement(`ALTER DOMAIN ${domain.text} VALIDATE CONSTRAINT ${quoteIdent(name)}`),
          },
          suggestions: [{ desc: 'Add the check NOT VALID', edits: [notValid] }],
        });
      },
    };
  },
});

function checkName(table: RelationRef, constraint: Constraint): string {
  return constraint.conname ?? defaultConstraintName(table.name, 'check', constraintColumns(constraint, undefined));
}

function reportAddCheck(context: RuleContext, statement: StatementContext, table: RelationRef, constraint: Constraint): void {
  const located = locateConstraint(statement, constraint);
  if (!located) return;
  const notValid = appendNotValid(located);
  context.report({
    messageId: 'addCheck',
    range: constraintRange(located),
    data: {
      table: table.text,
      lock: describeLock('ACCESS EXCLUSIVE', table.text),
      rewritten: asStatement(statement.rewrite([notValid])),
      validate: asStatement(validateConstraint(table, checkName(table, constraint))),
    },
    suggestions: [{ desc: 'Add the check NOT VALID', edits: [notValid] }],
  });
}

function reportAddColumn(context: RuleContext, statement: StatementContext, table: RelationRef, column: ColumnDef, inline: ColumnConstraint): void {
  const located = locateConstraint(statement, inline.constraint, inline.next);
  const check = located && constraintTextFrom(located, 'CHECK', statement);
  if (!located || !check) return;
  const { edits, ...recipe } = liftOutOfAddColumn(statement, table, located, checkName(table, inline.constraint), check);
  context.report({
    messageId: 'addColumn',
    range: constraintRange(located),
    data: {
      column: quoteIdent(column.colname ?? '?'),
      table: table.text,
      lock: describeLock('ACCESS EXCLUSIVE', table.text),
      ...recipe,
    },
    suggestions: [{ desc: 'Add the column, then the check NOT VALID', edits }],
  });
}
