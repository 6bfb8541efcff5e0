/**
 * ESLint's language plugin types, taken from the `eslint` package (an
 * optional peer dependency) so nothing else needs installing to compile.
 */
import type { ESLint } from 'eslint';

export type Plugin = ESLint.Plugin;
export type Language = NonNullable<Plugin['languages']>[string];
export type RuleDefinition = NonNullable<Plugin['rules']>[string];
export type RuleContext = Parameters<RuleDefinition['create']>[0];
export type File = Parameters<Language['parse']>[0];
export type ParseResult = ReturnType<Language['parse']>;
export type OkParseResult = Parameters<Language['createSourceCode']>[1];
export type SourceLocation = ReturnType<ReturnType<Language['createSourceCode']>['getLoc']>;
