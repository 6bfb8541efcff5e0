/**
 * Ory popx (ory/x): `<version>_<name>[.<dialect>][.autocommit].(up|down).sql`.
 * A file for the `postgres` dialect replaces the dialect-neutral file of the
 * same version; files for other dialects are not run on Postgres. Each
 * migration runs in a serializable transaction, unless `.autocommit` is in its
 * name: then popx sends the file as one query string outside a transaction.
 */
import path from 'node:path';
import type { RunnerInfo, TransactionPlan } from '../../engine/rule.js';
import { migrationUnit, pairUpAndDown, type Direction, type FileRole, type MigrationFormat } from './format.js';

/** The advice for a file: an up file and a down file each opt out by their own name. */
function runnerFor(direction: Direction): RunnerInfo {
  return {
    tool: 'popx',
    outsideTransaction: `a migration of its own named \`….autocommit.${direction}.sql\`, holding only that statement (popx sends such a file as one query)`,
    optOut: { instruction: `Rename this file to end in \`.autocommit.${direction}.sql\``, singleQuery: true },
  };
}

const DIALECTS = new Set(['postgres', 'cockroach', 'mysql', 'sqlite3', 'sqlite']);

interface PopxName {
  /** the version and name, shared by a migration's up and down and by its dialect variants */
  stem: string;
  dialect: string | undefined;
  autocommit: boolean;
  direction: Direction;
}

export function popxName(file: string): PopxName | undefined {
  const direction = /\.(up|down)\.sql$/.exec(path.basename(file));
  if (!direction) return undefined;
  let rest = path.basename(file).slice(0, direction.index);
  const autocommit = rest.endsWith('.autocommit');
  if (autocommit) rest = rest.slice(0, -'.autocommit'.length);
  // A dot in the name is part of the name unless what follows it is a dialect.
  const dialect = /\.([a-z0-9]+)$/.exec(rest);
  const known = dialect && DIALECTS.has(dialect[1] as string) ? (dialect[1] as string) : undefined;
  if (known !== undefined) rest = rest.slice(0, -(known.length + 1));
  return { stem: path.join(path.dirname(file), rest), dialect: known, autocommit, direction: direction[1] as Direction };
}

/** The name marks a popx file: a dialect or `.autocommit` before the direction. */
export function looksLikePopx(file: string): boolean {
  const name = popxName(file);
  return name !== undefined && (name.autocommit || name.dialect !== undefined);
}

export const popxFormat: MigrationFormat = {
  id: 'popx',
  tool: 'popx',
  select(files, { includeDown }) {
    const names = new Map(files.map((file) => [file, popxName(file)]));
    const specific = new Set([...names.values()].filter((n) => n?.dialect === 'postgres').map((n) => `${n?.stem}\0${n?.direction}`));
    const runs = (file: string): FileRole => {
      const name = names.get(file);
      if (!name) return undefined;
      // Another dialect's file, or the generic one a Postgres file replaces: popx passes over it on Postgres.
      if (name.dialect !== undefined && name.dialect !== 'postgres') return 'skip';
      if (name.dialect === undefined && specific.has(`${name.stem}\0${name.direction}`)) return 'skip';
      return { direction: name.direction, key: name.stem };
    };
    return pairUpAndDown(files, runs, includeDown, 'popx never runs this file: it runs only files named `<version>_<name>[.<dialect>][.autocommit].up.sql` and `.down.sql`');
  },
  read(file) {
    const transaction: TransactionPlan = popxName(file.path)?.autocommit
      ? { mode: 'single-query', declaredAutocommit: true, declaredBy: '`.autocommit` in its file name' }
      : { mode: 'wrapped', declaredAutocommit: false };
    return { units: [migrationUnit(file, { transaction, runner: runnerFor(file.direction) })] };
  },
};
