/**
 * Which table-level lock each statement takes, and what that lock blocks.
 * Source: the PostgreSQL documentation's "Explicit Locking" chapter (table
 * 13.2, conflicting lock modes) and the lock notes on each ALTER TABLE form;
 * test/locks.pg.test.ts checks this table against a real server's pg_locks.
 *
 * Modelled: every lock of ROW EXCLUSIVE or stronger, on the relations the
 * statement changes, on the partitions a statement on a partitioned table
 * recurses to, and on the other end of foreign keys the replay knows about.
 * Not modelled: ACCESS SHARE and ROW SHARE on relations a statement only reads
 * (a view's query, a foreign key check), which conflict only with EXCLUSIVE
 * and ACCESS EXCLUSIVE requests.
 */
import type { AlterTableCmd, AlterTableStmt, Node, RangeVar } from 'libpg-query';
import { asNode, booleanOption, stringList } from '../parse/ast.js';
import type { Statement } from '../parse/parse-sql.js';
import type { RelationRef, Resolver } from './resolve.js';

export type LockMode =
  | 'ACCESS SHARE'
  | 'ROW SHARE'
  | 'ROW EXCLUSIVE'
  | 'SHARE UPDATE EXCLUSIVE'
  | 'SHARE'
  | 'SHARE ROW EXCLUSIVE'
  | 'EXCLUSIVE'
  | 'ACCESS EXCLUSIVE';

/** Postgres' own order (lock mode numbers 1 to 8): a higher mode conflicts with at least as much. */
export const LOCK_MODES: readonly LockMode[] = [
  'ACCESS SHARE',
  'ROW SHARE',
  'ROW EXCLUSIVE',
  'SHARE UPDATE EXCLUSIVE',
  'SHARE',
  'SHARE ROW EXCLUSIVE',
  'EXCLUSIVE',
  'ACCESS EXCLUSIVE',
];

export function lockStrength(mode: LockMode): number {
  return LOCK_MODES.indexOf(mode) + 1;
}

/** What application traffic a lock mode blocks while it is held, or even while it waits in the queue. */
const BLOCKS: Record<LockMode, string> = {
  'ACCESS SHARE': 'blocks only ACCESS EXCLUSIVE requests such as DROP and most ALTER TABLE',
  'ROW SHARE': 'blocks EXCLUSIVE and ACCESS EXCLUSIVE requests',
  'ROW EXCLUSIVE': 'blocks SHARE and stronger requests such as CREATE INDEX; reads and writes continue',
  'SHARE UPDATE EXCLUSIVE': 'blocks other schema changes, VACUUM and ANALYZE; reads and writes continue',
  SHARE: 'blocks INSERT, UPDATE and DELETE; reads continue',
  'SHARE ROW EXCLUSIVE': 'blocks INSERT, UPDATE and DELETE; reads continue',
  EXCLUSIVE: 'blocks every write and SELECT … FOR UPDATE; plain reads continue',
  'ACCESS EXCLUSIVE': 'blocks every read and write',
};

export function lockBlocks(mode: LockMode): string {
  return BLOCKS[mode];
}

/** "a SHARE lock on users (blocks INSERT, UPDATE and DELETE; reads continue)" */
export function describeLock(mode: LockMode, relation: string): string {
  return `${/^[AEIOU]/.test(mode) ? 'an' : 'a'} ${mode} lock on ${relation} (${BLOCKS[mode]})`;
}

export interface LockRequest {
  relation: RelationRef;
  mode: LockMode;
}

/** The strongest lock the statement takes on each relation it names, strongest first. */
export function statementLocks(statement: Statement, resolver: Resolver): LockRequest[] {
  const requests: LockRequest[] = [];
  const take = (relation: RelationRef, mode: LockMode) => {
    const existing = requests.find((r) => r.relation.key === relation.key);
    if (!existing) requests.push({ relation, mode });
    else if (lockStrength(mode) > lockStrength(existing.mode)) existing.mode = mode;
  };
  const add: Add = (relation, mode, recurse = true) => {
    take(relation, mode);
    // Statements on a partitioned table (without ONLY) take the same lock on every partition.
    if (recurse) for (const part of resolver.model.partitionsOf(relation.key)) take(resolver.relationByName(part.schema, part.name), mode);
  };
  collect(statement.node, resolver, add);
  return requests.sort((a, b) => lockStrength(b.mode) - lockStrength(a.mode));
}

