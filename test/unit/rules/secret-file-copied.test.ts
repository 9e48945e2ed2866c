import { withText } from '../../../server/src/analysis/context';
import { ruleTests } from '../ruleTester';

const S = '# syntax=docker/dockerfile:1\n';
const NODE = 'FROM node:20-slim\nWORKDIR /app\nCOPY package*.json ./\n';

ruleTests('secret-file-copied', {
  valid: [
    { code: 'FROM python:3.12-slim\nCOPY .env.example .\n' },
    {
      code: 'FROM nginx:1.27\nCOPY cert.pem fullchain.pem ca.pem /etc/nginx/ssl/\n',
      name: 'certificates',
    },
    { code: `${NODE}RUN --mount=type=secret,id=npmrc,target=/app/.npmrc npm ci\n` },
    { code: `${NODE}COPY . .\n`, name: 'context unknown' },
    {
      name: 'excluded by .dockerignore',
      code: 'FROM python:3.12-slim\nCOPY . .\n',
      context: ['.env', 'app.py'],
      ignoreFile: '.env\n',
    },
    {
      code: 'FROM python:3.12-slim\nCOPY . .\n',
      context: ['app.py'],
      name: 'no secrets in context',
    },
    {
      name: '.npmrc with registry settings only',
      code: `${NODE}COPY .npmrc ./\nRUN npm ci\n`,
      context: [
        withText('.npmrc', 'registry=https://npm.example.org/\nfund=false\n'),
        'package.json',
      ],
    },
    {
      name: '.npmrc whose token comes from a build variable',
      code: `${NODE}COPY .npmrc ./\nRUN npm ci\n`,
      context: [withText('.npmrc', '//npm.example.org/:_authToken=${NPM_TOKEN}\n'), 'package.json'],
    },
    {
      name: '.env with empty values only',
      code: 'FROM python:3.12-slim\nWORKDIR /app\nCOPY .env .\n',
      context: [withText('.env', '# fill in locally\nSTRIPE_KEY=\nSENTRY_DSN=""\n')],
    },
    {
      name: 'a .key file that is a certificate',
      code: 'FROM nginx:1.27\nCOPY site.key /etc/nginx/certs/\n',
      context: [
        withText('site.key', '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n'),
      ],
    },
    {
      name: 'COPY . . with an .env of empty values',
      code: 'FROM python:3.12-slim\nCOPY . .\n',
      context: [withText('.env', 'SECRET_KEY=\n'), 'app.py'],
    },
    {
      name: 'heredoc .netrc without a password',
      code: 'FROM alpine:3\nCOPY <<EOF /root/.netrc\nmachine example.com login ci\nEOF\n',
    },
  ],
  invalid: [
    {
      name: '.npmrc with a literal token: an error, and the fix names the --secret build flag',
      code: `${NODE}COPY .npmrc ./\nRUN npm ci && rm -f .npmrc\n`,
      context: [
        withText('.npmrc', '//registry.npmjs.org/:_authToken=npm_a1b2c3d4e5f6\n'),
        'package.json',
      ],
      errors: ['.npmrc'],
      severity: 'error',
      message: /holds credentials.*--secret id=npmrc/,
      output: `${S}${NODE}RUN --mount=type=secret,id=npmrc,target=/app/.npmrc npm ci\n`,
    },
    {
      name: 'unread credentials file: a warning that it may hold secrets',
      code: 'FROM python:3.12-slim\nADD .env /app/\n',
      errors: ['.env'],
      severity: 'warning',
      message: /may hold secrets/,
    },
    {
      name: '.env with a value',
      code: 'FROM python:3.12-slim\nWORKDIR /app\nCOPY .env .\n',
      context: [withText('.env', 'DATABASE_URL=postgres://app:hunter2@db/app\n')],
      errors: ['.env'],
      severity: 'error',
    },
    {
      name: 'a .pem with a private key header',
      code: 'FROM alpine:3\nCOPY deploy.pem /root/\n',
      context: [
        withText(
          'deploy.pem',
          '-----BEGIN OPENSSH PRIVATE KEY-----\nb3Bl\n-----END OPENSSH PRIVATE KEY-----\n',
        ),
      ],
      errors: ['deploy.pem'],
      severity: 'error',
    },
    {
      name: 'COPY . . sends an .env with values',
      code: 'FROM python:3.12-slim\nCOPY . .\n',
      context: [withText('.env', 'SECRET_KEY=9f8e7d\n'), withText('.npmrc', 'save-exact=true\n')],
      errors: ['.'],
      message: /`\.env` from/,
    },
    {
      name: 'COPY .npmrc + rm in the same RUN (trailing rm removed)',
      code: `${NODE}COPY .npmrc ./\nRUN npm ci && rm -f .npmrc\n`,
      errors: ['.npmrc'],
      fix: 'Use a secret mount',
      output: `${S}${NODE}RUN --mount=type=secret,id=npmrc,target=/app/.npmrc npm ci\n`,
    },
    {
      name: 'absolute destination, no rm',
      code: 'FROM node:20\nCOPY .npmrc /root/.npmrc\nRUN npm ci\nCMD ["node", "index.js"]\n',
      errors: ['.npmrc'],
      output: `${S}FROM node:20\nRUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci\nCMD ["node", "index.js"]\n`,
    },
    {
      name: 'leading && layout',
      code: `${NODE}COPY .npmrc .\nRUN npm ci \\\n    && rm -f .npmrc\n`,
      errors: ['.npmrc'],
      output: `${S}${NODE}RUN --mount=type=secret,id=npmrc,target=/app/.npmrc npm ci\n`,
    },
    {
      name: 'rm in the middle, trailing && layout',
      code: `${NODE}COPY .npmrc .\nRUN npm ci && \\\n    rm .npmrc && \\\n    npm cache clean --force\n`,
      errors: ['.npmrc'],
      output: `${S}${NODE}RUN --mount=type=secret,id=npmrc,target=/app/.npmrc npm ci && \\\n    npm cache clean --force\n`,
    },
    {
      name: 'known non-root USER gets uid=',
      code: 'FROM node:20\nUSER node\nWORKDIR /home/node/app\nCOPY --chown=node:node .npmrc ./\nRUN npm ci\n',
      errors: ['.npmrc'],
      output: `${S}FROM node:20\nUSER node\nWORKDIR /home/node/app\nRUN --mount=type=secret,id=npmrc,target=/home/node/app/.npmrc,uid=1000 npm ci\n`,
    },
    {
      name: 'a user the Dockerfile created with a uid',
      code: 'FROM python:3.12-slim\nRUN useradd --create-home --uid 10001 app\nUSER app\nCOPY .netrc /home/app/.netrc\nRUN pip install --user requests\n',
      errors: ['.netrc'],
      output: `${S}FROM python:3.12-slim\nRUN useradd --create-home --uid 10001 app\nUSER app\nRUN --mount=type=secret,id=netrc,target=/home/app/.netrc,uid=10001 pip install --user requests\n`,
    },
    {
      name: '.netrc for pip',
      code: 'FROM python:3.12-slim\nCOPY .netrc /root/.netrc\nRUN pip install --no-cache-dir -r requirements.txt\n',
      errors: ['.netrc'],
      output: `${S}FROM python:3.12-slim\nRUN --mount=type=secret,id=netrc,target=/root/.netrc pip install --no-cache-dir -r requirements.txt\n`,
    },
    {
      name: 'two RUNs read it: no fix',
      code: `${NODE}COPY .npmrc .\nRUN npm ci\nRUN npm run build\n`,
      errors: ['.npmrc'],
      output: null,
    },
    {
      name: 'mentioned elsewhere: no fix',
      code: `${NODE}COPY .npmrc .\nRUN npm ci --userconfig .npmrc\n`,
      errors: ['.npmrc'],
      output: null,
    },
    {
      name: 'a stage built FROM this one may read it: no fix',
      code: 'FROM node:20 AS deps\nCOPY .npmrc /root/.npmrc\nRUN npm ci\nFROM deps\nRUN npm ci\n',
      errors: ['.npmrc'],
      output: null,
    },
    { code: 'FROM alpine:3\nCOPY id_rsa /root/.ssh/id_rsa\n', errors: ['id_rsa'], output: null },
    { code: 'FROM alpine:3\nCOPY .ssh /root/.ssh\n', errors: ['.ssh'] },
    { code: 'FROM python:3.12-slim\nADD .env /app/\n', errors: ['.env'] },
    { code: 'FROM nginx:1.27\nCOPY server.key /etc/ssl/private/\n', errors: ['server.key'] },
    {
      code: 'FROM amazon/aws-cli:2.17.0\nCOPY config/.aws/credentials /root/.aws/credentials\n',
      errors: ['config/.aws/credentials'],
    },
    {
      name: 'credentials file named by the destination',
      code: 'FROM node:20\nCOPY ci-npmrc /root/.npmrc\n',
      errors: ['/root/.npmrc'],
    },
    {
      name: 'heredoc writes a .netrc',
      code: 'FROM alpine:3\nCOPY <<EOF /root/.netrc\nmachine example.com login ci password x\nEOF\n',
      errors: ['/root/.netrc'],
    },
    {
      name: 'COPY . . sends .env from the context',
      code: 'FROM python:3.12-slim\nCOPY . .\n',
      context: ['.env', '.npmrc', 'app.py'],
      errors: ['.'],
      message: /`\.env`, `\.npmrc`/,
    },
    {
      name: 'ONBUILD COPY',
      code: 'FROM node:20\nONBUILD COPY .npmrc ./\n',
      errors: ['.npmrc'],
      output: null,
    },
  ],
});
