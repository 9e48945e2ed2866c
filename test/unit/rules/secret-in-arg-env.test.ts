import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { looksSecret } from '../../../server/src/rules/secret-in-arg-env';
import { ruleTests } from '../ruleTester';

const S = '# syntax=docker/dockerfile:1\n';
const PIP =
  'RUN pip install --no-cache-dir --index-url "https://__token__:${PYPI_TOKEN}@pypi.example.com/simple" -r requirements.txt\n';

ruleTests('secret-in-arg-env', {
  valid: [
    { code: 'FROM alpine:3\nARG NPM_TOKEN_FILE=/run/secrets/npm\n' },
    { code: 'FROM alpine:3\nENV SSH_KEY_PATH=/run/secrets/key\n' },
    { code: 'FROM alpine:3\nENV PUBLIC_KEY=abc\n' },
    { code: 'FROM node:20\nENV NEXT_PUBLIC_API_KEY=pk_live\n', name: 'public client key' },
    { code: 'FROM alpine:3\nARG KEYCLOAK_URL\nENV MONKEY=1\n' },
    {
      name: 'a GPG key fingerprint, as official images set it',
      code: 'FROM debian:12-slim\nENV GPG_KEY=7169605F62C751356D054A26A821E680E5FA6305\n',
    },
    { code: 'FROM alpine:3\nARG PASSWORD_LENGTH=12\nENV TOKEN_URL=https://auth.example.com\n' },
  ],
  invalid: [
    {
      name: 'AWS access key id: KEY between underscores, as BuildKit reads it',
      code: 'FROM amazon/aws-cli:2.17.0\nARG AWS_ACCESS_KEY_ID\nARG AWS_SECRET_ACCESS_KEY\nRUN aws s3 cp s3://assets/site.tgz .\n',
      errors: ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY'],
    },
    {
      name: 'clear use: ARG replaced by a secret mount on the RUN',
      code: `FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements.txt .\nARG PYPI_TOKEN\n${PIP}`,
      errors: ['PYPI_TOKEN'],
      fix: 'Use a secret mount',
      output: `${S}FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements.txt .\n${PIP.replace('RUN ', 'RUN --mount=type=secret,id=PYPI_TOKEN,env=PYPI_TOKEN ')}`,
    },
    {
      name: 'a recent syntax directive is kept',
      code: `# syntax=docker/dockerfile:1.10\nFROM alpine:3\nARG API_TOKEN\nRUN curl -fsSH "Authorization: Bearer $API_TOKEN" -o /tmp/x https://example.com/x\n`,
      errors: ['API_TOKEN'],
      output: `# syntax=docker/dockerfile:1.10\nFROM alpine:3\nRUN --mount=type=secret,id=API_TOKEN,env=API_TOKEN curl -fsSH "Authorization: Bearer $API_TOKEN" -o /tmp/x https://example.com/x\n`,
    },
    {
      name: 'existing mount flags are kept; multi-line RUN',
      code: 'FROM golang:1.22\nARG GITHUB_TOKEN\nRUN --mount=type=cache,target=/go/pkg/mod \\\n    git config --global url."https://${GITHUB_TOKEN}@github.com/".insteadOf "https://github.com/" \\\n    && go mod download\n',
      errors: ['GITHUB_TOKEN'],
      output: `${S}FROM golang:1.22\nRUN --mount=type=cache,target=/go/pkg/mod --mount=type=secret,id=GITHUB_TOKEN,env=GITHUB_TOKEN \\\n    git config --global url."https://\${GITHUB_TOKEN}@github.com/".insteadOf "https://github.com/" \\\n    && go mod download\n`,
    },
    {
      name: 'syntax older than 1.10 has no env= secrets: no fix',
      code: '# syntax=docker/dockerfile:1.4\nFROM alpine:3\nARG API_TOKEN\nRUN echo $API_TOKEN > /dev/null\n',
      errors: ['API_TOKEN'],
      output: null,
    },
    {
      name: 'use not visible (read by the tool from the environment): no fix',
      code: 'FROM node:20\nARG NPM_TOKEN\nRUN npm ci\n',
      errors: ['NPM_TOKEN'],
      output: null,
    },
    {
      name: 'two RUNs use it: no fix',
      code: 'FROM alpine:3\nARG API_TOKEN\nRUN echo $API_TOKEN\nRUN echo ${API_TOKEN}\n',
      errors: ['API_TOKEN'],
      output: null,
    },
    {
      name: 'a default value: no fix',
      code: 'FROM alpine:3\nARG API_TOKEN=abc\nRUN echo $API_TOKEN\n',
      errors: ['API_TOKEN'],
      output: null,
    },
    {
      name: 'global ARG: no fix',
      code: 'ARG REGISTRY_PASSWORD\nFROM alpine:3\nRUN echo $REGISTRY_PASSWORD\n',
      errors: ['REGISTRY_PASSWORD'],
      output: null,
    },
    {
      name: 'ENV: reported, never rewritten',
      code: 'FROM postgres:16\nENV POSTGRES_PASSWORD=secret\n',
      errors: ['POSTGRES_PASSWORD'],
      output: null,
      message: /ENV values/,
    },
    {
      name: 'every secret name of a multi-pair ENV',
      code: 'FROM alpine:3\nENV REGION=eu AWS_SECRET_ACCESS_KEY=x DB_PASS=y\n',
      errors: ['AWS_SECRET_ACCESS_KEY', 'DB_PASS'],
    },
    { name: 'legacy ENV form', code: 'FROM alpine:3\nENV API_KEY abc\n', errors: ['API_KEY'] },
    { name: 'camelCase', code: 'FROM alpine:3\nARG githubToken\n', errors: ['githubToken'] },
    {
      name: 'quoted ARG default',
      code: 'FROM alpine:3\nARG DEPLOY_TOKEN="abc"\nRUN echo $DEPLOY_TOKEN\n',
      errors: ['DEPLOY_TOKEN'],
      output: null,
    },
    {
      name: 'CRLF line endings',
      code: 'FROM alpine:3\r\nARG API_TOKEN\r\nRUN echo $API_TOKEN\r\n',
      errors: ['API_TOKEN'],
      output:
        '# syntax=docker/dockerfile:1\r\nFROM alpine:3\r\nRUN --mount=type=secret,id=API_TOKEN,env=API_TOKEN echo $API_TOKEN\r\n',
    },
  ],
});

describe('looksSecret', () => {
  it('splits names into words', () => {
    for (const n of [
      'NPM_TOKEN',
      'dbPassword',
      'MYSQL_ROOT_PASSWORD',
      'STRIPE_SECRET_KEY',
      'APIKEY',
      'SIGNING_KEY',
      'GIT_CREDENTIALS',
      'AWS_ACCESS_KEY_ID',
      'GITHUB_AUTH',
      'KEY',
    ])
      assert.ok(looksSecret(n), n);
    for (const n of [
      'TOKENIZER_MODEL',
      'GPG_KEY',
      'NODE_VERSION',
      'AUTH_URL',
      'PASSWORD_FILE',
      'SECRET_NAME',
      'PUBLIC_TOKEN',
      'PWD',
      'PATH',
      'COMPASS',
    ])
      assert.ok(!looksSecret(n), n);
  });
});