type Add = (relation: RelationRef, mode: LockMode, recurse?: boolean) => void;

/** Tables at the other end of the known foreign keys of `table`. */
function referencedTables(table: RelationRef, resolver: Resolver, constraintName?: string): RelationRef[] {
  const out: RelationRef[] = [];
  for (const constraint of table.table?.constraints.values() ?? []) {
    if (constraint.kind !== 'foreign key' || !constraint.references) continue;
    if (constraintName !== undefined && constraint.name !== constraintName) continue;
    const referenced = resolver.model.tables.get(constraint.references);
    if (referenced) out.push(resolver.relationByName(referenced.schema, referenced.name));
  }
  return out;
}

/** Tables whose known foreign keys reference `table`, transitively (what TRUNCATE … CASCADE empties). */
function referencingTables(table: RelationRef, resolver: Resolver, seen = new Set<string>([table.key])): RelationRef[] {
  const out: RelationRef[] = [];
  for (const { table: other } of resolver.model.referencing(table.key)) {
    const ref = resolver.relationByName(other.schema, other.name);
    if (seen.has(ref.key)) continue;
    seen.add(ref.key);
    out.push(ref, ...referencingTables(ref, resolver, seen));
  }
  return out;
}

function collect(node: Node, resolver: Resolver, add: Add): void {
  const index = asNode(node, 'IndexStmt');
  if (index) return add(resolver.relation(index.relation), index.concurrent ? 'SHARE UPDATE EXCLUSIVE' : 'SHARE', index.relation?.inh === true);

  const alter = asNode(node, 'AlterTableStmt');
  if (alter) return alterTableLocks(alter, resolver, add);

  const drop = asNode(node, 'DropStmt');
  if (drop) {
    for (const object of drop.objects ?? []) {
      const names = asNode(object, 'List')?.items;
      switch (drop.removeType) {
        case 'OBJECT_INDEX':
          add(droppedIndexTable(names, resolver), drop.concurrent ? 'SHARE UPDATE EXCLUSIVE' : 'ACCESS EXCLUSIVE');
          break;
        case 'OBJECT_TABLE':
        case 'OBJECT_VIEW':
        case 'OBJECT_MATVIEW':
        case 'OBJECT_FOREIGN_TABLE': {
          const relation = resolver.relationFromNames(names);
          add(relation, 'ACCESS EXCLUSIVE');
          // Its foreign keys' triggers on the referenced tables go too.
          for (const referenced of referencedTables(relation, resolver)) add(referenced, 'ACCESS EXCLUSIVE', false);
          break;
        }
        case 'OBJECT_TRIGGER':
        case 'OBJECT_RULE':
        case 'OBJECT_POLICY':
          // DROP TRIGGER t ON tbl: the list is the table's name followed by the trigger's.
          add(resolver.relationFromNames(names?.slice(0, -1)), 'ACCESS EXCLUSIVE');
          break;
        default:
          break;
      }
    }
    return;
  }

  const rename = asNode(node, 'RenameStmt');
  if (rename?.relation) {
    // ALTER INDEX … RENAME locks the index itself, and only SHARE UPDATE EXCLUSIVE (PG 12+).
    if (rename.renameType === 'OBJECT_INDEX') return;
    return add(resolver.relation(rename.relation), 'ACCESS EXCLUSIVE');
  }

  const truncate = asNode(node, 'TruncateStmt');
  if (truncate) {
    for (const rel of truncate.relations ?? []) {
      const relation = resolver.relation(asNode(rel, 'RangeVar'));
      add(relation, 'ACCESS EXCLUSIVE');
      if (truncate.behavior === 'DROP_CASCADE') for (const other of referencingTables(relation, resolver)) add(other, 'ACCESS EXCLUSIVE');
    }
    return;
  }

  const vacuum = asNode(node, 'VacuumStmt');
  if (vacuum) {
    const full = booleanOption(vacuum.options, 'full');
    for (const rel of vacuum.rels ?? []) {
      const relation = asNode(rel, 'VacuumRelation')?.relation;
      if (relation) add(resolver.relation(relation), full ? 'ACCESS EXCLUSIVE' : 'SHARE UPDATE EXCLUSIVE');
    }
    return;
  }

  const cluster = asNode(node, 'ClusterStmt');
  if (cluster?.relation) return add(resolver.relation(cluster.relation), 'ACCESS EXCLUSIVE');

  const reindex = asNode(node, 'ReindexStmt');
  if (reindex?.relation) {
    const concurrent = booleanOption(reindex.params, 'concurrently');
    const relation = reindex.kind === 'REINDEX_OBJECT_INDEX' ? indexTable(reindex.relation.relname ?? '?', reindex.relation.schemaname, resolver) : resolver.relation(reindex.relation);
    return add(relation, concurrent ? 'SHARE UPDATE EXCLUSIVE' : 'SHARE');
  }

  const refresh = asNode(node, 'RefreshMatViewStmt');
  if (refresh?.relation) return add(resolver.relation(refresh.relation), refresh.concurrent ? 'EXCLUSIVE' : 'ACCESS EXCLUSIVE');

  const lock = asNode(node, 'LockStmt');
  if (lock) {
    const mode = LOCK_MODES[(lock.mode ?? 8) - 1] ?? 'ACCESS EXCLUSIVE';
    for (const rel of lock.relations ?? []) {
      const rangeVar = asNode(rel, 'RangeVar');
      add(resolver.relation(rangeVar), mode, rangeVar?.inh === true);
    }
    return;
  }

  const comment = asNode(node, 'CommentStmt');
  if (comment && (comment.objtype === 'OBJECT_TABLE' || comment.objtype === 'OBJECT_COLUMN')) {
    const names = asNode(comment.object, 'List')?.items;
    return add(resolver.relationFromNames(comment.objtype === 'OBJECT_COLUMN' ? names?.slice(0, -1) : names), 'SHARE UPDATE EXCLUSIVE', false);
  }

  const statistics = asNode(node, 'CreateStatsStmt');
  if (statistics) {
    for (const rel of statistics.relations ?? []) add(resolver.relation(asNode(rel, 'RangeVar')), 'SHARE UPDATE EXCLUSIVE', false);
    return;
  }

  const trigger = asNode(node, 'CreateTrigStmt');
  if (trigger?.relation) return add(resolver.relation(trigger.relation), 'SHARE ROW EXCLUSIVE');

  const rule = asNode(node, 'RuleStmt');
  if (rule?.relation) return add(resolver.relation(rule.relation), 'ACCESS EXCLUSIVE');

  const policy = asNode(node, 'CreatePolicyStmt') ?? asNode(node, 'AlterPolicyStmt');
  if (policy?.table) return add(resolver.relation(policy.table), 'ACCESS EXCLUSIVE');

  const create = asNode(node, 'CreateStmt');
  if (create) {
    // A new partition locks its parent; a foreign key locks the table it references.
    if (create.partbound) {
      for (const parent of create.inhRelations ?? []) add(resolver.relation(asNode(parent, 'RangeVar')), 'ACCESS EXCLUSIVE', false);
    }
    for (const referenced of foreignKeyTargets(create.tableElts)) add(resolver.relation(referenced), 'SHARE ROW EXCLUSIVE', false);
    return;
  }

  const view = asNode(node, 'ViewStmt');
  if (view?.replace && view.view) {
    const ref = resolver.relation(view.view);
    if (ref.table) add(ref, 'ACCESS EXCLUSIVE');
    return;
  }

  const update = asNode(node, 'UpdateStmt') ?? asNode(node, 'DeleteStmt') ?? asNode(node, 'InsertStmt') ?? asNode(node, 'MergeStmt');
  if (update?.relation) return add(resolver.relation(update.relation), 'ROW EXCLUSIVE');
}

