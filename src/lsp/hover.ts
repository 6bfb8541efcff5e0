/**
 * Hover on a statement: the table locks it takes and what each blocks, from
 * statementLocks, answered at the statement's point in the project's history
 * (so a table created earlier in the same release is known to be new, the
 * partitions of a partitioned table and the other end of a foreign key are
 * known) and with the session the migration has set up (search_path).
 *
 * The statements' locks come from a one-visitor rule run through the same
 * engine as the lint (DocumentLinter.inspect), on the schema state the
 * migrations before the document leave, kept by the same DocumentLinter; the
 * answers are kept per document version.
 */
import path from 'node:path';
import type { Hover, MarkupContent } from 'vscode-languageserver/node';
import type { Rule } from '../engine/rule.js';
import type { DocumentLinter } from '../lint/document.js';
import { lockBlocks, type LockMode } from '../model/locks.js';
import type { RelationKind } from '../model/schema.js';
import type { Range } from '../parse/source-text.js';
import { SourceText } from '../parse/source-text.js';
import { positionOf } from './diagnostics.js';

export interface StatementLocks {
  range: Range;
  locks: { relation: string; mode: LockMode; isNew: boolean; kind: RelationKind | undefined }[];
  /** the statement runs inside a transaction (the runner's or an explicit one), which holds its locks until it ends */
  inTransaction: boolean;
}

export interface LockQuery {
  filePath: string;
  text: string;
  /** document version, for the per-version cache */
  version: number;
  openDocuments?: ReadonlyMap<string, string>;
}

const COLLECTOR_ID = 'pgshift-lsp-statement-locks';

/** The rule that records each statement's locks, as the engine sees them while it lints. */
function lockCollector(out: StatementLocks[]): Rule {
  return {
    meta: { id: COLLECTOR_ID, type: 'suggestion', defaultSeverity: 'warn', docs: { description: 'Records the locks of every statement for hovers.', category: 'locking' }, messages: {} },
    create(context) {
      return {
        Statement(statement) {
          const current = context.current;
          if (!current) return;
          out.push({
            range: statement.range,
            locks: current.locks().map((lock) => ({ relation: lock.relation.text, mode: lock.mode, isNew: lock.relation.isNew, kind: lock.relation.kind })),
            inTransaction: current.transaction.id !== undefined,
          });
        },
      };
    },
  };
}

export class LockInspector {
  /** per document: its version and text, and the locks of its statements */
  readonly #answers = new Map<string, { version: number; text: string; statements: StatementLocks[] }>();

  /** The hover reads the history through the server's DocumentLinter, so both keep one schema state. */
  constructor(private readonly documents: DocumentLinter) {}

  /** The history changed (files, config, or another open document): the answers may be stale. */
  invalidate(): void {
    this.#answers.clear();
  }

  forget(filePath: string): void {
    this.#answers.delete(path.resolve(filePath));
  }

  /** The locks of every statement of the document, in order. */
  async statements(query: LockQuery): Promise<StatementLocks[]> {
    const filePath = path.resolve(query.filePath);
    const kept = this.#answers.get(filePath);
    if (kept && kept.version === query.version && kept.text === query.text) return kept.statements;
    const statements: StatementLocks[] = [];
    await this.documents.inspect({ filePath, text: query.text, ...(query.openDocuments ? { openDocuments: query.openDocuments } : {}) }, [lockCollector(statements)]);
    this.#answers.set(filePath, { version: query.version, text: query.text, statements });
    return statements;
  }

  async hover(query: LockQuery, offset: number): Promise<Hover | null> {
    const statements = await this.statements(query);
    // The statement under the cursor, its closing `;` included.
    const statement = statements.find(({ range: [start, end] }) => start <= offset && offset <= end);
    if (!statement) return null;
    const text = new SourceText(query.text);
    const contents: MarkupContent = { kind: 'markdown', value: describeStatementLocks(statement) };
    return { contents, range: { start: positionOf(text, statement.range[0]), end: positionOf(text, statement.range[1]) } };
  }
}

/** The short markdown a hover shows. */
export function describeStatementLocks(statement: StatementLocks): string {
  if (statement.locks.length === 0) return 'Takes no lock that blocks reads or writes of an existing table.';
  const lines = statement.locks.map((lock) => {
    const newNote = lock.isNew ? ' (new in this release: no running code uses it yet)' : '';
    return `- \`${lock.mode}\` on \`${lock.relation}\`${newNote}: ${lockBlocks(lock.mode)}`;
  });
  const held = statement.inTransaction ? 'Held until the transaction commits.' : 'Held until the statement ends (it runs outside a transaction).';
  return [`**Locks** (strongest first)`, '', ...lines, '', held].join('\n');
}
