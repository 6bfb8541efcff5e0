/**
 * Where the runner connects: `--url`, else PGSHIFT_DATABASE_URL, else
 * DATABASE_URL, else the embedded server. A password must never reach output,
 * so everything the runner prints about a connection goes through `redact`.
 */

export interface ConnectionChoice {
  /** a libpq-style URL, or undefined for the embedded server */
  url: string | undefined;
  /** where it came from, for messages: `--url`, `PGSHIFT_DATABASE_URL`, … */
  from: string;
}

export function chooseConnection(flag: string | undefined, env: Record<string, string | undefined>): ConnectionChoice {
  if (flag !== undefined && flag !== '') return { url: flag, from: '--url' };
  for (const name of ['PGSHIFT_DATABASE_URL', 'DATABASE_URL']) {
    const value = env[name];
    if (value !== undefined && value !== '') return { url: value, from: name };
  }
  return { url: undefined, from: 'the embedded server' };
}

/** The secrets a URL carries, in every spelling they could be printed in. */
export function secretsOf(url: string): string[] {
  const secrets = new Set<string>();
  const add = (value: string | null | undefined) => {
    if (!value) return;
    secrets.add(value);
    try {
      secrets.add(decodeURIComponent(value));
    } catch {
      // A malformed escape is printed as written, which the raw form covers.
    }
    secrets.add(encodeURIComponent(value));
  };
  const parsed = tryParse(url);
  if (parsed) {
    add(parsed.password);
    add(parsed.searchParams.get('password'));
  } else {
    // Not a URL pg would accept either; hide what looks like the password part anyway.
    add(/:\/\/[^:/@]*:([^@/]*)@/.exec(url)?.[1]);
  }
  return [...secrets].filter((s) => s.length > 0).sort((a, b) => b.length - a.length);
}

/** The text with every secret replaced by `***`. */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) out = out.split(secret).join('***');
  return out;
}

/** The URL as it may be shown: the password replaced by `***`. */
export function displayUrl(url: string): string {
  const parsed = tryParse(url);
  if (!parsed) return redact(url, secretsOf(url));
  if (parsed.password) parsed.password = '***';
  if (parsed.searchParams.has('password')) parsed.searchParams.set('password', '***');
  return redact(parsed.toString(), secretsOf(url)).replaceAll('%2A%2A%2A', '***');
}

function tryParse(url: string): URL | undefined {
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}
