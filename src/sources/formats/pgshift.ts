/**
 * Plain SQL files applied by pgshift's own runner: each file one migration in
 * one transaction, unless its first line is `-- pgshift:no-transaction`
 * (the engine reads that directive itself). `<name>.down.sql` reverts
 * `<name>.sql` or `<name>.up.sql`.
 */
import path from 'node:path';
import { PGSHIFT_RUNNER } from '../../engine/rule.js';
import type { Direction, MigrationFormat } from './format.js';
import { migrationUnit, pairUpAndDown } from './format.js';

/** A file's direction, and the name it shares with its pair. Every file is a migration. */
export function pgshiftRole(file: string): { direction: Direction; key: string } {
  const name = path.basename(file);
  const down = /\.down\.sql$/i.test(name);
  return { direction: down ? 'down' : 'up', key: path.join(path.dirname(file), name.replace(/(\.up|\.down)?\.sql$/i, '')) };
}

export const pgshiftFormat: MigrationFormat = {
  id: 'pgshift',
  tool: 'pgshift',
  select: (files, { includeDown }) => pairUpAndDown(files, pgshiftRole, includeDown, 'pgshift never runs this file'),
  read: (file) => ({ units: [migrationUnit(file, { runner: PGSHIFT_RUNNER })] }),
};
