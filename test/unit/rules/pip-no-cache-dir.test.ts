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
    {
      code: 'FROM python:3.12-slim\nRUN export PIP_NO_CACHE_DIR=1 && pip install flask\n',
      name: 'PIP_NO_CACHE_DIR exported earlier in the RUN',
    },
    {
      code: 'FROM python:3.12-slim\nENV PIP_NO_CACHE_DIR=false\nRUN pip install flask\n',
      name: 'pip turns the cache off for any PIP_NO_CACHE_DIR value, even false',
    },
    {
      code: 'FROM python:3.12-slim\nRUN pip install flask && pip cache purge\n',
      name: 'cache purged later in the same RUN',
    },
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
      name: 'the cache-mount alternative is offered by missing-cache-mount, not twice',
      code: 'FROM python:3.12-slim\nRUN pip3 install flask\n',
      errors: ['pip3 install'],
      fix: 'Insert cache mount on /root/.cache/pip (needs BuildKit)',
      output: null,
    },
    {
      name: 'a builder stage that does not ship: information',
      code: 'FROM python:3.12 AS wheels\nRUN pip wheel -w /w flask && pip install flask\nFROM python:3.12-slim\nCOPY --from=wheels /w /w\n',
      errors: ['pip install'],
      severity: 'info',
      output:
        'FROM python:3.12 AS wheels\nRUN pip wheel -w /w flask && pip install --no-cache-dir flask\nFROM python:3.12-slim\nCOPY --from=wheels /w /w\n',
    },
    {
      name: 'an export after the install does not count',
      code: 'FROM python:3.12-slim\nRUN pip install flask && export PIP_NO_CACHE_DIR=1\n',
      errors: ['pip install'],
    },
    {
      name: "mount in root's home does not count for USER node",
      code: 'FROM python:3.12-slim\nUSER node\nRUN --mount=type=cache,target=/root/.cache/pip pip install flask\n',
      errors: ['pip install'],
    },
  ],
});
