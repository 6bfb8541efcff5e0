/**
 * The README's rule table and config reference, generated from the rules'
 * metadata and the config key list so they cannot drift from the code.
 */
import type { Rule, RuleCategory } from '../engine/rule.js';
import { CONFIG_KEYS, DEFAULT_PG_VERSION, DEFAULT_RUNNER_SETTINGS, MAX_PG_VERSION, MIN_PG_VERSION, SOURCE_SETTINGS } from '../config/config.js';

const DURATION_PATTERN = '^\\s*\\d+\\s*(ms|s|min|h)?\\s*$';

const CATEGORY_TITLES: Record<RuleCategory, string> = {
  index: 'Index work',
  constraint: 'Constraints',
  rewrite: 'Rewrites and full scans',
  breaking: 'Breaking changes',
  transaction: 'Transactions',
  data: 'Backfills',
  locking: 'Locking',
  style: 'Style',
  directive: 'Directives and suppressions',
};

export function ruleTable(rules: readonly Rule[]): string {
  const lines = ['| Rule | Default | What it checks |', '| --- | --- | --- |'];
  const order = Object.keys(CATEGORY_TITLES) as RuleCategory[];
  const sorted = [...rules].sort((a, b) => order.indexOf(a.meta.docs.category) - order.indexOf(b.meta.docs.category));
  let category: RuleCategory | undefined;
  for (const rule of sorted) {
    if (rule.meta.docs.category !== category) {
      category = rule.meta.docs.category;
      lines.push(`| **${CATEGORY_TITLES[category]}** | | |`);
    }
    lines.push(`| [${rule.meta.id}](docs/rules/${rule.meta.id}.md) | ${rule.meta.defaultSeverity} | ${rule.meta.docs.description} |`);
  }
  return lines.join('\n');
}

export function configTable(): string {
  const lines = ['| Key | Type | Meaning |', '| --- | --- | --- |'];
  for (const [key, spec] of Object.entries(CONFIG_KEYS)) lines.push(`| \`${key}\` | \`${spec.type}\` | ${spec.description} |`);
  return lines.join('\n');
}

/** Replace the text between `<!-- name:start -->` and `<!-- name:end -->`. */
export function replaceSection(markdown: string, name: string, content: string): string {
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const from = markdown.indexOf(start);
  const to = markdown.indexOf(end);
  if (from < 0 || to < from) throw new Error(`README has no ${start} … ${end} section`);
  return `${markdown.slice(0, from + start.length)}\n${content}\n${markdown.slice(to)}`;
}

/** A JSON Schema for pgshift.config.json, for completion and checking in editors (`"$schema"`). */
export function configJsonSchema(rules: readonly Rule[]): Record<string, unknown> {
  const severity = { oneOf: [{ enum: ['off', 'warn', 'error'] }, { enum: [0, 1, 2] }] };
  const ruleProperties: Record<string, unknown> = {};
  for (const rule of rules) {
    const options = rule.meta.schema
      ? {
          type: 'object',
          additionalProperties: false,
          properties: Object.fromEntries(
            Object.entries(rule.meta.schema.properties).map(([key, spec]) => [
              key,
              spec.type === 'string[]' ? { type: 'array', items: { type: 'string' }, description: spec.description } : { type: spec.type, description: spec.description },
            ]),
          ),
        }
      : undefined;
    ruleProperties[rule.meta.id] = {
      description: `${rule.meta.docs.description} Default: ${rule.meta.defaultSeverity}.`,
      oneOf: [severity, { type: 'array', prefixItems: options ? [severity, options] : [severity], minItems: 1, maxItems: options ? 2 : 1 }],
    };
  }
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title: 'pgshift.config.json',
    type: 'object',
    additionalProperties: false,
    properties: {
      $schema: { type: 'string', description: CONFIG_KEYS.$schema.description },
      pgVersion: { type: 'integer', minimum: MIN_PG_VERSION, maximum: MAX_PG_VERSION, default: DEFAULT_PG_VERSION, description: CONFIG_KEYS.pgVersion.description },
      migrations: {
        description: CONFIG_KEYS.migrations.description,
        oneOf: [{ type: 'string', minLength: 1 }, { type: 'array', items: { type: 'string', minLength: 1 }, minItems: 1 }],
      },
      releases: {
        description: CONFIG_KEYS.releases.description,
        oneOf: [
          { const: 'directories' },
          {
            type: 'array',
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['name', 'migrations'],
              properties: {
                name: { type: 'string', minLength: 1 },
                migrations: { oneOf: [{ type: 'string', minLength: 1 }, { type: 'array', items: { type: 'string', minLength: 1 }, minItems: 1 }] },
              },
            },
          },
        ],
      },
      source: { enum: [...SOURCE_SETTINGS], default: 'auto', description: CONFIG_KEYS.source.description },
      runner: {
        type: 'object',
        additionalProperties: false,
        description: CONFIG_KEYS.runner.description,
        properties: {
          ledgerTable: { type: 'string', pattern: '^([A-Za-z_][A-Za-z0-9_$]*\\.)?[A-Za-z_][A-Za-z0-9_$]*$', default: DEFAULT_RUNNER_SETTINGS.ledgerTable },
          lockTimeout: { oneOf: [{ type: 'string', pattern: DURATION_PATTERN }, { const: 0 }], default: DEFAULT_RUNNER_SETTINGS.lockTimeout },
          statementTimeout: { oneOf: [{ type: 'string', pattern: DURATION_PATTERN }, { const: 0 }], default: DEFAULT_RUNNER_SETTINGS.statementTimeout },
          lockRetries: { type: 'integer', minimum: 0, maximum: 100, default: DEFAULT_RUNNER_SETTINGS.lockRetries },
          retryDelay: { oneOf: [{ type: 'string', pattern: DURATION_PATTERN }, { const: 0 }], default: DEFAULT_RUNNER_SETTINGS.retryDelay },
        },
      },
      appliedBy: { enum: ['pgshift', 'other'], default: 'other', description: CONFIG_KEYS.appliedBy.description },
      rules: { type: 'object', additionalProperties: false, properties: ruleProperties, description: CONFIG_KEYS.rules.description },
    },
  };
}
