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

/**
 * What a use case may import of the others: the parts every use case shares (why each is shared:
 * deps the ports and limits, settle the one loop every move of a request goes through, notify
 * what a move carries out (the write, the notices, the workflow's word), reads what several read
 * the same way, asking what a request asked alone and a batch share). Another use case's module is
 * its own: reaching into it couples two use cases through an internal.
 */
const SHARED_BY_USE_CASES = ['deps', 'settle', 'notify', 'reads', 'asking', 'batch-codes'];
const otherUseCases = () => ({
  group: ['./*', ...SHARED_BY_USE_CASES.map((name) => `!./${name}`)],
  message: `A use case imports only what the use cases share (${SHARED_BY_USE_CASES.join(', ')}), never another use case's internals.`,
});

export default tseslint.config(
  {
    ignores: [
      'node_modules',
      'cdk.out',
      'coverage',
      // Stryker's sandbox copy of the project while `npm run mutate` runs, and its reports.
      '.stryker-tmp',
      'reports',
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
    files: ['shared/usecases/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [...outerLayers.patterns, otherUseCases()] }] },
  },
  {
    // Adapters implement the ports; a use case is what calls them, never what they call.
    files: ['shared/adapters/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/usecases/*', '**/usecases/**'],
              message: 'Adapters implement the ports of shared/domain; they never import a use case.',
            },
          ],
        },
      ],
    },
  },
  {
    // One folder per screen (STYLE.md): a screen's code lives together, and what two screens share
    // goes to components/ or lib/. A sibling folder (`../requests/…`) is another feature.
    files: ['web/src/features/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^\\.\\./[^./][^/]*/|/features/',
              message:
                'A panel feature never imports another feature: move what both need to components/ or lib/.',
            },
          ],
        },
      ],
    },
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
