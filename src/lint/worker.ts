/** Worker thread entry: waits for one chunk of the ordered files, lints it and posts the results back. */
import { parentPort } from 'node:worker_threads';
import { allRules } from '../../rules/index.js';
import { loadParser } from '../parse/parse-sql.js';
import { lintChunk } from './chunk.js';
import { engineConfigFromWire, portHandover, type WorkerInput } from './parallel.js';

const ready = loadParser();
parentPort?.once('message', (input: WorkerInput) => {
  void ready.then(async () => {
    const results = await lintChunk(input.chunk, allRules, engineConfigFromWire(input.config), portHandover(input.previous, input.next));
    input.previous?.close();
    input.next?.close();
    parentPort?.postMessage(results);
    parentPort?.close();
  });
});