function indexTable(name: string, schema: string | undefined, resolver: Resolver): RelationRef {
  const ref = resolver.indexByName(name, schema);
  if (!ref.index) return resolver.relationByName(ref.schema, name, ref.text);
  const table = resolver.model.tables.get(ref.index.table);
  return table ? resolver.relationByName(table.schema, table.name) : resolver.relationByName(ref.schema, name, ref.text);
}

/** The table DROP INDEX locks: the indexed table when the replay knows it, else the index itself. */
export function droppedIndexTable(names: readonly Node[] | undefined, resolver: Resolver): RelationRef {
  const parts = stringList(names);
  return indexTable(parts[parts.length - 1] ?? '?', parts.length > 1 ? parts[parts.length - 2] : undefined, resolver);
}

function foreignKeyTargets(elements: readonly Node[] | undefined): RangeVar[] {
  const targets: RangeVar[] = [];
  for (const element of elements ?? []) {
    const constraints = asNode(element, 'ColumnDef')?.constraints ?? [element];
    for (const c of constraints) {
      const constraint = asNode(c, 'Constraint');
      if (constraint?.contype === 'CONSTR_FOREIGN' && constraint.pktable) targets.push(constraint.pktable);
    }
  }
  return targets;
}

const SHARE_UPDATE_EXCLUSIVE_COMMANDS = new Set([
  'AT_SetStatistics',
  'AT_SetOptions',
  'AT_ResetOptions',
  'AT_ValidateConstraint',
  'AT_ClusterOn',
  'AT_DropCluster',
  'AT_SetRelOptions',
  'AT_ResetRelOptions',
  'AT_ReplaceRelOptions',
  'AT_AttachPartition',
  'AT_DetachPartitionFinalize',
]);

