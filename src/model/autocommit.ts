/**
 * Statements Postgres refuses to run inside a transaction block ("… cannot
 * run inside a transaction block"): they commit internally, or do work that
 * a rollback could not undo. Source: the PostgreSQL 18 reference pages of
 * each command and the PreventInTransactionBlock calls behind them, checked
 * against PostgreSQL 18.4 and 15 servers with each statement after BEGIN.
 */
import type { DefElem, Node } from 'libpg-query';
import { asNode, stringList } from '../parse/ast.js';
import { scanTokens, type Statement } from '../parse/parse-sql.js';
import { SourceText } from '../parse/source-text.js';
import type { Resolver } from './resolve.js';
import type { RelationKind } from './schema.js';

export interface AutocommitRequirement {
  /** the command as a message names it: "CREATE INDEX CONCURRENTLY", "VACUUM" */
  command: string;
  /**
   * false when it holds only under a condition pgshift could not establish
   * (the table might be partitioned, the procedure might commit)
   */
  certain: boolean;
}

export interface AutocommitFacts {
  /** target Postgres major version */
  pgVersion: number;
  /** schema as of just before the statement */
  schema: Resolver;
  /** the transaction the statement runs in, undefined in autocommit */
  transaction: number | undefined;
  /** the statements before it in its migration */
  /** the statements before it in its migration (computed on demand: only subscriptions need them) */
  earlier(): readonly Statement[];
}

/** Whether a statement must run outside any transaction block, and as which command. */
export function autocommitRequirement(node: Node, facts: AutocommitFacts): AutocommitRequirement | undefined {
  const index = asNode(node, 'IndexStmt');
  if (index) return index.concurrent ? certain('CREATE INDEX CONCURRENTLY') : undefined;

  const drop = asNode(node, 'DropStmt');
  if (drop) return drop.removeType === 'OBJECT_INDEX' && drop.concurrent ? certain('DROP INDEX CONCURRENTLY') : undefined;

  const reindex = asNode(node, 'ReindexStmt');
  if (reindex) {
    if (optionValue(reindex.params, 'concurrently') === true) return certain('REINDEX CONCURRENTLY');
    if (reindex.kind === 'REINDEX_OBJECT_SCHEMA') return certain('REINDEX SCHEMA');
    if (reindex.kind === 'REINDEX_OBJECT_SYSTEM') return certain('REINDEX SYSTEM');
    if (reindex.kind === 'REINDEX_OBJECT_DATABASE') return certain('REINDEX DATABASE');
    // PostgreSQL 14 reindexes each partition of a partitioned table or index in its own transaction.
    if (facts.pgVersion < 14 || !reindex.relation) return undefined;
    const isTable = reindex.kind === 'REINDEX_OBJECT_TABLE';
    const command = isTable ? 'REINDEX TABLE on a partitioned table' : 'REINDEX INDEX on a partitioned index';
    const kind = isTable ? facts.schema.relation(reindex.relation).kind : indexedTableKind(reindex.relation.relname, reindex.relation.schemaname, facts.schema);
    return partitionedOnly(command, kind);
  }

  const vacuum = asNode(node, 'VacuumStmt');
  if (vacuum) return vacuum.is_vacuumcmd ? certain('VACUUM') : undefined;

  const cluster = asNode(node, 'ClusterStmt');
  if (cluster) {
    if (!cluster.relation) return certain('CLUSTER without a table name');
    // PostgreSQL 15 clusters each partition of a partitioned table in its own transaction.
    return facts.pgVersion >= 15 ? partitionedOnly('CLUSTER on a partitioned table', facts.schema.relation(cluster.relation).kind) : undefined;
  }

  if (asNode(node, 'CreatedbStmt')) return certain('CREATE DATABASE');
  if (asNode(node, 'DropdbStmt')) return certain('DROP DATABASE');
  const alterDatabase = asNode(node, 'AlterDatabaseStmt');
  if (alterDatabase) return alterDatabase.options?.some((o) => asNode(o, 'DefElem')?.defname === 'tablespace') ? certain('ALTER DATABASE … SET TABLESPACE') : undefined;
  if (asNode(node, 'AlterSystemStmt')) return certain('ALTER SYSTEM');
  if (asNode(node, 'CreateTableSpaceStmt')) return certain('CREATE TABLESPACE');
  if (asNode(node, 'DropTableSpaceStmt')) return certain('DROP TABLESPACE');
  if (asNode(node, 'DiscardStmt')?.target === 'DISCARD_ALL') return certain('DISCARD ALL');

  const transaction = asNode(node, 'TransactionStmt');
  if (transaction?.kind === 'TRANS_STMT_COMMIT_PREPARED') return certain('COMMIT PREPARED');
  if (transaction?.kind === 'TRANS_STMT_ROLLBACK_PREPARED') return certain('ROLLBACK PREPARED');

  const alterEnum = asNode(node, 'AlterEnumStmt');
  if (alterEnum) {
    // Before PostgreSQL 12, unless the enum was created in the same transaction.
    if (facts.pgVersion >= 12 || !alterEnum.newVal || alterEnum.oldVal) return undefined;
    const created = facts.schema.type(alterEnum.typeName).type?.created;
    if (created?.transaction !== undefined && created.transaction === facts.transaction) return undefined;
    return certain('ALTER TYPE … ADD VALUE');
  }

  const alterTable = asNode(node, 'AlterTableStmt');
  if (alterTable) {
    const detachesConcurrently = alterTable.cmds?.some((c) => {
      const cmd = asNode(c, 'AlterTableCmd');
      return cmd?.subtype === 'AT_DetachPartition' && asNode(cmd.def, 'PartitionCmd')?.concurrent === true;
    });
    return detachesConcurrently ? certain('ALTER TABLE … DETACH PARTITION … CONCURRENTLY') : undefined;
  }

  const subscription = subscriptionRequirement(node, facts);
  if (subscription) return subscription;

  const doBlock = asNode(node, 'DoStmt');
  if (doBlock) return endsTransactions(doBlock.args) ? certain('DO with COMMIT or ROLLBACK in its body') : undefined;
  if (asNode(node, 'CallStmt')) return { command: 'CALL of a procedure that commits', certain: false };
  return undefined;
}

