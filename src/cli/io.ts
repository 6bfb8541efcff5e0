import { parseArgs } from 'node:util';

/** What the CLI touches of the outside world, so tests can run it in-process. */
export interface CliIO {
  cwd: string;
  env: Record<string, string | undefined>;
  stdout: { write(text: string): unknown; isTTY?: boolean };
  stderr: { write(text: string): unknown };
  readStdin(): Promise<Uint8Array>;
  /** call `handler` on Ctrl-C or SIGTERM instead of dying; returns the undo. Absent in tests run in-process. */
  onInterrupt?(handler: () => void): () => void;
}

export function processIO(): CliIO {
  return {
    cwd: process.cwd(),
    env: process.env,
    stdout: process.stdout,
    stderr: process.stderr,
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks);
    },
    onInterrupt(handler) {
      process.on('SIGINT', handler);
      process.on('SIGTERM', handler);
      return () => {
        process.off('SIGINT', handler);
        process.off('SIGTERM', handler);
      };
    },
  };
}

/** Bad usage: exit 2 with a one-line reason. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** The command's flags and positionals, parsed strictly; a flag it does not know is bad usage (exit 2). */
/** The flags a command takes, as node:util's parseArgs describes them. */
export type FlagOptions = Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean; default?: string | boolean | string[] | boolean[] }>;

export type ParsedFlags<Options extends FlagOptions> = ReturnType<typeof parseArgs<{ args: string[]; allowPositionals: boolean; strict: true; options: Options }>>;

export function parseFlags<Options extends FlagOptions>(args: string[], options: Options, { positionals = true } = {}): ParsedFlags<Options> {
  try {
    return parseArgs({ args, allowPositionals: positionals, strict: true, options });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}
