/**
 * `pgshift.config.json`: found by walking up from the working directory (or
 * from the linted file's folder, in the editor), validated strictly (an
 * unknown key or rule id is an error, never ignored), then merged with
 * command-line overrides. The CLI, the editor server and the runner all resolve
 * their configuration here.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { EngineConfig, RuleSetting } from '../engine/linter.js';
import type { LintSettings, Rule, Severity } from '../engine/rule.js';
import { FORMAT_IDS, type FormatId } from '../sources/formats/format.js';

export const CONFIG_FILE_NAME = 'pgshift.config.json';

/** Oldest major the PostgreSQL project still supports on 2026-11-24 (14 reached end of life on 2026-11-12). */
export const DEFAULT_PG_VERSION = 15;
export const MIN_PG_VERSION = 10;
export const MAX_PG_VERSION = 18;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export type RuleEntry = Severity | 0 | 1 | 2 | [Severity | 0 | 1 | 2, Record<string, unknown>?];

/**
 * Which migrations ship together. `directories`: each immediate subdirectory
 * of a migrations directory is one release, in natural order. A list: each
 * release by name with the migrations it holds (globs relative to the config
 * file), in the order given.
 */
export type ReleasesConfig = 'directories' | { name: string; migrations: string[] }[];

/** The migration tool whose format the files are in; `auto` tells it from the files. */
export type SourceSetting = FormatId | 'auto';
export const SOURCE_SETTINGS: readonly SourceSetting[] = ['auto', ...FORMAT_IDS];

export function parseSource(value: unknown, fail: (reason: string) => never): SourceSetting {
  if (typeof value === 'string' && (SOURCE_SETTINGS as readonly string[]).includes(value)) return value as SourceSetting;
  return fail(`must be one of ${SOURCE_SETTINGS.map((s) => `"${s}"`).join(', ')}, not ${JSON.stringify(value)}`);
}

/** The file's contents after validation. */
export interface ConfigFile {
  pgVersion?: number;
  migrations?: string[];
  appliedBy?: LintSettings['appliedBy'];
  releases?: ReleasesConfig;
  source?: SourceSetting;
  runner?: Partial<RunnerSettings>;
  rules?: Record<string, RuleEntry>;
}

/** How `pgshift upgrade` and `downgrade` apply migrations. */
export interface RunnerSettings {
  /** the ledger table, optionally schema-qualified */
  ledgerTable: string;
  /** `lock_timeout` for every migration, as Postgres reads it (`5s`, `500ms`); `0` turns it off */
  lockTimeout: string;
  /** `statement_timeout` for every migration; `0` turns it off */
  statementTimeout: string;
  /** how many times a transactional migration that gave up on lock_timeout is tried again */
  lockRetries: number;
  /** the wait before the first retry, doubled before each next one */
  retryDelay: string;
}

export const DEFAULT_RUNNER_SETTINGS: RunnerSettings = { ledgerTable: 'pgshift_migrations', lockTimeout: '5s', statementTimeout: '1h', lockRetries: 3, retryDelay: '2s' };

const DURATION = /^(\d+)\s*(ms|s|min|h)?$/;

/** A duration as Postgres' timeout settings spell it, in milliseconds; undefined when it is not one. */
export function durationMs(value: string): number | undefined {
  const match = DURATION.exec(value.trim());
  if (!match) return undefined;
  const unit = { ms: 1, s: 1000, min: 60_000, h: 3_600_000 }[match[2] ?? 'ms'] ?? 1;
  return Number(match[1]) * unit;
}

function validateRunner(value: unknown, fail: (reason: string) => never): Partial<RunnerSettings> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return fail('"runner" must be an object');
  const out: Partial<RunnerSettings> = {};
  for (const [key, entry] of Object.entries(value as Record<string, unknown>)) {
    switch (key) {
      case 'ledgerTable':
        if (typeof entry !== 'string' || !/^([A-Za-z_][A-Za-z0-9_$]*\.)?[A-Za-z_][A-Za-z0-9_$]*$/.test(entry)) {
          fail(`"runner.ledgerTable" must be a table name, optionally schema-qualified (letters, digits, _), not ${JSON.stringify(entry)}`);
        }
        out.ledgerTable = entry;
        break;
      case 'lockTimeout':
      case 'statementTimeout':
      case 'retryDelay': {
        const text = typeof entry === 'number' ? String(entry) : entry;
        if (typeof text !== 'string' || durationMs(text) === undefined) fail(`"runner.${key}" must be a duration such as "5s", "500ms", "2min" or 0, not ${JSON.stringify(entry)}`);
        out[key] = (text).trim();
        break;
      }
      case 'lockRetries':
        if (typeof entry !== 'number' || !Number.isInteger(entry) || entry < 0 || entry > 100) fail(`"runner.lockRetries" must be an integer from 0 to 100, not ${JSON.stringify(entry)}`);
        out.lockRetries = entry;
        break;
      default:
        fail(`unknown key "runner.${key}" (known keys: ${Object.keys(DEFAULT_RUNNER_SETTINGS).join(', ')})`);
    }
  }
  return out;
}

