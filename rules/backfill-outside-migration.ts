import type { InsertStmt, MergeStmt, Node, RangeVar, SelectStmt } from 'libpg-query';
import { defineRule, type Edit } from '../src/engine/rule.js';
import { asNode, quoteIdent } from '../src/parse/ast.js';
import type { TaggedNode } from '../src/parse/walk.js';
import { isKeyword, nameSpan, tokenAt } from '../src/parse/tokens.js';
import type { RelationRef } from '../src/model/resolve.js';
import { asStatement } from './support/recipes.js';
import { addCondition, batchKey, batchLoop, codeIndexAt, codeTokens, lockOn, rangeCondition, scanLevel } from './support/breaking.js';

/** Statements that store a data change for later (a rule, a function body, a prepared statement, a plain EXPLAIN) instead of running it. */
function runsNow(ancestors: readonly TaggedNode[]): boolean {
  return ancestors.every(({ tag, node }) => {
    if (tag === 'RuleStmt' || tag === 'CreateFunctionStmt' || tag === 'PrepareStmt') return false;
    if (tag === 'ExplainStmt') {
      const options = (node as { options?: Node[] }).options ?? [];
      return options.some((o) => asNode(o, 'DefElem')?.defname === 'analyze' && optionIsOn(asNode(o, 'DefElem')?.arg));
    }
    return true;
  });
}

/** A boolean option as Postgres' defGetBoolean reads it: absent, true, on or a non-zero number. */
function optionIsOn(arg: Node | undefined): boolean {
  if (arg === undefined) return true;
  const integer = asNode(arg, 'Integer');
  if (integer) return (integer.ival ?? 0) !== 0;
  const text = asNode(arg, 'String')?.sval?.toLowerCase();
  if (text !== undefined) return text !== 'false' && text !== 'off';
  return asNode(arg, 'Boolean')?.boolval === true;
}

/** An INSERT source that reads rows from somewhere, as opposed to VALUES or a SELECT of constants. */
function readsRows(select: SelectStmt | undefined): boolean {
  if (!select) return false;
  if (select.op && select.op !== 'SETOP_NONE') return readsRows(select.larg) || readsRows(select.rarg);
  return (select.fromClause?.length ?? 0) > 0;
}

/** The leftmost table of a FROM item, the one a batch is keyed on; not a name the statement's WITH defines. */
function leftmostTable(item: Node | undefined, ctes: ReadonlySet<string>): RangeVar | undefined {
  const join = asNode(item, 'JoinExpr');
  if (join) return leftmostTable(join.larg, ctes);
  const table = asNode(item, 'RangeVar');
  return table && (table.schemaname !== undefined || !ctes.has(table.relname ?? '')) ? table : undefined;
}

/** How to split the statement: a batched statement (or where its key condition goes), and how to drive the batches. */
interface Batches {
  text: string;
  loop: string;
}

function keyedOn(relation: RelationRef, text: string): Batches {
  return { text, loop: batchLoop(batchKey(relation), relation.text) };
}

