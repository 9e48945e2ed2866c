import { ruleTests } from '../ruleTester';

ruleTests('pip-no-cache-dir', {
  valid: [
    { code: 'FROM python:3.12-slim\nRUN pip install --no-cache-dir flask\n' },
    { code: 'FROM python:3.12-slim\nENV PIP_NO_CACHE_DIR=1\nRUN pip install flask\n' },
    {
      code: 'FROM python:3.12-slim\nRUN --mount=type=cache,target=/root/.cache/pip pip install flask\n',
    },
    {
      code: 'FROM python:3.12-slim\nRUN --mount=type=cache,target=/root/.cache pip install flask\n',
      name: 'mount on a parent',
    },
    { code: 'FROM python:3.12-slim\nRUN pip freeze\n' },
  ],
  invalid: [
    {
      code: 'FROM python:3.12-slim\nRUN pip install -r requirements.txt\n',
      errors: ['pip install'],
      output: 'FROM python:3.12-slim\nRUN pip install --no-cache-dir -r requirements.txt\n',
    },
    {
      code: 'FROM python:3.12-slim\nRUN python3 -m pip install flask\n',
      errors: ['python3 -m pip install'],
      output: 'FROM python:3.12-slim\nRUN python3 -m pip install --no-cache-dir flask\n',
    },
    {
      code: 'FROM python:3.12-slim\nRUN pip3 install flask\n',
      errors: ['pip3 install'],
      fix: 'Insert a pip cache mount instead',
      output:
        '# syntax=docker/dockerfile:1\nFROM python:3.12-slim\nRUN --mount=type=cache,target=/root/.cache/pip pip3 install flask\n',
    },
    {
      name: "mount in root's home does not count for USER node",
      code: 'FROM python:3.12-slim\nUSER node\nRUN --mount=type=cache,target=/root/.cache/pip pip install flask\n',
      errors: ['pip install'],
    },
  ],
});
