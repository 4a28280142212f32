// Lint rules that keep the architecture honest: the domain core stays pure.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules', 'cdk.out', 'dist', 'site/dist', '.astro', '.herald', 'site/.astro'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: ['functions/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@aws-sdk/*', 'aws-cdk-lib', 'aws-cdk-lib/*', 'hono', 'hono/*', '@hono/*', 'astro', 'astro/*'], message: 'functions/core is the pure domain: no AWS, CDK, Hono or Astro.' },
            { group: ['node:*'], message: 'functions/core is pure: take time and I/O as parameters.' },
            { group: ['#app/*', '#adapters/*', '#api/*', '#local/*', '#publisher/*', '#mailer/*'], message: 'functions/core depends on nothing outside itself.' },
          ],
        },
      ],
    },
  },
  {
    files: ['functions/api/**/*.ts', 'functions/console/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['@aws-sdk/*', '#adapters/*'], message: 'Routes call use cases; only adapters touch DynamoDB.' }] }],
    },
  },
);
