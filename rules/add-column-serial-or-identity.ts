import { defineRule } from '../src/engine/rule.js';
import { describeLock } from '../src/model/locks.js';
import { makeObjectName } from '../src/model/replay.js';
import { quoteIdent, typeInfo } from '../src/parse/ast.js';
import { asStatement } from './support/recipes.js';
import { ColumnSource, forEachAddedColumn, notNullClauses, removedKeys, restoreSteps } from './support/rewrites.js';

/** The integer type behind each serial pseudo-type. */
const SERIAL_INTEGER: Record<string, string> = {
  serial: 'integer',
  serial4: 'integer',
  bigserial: 'bigint',
  serial8: 'bigint',
  smallserial: 'smallint',
  serial2: 'smallint',
};

/** A string literal for SQL. */
function literal(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

export default defineRule({
  meta: {
    id: 'add-column-serial-or-identity',
    type: 'problem',
    defaultSeverity: 'error',
    docs: {
      description: 'Add serial and identity columns to existing tables empty, then number the existing rows in batches.',
      category: 'rewrite',
    },
    messages: {
      serial:
        'ADD COLUMN {{column}} {{type}} takes a nextval() for every existing row, so Postgres rewrites {{table}} and all its indexes while holding {{lock}}, for a time that grows with the table. Instead: {{createSequence}} {{rewritten}} {{setDefault}} (new rows are numbered at once), then backfill existing rows in batches outside the migration ({{backfill}}){{restore}}.',
      identity:
        'ADD COLUMN {{column}} … GENERATED … AS IDENTITY takes a nextval() for every existing row, so Postgres rewrites {{table}} and all its indexes while holding {{lock}}, for a time that grows with the table. Instead: {{createSequence}} {{rewritten}} {{setDefault}} (new rows are numbered at once), then backfill existing rows in batches outside the migration ({{backfill}}){{restore}}; then turn it into an identity column in one transaction, which neither rewrites nor scans once the column is NOT NULL: {{toIdentity}}',
    },
  },
  create(context) {
    return forEachAddedColumn(context, ({ column, constraints }, target) => {
      const { statement, table } = target;
      const type = typeInfo(column.typeName);
      const identity = constraints.find((c) => c.contype === 'CONSTR_IDENTITY');
      if (!type.isSerial && !identity) return;
      const source = ColumnSource.of(statement, column);
      if (!source) return;

      const name = column.colname ?? '?';
      const writtenSchema = target.relation?.schemaname;
      const schemaPrefix = writtenSchema ? `${quoteIdent(writtenSchema)}.` : '';
      const sequence = `${schemaPrefix}${quoteIdent(makeObjectName(table.name, name, 'seq'))}`;
      const removed = [...(identity ? [identity] : []), ...notNullClauses(constraints)];
      const edits = source.remove(removed);
      if (type.isSerial) edits.push(source.replaceType(SERIAL_INTEGER[type.name] ?? 'bigint'));
      const col = source.name.text;
      const always = identity?.generated_when === 'a' ? 'ALWAYS' : 'BY DEFAULT';
      context.report({
        messageId: identity ? 'identity' : 'serial',
        data: {
          column: quoteIdent(name),
          type: source.text(source.type),
          table: table.text,
          lock: describeLock('ACCESS EXCLUSIVE', table.text),
          createSequence: asStatement(`CREATE SEQUENCE ${sequence}`),
          rewritten: asStatement(statement.rewrite(edits)),
          setDefault: asStatement(`ALTER TABLE ${target.text} ALTER COLUMN ${col} SET DEFAULT nextval(${literal(sequence)})`),
          backfill: `\`UPDATE ${target.text} SET ${col} = nextval(${literal(sequence)}) WHERE ${col} IS NULL AND <next batch of keys>;\``,
          // serial and identity columns are NOT NULL whether or not the statement says so.
          restore: restoreSteps(context, target, name, { ...removedKeys(removed), notNull: true }),
          toIdentity: [
            `ALTER TABLE ${target.text} ALTER COLUMN ${col} DROP DEFAULT, ALTER COLUMN ${col} ADD GENERATED ${always} AS IDENTITY`,
            `SELECT setval(pg_get_serial_sequence(${literal(target.text)}, ${literal(name)}), nextval(${literal(sequence)}))`,
            `DROP SEQUENCE ${sequence}`,
          ]
            .map(asStatement)
            .join(' '),
        },
      });
    });
  },
});
