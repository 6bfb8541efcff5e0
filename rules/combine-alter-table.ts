import type { AlterTableCmd, AlterTableStmt } from 'libpg-query';
import { defineRule, type StatementContext } from '../src/engine/rule.js';
import { alterTableCommandLock, describeLock, lockStrength, type LockMode } from '../src/model/locks.js';
import { asNode, typeInfo, type NodeTag } from '../src/parse/ast.js';
import type { Statement } from '../src/parse/parse-sql.js';
import { nameSpan, tokenAt } from '../src/parse/tokens.js';
import { asStatement } from './support/recipes.js';
import { codeEnd } from './support/locking-and-style.js';
import { columnTypeChange } from '../src/model/type-changes.js';
import { expressionVolatility } from '../src/model/volatility.js';
import type { TableState } from '../src/model/schema.js';

const UNKNOWN_TYPE = { name: '?', isArray: false, isSerial: false };

/** Forms that must be an ALTER TABLE of their own (RENAME and SET SCHEMA are other statements already). */
const ALONE = new Set<string>(['AT_AttachPartition', 'AT_DetachPartition', 'AT_DetachPartitionFinalize']);

/**
 * Statements whose effect on a table pgshift cannot see (they run code or read
 * tables): merging ALTERs across them could change what they see.
 */
const OPAQUE = new Set<NodeTag>([
  'DoStmt',
  'CallStmt',
  'ExecuteStmt',
  'SelectStmt',
  'InsertStmt',
  'UpdateStmt',
  'DeleteStmt',
  'MergeStmt',
  'CopyStmt',
  'ViewStmt',
  'CreateTableAsStmt',
  'RefreshMatViewStmt',
  'CreateFunctionStmt',
]);

/** Reads and writes go on while a lock up to this one waits in the queue. */
const STRONGEST_HARMLESS_WAIT = lockStrength('SHARE UPDATE EXCLUSIVE');

type Pass = 'rewrite' | 'scan';

interface Member {
  statement: Statement;
  transaction: number | undefined;
  /** the lock this statement takes on the table */
  mode: LockMode;
  pass: Pass | undefined;
  /** the statement as written, cut after the table name; lexed only when a report needs it */
  written(): Written | undefined;
}

interface Written {
  /** the statement's text up to the end of the table name: `ALTER TABLE ONLY app.users` */
  head: string;
  /** the subcommand list as written, comments inside included */
  commands: string;
}

interface Group {
  inh: boolean;
  members: Member[];
  /** columns and constraints the group adds: a later command on them cannot share the statement */
  added: Set<string>;
}