const SHARE_ROW_EXCLUSIVE_COMMANDS = new Set([
  'AT_EnableTrig',
  'AT_EnableAlwaysTrig',
  'AT_EnableReplicaTrig',
  'AT_DisableTrig',
  'AT_EnableTrigAll',
  'AT_DisableTrigAll',
  'AT_EnableTrigUser',
  'AT_DisableTrigUser',
]);

/** The lock one ALTER TABLE subcommand takes on the altered table (ALTER TABLE's default is ACCESS EXCLUSIVE). */
export function alterTableCommandLock(cmd: AlterTableCmd): LockMode {
  const subtype = cmd.subtype ?? '';
  if (SHARE_UPDATE_EXCLUSIVE_COMMANDS.has(subtype)) return 'SHARE UPDATE EXCLUSIVE';
  if (SHARE_ROW_EXCLUSIVE_COMMANDS.has(subtype)) return 'SHARE ROW EXCLUSIVE';
  if (subtype === 'AT_AddConstraint' && asNode(cmd.def, 'Constraint')?.contype === 'CONSTR_FOREIGN') return 'SHARE ROW EXCLUSIVE';
  if (subtype === 'AT_DetachPartition' && asNode(cmd.def, 'PartitionCmd')?.concurrent) return 'SHARE UPDATE EXCLUSIVE';
  return 'ACCESS EXCLUSIVE';
}

const PARTITION_COMMANDS = new Set(['AT_AttachPartition', 'AT_DetachPartition', 'AT_DetachPartitionFinalize']);

function alterTableLocks(statement: AlterTableStmt, resolver: Resolver, add: Add): void {
  if (statement.objtype === 'OBJECT_INDEX' || statement.objtype === 'OBJECT_SEQUENCE' || statement.objtype === 'OBJECT_TYPE') return;
  const table = resolver.relation(statement.relation);
  const recurse = statement.relation?.inh === true;
  for (const c of statement.cmds ?? []) {
    const cmd = asNode(c, 'AlterTableCmd');
    if (!cmd) continue;
    const partitionCommand = PARTITION_COMMANDS.has(cmd.subtype ?? '');
    add(table, alterTableCommandLock(cmd), recurse && !partitionCommand);
    const partition = asNode(cmd.def, 'PartitionCmd');
    if (partition?.name) {
      // The partition coming in or going out is locked fully: DETACH … CONCURRENTLY too, in its second transaction.
      add(resolver.relation(partition.name), 'ACCESS EXCLUSIVE', false);
    }
    const constraints = cmd.subtype === 'AT_AddColumn' ? (asNode(cmd.def, 'ColumnDef')?.constraints ?? []) : [cmd.def].filter((d): d is Node => d !== undefined);
    for (const referenced of foreignKeyTargets(constraints)) add(resolver.relation(referenced), 'SHARE ROW EXCLUSIVE', false);
    // Dropping a foreign key, or changing whether it is enforced, adds or removes triggers on the referenced table.
    const alteredConstraint = asNode(cmd.def, 'ATAlterConstraint');
    if (cmd.subtype === 'AT_DropConstraint' || alteredConstraint?.alterEnforceability) {
      for (const referenced of referencedTables(table, resolver, cmd.name ?? alteredConstraint?.conname)) add(referenced, 'ACCESS EXCLUSIVE', false);
    }
  }
}
