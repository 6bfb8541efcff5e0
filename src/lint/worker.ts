/** Worker thread entry: lints one chunk of the ordered files and posts the results back. */
import { parentPort, workerData } from 'node:worker_threads';
import { allRules } from '../../rules/index.js';
import { loadParser } from '../parse/parse-sql.js';
import { lintChunk } from './chunk.js';
import { engineConfigFromWire, portHandover, type WorkerInput } from './parallel.js';

const input = workerData as WorkerInput;
await loadParser();
const results = await lintChunk(input.chunk, allRules, engineConfigFromWire(input.config), input.baseDir, portHandover(input.previous, input.next));
input.previous?.close();
input.next?.close();
parentPort?.postMessage(results);
