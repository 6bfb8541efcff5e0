import type { VacuumStmt } from 'libpg-query';
import { defineRule, type Edit, type StatementContext } from '../src/engine/rule.js';
import { describeLock } from '../src/model/locks.js';
import { asNode, booleanOption } from '../src/parse/ast.js';
import type { Token } from '../src/parse/parse-sql.js';
import { nextCodeToken, tokenAt } from '../src/parse/tokens.js';
import { deleteToken, outsideTransactionEdits, pgRepackCommand, previousCodeToken } from './support/index-work.js';
import { asStatement, noTransactionPlacement } from './support/recipes.js';

export default defineRule({
  meta: {
    id: 'no-vacuum-full',
    type: 'problem',
    defaultSeverity: 'error',
    docs: {
      description: 'Do not run VACUUM FULL on existing tables; it locks them for a full rewrite.',
      category: 'index',
    },
    messages: {
      vacuumFull:
        'VACUUM FULL rewrites {{what}} into new files, holding {{lock}} for the whole rewrite, which grows with the table, and needs disk space for a full copy. A plain VACUUM makes the space of dead rows reusable without blocking reads or writes: {{rewritten}} {{placement}}. To give the space back to the operating system, rebuild online outside migrations with {{repack}} or pg_squeeze; both copy the table while reads and writes continue and take ACCESS EXCLUSIVE only for a moment at the end.',
    },
    hasSuggestions: true,
  },
  create(context) {
    return {
      VacuumStmt(node) {
        const statement = context.current;
        if (!statement || !node.is_vacuumcmd || !booleanOption(node.options, 'full')) return;
        const tables = (node.rels ?? []).map((r) => context.relation(asNode(r, 'VacuumRelation')?.relation));
        // Tables created in this scope are unseen by running code.
        const live = tables.filter((t) => !t.isNew);
        if (tables.length > 0 && live.length === 0) return;

        const edits = removeFull(node, statement);
        const everything = tables.length === 0;
        context.report({
          messageId: 'vacuumFull',
          data: {
            what: everything ? 'every table of the database in turn' : live.map((t) => t.text).join(' and '),
            lock: everything
              ? 'an ACCESS EXCLUSIVE lock on each (blocks every read and write)'
              : describeLock('ACCESS EXCLUSIVE', live.map((t) => t.text).join(' and ')),
            rewritten: asStatement(statement.rewrite(edits)),
            placement: noTransactionPlacement(context),
            repack: pgRepackCommand(['--no-order'], live.map((t) => t.text)),
          },
          suggestions: [{ desc: 'Run a plain VACUUM (it does not give space back to the operating system)', edits: outsideTransactionEdits(context, edits) }],
        });
      },
    };
  },
});

/** Edits that turn the statement into a plain VACUUM: the FULL keyword, or the FULL option of a `( … )` list. */
function removeFull(node: VacuumStmt, statement: StatementContext): Edit[] {
  const tokens = statement.tokens();
  return (node.options ?? []).flatMap((option) => {
    const element = asNode(option, 'DefElem');
    if (element?.defname !== 'full') return [];
    const k = tokenAt(tokens, statement.indexOfLocation(element.location));
    if (k < 0) return [];
    const before = previousCodeToken(tokens, k);
    const opener = tokens[before]?.text;
    // VACUUM FULL t: the legacy keyword form.
    if (opener !== '(' && opener !== ',') return [deleteToken(tokens, k)];
    let end = k;
    while (tokens[end] && tokens[end]?.text !== ',' && tokens[end]?.text !== ')') end++;
    const closer = tokens[end];
    if (!closer) return [];
    // (FULL, ANALYZE): the option and its comma; (ANALYZE, FULL): the comma before it.
    if (closer.text === ',') return [{ range: [(tokens[k] as Token).range[0], (tokens[nextCodeToken(tokens, end)] as Token).range[0]], text: '' }];
    if (opener === ',') return [{ range: [(tokens[before] as Token).range[0], closer.range[0]], text: '' }];
    // (FULL) alone: the whole list.
    const after = tokens[end + 1];
    const from = after ? (tokens[before] as Token).range[0] : (tokens[before - 1] as Token).range[1];
    return [{ range: [from, after ? after.range[0] : closer.range[1]], text: '' }];
  });
}
