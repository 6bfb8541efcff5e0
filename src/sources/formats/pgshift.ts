/**
 * Plain SQL files applied by pgshift's own runner: each file one migration in
 * one transaction, unless its first line is `-- pgshift:no-transaction`
 * (the engine reads that directive itself).
 */
import { PGSHIFT_RUNNER } from '../../engine/rule.js';
import type { MigrationFormat } from './format.js';
import { migrationUnit } from './format.js';

export const pgshiftFormat: MigrationFormat = {
  id: 'pgshift',
  tool: 'pgshift',
  select: (files) => files.map((path) => ({ path, direction: 'up' })),
  read: (file) => ({ units: [migrationUnit(file, { runner: PGSHIFT_RUNNER })] }),
};