export default defineRule({
  meta: {
    id: 'combine-alter-table',
    type: 'problem',
    defaultSeverity: 'warn',
    docs: {
      description: 'Combine ALTER TABLE statements on the same existing table into one.',
      category: 'locking',
    },
    messages: {
      waitsAgain:
        '{{table}} was already altered on line {{firstLine}}, but this statement {{reason}}, so it waits in the lock queue for {{lock}} again and traffic queues behind it a second time. One ALTER TABLE takes the lock once and applies all its subcommands together: {{combined}}',
      secondPass:
        '{{table}} was already altered on line {{firstLine}} in this transaction, and this statement makes another pass over it ({{work}}) while {{lock}} is held. One ALTER TABLE does all its subcommands in a single pass (one rewrite, or one scan that checks every new constraint): {{combined}}',
    },
  },
  create(context) {
    const groups = new Map<string, Group>();
    return {
      Statement(statement) {
        const current = context.current;
        if (!current) return;
        if (OPAQUE.has(statement.tag)) groups.clear();
        const alter = asNode(statement.node, 'AlterTableStmt');
        const table = alter && combinable(alter) ? context.relation(alter.relation) : undefined;
        for (const lock of current.locks()) if (lock.relation.key !== table?.key) groups.delete(lock.relation.key);
        if (!alter || !table) return;
        if (table.isNew) {
          groups.delete(table.key);
          return;
        }
        const member = describeMember(alter, current, table.table);
        const inh = alter.relation?.inh === true;
        const commands = alterCommands(alter);
        let group = groups.get(table.key);
        if (!group || group.inh !== inh || commands.some((cmd) => touchesAdded(cmd, group?.added))) {
          group = { inh, members: [], added: new Set() };
          groups.set(table.key, group);
        }
        const first = group.members[0];
        if (first) {
          const sameTransaction = member.transaction === undefined ? [] : group.members.filter((m) => m.transaction === member.transaction);
          const held = strongest(sameTransaction.map((m) => m.mode));
          const report = (messageId: string, extra: Record<string, string>) => {
            const combined = combine([...group.members, member]);
            if (combined === undefined) return;
            const data = {
              table: table.text,
              firstLine: context.migration.positionAt(first.statement.range[0]).line,
              lock: describeLock(member.mode, table.text),
              combined: asStatement(combined),
            };
            context.report({ messageId, data: { ...data, ...extra } });
          };
          if (!held || lockStrength(member.mode) > lockStrength(held)) {
            if (lockStrength(member.mode) > STRONGEST_HARMLESS_WAIT) {
              report('waitsAgain', { reason: held ? `needs a stronger lock than the ${held} lock its transaction holds` : 'runs in another transaction' });
            }
          } else if (member.pass && sameTransaction.some((m) => m.pass)) {
            report('secondPass', { work: member.pass === 'rewrite' ? 'a rewrite' : 'a full scan to check a new constraint' });
          }
        }
        group.members.push(member);
        for (const name of addedNames(commands)) group.added.add(name);
      },
    };
  },
});

function alterCommands(statement: AlterTableStmt): AlterTableCmd[] {
  return (statement.cmds ?? []).map((c) => asNode(c, 'AlterTableCmd')).filter((c): c is AlterTableCmd => c !== undefined);
}

/**
 * An ALTER TABLE that may share a statement with others. VALIDATE CONSTRAINT
 * and a validated foreign key scan the table under a lock weaker than most
 * ALTERs take: merged, the scan would run under the stronger lock.
 */
function combinable(statement: AlterTableStmt): boolean {
  if (statement.objtype !== 'OBJECT_TABLE') return false;
  return alterCommands(statement).every((cmd) => {
    if (ALONE.has(cmd.subtype ?? '') || cmd.subtype === 'AT_ValidateConstraint') return false;
    const constraint = asNode(cmd.def, 'Constraint');
    return !(cmd.subtype === 'AT_AddConstraint' && constraint?.contype === 'CONSTR_FOREIGN' && !constraint.skip_validation);
  });
}

function describeMember(statement: AlterTableStmt, current: StatementContext, table: TableState | undefined): Member {
  let written: Written | undefined | null = null;
  return {
    statement: current.statement,
    transaction: current.transaction.id,
    mode: strongest(alterCommands(statement).map(alterTableCommandLock)) ?? 'ACCESS EXCLUSIVE',
    pass: strongestPass(alterCommands(statement).map((cmd) => tablePass(cmd, table))),
    written: () => {
      if (written !== null) return written;
      const tokens = current.tokens();
      const name = nameSpan(tokens, tokenAt(tokens, current.indexOfLocation(statement.relation?.location)));
      const start = current.statement.range[0];
      written = name ? { head: current.text.slice(0, name[1] - start), commands: current.text.slice(name[1] - start, codeEnd(current) - start) } : undefined;
      return written;
    },
  };
}

/** Every statement's subcommands after the first statement's head, laid out like the first list. */
function combine(members: readonly Member[]): string | undefined {
  const written = members.map((m) => m.written());
  if (written.some((w) => w === undefined)) return undefined;
  const [first, ...rest] = written as Written[];
  if (!first) return undefined;
  const separator = /^\s*\n[ \t]*/.exec(first.commands)?.[0] ?? ' ';
  return first.head + first.commands + rest.map((m) => `,${separator}${m.commands.trimStart()}`).join('');
}

