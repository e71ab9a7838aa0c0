import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';

/** The layers of DESIGN.md §5: the rules and the use cases know nothing of AWS, adapters, HTTP or infra. */
const outerLayers = {
  patterns: [
    {
      group: ['@aws-sdk/*', 'aws-cdk-lib', 'aws-cdk-lib/*', '@middy/*', '@aws-lambda-powertools/*'],
      message: 'The domain and the use cases never import AWS or Lambda libraries: talk to a port.',
    },
    {
      group: [
        '**/adapters/*',
        '**/adapters/**',
        '**/http/*',
        '**/infra/**',
        '**/functions/**',
        '**/runtime',
        '**/email/*',
        '**/pages/*',
      ],
      message:
        'The domain and the use cases depend on ports only; adapters, HTTP and infra depend on them, not the other way.',
    },
  ],
};

export default tseslint.config(
  {
    ignores: [
      'node_modules',
      'cdk.out',
      'coverage',
      'bench/results.json',
      'web/dist',
      'web/src/lib/api/schema.d.ts',
    ],
  },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['shared/domain/**/*.ts', 'shared/usecases/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', outerLayers] },
  },
  {
    // The rules themselves do not even reach the use cases.
    files: ['shared/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...outerLayers.patterns,
            { group: ['**/usecases/*'], message: 'The domain does not know the use cases.' },
          ],
        },
      ],
    },
  },
);
