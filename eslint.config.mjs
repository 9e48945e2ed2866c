// Lint rules that catch real bugs, and the doors between the server's rooms (docs/ARCHITECTURE.md);
// formatting is prettier's job.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** The bottom rooms import no other room of server/src. */
const ABOVE_THE_BOTTOM = [
  'analysis',
  'rules',
  'engine',
  'features',
  'service',
  'lsp',
  'cli',
  'disk',
  'project',
  'config',
];

/** `room` may not import these rooms of server/src (matched on the import path). */
const doors = [
  { room: 'parse', never: ABOVE_THE_BOTTOM },
  { room: 'knowledge', never: ABOVE_THE_BOTTOM },
  { room: 'project', never: ['analysis', 'rules', 'engine', 'features', 'service', 'lsp', 'cli'] },
  { room: 'disk', never: ['rules', 'engine', 'features', 'service', 'lsp', 'cli', 'project'] },
  {
    room: 'config',
    never: ['analysis', 'engine', 'features', 'service', 'lsp', 'cli', 'disk', 'project'],
  },
  // Analyses are shared by rules: they may use the rule contract (rules/types), never a rule.
  {
    room: 'analysis',
    never: ['rules/!(types)', 'engine', 'features', 'service', 'lsp', 'cli', 'disk', 'project'],
  },
  {
    room: 'rules',
    never: ['engine', 'features', 'service', 'lsp', 'cli', 'disk', 'project', 'config'],
  },
  { room: 'engine', never: ['features', 'service', 'lsp', 'cli', 'disk', 'project'] },
  {
    room: 'features',
    never: ['service', 'lsp', 'cli', 'engine'],
    packages: ['vscode-languageserver', 'vscode-languageserver-*'],
  },
  {
    room: 'service',
    never: ['lsp', 'cli'],
    packages: ['vscode-languageserver', 'vscode-languageserver-*'],
  },
  { room: 'lsp', never: ['cli', 'rules/!(types)'] },
  { room: 'cli', never: ['lsp'] },
];

const doorRules = doors.map(({ room, never, packages = [] }) => ({
  files: [`server/src/${room}/**/*.ts`],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          ...never.map((other) => ({
            // An import path whose server/src room is `other` (for rules: not rules/types).
            regex: other.endsWith('/!(types)')
              ? `(^|/)${other.slice(0, -9)}(/(?!types$)[^/]+)?$`
              : `(^|/)${other}(/.*)?$`,
            message: `server/src/${room} may not import server/src/${other.replace('/!(types)', ' (other than rules/types)')}: see docs/ARCHITECTURE.md.`,
          })),
          ...(packages.length
            ? [
                {
                  group: packages,
                  message: `server/src/${room} knows no LSP type: see docs/ARCHITECTURE.md.`,
                },
              ]
            : []),
        ],
      },
    ],
  },
}));

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'out/',
      'dist/',
      '.e2e-cache/',
      '.vscode-test/',
      'test/fixtures/',
      'test-results/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/no-floating-promises': 'error',
      eqeqeq: ['error', 'smart'],
    },
  },
  {
    files: ['server/src/**/*.ts'],
    rules: { 'no-console': 'error' },
  },
  {
    // node:test's describe/it return promises the runner itself awaits.
    files: ['test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          allowForKnownSafeCalls: [
            { from: 'package', package: 'node:test', name: ['describe', 'it', 'test', 'suite'] },
          ],
        },
      ],
    },
  },
  ...doorRules,
  {
    files: ['**/*.mjs', '**/*.cjs', '**/*.js'],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        require: 'readonly',
        module: 'writable',
        __dirname: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        Buffer: 'readonly',
        URL: 'readonly',
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
