import { spawnSync } from 'node:child_process';
import { main } from '../../src/cli/main.js';
import type { CliIO } from '../../src/cli/io.js';
import { cliPath } from './paths.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Run the CLI in this process with captured streams (fast; the same code path as the binary). */
export async function runCli(args: string[], options: { cwd: string; stdin?: string | Uint8Array; env?: Record<string, string>; tty?: boolean }): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = {
    cwd: options.cwd,
    env: options.env ?? {},
    stdout: { write: (t: string) => (stdout += t), isTTY: options.tty ?? false },
    stderr: { write: (t: string) => (stderr += t) },
    readStdin: () => Promise.resolve(typeof options.stdin === 'string' ? Buffer.from(options.stdin) : (options.stdin ?? new Uint8Array())),
  };
  const code = await main(args, io);
  return { code, stdout, stderr };
}

/** Run the built binary in a fresh process, as a user does. */
export function spawnCli(args: string[], options: { cwd: string; stdin?: string; env?: Record<string, string> }): CliRun {
  const result = spawnSync(process.execPath, [cliPath, ...args], {
    cwd: options.cwd,
    input: options.stdin,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', ...options.env },
  });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}
