/**
 * `pgshift lint`: the ESLint-style command. Parses its flags, calls the same
 * library function as the editor server and the runner, prints, and returns
 * the exit code.
 */
import { allRules } from '../../rules/index.js';
import { parsePgVersion, parseSeverity, parseSource, SOURCE_SETTINGS, type ConfigOverrides, type ResolvedConfig } from '../config/config.js';
import type { LintResult } from '../engine/results.js';
import type { Severity } from '../engine/rule.js';
import { lintFiles, lintText, loadProjectConfig } from '../lint/index.js';
import { formatResults, FORMATS, isFormat } from '../reporters/index.js';
import { type CliIO, parseFlags, UsageError } from './io.js';

export const LINT_HELP = `Usage: pgshift lint [options] [file|dir|glob ...]

Lint PostgreSQL migrations for statements that block production traffic or
break running code. With no path, lints the config's "migrations" (default
./migrations). Directories are searched for *.sql; each path is one migration
set, read the way its migration tool runs it (see --source).

Options:
  -f, --format <name>        Output format: ${FORMATS.join(', ')} (default: stylish)
      --source <tool>        The tool that applies the migrations: ${SOURCE_SETTINGS.join(', ')}
                             (default: config, else auto: told from names and markers)
      --include-down         Lint down migrations too (goose Down, .down.sql, Alembic downgrades)
      --changed-since <rev>  Report only migrations added or changed since the branch left
                             <rev> (a git revision); all of them still feed the schema model
      --stdin                Lint the migration read from standard input (e.g. the output
                             of \`alembic upgrade --sql\`)
      --stdin-filename <path>  File name to report for --stdin (config lookup starts there)
      --rule <id>:<severity> Set a rule's severity (off, warn, error); repeatable
      --pg-version <major>   Target PostgreSQL major version (default: config, else 15)
      --max-warnings <n>     Exit 1 when there are more than n warnings
      --quiet                Report errors only (warnings are neither shown nor counted)
  -c, --config <file>        Use this config file instead of the nearest pgshift.config.json
      --print-config         Print the configuration in effect as JSON and exit
  -h, --help                 Show this help

Exit codes: 0 no errors (and warnings within --max-warnings); 1 errors or too
many warnings; 2 bad usage, bad config or internal failure.
`;

export async function lintCommand(args: string[], io: CliIO): Promise<number> {
  const parsed = parseFlags(args, {
    format: { type: 'string', short: 'f', default: 'stylish' },
    stdin: { type: 'boolean', default: false },
    'stdin-filename': { type: 'string' },
    source: { type: 'string' },
    'include-down': { type: 'boolean', default: false },
    'changed-since': { type: 'string' },
    rule: { type: 'string', multiple: true, default: [] },
    'pg-version': { type: 'string' },
    'max-warnings': { type: 'string' },
    quiet: { type: 'boolean', default: false },
    config: { type: 'string', short: 'c' },
    'print-config': { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  });
  const flags = parsed.values;
  const paths = parsed.positionals;
  if (flags.help) {
    io.stdout.write(LINT_HELP);
    return 0;
  }
  if (!isFormat(flags.format)) throw new UsageError(`unknown format "${flags.format}" (known: ${FORMATS.join(', ')})`);
  const maxWarnings = flags['max-warnings'] === undefined ? undefined : parseCount(flags['max-warnings']);
  if (flags.stdin && paths.length > 0) throw new UsageError('--stdin lints standard input; do not also give paths');
  if (flags['stdin-filename'] !== undefined && !flags.stdin) throw new UsageError('--stdin-filename needs --stdin');
  if (flags['changed-since'] !== undefined && flags.stdin) throw new UsageError('--changed-since picks files from a git history; it does not apply to --stdin');

  const request = { cwd: io.cwd, configFile: flags.config, overrides: overridesFrom(flags), includeDown: flags['include-down'] };
  if (flags['print-config']) {
    io.stdout.write(JSON.stringify(printableConfig(loadProjectConfig(request)), null, 2) + '\n');
    return 0;
  }

  let results: LintResult[];
  if (flags.stdin) {
    const filePath = flags['stdin-filename'];
    const found = await lintText(await io.readStdin(), { ...request, filePath });
    // Without a name, results are named after standard input (with `#<revision>` for each Alembic revision).
    results = filePath ? found : found.map((result) => ({ ...result, filePath: result.filePath.replace(/^<text>/, '<stdin>') }));
  } else {
    const changedSince = flags['changed-since'];
    results = (await lintFiles({ ...request, patterns: paths, ...(changedSince === undefined ? {} : { changedSince }) })).results;
  }
  if (flags.quiet) results = results.map(errorsOnly);

  const color = io.stdout.isTTY === true && io.env.NO_COLOR === undefined ? true : io.env.FORCE_COLOR !== undefined && io.env.FORCE_COLOR !== '0';
  io.stdout.write(formatResults(flags.format, results, { color, cwd: io.cwd }));

  const errors = results.reduce((n, r) => n + r.errorCount, 0);
  const warnings = results.reduce((n, r) => n + r.warningCount, 0);
  if (errors > 0) return 1;
  if (maxWarnings !== undefined && warnings > maxWarnings) {
    io.stderr.write(`pgshift found too many warnings (maximum: ${maxWarnings}).\n`);
    return 1;
  }
  return 0;
}

function parseCount(value: string): number {
  if (!/^\d+$/.test(value)) throw new UsageError(`--max-warnings needs a non-negative integer, not "${value}"`);
  return Number(value);
}

function overridesFrom(flags: { 'pg-version'?: string; source?: string; rule: string[] }): ConfigOverrides {
  const overrides: ConfigOverrides = {};
  if (flags.source !== undefined) {
    overrides.source = parseSource(flags.source, (reason) => {
      throw new UsageError(`--source ${reason}`);
    });
  }
  if (flags['pg-version'] !== undefined) {
    overrides.pgVersion = parsePgVersion(flags['pg-version'], (reason) => {
      throw new UsageError(`--pg-version ${reason}`);
    });
  }
  const rules: Record<string, Severity> = {};
  for (const entry of flags.rule) {
    const separator = entry.lastIndexOf(':');
    const id = entry.slice(0, separator);
    const severity = separator > 0 ? parseSeverity(entry.slice(separator + 1)) : undefined;
    if (!severity) throw new UsageError(`--rule needs <rule-id>:<off|warn|error>, not "${entry}"`);
    if (!allRules.some((r) => r.meta.id === id)) throw new UsageError(`--rule: unknown rule "${id}"`);
    rules[id] = severity;
  }
  if (Object.keys(rules).length > 0) overrides.rules = rules;
  return overrides;
}

function errorsOnly(result: LintResult): LintResult {
  const messages = result.messages.filter((m) => m.severity === 2);
  return { ...result, messages, warningCount: 0, fixableWarningCount: 0 };
}

/** The effective configuration, as a config file would spell it. */
function printableConfig(config: ResolvedConfig): Record<string, unknown> {
  const rules: Record<string, unknown> = {};
  for (const [id, setting] of config.engine.rules) {
    rules[id] = Object.keys(setting.options).length > 0 ? [setting.severity, setting.options] : setting.severity;
  }
  return {
    configFile: config.filePath ?? null,
    pgVersion: config.engine.settings.pgVersion,
    appliedBy: config.engine.settings.appliedBy,
    migrations: config.migrations,
    releases: config.releases ?? null,
    source: config.source,
    rules,
  };
}
