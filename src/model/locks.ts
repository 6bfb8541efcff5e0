/**
 * Which table-level lock each statement takes, and what that lock blocks.
 * Source: the PostgreSQL documentation's "Explicit Locking" chapter (table
 * 13.2, conflicting lock modes) and the lock notes on each ALTER TABLE form;
 * test/locks.pg.test.ts checks this table against a real server's pg_locks.
 */
import type { AlterTableCmd, AlterTableStmt, Node } from 'libpg-query';
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
  const add = (relation: RelationRef, mode: LockMode) => {
    const existing = requests.find((r) => r.relation.key === relation.key);
    if (!existing) requests.push({ relation, mode });
    else if (lockStrength(mode) > lockStrength(existing.mode)) existing.mode = mode;
  };
  collect(statement.node, resolver, add);
  return requests.sort((a, b) => lockStrength(b.mode) - lockStrength(a.mode));
}

type Add = (relation: RelationRef, mode: LockMode) => void;

function collect(node: Node, resolver: Resolver, add: Add): void {
  const index = asNode(node, 'IndexStmt');
  if (index) return add(resolver.relation(index.relation), index.concurrent ? 'SHARE UPDATE EXCLUSIVE' : 'SHARE');

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
        case 'OBJECT_FOREIGN_TABLE':
          add(resolver.relationFromNames(names), 'ACCESS EXCLUSIVE');
          break;
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
    for (const rel of truncate.relations ?? []) add(resolver.relation(asNode(rel, 'RangeVar')), 'ACCESS EXCLUSIVE');
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
    for (const rel of lock.relations ?? []) add(resolver.relation(asNode(rel, 'RangeVar')), mode);
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
      for (const parent of create.inhRelations ?? []) add(resolver.relation(asNode(parent, 'RangeVar')), 'ACCESS EXCLUSIVE');
    }
    for (const referenced of foreignKeyTargets(create.tableElts)) add(resolver.relation(referenced), 'SHARE ROW EXCLUSIVE');
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

function foreignKeyTargets(elements: readonly Node[] | undefined): import('libpg-query').RangeVar[] {
  const targets: import('libpg-query').RangeVar[] = [];
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
  'AT_AlterConstraint',
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

function alterTableLocks(statement: AlterTableStmt, resolver: Resolver, add: Add): void {
  if (statement.objtype === 'OBJECT_INDEX' || statement.objtype === 'OBJECT_SEQUENCE' || statement.objtype === 'OBJECT_TYPE') return;
  const table = resolver.relation(statement.relation);
  for (const c of statement.cmds ?? []) {
    const cmd = asNode(c, 'AlterTableCmd');
    if (!cmd) continue;
    add(table, alterTableCommandLock(cmd));
    const partition = asNode(cmd.def, 'PartitionCmd');
    if (partition?.name) {
      // ATTACH locks the incoming partition fully; DETACH locks the leaving one like the parent.
      const mode = cmd.subtype === 'AT_AttachPartition' ? 'ACCESS EXCLUSIVE' : alterTableCommandLock(cmd);
      add(resolver.relation(partition.name), mode);
    }
    const constraints = cmd.subtype === 'AT_AddColumn' ? (asNode(cmd.def, 'ColumnDef')?.constraints ?? []) : [cmd.def].filter((d): d is Node => d !== undefined);
    for (const referenced of foreignKeyTargets(constraints)) add(resolver.relation(referenced), 'SHARE ROW EXCLUSIVE');
  }
}