export default defineRule({
  meta: {
    id: 'backfill-outside-migration',
    type: 'problem',
    defaultSeverity: 'error',
    docs: {
      description: 'Run backfills and bulk data changes on existing tables outside migrations, in batches.',
      category: 'data',
    },
    messages: {
      changeRows:
        '{{verb}} on {{table}} changes existing rows inside the migration: it holds a lock on every row it changes, and {{lock}}, until its transaction commits, and that transaction stays open for as long as the statement runs, which grows with the table. Application writes to those rows wait, and vacuum cannot clean up behind the open transaction. Run it outside the migration, in batches, after the migration it depends on (typically the one that adds the column) has shipped: {{batched}}, and {{loop}}.',
      copyRows:
        'INSERT … SELECT into {{table}} copies rows inside the migration: it holds {{lock}}, and the keys of the rows it inserts, until its transaction commits, and that transaction stays open for as long as the copy runs, which grows with the source. Application inserts of the same keys wait, and vacuum cannot clean up behind the open transaction. Run it outside the migration, in batches, after the migration it depends on has shipped: {{batched}}, and {{loop}}.',
    },
  },
  create(context) {
    function report(messageId: 'changeRows' | 'copyRows', verb: string, target: RelationRef, batches: Batches): void {
      context.report({
        messageId,
        data: { verb, table: target.text, lock: lockOn(context, target, 'ROW EXCLUSIVE'), batched: batches.text, loop: batches.loop },
      });
    }

    /** The statement rewritten with `edits`, or where the condition goes when the edits cannot be made. */
    function batched(edits: Edit[] | undefined, condition: string, where: string): string {
      const statement = context.current;
      return statement && edits ? asStatement(statement.rewrite(edits)) : `add \`${condition}\` to ${where}`;
    }

    /** UPDATE and DELETE: a key range on the target, added to its WHERE clause. */
    function changeRows(verb: string, relation: RangeVar | undefined, readsOthers: boolean, ancestors: readonly TaggedNode[]): void {
      const target = context.relation(relation);
      if (target.isNew || !runsNow(ancestors)) return;
      const condition = rangeCondition(batchKey(target), readsOthers ? relation?.alias?.aliasname ?? relation?.relname : undefined);
      const code = codeTokens(context);
      const at = codeIndexAt(context, code, relation?.location);
      const edits = ancestors.length === 0 && at >= 0 ? addCondition(code, at, condition) : undefined;
      report('changeRows', verb, target, keyedOn(target, batched(edits, condition, `the WHERE clause of the ${verb} on ${target.text}`)));
    }

    return {
      UpdateStmt(node, ancestors) {
        changeRows('UPDATE', node.relation, (node.fromClause?.length ?? 0) > 0, ancestors);
      },

      DeleteStmt(node, ancestors) {
        changeRows('DELETE', node.relation, (node.usingClause?.length ?? 0) > 0, ancestors);
      },

      InsertStmt(node, ancestors) {
        const select = asNode(node.selectStmt, 'SelectStmt');
        const target = context.relation(node.relation);
        if (target.isNew || !readsRows(select) || !runsNow(ancestors)) return;
        report('copyRows', 'INSERT', target, insertBatches(node, select, target, ancestors.length === 0));
      },

      MergeStmt(node, ancestors) {
        const target = context.relation(node.relation);
        if (target.isNew || !runsNow(ancestors)) return;
        report('changeRows', 'MERGE', target, mergeBatches(node, target, ancestors.length === 0));
      },
    };

    /** INSERT … SELECT is split on the table its query reads first, with a key range added to the query's WHERE clause. */
    function insertBatches(node: InsertStmt, select: SelectStmt | undefined, target: RelationRef, topLevel: boolean): Batches {
      const from = select?.op === 'SETOP_NONE' || !select?.op ? select?.fromClause : undefined;
      const ctes = new Set([...(node.withClause?.ctes ?? []), ...(select?.withClause?.ctes ?? [])].map((c) => asNode(c, 'CommonTableExpr')?.ctename ?? ''));
      const sourceVar = leftmostTable(from?.[0], ctes);
      if (!sourceVar) {
        const text = `split its source query into ranges of the key of the rows it reads, with a condition such as \`${rangeCondition(batchKey(target))}\``;
        return { text, loop: 'run it for each range, each batch in its own transaction' };
      }
      const source = context.relation(sourceVar);
      const single = from?.length === 1 && !asNode(from[0], 'JoinExpr');
      const condition = rangeCondition(batchKey(source), single ? undefined : sourceVar.alias?.aliasname ?? sourceVar.relname);
      const code = codeTokens(context);
      const at = codeIndexAt(context, code, node.relation?.location);
      const selectAt = at >= 0 ? scanLevel(code, at, (t) => isKeyword(t, 'SELECT')) : code.length;
      const startsSelect = code[selectAt] !== undefined && isKeyword(code[selectAt], 'SELECT');
      const edits = topLevel && startsSelect ? addCondition(code, selectAt, condition) : undefined;
      return keyedOn(source, batched(edits, condition, 'the WHERE clause of its SELECT'));
    }

    /** MERGE is split on its source: a plain source table becomes a subquery over one key range. */
    function mergeBatches(node: MergeStmt, target: RelationRef, topLevel: boolean): Batches {
      const bySource = (node.mergeWhenClauses ?? []).some((c) => asNode(c, 'MergeWhenClause')?.matchKind === 'MERGE_WHEN_NOT_MATCHED_BY_SOURCE');
      const sourceVar = asNode(node.sourceRelation, 'RangeVar');
      if (bySource || !sourceVar) {
        const condition = rangeCondition(batchKey(target));
        // WHEN NOT MATCHED BY SOURCE acts on every target row missing from a partial source, so the target must be restricted too.
        const text = bySource
          ? `restrict its source and every WHEN NOT MATCHED BY SOURCE clause to one range of the key of ${target.text}, \`${condition}\``
          : `add a key range such as \`${condition}\` to its source query`;
        return keyedOn(target, text);
      }
      const source = context.relation(sourceVar);
      const condition = rangeCondition(batchKey(source));
      const statement = context.current;
      const tokens = statement?.tokens() ?? [];
      const span = statement && sourceVar.inh !== false ? nameSpan(tokens, tokenAt(tokens, statement.indexOfLocation(sourceVar.location))) : undefined;
      const alias = sourceVar.alias ? '' : ` AS ${quoteIdent(sourceVar.relname ?? '?')}`;
      const edits = topLevel && span ? [{ range: span, text: `(SELECT * FROM ${source.text} WHERE ${condition})${alias}` }] : undefined;
      return keyedOn(source, batched(edits, condition, `the WHERE clause of a subquery over ${source.text} used as its source`));
    }
  },
});
