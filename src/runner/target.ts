/**
 * The database a runner command works on: the URL the user gave, or the
 * embedded server whose data lives in `.pgshift/` beside the config.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { displayUrl, secretsOf, type ConnectionChoice } from './connection.js';
import { Database } from './database.js';
import { startEmbedded, type EmbeddedServer } from './embedded.js';

export interface Target {
  db: Database;
  /** how to name it in output, without its password */
  label: string;
  /** every string that must not be printed */
  secrets: string[];
  close(): Promise<void>;
}

export function embeddedHome(projectDir: string): string {
  return path.join(projectDir, '.pgshift');
}

/**
 * Connect. For a command that only reads (`current`, `history`, `--sql`), an
 * embedded database that was never created is no database: undefined.
 */
export async function openTarget(choice: ConnectionChoice, projectDir: string, { readOnly, cwd }: { readOnly: boolean; cwd: string }): Promise<Target | undefined> {
  if (choice.url !== undefined) {
    const label = displayUrl(choice.url);
    const db = await Database.connect(choice.url, label);
    return { db, label, secrets: secretsOf(choice.url), close: () => db.close() };
  }
  const home = embeddedHome(projectDir);
  if (readOnly && !existsSync(path.join(home, 'data', 'PG_VERSION'))) return undefined;
  const server: EmbeddedServer = await startEmbedded({ home, persistent: true });
  try {
    const label = `the embedded PostgreSQL in ${path.relative(cwd, home) || home}`;
    const db = await Database.connect(server.url, label);
    return {
      db,
      label,
      secrets: [server.password, ...secretsOf(server.url)],
      async close() {
        await db.close();
        await server.stop();
      },
    };
  } catch (error) {
    await server.stop();
    throw error;
  }
}
