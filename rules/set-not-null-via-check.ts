import type { Constraint } from 'libpg-query';
import { defineRule, type RuleContext, type StatementContext } from '../src/engine/rule.js';
import { describeLock } from '../src/model/locks.js';
import type { RelationRef } from '../src/model/resolve.js';
import { quoteIdent, stringList } from '../src/parse/ast.js';
import {
  alteredLiveTable,
  appendNotValid,
  constraintRange,
  locateConstraint,
  notNullCheckName,
  notNullCheckRecipe,
  notNullIsProven,
  provingConstraint,
  validateConstraint,
} from './support/constraints.js';
import { asStatement } from './support/recipes.js';

export default defineRule({
  meta: {
    id: 'set-not-null-via-check',
    type: 'problem',
    defaultSeverity: 'error',
    docs: {
      description: 'Make existing columns NOT NULL through a validated CHECK (col IS NOT NULL), so SET NOT NULL does not scan the table.',
      category: 'constraint',
    },
    messages: {
      setNotNull:
        'SET NOT NULL scans every row of {{table}} while holding {{lock}}, to prove {{column}} has no NULL. From PostgreSQL 12 a validated CHECK ({{column}} IS NOT NULL) lets it skip the scan: {{addCheck}} (instant); then, in a later migration, {{validate}} (SHARE UPDATE EXCLUSIVE: reads and writes continue); then {{setNotNull}} (instant) and {{dropCheck}}.',
      setNotNull18:
        'SET NOT NULL scans every row of {{table}} while holding {{lock}}, to prove {{column}} has no NULL. Add the NOT NULL constraint NOT VALID instead: {{addNotNull}} (instant); then, in a later migration, {{validate}}, which holds only SHARE UPDATE EXCLUSIVE and then marks {{column}} NOT NULL. (The route through a validated CHECK ({{column}} IS NOT NULL), then SET NOT NULL, works too.)',
      pendingProof:
        'SET NOT NULL scans every row of {{table}} while holding {{lock}}, to prove {{column}} has no NULL: constraint {{proof}} proves it but is not validated yet, so Postgres cannot use it. Validate it in an earlier migration ({{validate}}, SHARE UPDATE EXCLUSIVE) and this SET NOT NULL skips the scan.',
      before12:
        'SET NOT NULL scans every row of {{table}} while holding {{lock}}, to prove {{column}} has no NULL, and before PostgreSQL 12 there is no shortcut: no constraint lets it skip the scan. Enforce it with a validated CHECK instead and keep the column nullable: {{addCheck}} (instant), then, in a later migration, {{validate}} (SHARE UPDATE EXCLUSIVE); or run SET NOT NULL in a maintenance window.',
      addNotNull:
        'ADD CONSTRAINT … NOT NULL scans every row of {{table}} while holding {{lock}}, to prove {{column}} has no NULL. Add it NOT VALID, which is instant and checks new and changed rows from then on: {{rewritten}}; then, in a later migration, {{validate}}, which holds only SHARE UPDATE EXCLUSIVE and then marks {{column}} NOT NULL.',
    },
    hasSuggestions: true,
  },
  create(context) {
    return {
      AlterTableStmt(node) {
        const altered = alteredLiveTable(context, node);
        if (!altered) return;
        const { statement, table, commands } = altered;
        for (const { cmd, constraint } of commands) {
          if (cmd.subtype === 'AT_SetNotNull' && cmd.name) reportSetNotNull(context, table, cmd.name);
          if (constraint?.contype === 'CONSTR_NOTNULL' && !constraint.skip_validation) reportAddNotNull(context, statement, table, constraint);
        }
      },
    };
  },
});

function reportSetNotNull(context: RuleContext, table: RelationRef, column: string): void {
  if (notNullIsProven(table, column, context.settings)) return;
  const data = { table: table.text, lock: describeLock('ACCESS EXCLUSIVE', table.text), column: quoteIdent(column) };
  const check = notNullCheckRecipe(table, column);
  const pgVersion = context.settings.pgVersion;
  if (pgVersion < 12) {
    context.report({ messageId: 'before12', data: { ...data, addCheck: asStatement(check.add), validate: asStatement(check.validate) } });
    return;
  }
  const pending = provingConstraint(table.table?.constraints.values() ?? [], column, false);
  if (pending) {
    context.report({ messageId: 'pendingProof', data: { ...data, proof: quoteIdent(pending.name), validate: asStatement(validateConstraint(table, pending.name)) } });
    return;
  }
  if (pgVersion >= 18) {
    // PostgreSQL 18 names a column's NOT NULL constraint <table>_<column>_not_null itself.
    const name = notNullCheckName(table, column);
    const addNotNull = `ALTER TABLE ${table.text} ADD CONSTRAINT ${quoteIdent(name)} NOT NULL ${quoteIdent(column)} NOT VALID`;
    context.report({ messageId: 'setNotNull18', data: { ...data, addNotNull: asStatement(addNotNull), validate: asStatement(validateConstraint(table, name)) } });
    return;
  }
  context.report({
    messageId: 'setNotNull',
    data: {
      ...data,
      addCheck: asStatement(check.add),
      validate: asStatement(check.validate),
      setNotNull: asStatement(`ALTER TABLE ${table.text} ALTER COLUMN ${quoteIdent(column)} SET NOT NULL`),
      dropCheck: asStatement(check.drop),
    },
  });
}

function reportAddNotNull(context: RuleContext, statement: StatementContext, table: RelationRef, constraint: Constraint): void {
  const column = stringList(constraint.keys)[0];
  if (!column || notNullIsProven(table, column, context.settings)) return;
  const located = locateConstraint(statement, constraint);
  if (!located) return;
  const name = constraint.conname ?? notNullCheckName(table, column);
  const notValid = appendNotValid(located);
  context.report({
    messageId: 'addNotNull',
    range: constraintRange(located),
    data: {
      table: table.text,
      lock: describeLock('ACCESS EXCLUSIVE', table.text),
      column: quoteIdent(column),
      rewritten: asStatement(statement.rewrite([notValid])),
      validate: asStatement(validateConstraint(table, name)),
    },
    suggestions: [{ desc: 'Add the NOT NULL constraint NOT VALID', edits: [notValid] }],
  });
}
