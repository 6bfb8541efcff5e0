/** Worker thread entry: lints the migration sets it is given and posts the results back. */
import { parentPort, workerData } from 'node:worker_threads';
import { allRules } from '../../rules/index.js';
import { loadParser } from '../parse/parse-sql.js';
import { lintSetFiles } from './lint-set.js';
import { engineConfigFromWire, type WorkerInput } from './parallel.js';

const input = workerData as WorkerInput;
await loadParser();
const config = engineConfigFromWire(input.config);
const results = input.sets.map((files) => lintSetFiles(files, allRules, config, input.baseDir));
parentPort?.postMessage(results);
