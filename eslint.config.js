// Type-aware lint for the whole workspace. Floating promises are errors: an unawaited store write or Kafka
// commit is exactly the kind of bug that loses events.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      'dist/**',
      '.services/**',
      '.data/**',
      'coverage/**',
      'test-results/**',
      'bench/results/**',
      '**/*.js',
      '**/*.mjs',
      '**/*.cjs',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      // Async functions without await are how fakes and port implementations satisfy Promise-returning interfaces.
      '@typescript-eslint/require-await': 'off',
      // kafkajs and fastify hand out payload objects meant to be destructured.
      '@typescript-eslint/unbound-method': 'off',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/restrict-template-expressions': [
        'error',
        { allowNumber: true, allowBoolean: true, allowNullish: true },
      ],
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@tokenwatch/*/src/*', '../../packages/*', '../../../packages/*'],
              message: 'Import a package through its public index (@tokenwatch/<name>).',
            },
          ],
        },
      ],
    },
  },
);
