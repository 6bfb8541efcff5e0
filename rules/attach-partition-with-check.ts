import type { Node, PartitionBoundSpec } from 'libpg-query';
import { defineRule, type StatementContext } from '../src/engine/rule.js';
import { describeLock } from '../src/model/locks.js';
import { makeObjectName } from '../src/model/replay.js';
import type { RelationRef } from '../src/model/resolve.js';
import { asNode, quoteIdent, stringList } from '../src/parse/ast.js';
import { findKeyword, tokenAt } from '../src/parse/tokens.js';
import { alteredTable, parenthesizedItems, sliceTokens, subcommandEnd, validateConstraint } from './support/constraints.js';
import { asStatement } from './support/recipes.js';

export default defineRule({
  meta: {
    id: 'attach-partition-with-check',
    type: 'problem',
    defaultSeverity: 'error',
    docs: {
      description: 'Before attaching an existing table as a partition, give it a validated CHECK constraint that implies the partition bound, so ATTACH PARTITION does not scan it.',
      category: 'constraint',
    },
    messages: {
      attach:
        'ATTACH PARTITION scans every row of {{partition}} while holding {{partitionLock}}, to prove each fits {{bound}}, and holds {{parentLock}} meanwhile{{defaultScan}}. A validated CHECK constraint on {{partition}} that implies the bound lets Postgres skip the scan: {{addCheck}} (instant); then, in a later migration, {{validate}} (SHARE UPDATE EXCLUSIVE: reads and writes continue); then this ATTACH, and {{dropCheck}}.',
      attachDescribed:
        'ATTACH PARTITION scans every row of {{partition}} while holding {{partitionLock}}, to prove each fits {{bound}}, and holds {{parentLock}} meanwhile{{defaultScan}}. A validated CHECK constraint on {{partition}} that implies the bound lets Postgres skip the scan: add one NOT VALID, named for example {{name}}, {{shape}}; then, in a later migration, {{validate}} (SHARE UPDATE EXCLUSIVE: reads and writes continue); then this ATTACH, and drop the check.',
    },
  },
  create(context) {
    return {
      AlterTableStmt(node) {
        const altered = alteredTable(context, node);
        if (!altered) return;
        const { statement, table: parent, commands } = altered;
        for (const { cmd } of commands) {
          const partitionCmd = cmd.subtype === 'AT_AttachPartition' ? asNode(cmd.def, 'PartitionCmd') : undefined;
          if (!partitionCmd?.bound) continue;
          const partition = context.relation(partitionCmd.name);
          // A table created in this scope is empty; a validated CHECK is trusted to imply the bound (pgshift cannot prove it).
          if (partition.isNew || [...(partition.table?.constraints.values() ?? [])].some((k) => k.kind === 'check' && k.validated)) continue;
          const name = makeObjectName(partition.name, undefined, 'partition_check');
          const data = {
            partition: partition.text,
            parent: parent.text,
            partitionLock: describeLock('ACCESS EXCLUSIVE', partition.text),
            // PostgreSQL 12 lowered the parent's lock (AT_AttachPartition in AlterTableGetLockLevel).
            parentLock: describeLock(context.settings.pgVersion >= 12 ? 'SHARE UPDATE EXCLUSIVE' : 'ACCESS EXCLUSIVE', parent.text),
            bound: boundText(statement, partitionCmd.bound),
            // Attaching any other partition also scans the parent's DEFAULT partition, if it has one.
            defaultScan: partitionCmd.bound.is_default ? '' : `; if ${parent.text} has a DEFAULT partition, that one is scanned too, under ACCESS EXCLUSIVE`,
            validate: asStatement(validateConstraint(partition, name)),
          };
          const expression = boundCheck(statement, partitionCmd.bound, parent);
          if (expression === undefined) {
            context.report({ messageId: 'attachDescribed', data: { ...data, name: quoteIdent(name), shape: describeBound(partitionCmd.bound, parent) } });
            continue;
          }
          context.report({
            messageId: 'attach',
            data: {
              ...data,
              addCheck: asStatement(`ALTER TABLE ${partition.text} ADD CONSTRAINT ${quoteIdent(name)} CHECK (${expression}) NOT VALID`),
              dropCheck: asStatement(`ALTER TABLE ${partition.text} DROP CONSTRAINT ${quoteIdent(name)}`),
            },
          });
        }
      },
    };
  },
});

