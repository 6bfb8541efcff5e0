/**
 * `pgshift lint <args>` exactly as the binary runs it, with the output
 * discarded, then this process's peak memory on stderr for bench/corpus.ts.
 */
import { main } from '../src/cli/main.js';
import { processIO } from '../src/cli/io.js';

const io = processIO();
const code = await main(process.argv.slice(2), { ...io, stdout: { write: () => true, isTTY: false } });
process.stderr.write(JSON.stringify({ code, maxRssKb: process.resourceUsage().maxRSS }));