/** Every key the file accepts, with its documentation; the README's reference and the JSON Schema come from here. */
export const CONFIG_KEYS = {
  $schema: { type: 'string', description: 'Path or URL of the JSON Schema, for editor completion. Ignored by pgshift.' },
  pgVersion: {
    type: 'integer',
    description: `Major version of the production PostgreSQL server, ${MIN_PG_VERSION} to ${MAX_PG_VERSION}. Rules whose hazard depends on the version use it. Default ${DEFAULT_PG_VERSION}, the oldest major still supported upstream.`,
  },
  migrations: {
    type: 'string | string[]',
    description: 'Migration directories, files or globs, relative to the config file, linted when `pgshift lint` gets no path. Default `migrations`.',
  },
  releases: {
    type: '"directories" | { name, migrations }[]',
    description:
      'Which migrations ship together in one release of the application. `"directories"`: each immediate subdirectory of a migrations directory is a release, in natural order. A list of `{ "name": "2024.10", "migrations": ["migrations/2024.10/*.sql"] }` (globs relative to this file) gives the releases in order. Without it, release boundaries are unknown and rules assume the risky case.',
  },
  source: {
    type: `${SOURCE_SETTINGS.map((s) => `"${s}"`).join(' | ')}`,
    description:
      'The migration tool that applies the migrations, whose file layout, up/down markers and transaction rules pgshift follows. Default `"auto"`: told from file names, project files (Cargo.toml, package.json) and the markers inside files (goose, dbmate, Alembic offline SQL); plain SQL files follow pgshift\'s own runner.',
  },
  runner: {
    type: '{ ledgerTable, lockTimeout, statementTimeout, lockRetries, retryDelay }',
    description: `How \`pgshift upgrade\` and \`downgrade\` apply migrations. \`ledgerTable\`: the table that records applied migrations (default \`"${DEFAULT_RUNNER_SETTINGS.ledgerTable}"\`, may be schema-qualified). \`lockTimeout\` and \`statementTimeout\`: set for every migration (defaults \`"${DEFAULT_RUNNER_SETTINGS.lockTimeout}"\` and \`"${DEFAULT_RUNNER_SETTINGS.statementTimeout}"\`; \`0\` turns one off). \`lockRetries\`: how often a transactional migration that gave up on lock_timeout is tried again (default ${DEFAULT_RUNNER_SETTINGS.lockRetries}), first after \`retryDelay\` (default \`"${DEFAULT_RUNNER_SETTINGS.retryDelay}"\`), doubling each time.`,
  },
  appliedBy: {
    type: '"pgshift" | "other"',
    description: 'Who applies the migrations. `"pgshift"` means pgshift\'s own runner, which sets `lock_timeout` for every migration, so `set-lock-timeout` is off. Default `"other"`.',
  },
  rules: {
    type: 'object',
    description: 'Rule id to severity (`"off"`, `"warn"`, `"error"`, or 0/1/2), or `[severity, options]` for rules with options.',
  },
} as const;

export interface ResolvedConfig {
  /** the config file used, if any */
  filePath: string | undefined;
  /** directory paths in the config are relative to (the working directory without a file) */
  baseDir: string;
  migrations: string[];
  releases: ReleasesConfig | undefined;
  source: SourceSetting;
  runner: RunnerSettings;
  /** the file or the command line chose pgVersion (otherwise it is the default, and the runner may use its server's) */
  pgVersionChosen: boolean;
  engine: EngineConfig;
}

export interface ConfigOverrides {
  pgVersion?: number;
  /** the runner's gate: pgshift applies these migrations, whatever the file says */
  appliedBy?: LintSettings['appliedBy'];
  source?: SourceSetting;
  rules?: Record<string, Severity>;
}

