/**
 * The `pgshift/sql` language: ESLint reads the file as text, and parsing it
 * means linting it with pgshift in its place in the project (the config
 * found from its folder, the migrations before it), exactly as the editor
 * server does. The findings ride on the parse result; the rules report them.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { allRules } from '../../rules/index.js';
import { ConfigError } from '../config/config.js';
import type { Severity } from '../engine/rule.js';
import { DocumentLinter } from '../lint/document.js';
import { loadProjectConfig } from '../lint/index.js';
import { programOf, SqlSourceCode, visitorKeys, type ProgramNode } from './source-code.js';
import type { File, Language, OkParseResult, ParseResult } from './types.js';

/** The plugin's name in configs: rule ids are `pgshift/<id>`, the language `pgshift/sql`. */
export const PLUGIN_NAMESPACE = 'pgshift';

export interface SqlLanguageOptions {
  /** pgshift.config.json to use instead of the nearest one above each file (absolute, or relative to the working directory) */
  configFile?: string;
  /** lint down migrations too, as `pgshift lint --include-down` */
  includeDown?: boolean;
}

const OPTION_TYPES: Record<keyof SqlLanguageOptions, 'string' | 'boolean'> = { configFile: 'string', includeDown: 'boolean' };

/** The parse result: the tree, and pgshift's findings and severities for the file. */
interface SqlParseResult extends OkParseResult {
  ast: ProgramNode;
  init: ConstructorParameters<typeof SqlSourceCode>[0];
}

/** One linter for the process: it keeps the schema state before each file, so a project's migrations are replayed once. */
const documents = new DocumentLinter();

export const sqlLanguage = {
  fileType: 'text',
  lineStart: 1,
  columnStart: 1,
  nodeTypeKey: 'type',
  visitorKeys,
  defaultLanguageOptions: {},

  validateLanguageOptions(options: Record<string, unknown>): void {
    for (const [key, value] of Object.entries(options)) {
      const type = OPTION_TYPES[key as keyof SqlLanguageOptions] as string | undefined;
      if (type === undefined) throw new TypeError(`Unknown languageOptions key "${key}" for pgshift/sql (known keys: ${Object.keys(OPTION_TYPES).join(', ')}).`);
      if (value !== undefined && typeof value !== type) throw new TypeError(`languageOptions.${key} must be a ${type}, not ${JSON.stringify(value)}.`);
    }
  },

  parse(file: File, context: { languageOptions: Record<string, unknown> }): ParseResult {
    const options = context.languageOptions as SqlLanguageOptions;
    const body = typeof file.body === 'string' ? file.body : new TextDecoder().decode(file.body);
    const filePath = path.resolve(file.path);
    const request = {
      ...(options.configFile === undefined ? {} : { configFile: path.resolve(options.configFile) }),
      ...(options.includeDown === undefined ? {} : { includeDown: options.includeDown }),
    };
    let severities: Record<string, Severity>;
    let results;
    try {
      severities = changedSeverities(loadProjectConfig({ ...request, cwd: path.dirname(filePath) }).engine.rules);
      results = documents.lintSync({ ...request, filePath, text: sourceOf(file, body) });
    } catch (error) {
      // A bad pgshift.config.json stops `pgshift lint` before any file; here each file it governs fails to lint, saying why.
      if (error instanceof ConfigError) return { ok: false, errors: [{ message: error.message, line: 1, column: 1 }] };
      throw error;
    }
    const messages = results.flatMap((result) => result.messages);
    const fatal = messages.filter((message) => message.fatal);
    if (fatal.length > 0) return { ok: false, errors: fatal.map(({ message, line, column }) => ({ message, line, column })) };
    const ast = programOf(body);
    // Findings without a rule say the file was not linted (a down migration, a file its tool skips): ESLint has no such message.
    const init = { text: body, ast, hasBOM: file.bom, messages: messages.filter((message) => message.ruleId !== null), severities };
    return { ok: true, ast, init } satisfies SqlParseResult;
  },

  createSourceCode(_file: File, result: OkParseResult): SqlSourceCode {
    return new SqlSourceCode((result as SqlParseResult).init);
  },
} satisfies Language;

/**
 * What pgshift lints: the text ESLint read, with the byte-order mark ESLint
 * dropped (pgshift is told it was there, as sqlx reads such a file
 * differently, and still counts positions without it). When ESLint's
 * decoding replaced bytes that are not UTF-8, the file's bytes instead, so
 * pgshift reports the first bad byte as `pgshift lint` does.
 */
function sourceOf(file: File, body: string): string | Uint8Array {
  const text = file.bom ? `\uFEFF${body}` : body;
  if (!body.includes('\uFFFD')) return text;
  try {
    const bytes = readFileSync(file.physicalPath);
    // The same bytes ESLint read (not an editor's unsaved buffer): Node decodes them as ESLint did.
    if (bytes.toString('utf8') === text) return bytes;
  } catch {
    // Not a file on disk: lint the text as it is.
  }
  return text;
}

/** Each rule the pgshift config sets to a severity other than its default, by ESLint rule id. */
function changedSeverities(settings: ReadonlyMap<string, { severity: Severity }>): Record<string, Severity> {
  const changed: Record<string, Severity> = {};
  for (const rule of allRules) {
    const severity = settings.get(rule.meta.id)?.severity ?? rule.meta.defaultSeverity;
    if (severity !== rule.meta.defaultSeverity) changed[`${PLUGIN_NAMESPACE}/${rule.meta.id}`] = severity;
  }
  return changed;
}
