// npm run lint: typescript-eslint's recommended rules on everything we write, with
// Prettier owning the layout (eslint-config-prettier turns the layout rules off).
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: ['dist/', 'node_modules/', 'test-results/', 'playwright-report/', 'examples/', 'test-browser/apps/'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2022, sourceType: 'module' },
    rules: {
      // `_name` marks a parameter an interface requires but an implementation does not use.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // The device hands out plain {code, message} objects, and connect() rejects with them.
      '@typescript-eslint/only-throw-error': 'off',
    },
  },
  {
    // Tests call the API with wrong arguments on purpose, through loose types.
    files: ['**/*.test.ts', 'test-browser/**/*.ts', 'conformance/**/*.ts', 'checks/**/*.ts', 'bench/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { require: 'readonly', module: 'writable', process: 'readonly', __dirname: 'readonly', console: 'readonly' },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['**/*.mjs', 'scripts/**', 'rollup.config.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
  {
    files: ['preview/page/*.js'],
    languageOptions: {
      globals: {
        window: 'readonly',
        document: 'readonly',
        console: 'readonly',
        location: 'readonly',
        CustomEvent: 'readonly',
        performance: 'readonly',
        URL: 'readonly',
        TextEncoder: 'readonly',
      },
    },
  },
  {
    // Playwright's fixtures take their dependencies by destructuring, `({}, use)` when there are none.
    files: ['test-browser/fixtures.ts', 'conformance/in-chromium.ts', 'src/playwright/*.ts'],
    rules: { 'no-empty-pattern': 'off' },
  },
  {
    // The public declarations mirror the SDK's (which uses `Object`, and names every
    // callback parameter), and type tests are expressions the compiler judges.
    files: ['types/**/*.ts'],
    rules: {
      '@typescript-eslint/no-wrapper-object-types': 'off',
      '@typescript-eslint/no-unused-vars': 'off',
      '@typescript-eslint/no-unused-expressions': 'off',
    },
  },
  prettier,
);
