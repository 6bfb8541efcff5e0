import { defineRule, type Edit } from '../src/engine/rule.js';
import { describeLock } from '../src/model/locks.js';
import { expressionVolatility } from '../src/model/volatility.js';
import { quoteIdent } from '../src/parse/ast.js';
import { asStatement } from './support/recipes.js';
import { ColumnSource, forEachAddedColumn, defaultClause, listText, notNullClauses, removedKeys, restoreSteps } from './support/rewrites.js';

/** PostgreSQL 11 stores a non-volatile default in the catalog instead of writing it into every row. */
const FAST_DEFAULT_VERSION = 11;

export default defineRule({
  meta: {
    id: 'add-column-volatile-default',
    type: 'problem',
    defaultSeverity: 'error',
    docs: {
      description: 'Add a column to an existing table without a default that Postgres must compute for every row.',
      category: 'rewrite',
    },
    messages: {
      volatile:
        'ADD COLUMN {{column}} has DEFAULT {{expression}}, and {{calls}} {{isAre}} volatile, so Postgres computes it for every existing row: it rewrites {{table}} and all its indexes while holding {{lock}}, for a time that grows with the table. Add the column without it: {{rewritten}} then set the default for new rows only: {{setDefault}} and backfill existing rows in batches outside the migration{{restore}}.',
      unknownFunction:
        'ADD COLUMN {{column}} has DEFAULT {{expression}}, which calls {{calls}}, and pgshift cannot see whether {{itThey}} {{isAre}} volatile. If volatile, Postgres computes the default for every existing row: it rewrites {{table}} and all its indexes while holding {{lock}}, for a time that grows with the table. If {{itThey}} {{isAre}} STABLE or IMMUTABLE, the default is computed once and the column is added without a rewrite: suppress this report with that reason (`-- pgshift-disable-next-line add-column-volatile-default -- {{calls}} {{isAre}} STABLE`). Otherwise add the column without it: {{rewritten}} then set the default for new rows only: {{setDefault}} and backfill existing rows in batches outside the migration{{restore}}.',
      beforeFastDefault:
        'Before PostgreSQL 11 (pgVersion is {{pgVersion}}), ADD COLUMN with a DEFAULT writes the default into every existing row: Postgres rewrites {{table}} and all its indexes while holding {{lock}}, for a time that grows with the table. Add the column without it: {{rewritten}} then set the default for new rows only: {{setDefault}} and backfill existing rows in batches outside the migration{{restore}}.',
    },
    hasSuggestions: true,
  },
  create(context) {
    return forEachAddedColumn(context, ({ column, constraints }, target) => {
      const { statement, table } = target;
      const clause = defaultClause(constraints);
      if (!clause) return;
      const volatility = expressionVolatility(clause.raw_expr);
      const messageId =
        context.settings.pgVersion < FAST_DEFAULT_VERSION
          ? 'beforeFastDefault'
          : volatility.volatility === 'volatile'
            ? 'volatile'
            : volatility.volatility === 'unknown'
              ? 'unknownFunction'
              : undefined;
      if (!messageId) return;
      const source = ColumnSource.of(statement, column);
      if (!source) return;

      // Without the default, NOT NULL (or a primary key) would fail on the existing rows: it comes back after the backfill.
      const removed = [clause, ...notNullClauses(constraints)];
      const edits: Edit[] = source.remove(removed);
      const name = column.colname ?? '?';
      const expression = source.defaultExpression(clause);
      const setDefault = `ALTER TABLE ${target.text} ALTER COLUMN ${source.name.text} SET DEFAULT ${expression}`;
      const calls = messageId === 'unknownFunction' ? volatility.unknownCalls : volatility.volatileCalls;
      context.report({
        messageId,
        data: {
          column: quoteIdent(name),
          expression,
          calls: listText(calls.map((c) => `${c}()`)),
          isAre: calls.length > 1 ? 'are' : 'is',
          itThey: calls.length > 1 ? 'they' : 'it',
          table: table.text,
          lock: describeLock('ACCESS EXCLUSIVE', table.text),
          rewritten: asStatement(statement.rewrite(edits)),
          setDefault: asStatement(setDefault),
          restore: restoreSteps(context, target, name, removedKeys(removed)),
          pgVersion: context.settings.pgVersion,
        },
        suggestions:
          removed.length === 1
            ? [
                {
                  desc: 'Add the column without the default and set the default for new rows (existing rows stay NULL until backfilled)',
                  edits: [...edits, { range: [statement.statement.range[1], statement.statement.range[1]], text: `;\n${setDefault}` }],
                },
              ]
            : [],
      });
    });
  },
});