function certain(command: string): AutocommitRequirement {
  return { command, certain: true };
}

function subscriptionRequirement(node: Node, facts: AutocommitFacts): AutocommitRequirement | undefined {
  const create = asNode(node, 'CreateSubscriptionStmt');
  if (create) {
    // connect = false turns create_slot off; creating a slot on the publisher cannot be rolled back.
    const createsSlot = optionValue(create.options, 'create_slot') ?? optionValue(create.options, 'connect') ?? true;
    return createsSlot ? certain('CREATE SUBSCRIPTION … WITH (create_slot = true)') : undefined;
  }
  const drop = asNode(node, 'DropSubscriptionStmt');
  if (drop) return hasSlot(drop.subname, facts.earlier()) ? certain('DROP SUBSCRIPTION of a subscription with a replication slot') : undefined;

  const alter = asNode(node, 'AlterSubscriptionStmt');
  if (!alter) return undefined;
  switch (alter.kind) {
    case 'ALTER_SUBSCRIPTION_REFRESH':
      return certain('ALTER SUBSCRIPTION … REFRESH PUBLICATION');
    case 'ALTER_SUBSCRIPTION_SET_PUBLICATION':
    case 'ALTER_SUBSCRIPTION_ADD_PUBLICATION':
    case 'ALTER_SUBSCRIPTION_DROP_PUBLICATION':
      return optionValue(alter.options, 'refresh') !== false ? certain('ALTER SUBSCRIPTION … PUBLICATION with refresh') : undefined;
    case 'ALTER_SUBSCRIPTION_OPTIONS': {
      // Both change the slot on the publisher, which a rollback could not undo.
      if (!hasSlot(alter.subname, facts.earlier())) return undefined;
      if (facts.pgVersion >= 17 && optionValue(alter.options, 'failover') !== undefined) return certain('ALTER SUBSCRIPTION … SET (failover)');
      if (facts.pgVersion >= 18 && optionValue(alter.options, 'two_phase') === false) return certain('ALTER SUBSCRIPTION … SET (two_phase = false)');
      return undefined;
    }
    default:
      return undefined;
  }
}

