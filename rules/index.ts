/** Every pgshift rule, in the order of the docs' rule table. */
import type { Rule } from '../src/engine/rule.js';
import createIndexConcurrently from './create-index-concurrently.js';
import addColumnVolatileDefault from './add-column-volatile-default.js';
import addColumnSerialOrIdentity from './add-column-serial-or-identity.js';
import addColumnStoredGenerated from './add-column-stored-generated.js';
import alterColumnType from './alter-column-type.js';
import addColumnNotNullWithoutDefault from './add-column-not-null-without-default.js';
import noTableRewrite from './no-table-rewrite.js';

export const allRules: readonly Rule[] = [createIndexConcurrently, addColumnVolatileDefault, addColumnSerialOrIdentity, addColumnStoredGenerated, alterColumnType, addColumnNotNullWithoutDefault, noTableRewrite] as readonly Rule[];
