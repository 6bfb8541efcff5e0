/** Every pgshift rule, in the order of the docs' rule table. */
import type { Rule } from '../src/engine/rule.js';
import createIndexConcurrently from './create-index-concurrently.js';
import dropAfterDeprecation from './drop-after-deprecation.js';
import noRenameTable from './no-rename-table.js';
import noRenameColumn from './no-rename-column.js';
import noDropSchema from './no-drop-schema.js';
import noDropDatabase from './no-drop-database.js';
import noTruncate from './no-truncate.js';
import noRenameEnumValue from './no-rename-enum-value.js';
import backfillOutsideMigration from './backfill-outside-migration.js';

export const allRules: readonly Rule[] = [
  createIndexConcurrently,
  dropAfterDeprecation,
  noRenameTable,
  noRenameColumn,
  noDropSchema,
  noDropDatabase,
  noTruncate,
  noRenameEnumValue,
  backfillOutsideMigration,
] as readonly Rule[];
