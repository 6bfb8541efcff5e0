import type { CliIO } from '../../src/cli/io.js';

export interface CapturedIO {
  io: CliIO;
  /** everything written to standard output so far */
  stdout(): string;
  /** everything written to standard error so far */
  stderr(): string;
}

/** A CliIO for calling one command function directly, with captured streams and no terminal. */
export function captureIO(cwd: string, env: Record<string, string> = {}): CapturedIO {
  let stdout = '';
  let stderr = '';
  const io: CliIO = {
    cwd,
    env,
    stdout: { write: (text: string) => (stdout += text), isTTY: false },
    stderr: { write: (text: string) => (stderr += text) },
    readStdin: () => Promise.resolve(new Uint8Array()),
  };
  return { io, stdout: () => stdout, stderr: () => stderr };
}
