import { defineRule, type Edit } from '../src/engine/rule.js';
import { describeLock } from '../src/model/locks.js';
import { isKeyword } from '../src/parse/tokens.js';
import { quoteIdent } from '../src/parse/ast.js';
import { asStatement } from './support/recipes.js';
import { ColumnSource, forEachAddedColumn, notNullClauses, removedKeys, restoreSteps } from './support/rewrites.js';

/** PostgreSQL 18 adds VIRTUAL generated columns, and makes them the default kind. */
const VIRTUAL_VERSION = 18;

export default defineRule({
  meta: {
    id: 'add-column-stored-generated',
    type: 'problem',
    defaultSeverity: 'error',
    docs: {
      description: 'Do not add a STORED generated column to an existing table; on PostgreSQL 18 add it VIRTUAL.',
      category: 'rewrite',
    },
    messages: {
      storedVirtualAvailable:
        'ADD COLUMN {{column}} … GENERATED ALWAYS AS (…) STORED computes the expression for every existing row, so Postgres rewrites {{table}} and all its indexes while holding {{lock}}, for a time that grows with the table. On PostgreSQL 18 a VIRTUAL generated column is added without a rewrite (it is computed when read and cannot be indexed): {{virtual}} To keep the value stored, add a plain column instead ({{plain}}), fill it for new and changed rows with a BEFORE INSERT OR UPDATE trigger, and backfill existing rows in batches outside the migration{{restore}}.',
      stored:
        'ADD COLUMN {{column}} … GENERATED ALWAYS AS (…) STORED computes the expression for every existing row, so Postgres rewrites {{table}} and all its indexes while holding {{lock}}, for a time that grows with the table. Before PostgreSQL 18 (pgVersion is {{pgVersion}}) every generated column is stored. Add a plain column instead: {{plain}} fill it for new and changed rows with a BEFORE INSERT OR UPDATE trigger, and backfill existing rows in batches outside the migration{{restore}}; or compute the expression in queries or a view.',
      virtualUnsupported:
        'ADD COLUMN {{column}} adds a VIRTUAL generated column (the kind PostgreSQL 18 gives a generated column that says neither STORED nor VIRTUAL), but PostgreSQL {{pgVersion}} only has STORED ones: the statement fails and the deploy breaks. Adding it STORED would rewrite {{table}} while holding {{lock}}. Add a plain column instead: {{plain}} fill it for new and changed rows with a BEFORE INSERT OR UPDATE trigger, and backfill existing rows in batches outside the migration{{restore}}.',
      virtualNotNull:
        'ADD COLUMN {{column}} adds a VIRTUAL generated column with NOT NULL, so Postgres computes the expression for every existing row to check it: a full scan of {{table}} while holding {{lock}}, for a time that grows with the table. Add it without NOT NULL: {{withoutNotNull}}{{restore}}.',
    },
    hasSuggestions: true,
  },
  create(context) {
    return forEachAddedColumn(context, ({ column, constraints }, target) => {
      const { statement, table } = target;
      const generated = constraints.find((c) => c.contype === 'CONSTR_GENERATED');
      if (!generated) return;
      const source = ColumnSource.of(statement, column);
      if (!source) return;
      const stored = generated.generated_kind === 's';
      const virtualAvailable = context.settings.pgVersion >= VIRTUAL_VERSION;
      const notNull = notNullClauses(constraints);
      if (!stored && virtualAvailable && notNull.length === 0) return;

      // A column that is NOT NULL from the start would fail on the existing rows: the constraint comes back after the backfill.
      const withoutNotNull = source.remove(notNull);
      const data = {
        column: quoteIdent(column.colname ?? '?'),
        table: table.text,
        lock: describeLock('ACCESS EXCLUSIVE', table.text),
        pgVersion: context.settings.pgVersion,
        plain: asStatement(statement.rewrite([...source.remove([generated]), ...withoutNotNull])),
        restore: restoreSteps(context, target, column.colname ?? '?', removedKeys(notNull)),
      };
      if (!stored && virtualAvailable) {
        context.report({ messageId: 'virtualNotNull', data: { ...data, withoutNotNull: asStatement(statement.rewrite(withoutNotNull)) } });
        return;
      }
      if (!stored) {
        context.report({ messageId: 'virtualUnsupported', data });
        return;
      }
      if (!virtualAvailable) {
        context.report({ messageId: 'stored', data });
        return;
      }
      // The grammar ends a STORED generated clause with the keyword itself.
      const storedKeyword = source.lastToken(generated);
      if (!storedKeyword || !isKeyword(storedKeyword, 'STORED')) return;
      const toVirtual: Edit[] = [{ range: storedKeyword.range, text: 'VIRTUAL' }, ...withoutNotNull];
      context.report({
        messageId: 'storedVirtualAvailable',
        data: { ...data, virtual: asStatement(statement.rewrite(toVirtual)) },
        // Taking NOT NULL out changes what the column promises, so that version is only in the message.
        suggestions: notNull.length === 0 ? [{ desc: 'Make the generated column VIRTUAL (computed when read; it cannot be indexed)', edits: toVirtual }] : [],
      });
    });
  },
});