/** `FOR VALUES FROM (1) TO (100)` or `DEFAULT`, as written. */
function boundText(statement: StatementContext, bound: PartitionBoundSpec): string {
  if (bound.is_default) return "DEFAULT, outside every other partition's bound";
  const tokens = statement.tokens();
  const first = tokenAt(tokens, statement.indexOfLocation(bound.location));
  return first < 0 ? 'its bound' : `FOR VALUES ${sliceTokens(tokens, first, subcommandEnd(tokens, first), statement)}`;
}

/** MINVALUE and MAXVALUE reach the raw parse tree as column references. */
function isUnbounded(datum: Node | undefined): boolean {
  const name = stringList(asNode(datum, 'ColumnRef')?.fields).join('.');
  return name === 'minvalue' || name === 'maxvalue';
}

function isNullConstant(datum: Node | undefined): boolean {
  return asNode(datum, 'A_Const')?.isnull === true;
}

/**
 * The bound as a CHECK expression Postgres can match against the partition
 * constraint: a range or list bound on a single key column, or a hash bound.
 * Range and list partitions reject NULL keys (unless the list names NULL), so
 * the expression says so too: a CHECK passes on NULL and would not imply it.
 */
function boundCheck(statement: StatementContext, bound: PartitionBoundSpec, parent: RelationRef): string | undefined {
  const key = parent.table?.partitionKey;
  if (!key || bound.is_default) return undefined;
  const keys = key.map(quoteIdent);
  if (bound.strategy === 'h') {
    const parentLiteral = `'${parent.text.replace(/'/g, "''")}'::regclass`;
    return `satisfies_hash_partition(${[parentLiteral, bound.modulus ?? 0, bound.remainder ?? 0, ...keys].join(', ')})`;
  }
  const column = keys[0];
  if (keys.length !== 1 || column === undefined) return undefined;
  const tokens = statement.tokens();
  const start = tokenAt(tokens, statement.indexOfLocation(bound.location));
  if (start < 0) return undefined;

  if (bound.strategy === 'l') {
    const list = parenthesizedItems(statement, tokens, start);
    if (!list || list.items.length !== (bound.listdatums?.length ?? -1)) return undefined;
    const values = list.items.filter((_, i) => !isNullConstant(bound.listdatums?.[i]));
    if (values.length === list.items.length) return `${column} IS NOT NULL AND ${column} IN (${values.join(', ')})`;
    return values.length === 0 ? `${column} IS NULL` : `${column} IS NULL OR ${column} IN (${values.join(', ')})`;
  }
  if (bound.strategy === 'r') {
    const lower = parenthesizedItems(statement, tokens, start);
    const toKeyword = lower ? findKeyword(tokens, 'TO', lower.close) : -1;
    const upper = toKeyword >= 0 ? parenthesizedItems(statement, tokens, toKeyword) : undefined;
    if (!lower || !upper || lower.items.length !== 1 || upper.items.length !== 1) return undefined;
    const parts = [`${column} IS NOT NULL`];
    if (!isUnbounded(bound.lowerdatums?.[0])) parts.push(`${column} >= ${lower.items[0]}`);
    if (!isUnbounded(bound.upperdatums?.[0])) parts.push(`${column} < ${upper.items[0]}`);
    return parts.join(' AND ');
  }
  return undefined;
}

/** What the CHECK must say when pgshift cannot write it out. */
function describeBound(bound: PartitionBoundSpec, parent: RelationRef): string {
  if (bound.is_default) return `that excludes the bound of every other partition of ${parent.text}`;
  const key = parent.table?.partitionKey;
  const on = key ? `(${key.map(quoteIdent).join(', ')})` : `the partition key of ${parent.text}`;
  return `on ${on} that holds only within the bound, with each key column IS NOT NULL`;
}
