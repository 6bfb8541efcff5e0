/**
 * The runner's connection to the target database, and a second, idle one that
 * watches it: while a step waits on a lock, the watcher notes which sessions
 * block it (after lock_timeout gives up, they can no longer be asked), and it
 * is what cancels the running step on Ctrl-C.
 */
import pg from 'pg';
import { RunnerError } from './errors.js';

export interface Blocker {
  pid: number;
  user: string | null;
  application: string | null;
  state: string | null;
  /** seconds since its transaction began */
  transactionSeconds: number | null;
  query: string | null;
}

/** A Postgres error, with its SQLSTATE. */
export interface DatabaseError extends Error {
  code?: string;
  position?: string;
}

export const LOCK_NOT_AVAILABLE = '55P03';
export const QUERY_CANCELED = '57014';

/**
 * When the watcher looks while a step runs: soon after it starts, so that a
 * short lock_timeout (200ms, say) does not end the wait before the first
 * look, then every 100 ms.
 */
const WATCH_DELAYS_MS = [20, 50, 100];

export class Database {
  #lost: Error | undefined;
  #watchTimer: NodeJS.Timeout | undefined;
  #watching: Promise<void> | undefined;
  /** blockers seen during the step now running */
  #blockers: Blocker[] = [];

  private constructor(
    private readonly client: pg.Client,
    private readonly watcher: pg.Client,
    /** the backend pid of the main connection */
    readonly pid: number,
    /** e.g. 180004 */
    readonly serverVersionNum: number,
  ) {
    for (const c of [client, watcher]) {
      // A dropped connection is reported by the query in flight; without a listener it would crash the process.
      c.on('error', (error) => {
        this.#lost ??= error;
      });
    }
  }

  /**
   * Connect the runner and its watcher. `label` names the database in errors
   * (the URL without its password). Where the server has it (PostgreSQL 14+),
   * the session checks every second that the runner is still there, so a
   * killed runner's transaction is rolled back and its locks released at once
   * rather than when its current statement ends.
   */
  static async connect(url: string, label: string): Promise<Database> {
    try {
      return await Database.#open(url, ['-c client_connection_check_interval=1000']);
    } catch (error) {
      // Before 14 the server refuses the unknown setting; connect without it.
      if (error instanceof RunnerError && /client_connection_check_interval/.test(error.message)) return Database.#open(url, []);
      throw new RunnerError(`cannot connect to ${label}: ${(error as Error).message.replace(/^cannot connect to the database: /, '')}`);
    }
  }

  static async #open(url: string, settings: string[]): Promise<Database> {
    let client: pg.Client;
    let watcher: pg.Client;
    try {
      const options = { connectionString: url, application_name: 'pgshift', ...(settings.length > 0 ? { options: settings.join(' ') } : {}) };
      client = new pg.Client(options);
      watcher = new pg.Client({ ...options, application_name: 'pgshift (watcher)' });
    } catch (error) {
      // pg parses the URL in its constructor: a malformed one is a usage problem, not an internal error.
      throw new RunnerError(`cannot connect to the database: the URL is not valid (${(error as Error).message})`);
    }
    try {
      await client.connect();
      await watcher.connect();
      const { rows } = await client.query<{ pid: number; version: string }>("SELECT pg_backend_pid() AS pid, current_setting('server_version_num') AS version");
      const row = rows[0] as { pid: number; version: string };
      return new Database(client, watcher, row.pid, Number(row.version));
    } catch (error) {
      await Promise.allSettled([client.end(), watcher.end()]);
      throw new RunnerError(`cannot connect to the database: ${(error as Error).message}`);
    }
  }

  get serverMajor(): number {
    return Math.floor(this.serverVersionNum / 10000);
  }

  async query<Row extends object = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<Row[]> {
    try {
      return (await this.client.query<Row>(sql, params)).rows;
    } catch (error) {
      throw this.#explain(error);
    }
  }

  /** Run one step of a migration, noting who blocks it while it waits. */
  async step(sql: string): Promise<void> {
    this.#blockers = [];
    let stepping = true;
    let looks = 0;
    const next = () => {
      if (!stepping) return;
      this.#watchTimer = setTimeout(() => {
        this.#watching = this.#watch().finally(() => {
          this.#watching = undefined;
          next();
        });
      }, WATCH_DELAYS_MS[Math.min(looks++, WATCH_DELAYS_MS.length - 1)]);
    };
    next();
    try {
      await this.client.query(sql);
    } catch (error) {
      throw this.#explain(error);
    } finally {
      stepping = false;
      clearTimeout(this.#watchTimer);
      await this.#watching;
    }
  }

  /** The sessions that blocked the last step, as last seen while it waited. */
  get blockers(): readonly Blocker[] {
    return this.#blockers;
  }

  async #watch(): Promise<void> {
    try {
      const { rows } = await this.watcher.query<Blocker>(
        `SELECT pid, usename AS "user", application_name AS application, state,
                extract(epoch FROM now() - xact_start)::integer AS "transactionSeconds", left(query, 200) AS query
           FROM pg_stat_activity WHERE pid = ANY (pg_blocking_pids($1)) ORDER BY pid`,
        [this.pid],
      );
      if (rows.length > 0) this.#blockers = rows;
    } catch {
      // Watching is best effort: the step itself reports what went wrong.
    }
  }

  /** Cancel the step now running (Ctrl-C): its transaction rolls back. */
  async cancel(): Promise<void> {
    await this.watcher.query('SELECT pg_cancel_backend($1)', [this.pid]).catch(() => undefined);
  }

  async close(): Promise<void> {
    clearTimeout(this.#watchTimer);
    await Promise.allSettled([this.client.end(), this.watcher.end()]);
  }

  #explain(error: unknown): Error {
    // Class 08 is a connection exception; 57P01-57P03 are the server ending the session (pg_terminate_backend, shutdown).
    const code = (error as DatabaseError).code ?? '';
    if (this.#lost || code.startsWith('08') || /^57P0[123]$/.test(code) || /Connection terminated|ECONNRESET|EPIPE|not queryable/i.test(String((error as Error).message))) {
      return new RunnerError(`the connection to the database was lost (${(this.#lost ?? (error as Error)).message}); nothing after the last completed migration is recorded, and the next run continues from there`);
    }
    return error as Error;
  }
}
