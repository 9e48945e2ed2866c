import assert from 'node:assert/strict';
import { it } from 'node:test';
import { ignoreFindingsOf, ignoreRuleTests } from '../dockerignoreTester';

const NODE = ['.git/HEAD', 'package.json', 'index.js'];

ignoreRuleTests('dockerignore-missing-entry', {
  valid: [
    { code: '.git\nnode_modules/\n', context: NODE },
    { code: '.git\n**/node_modules\n', context: NODE },
    { code: '*.log\n', name: 'context unknown' },
    { code: '*.log\n', context: ['main.go', 'go.mod'], name: 'nothing essential' },
    {
      code: '*.log\n',
      context: ['.git/HEAD'],
      dockerfiles: ['FROM alpine\nCOPY .git /src/.git\n'],
      name: 'the Dockerfile copies .git by name',
    },
    { code: '!.env\n', context: ['.env'], name: 'an explicit exception is a decision' },
    { code: '*\n!src\n', context: [...NODE, 'src/a.js'], name: 'exclude everything' },
  ],
  invalid: [
    {
      name: 'COPY . . is named only where a Dockerfile has one',
      code: '*.log\n',
      context: ['.env', 'app.py'],
      dockerfiles: ['FROM python:3.12-slim\nCOPY app.py /app/\n'],
      errors: ['*.log'],
      message: /^(?!.*COPY \. \.).*a COPY of the whole context/,
    },
    {
      name: 'with a COPY . . in the Dockerfile',
      code: '*.log\n',
      context: ['.env', 'app.py'],
      dockerfiles: ['FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\n'],
      errors: ['*.log'],
      message: /`COPY \. \.` bakes it/,
    },
    {
      code: '*.log\n',
      context: NODE,
      errors: ['*.log', '*.log'],
      output: '*.log\n.git\n',
      fix: 'Add the missing entries',
      message: /`\.git` is not ignored/,
    },
    {
      code: '.git\n',
      context: ['requirements.txt', '.venv/bin/python', 'app.py'],
      errors: ['.git'],
      output: '.git\n__pycache__\n.venv\n',
    },
    { code: '', context: ['.git/HEAD'], errors: [''], output: '.git\n', name: 'empty file' },
    { code: '*.log', context: ['.env'], errors: ['*.log'], output: '*.log\n.env\n' },
    {
      code: '# deps\r\n',
      context: ['Cargo.toml'],
      errors: ['# deps'],
      output: '# deps\r\ntarget\r\n',
    },
  ],
});

it('dockerignore-missing-entry: one finding per missing group', () => {
  const found = ignoreFindingsOf('dockerignore-missing-entry', {
    code: '*.log\n',
    context: ['.git/HEAD', 'package.json', 'requirements.txt', '.env', 'pom.xml'],
  });
  assert.deepEqual(found.map((f) => f.message.split(' is')[0]).sort(), [
    '`.env`',
    '`.git`',
    '`__pycache__`',
    '`node_modules`',
    '`target`',
  ]);
});
