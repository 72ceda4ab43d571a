// Flat config. The flow runtime is a pure interpreter: the boundary rules below keep IO out of it.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const runtimeForbiddenImports = {
  patterns: [
    {
      group: ['@prisma/*', 'prisma', '**/prisma/**', '**/generated/prisma/**'],
      message: 'flow-runtime is pure: no database.',
    },
    { group: ['ioredis', 'bullmq', 'redis'], message: 'flow-runtime is pure: no Redis or queues.' },
    {
      group: ['~/*', '**/app/**', '**/media-server/**', '**/workers/**'],
      message: 'flow-runtime must not import the app, media server or workers.',
    },
    {
      group: ['node:*', 'fs', 'net', 'http', 'https', 'child_process', 'process', 'os'],
      message: 'flow-runtime is pure: IO goes through ports.',
    },
  ],
};

// One direction between processes (ARCHITECTURE.md): app/.server is the shared layer that media-server and
// workers import; it never imports them. Processes ask each other to act over Redis, never by importing.
const sharedLayerImports = {
  patterns: [
    {
      group: ['**/media-server/**', '**/workers/**', '**/bench/**'],
      message: 'app/ is the shared layer: it never imports the media server, workers or benches.',
    },
  ],
};
// Other processes reach the shared layer through one alias, not ../../app/.server paths.
const shared = {
  group: ['**/app/.server/**', '../**/.server/**'],
  message: 'Import the shared layer as #server/… rather than by a relative path.',
};
const processImports = (other, name) => ({
  patterns: [
    shared,
    {
      group: [`**/${other}/**`],
      message: `${name} does not import another process's code: ask it over Redis (bus, streams, queues).`,
    },
  ],
});

export default tseslint.config(
  {
    ignores: [
      'node_modules',
      'build',
      'dist',
      'prisma/generated',
      'public/build',
      'test-results',
      'playwright-report',
      '.cache',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: { ...globals.node, ...globals.browser },
      ecmaVersion: 2023,
      sourceType: 'module',
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['warn', { fixStyle: 'inline-type-imports' }],
    },
  },
  {
    files: ['flow-runtime/**/*.ts', 'flow-runtime/**/*.tsx'],
    languageOptions: { globals: { ...globals.es2021 } },
    rules: {
      'no-restricted-imports': ['error', runtimeForbiddenImports],
      'no-restricted-globals': [
        'error',
        {
          name: 'process',
          message: 'flow-runtime is pure: configuration comes in through the flow and ports.',
        },
        { name: 'fetch', message: 'flow-runtime is pure: network IO goes through ports.' },
        { name: 'XMLHttpRequest', message: 'flow-runtime is pure.' },
        { name: 'WebSocket', message: 'flow-runtime is pure.' },
        { name: 'require', message: 'ESM only.' },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'globalThis', property: 'process', message: 'flow-runtime is pure.' },
        { object: 'globalThis', property: 'fetch', message: 'flow-runtime is pure.' },
        { object: 'Date', property: 'now', message: 'Use ctx.ports.clock so turns stay deterministic.' },
        { object: 'Math', property: 'random', message: 'Use ctx.ports.random so turns stay deterministic.' },
      ],
    },
  },
  {
    files: ['app/**/*.ts', 'app/**/*.tsx'],
    rules: { 'no-restricted-imports': ['error', sharedLayerImports] },
  },
  {
    files: ['media-server/**/*.ts'],
    ignores: ['**/*.test.ts', '**/test-support/**'],
    rules: { 'no-restricted-imports': ['error', processImports('workers', 'The media server')] },
  },
  {
    files: ['workers/**/*.ts'],
    ignores: ['**/*.test.ts', '**/test-support/**'],
    rules: { 'no-restricted-imports': ['error', processImports('media-server', 'The workers process')] },
  },
  {
    files: [
      'bench/**/*.ts',
      'scripts/**/*.ts',
      'prisma/**/*.ts',
      'tests/**/*.ts',
      'media-server/**/*.test.ts',
    ],
    rules: { 'no-restricted-imports': ['error', { patterns: [shared] }] },
  },
);
