/** Every pgshift rule, in the order of the docs' rule table. */
import type { Rule } from '../src/engine/rule.js';
import combineAlterTable from './combine-alter-table.js';
import createIndexConcurrently from './create-index-concurrently.js';
import preferJsonb from './prefer-jsonb.js';
import setLockTimeout from './set-lock-timeout.js';

export const allRules: readonly Rule[] = [createIndexConcurrently, setLockTimeout, combineAlterTable, preferJsonb] as readonly Rule[];