/** The nearest pgshift.config.json in `startDir` or above. */
export function findConfigFile(startDir: string): string | undefined {
  let dir = path.resolve(startDir);
  for (;;) {
    const candidate = path.join(dir, CONFIG_FILE_NAME);
    if (existsSync(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

export function readConfigFile(filePath: string, ruleIds: ReadonlySet<string>, rules: readonly Rule[] = []): ConfigFile {
  let raw: string;
  try {
    raw = readFileSync(filePath, 'utf8');
  } catch (error) {
    throw new ConfigError(`cannot read ${filePath}: ${(error as Error).message}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch (error) {
    throw new ConfigError(`${filePath} is not valid JSON: ${(error as Error).message}`);
  }
  return validateConfig(data, filePath, ruleIds, rules);
}

export function validateConfig(data: unknown, where: string, ruleIds: ReadonlySet<string>, rules: readonly Rule[] = []): ConfigFile {
  const fail = (reason: string): never => {
    throw new ConfigError(`${where}: ${reason}`);
  };
  if (data === null || typeof data !== 'object' || Array.isArray(data)) fail('the configuration must be a JSON object');
  const object = data as Record<string, unknown>;
  const config: ConfigFile = {};
  for (const [key, value] of Object.entries(object)) {
    switch (key) {
      case '$schema':
        if (typeof value !== 'string') fail('"$schema" must be a string');
        break;
      case 'pgVersion':
        // The file takes a number; the command line's string goes through parsePgVersion too.
        if (typeof value !== 'number') fail(`"pgVersion" must be a number, not ${JSON.stringify(value)}`);
        config.pgVersion = parsePgVersion(value, (reason) => fail(`"pgVersion" ${reason}`));
        break;
      case 'migrations': {
        const list = typeof value === 'string' ? [value] : value;
        if (!Array.isArray(list) || list.length === 0 || !list.every((v) => typeof v === 'string' && v !== '')) {
          fail('"migrations" must be a path or glob, or a non-empty list of them');
        }
        config.migrations = list as string[];
        break;
      }
      case 'appliedBy':
        if (value !== 'pgshift' && value !== 'other') fail(`"appliedBy" must be "pgshift" or "other", not ${JSON.stringify(value)}`);
        config.appliedBy = value as LintSettings['appliedBy'];
        break;
      case 'releases':
        config.releases = validateReleases(value, fail);
        break;
      case 'source':
        config.source = parseSource(value, (reason) => fail(`"source" ${reason}`));
        break;
      case 'runner':
        config.runner = validateRunner(value, fail);
        break;
      case 'rules':
        config.rules = validateRules(value, ruleIds, rules, fail);
        break;
      default:
        fail(`unknown key "${key}" (known keys: ${Object.keys(CONFIG_KEYS).join(', ')})`);
    }
  }
  return config;
}

export function parsePgVersion(value: unknown, fail: (reason: string) => never): number {
  const number = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isInteger(number) || number < MIN_PG_VERSION || number > MAX_PG_VERSION) {
    return fail(`must be a major version from ${MIN_PG_VERSION} to ${MAX_PG_VERSION}, not ${JSON.stringify(value)}`);
  }
  return number;
}

const SEVERITY_NAMES: Record<string, Severity> = { off: 'off', warn: 'warn', error: 'error', '0': 'off', '1': 'warn', '2': 'error' };

export function parseSeverity(value: unknown): Severity | undefined {
  return typeof value === 'string' || typeof value === 'number' ? SEVERITY_NAMES[String(value)] : undefined;
}

function validateReleases(value: unknown, fail: (reason: string) => never): ReleasesConfig {
  if (value === 'directories') return value;
  const usage = '"releases" must be "directories" or a list of { "name": …, "migrations": [globs] }';
  if (!Array.isArray(value)) return fail(usage);
  const names = new Set<string>();
  return value.map((release: unknown, i) => {
    if (release === null || typeof release !== 'object' || Array.isArray(release)) return fail(`${usage}; entry ${i + 1} is not an object`);
    const { name, migrations, ...rest } = release as Record<string, unknown>;
    const extra = Object.keys(rest)[0];
    if (extra !== undefined) return fail(`"releases" entry ${i + 1}: unknown key "${extra}"`);
    if (typeof name !== 'string' || name === '') return fail(`"releases" entry ${i + 1} needs a "name"`);
    if (names.has(name)) return fail(`"releases": release "${name}" is listed twice`);
    names.add(name);
    const globs = typeof migrations === 'string' ? [migrations] : migrations;
    if (!Array.isArray(globs) || globs.length === 0 || !globs.every((g) => typeof g === 'string' && g !== '')) {
      return fail(`"releases": release "${name}" needs "migrations", a glob or a non-empty list of globs`);
    }
    return { name, migrations: globs as string[] };
  });
}

function validateRules(value: unknown, ruleIds: ReadonlySet<string>, rules: readonly Rule[], fail: (reason: string) => never): Record<string, RuleEntry> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) fail('"rules" must be an object of rule id to severity');
  const out: Record<string, RuleEntry> = {};
  for (const [id, entry] of Object.entries(value as Record<string, unknown>)) {
    if (!ruleIds.has(id)) fail(`unknown rule "${id}" in "rules"`);
    const [severityValue, options] = Array.isArray(entry) ? (entry as unknown[]) : [entry, undefined];
    if (parseSeverity(severityValue) === undefined) fail(`rule "${id}": severity must be "off", "warn", "error" (or 0, 1, 2), not ${JSON.stringify(severityValue)}`);
    if (options !== undefined) validateOptions(id, options, rules.find((r) => r.meta.id === id), fail);
    out[id] = entry as RuleEntry;
  }
  return out;
}

function validateOptions(id: string, options: unknown, rule: Rule | undefined, fail: (reason: string) => never): void {
  const schema = rule?.meta.schema;
  if (!schema) fail(`rule "${id}" takes no options`);
  if (options === null || typeof options !== 'object' || Array.isArray(options)) fail(`rule "${id}": options must be an object`);
  for (const [key, value] of Object.entries(options as Record<string, unknown>)) {
    const property = schema?.properties[key];
    if (!property) fail(`rule "${id}": unknown option "${key}"`);
    const ok =
      property?.type === 'string[]'
        ? Array.isArray(value) && value.every((v) => typeof v === 'string')
        : typeof value === property?.type;
    if (!ok) fail(`rule "${id}": option "${key}" must be of type ${property?.type}`);
  }
}

/**
 * The configuration in effect: the config file (explicit, or found from
 * `startDir` upwards), then command-line overrides, over each rule's defaults.
 */
export function resolveConfig(rules: readonly Rule[], options: { startDir: string; configFile?: string; overrides?: ConfigOverrides }): ResolvedConfig {
  const ruleIds = new Set(rules.map((r) => r.meta.id));
  const filePath = options.configFile ? path.resolve(options.startDir, options.configFile) : findConfigFile(options.startDir);
  if (options.configFile && filePath && !existsSync(filePath)) throw new ConfigError(`config file ${filePath} does not exist`);
  const file = filePath ? readConfigFile(filePath, ruleIds, rules) : {};
  const overrides = options.overrides ?? {};
  for (const id of Object.keys(overrides.rules ?? {})) {
    if (!ruleIds.has(id)) throw new ConfigError(`unknown rule "${id}"`);
  }

  const settings: LintSettings = {
    pgVersion: overrides.pgVersion ?? file.pgVersion ?? DEFAULT_PG_VERSION,
    appliedBy: overrides.appliedBy ?? file.appliedBy ?? 'other',
  };
  const ruleSettings = new Map<string, RuleSetting>();
  for (const rule of rules) {
    const entry = file.rules?.[rule.meta.id];
    const [severityValue, options] = Array.isArray(entry) ? entry : [entry, undefined];
    const severity = overrides.rules?.[rule.meta.id] ?? parseSeverity(severityValue) ?? rule.meta.defaultSeverity;
    ruleSettings.set(rule.meta.id, { severity, options: { ...rule.meta.defaultOptions, ...options } });
  }
  return {
    filePath,
    baseDir: filePath ? path.dirname(filePath) : path.resolve(options.startDir),
    migrations: file.migrations ?? ['migrations'],
    releases: file.releases,
    source: overrides.source ?? file.source ?? 'auto',
    runner: { ...DEFAULT_RUNNER_SETTINGS, ...file.runner },
    pgVersionChosen: overrides.pgVersion !== undefined || file.pgVersion !== undefined,
    engine: { settings, rules: ruleSettings },
  };
}