function addedNames(commands: readonly AlterTableCmd[]): string[] {
  return commands.flatMap((cmd) => {
    const column = asNode(cmd.def, 'ColumnDef');
    const constraint = asNode(cmd.def, 'Constraint');
    if (cmd.subtype === 'AT_AddColumn' && column?.colname) return [column.colname];
    if (cmd.subtype === 'AT_AddConstraint' && constraint?.conname) return [constraint.conname];
    return [];
  });
}

/**
 * Commands that work on a column or constraint added earlier in the same
 * statement (checked against PostgreSQL 18). The others (ALTER TYPE, DROP
 * DEFAULT, DROP NOT NULL, DROP COLUMN, DROP CONSTRAINT, …) look their target
 * up before any command of the statement runs, and fail.
 */
const WORKS_ON_ADDED = new Set<string>([
  'AT_SetNotNull',
  'AT_SetStatistics',
  'AT_SetStorage',
  'AT_SetOptions',
  'AT_ResetOptions',
  'AT_SetCompression',
  'AT_SetExpression',
  'AT_AlterConstraint',
]);

function touchesAdded(cmd: AlterTableCmd, added: ReadonlySet<string> | undefined): boolean {
  const target = cmd.name ?? asNode(cmd.def, 'ATAlterConstraint')?.conname;
  if (target === undefined || added?.has(target) !== true) return false;
  const setsDefault = cmd.subtype === 'AT_ColumnDefault' && cmd.def !== undefined;
  return !setsDefault && !WORKS_ON_ADDED.has(cmd.subtype ?? '');
}

/**
 * The table pass a subcommand needs in ALTER TABLE's last phase, which one
 * statement shares among all its subcommands (tablecmds.c, ATRewriteTables):
 * a rewrite, or a scan that checks new CHECK and NOT NULL constraints.
 * Index builds and foreign key checks run once per constraint either way.
 */
function tablePass(cmd: AlterTableCmd, table: TableState | undefined): Pass | undefined {
  switch (cmd.subtype) {
    case 'AT_AlterColumnType': {
      const def = asNode(cmd.def, 'ColumnDef');
      const from = table?.columns.get(cmd.name ?? '')?.type ?? UNKNOWN_TYPE;
      return def && columnTypeChange(def, cmd.name ?? '', from).kind === 'catalog-only' ? undefined : 'rewrite';
    }
    case 'AT_SetLogged':
    case 'AT_SetUnLogged':
    case 'AT_SetAccessMethod':
    case 'AT_SetExpression':
      return 'rewrite';
    case 'AT_SetNotNull':
      return 'scan';
    case 'AT_AddConstraint': {
      const constraint = asNode(cmd.def, 'Constraint');
      const checked = constraint?.contype === 'CONSTR_CHECK' || constraint?.contype === 'CONSTR_NOTNULL';
      return checked && !constraint?.skip_validation ? 'scan' : undefined;
    }
    case 'AT_AddColumn': {
      const column = asNode(cmd.def, 'ColumnDef');
      if (typeInfo(column?.typeName).isSerial) return 'rewrite';
      const rewrites = (column?.constraints ?? []).some((c) => {
        const constraint = asNode(c, 'Constraint');
        if (constraint?.contype === 'CONSTR_IDENTITY') return true;
        if (constraint?.contype === 'CONSTR_GENERATED') return constraint.generated_kind === 's';
        return constraint?.contype === 'CONSTR_DEFAULT' && expressionVolatility(constraint.raw_expr).volatility === 'volatile';
      });
      return rewrites ? 'rewrite' : undefined;
    }
    default:
      return undefined;
  }
}

function strongestPass(passes: readonly (Pass | undefined)[]): Pass | undefined {
  return passes.includes('rewrite') ? 'rewrite' : passes.includes('scan') ? 'scan' : undefined;
}

function strongest(modes: readonly LockMode[]): LockMode | undefined {
  return modes.reduce<LockMode | undefined>((a, b) => (a === undefined || lockStrength(b) > lockStrength(a) ? b : a), undefined);
}
