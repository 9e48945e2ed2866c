import assert from 'node:assert/strict';
import { it } from 'node:test';
import { findingsOf, ruleTests } from '../ruleTester';

ruleTests('dockerignore-missing', {
  valid: [
    { code: 'FROM node:20\nCOPY . .\n', context: ['package.json'], ignoreFile: 'node_modules\n' },
    { code: 'FROM node:20\nCOPY package.json .\n', context: ['package.json'], name: 'narrow COPY' },
    { code: 'FROM node:20\nCOPY . .\n', name: 'context unknown (stdin)' },
  ],
  invalid: [
    { code: 'FROM node:20\nWORKDIR /app\nCOPY . .\n', context: ['package.json'], errors: ['.'] },
  ],
});

it('dockerignore-missing: Create .dockerignore picks entries from the context', () => {
  const [f] = findingsOf('dockerignore-missing', {
    code: 'FROM python:3.12\nCOPY . .\n',
    context: ['requirements.txt', '.venv/bin/python', '.idea/workspace.xml'],
  });
  const file = f!.fixes[0]!.files![0]!;
  assert.equal(file.path, '/ctx/.dockerignore');
  const lines = file.create!.split('\n').filter((l) => l && !l.startsWith('#'));
  assert.deepEqual(lines, ['.git', '.env', '__pycache__', '*.pyc', '.venv', '.idea']);
});

it('dockerignore-missing: never ignores what the Dockerfile copies by name', () => {
  const [f] = findingsOf('dockerignore-missing', {
    code: 'FROM node:20\nCOPY . .\nCOPY node_modules /opt/cache\n',
    context: ['package.json', 'node_modules/x'],
  });
  assert.ok(!f!.fixes[0]!.files![0]!.create!.split('\n').includes('node_modules'));
});