/** A subscription has a replication slot unless an earlier statement of the migration set `slot_name = NONE`. */
function hasSlot(subscription: string | undefined, earlier: readonly Statement[]): boolean {
  let slot = true;
  for (const statement of earlier) {
    const create = asNode(statement.node, 'CreateSubscriptionStmt');
    const alter = asNode(statement.node, 'AlterSubscriptionStmt');
    const named = create?.subname ?? (alter?.kind === 'ALTER_SUBSCRIPTION_OPTIONS' ? alter.subname : undefined);
    if (named === undefined || named !== subscription) continue;
    const slotName = (create ?? alter)?.options?.map((o) => asNode(o, 'DefElem')).find((d) => d?.defname === 'slot_name');
    // Postgres compares with "none" exactly: a quoted 'NONE' names a slot.
    if (slotName) slot = optionText(slotName) !== 'none';
    else if (create) slot = true; // a new subscription's slot is named after it
  }
  return slot;
}

/** Needed only on a partitioned table: certain when the replay saw one, open when it never saw the table. */
function partitionedOnly(command: string, kind: RelationKind | undefined): AutocommitRequirement | undefined {
  if (kind === 'partitioned table') return certain(command);
  return kind === undefined ? { command, certain: false } : undefined;
}

function indexedTableKind(name: string | undefined, schema: string | undefined, resolver: Resolver): RelationKind | undefined {
  const index = resolver.indexByName(name ?? '?', schema).index;
  return index ? resolver.model.tables.get(index.table)?.kind : undefined;
}

/** A DO body that runs COMMIT or ROLLBACK, which Postgres allows only when the DO runs in its own transaction. */
function endsTransactions(args: readonly Node[] | undefined): boolean {
  const body = args?.map((a) => asNode(a, 'DefElem')).find((d) => d?.defname === 'as');
  const source = body ? optionText(body) : undefined;
  // Lexing is costly and most bodies mention neither word.
  if (!source || !/commit|rollback/i.test(source)) return false;
  const tokens = scanTokens(new SourceText(source)) ?? [];
  return tokens.some((t) => t.keyword !== 'NO_KEYWORD' && /^(commit|rollback)$/i.test(t.text));
}

/** A boolean option as Postgres' defGetBoolean reads it; undefined when absent or not a boolean. */
function optionValue(options: readonly Node[] | undefined, name: string): boolean | undefined {
  const option = options?.map((o) => asNode(o, 'DefElem')).find((d) => d?.defname === name);
  if (!option) return undefined;
  if (option.arg === undefined) return true;
  const integer = asNode(option.arg, 'Integer') ?? asNode(option.arg, 'A_Const')?.ival;
  if (integer) return (integer.ival ?? 0) !== 0;
  const boolean = asNode(option.arg, 'Boolean') ?? asNode(option.arg, 'A_Const')?.boolval;
  if (boolean) return boolean.boolval === true;
  const text = optionText(option)?.toLowerCase();
  if (text === 'true' || text === 'on') return true;
  if (text === 'false' || text === 'off') return false;
  return undefined;
}

/** The text of an option's argument: a string, or a bare word (which the grammar parses as a type name). */
function optionText(option: DefElem): string | undefined {
  const arg = option.arg;
  const word = asNode(arg, 'TypeName');
  return asNode(arg, 'String')?.sval ?? asNode(arg, 'A_Const')?.sval?.sval ?? (word ? stringList(word.names).join('.') : undefined);
}
