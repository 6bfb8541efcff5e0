// Lints pgshift's own TypeScript (not the SQL it checks).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  // fixtures/eslint-project is a project of its own that lints SQL with pgshift's plugin (its own eslint.config.js); test/eslint runs it.
  { ignores: ['dist/', 'node_modules/', 'coverage/', 'editors/**/out/', 'fixtures/eslint-project/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // vitest's asymmetric matchers (expect.stringContaining, …) are typed any.
    files: ['**/*.test.ts', 'test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
    },
  },
  {
    files: ['**/*.js'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: { ...tseslint.configs.disableTypeChecked.languageOptions, globals: { process: 'readonly', console: 'readonly' } },
  },
);
