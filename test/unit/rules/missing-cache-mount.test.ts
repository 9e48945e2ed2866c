import { ruleTests } from '../ruleTester';

const S = '# syntax=docker/dockerfile:1\n';

ruleTests('missing-cache-mount', {
  valid: [
    { code: 'FROM node:20\nRUN --mount=type=cache,target=/root/.npm npm ci\n' },
    { code: 'FROM golang:1.22\nRUN --mount=type=cache,target=/go/pkg/mod go mod download\n' },
    { code: 'FROM node:20\nRUN npm run build\n', name: 'not a download' },
    {
      code: 'FROM python:3.12\nRUN --mount=type=tmpfs,target=/root/.cache/pip pip install flask\n',
      name: 'tmpfs counts',
    },
    {
      code: 'FROM node:20\nUSER 1000\nRUN --mount=type=cache,target=/home/app/.npm,uid=1000 npm ci\n',
      name: 'unknown home: home-relative match',
    },
  ],
  invalid: [
    {
      name: 'npm ci (issue example)',
      code: 'FROM node:20\nRUN npm ci\n',
      errors: ['npm ci'],
      output: `${S}FROM node:20\nRUN --mount=type=cache,target=/root/.npm npm ci\n`,
    },
    {
      name: 'existing syntax directive is kept',
      code: '# syntax=docker/dockerfile:1.7\nFROM node:20\nRUN npm ci\n',
      errors: ['npm ci'],
      output:
        '# syntax=docker/dockerfile:1.7\nFROM node:20\nRUN --mount=type=cache,target=/root/.npm npm ci\n',
    },
    {
      name: 'pip: removes --no-cache-dir, which defeats the cache',
      code: 'FROM python:3.12-slim\nRUN pip install --no-cache-dir -r requirements.txt\n',
      errors: ['pip install'],
      output: `${S}FROM python:3.12-slim\nRUN --mount=type=cache,target=/root/.cache/pip pip install -r requirements.txt\n`,
    },
    {
      name: 'yarn',
      code: 'FROM node:20\nRUN yarn install --frozen-lockfile\n',
      errors: ['yarn install'],
      output: `${S}FROM node:20\nRUN --mount=type=cache,target=/usr/local/share/.cache/yarn yarn install --frozen-lockfile\n`,
    },
    {
      name: 'pnpm',
      code: 'FROM node:20\nRUN pnpm install --frozen-lockfile\n',
      errors: ['pnpm install'],
      output: `${S}FROM node:20\nRUN --mount=type=cache,target=/root/.local/share/pnpm/store pnpm install --frozen-lockfile\n`,
    },
    {
      name: 'go build gets both go caches',
      code: 'FROM golang:1.22\nRUN go build -o /out/app .\n',
      errors: ['go build'],
      output: `${S}FROM golang:1.22\nRUN --mount=type=cache,target=/go/pkg/mod --mount=type=cache,target=/root/.cache/go-build go build -o /out/app .\n`,
    },
    {
      name: 'apt: locked mounts and Docker’s docker-clean removal',
      code: 'FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends curl\n',
      errors: ['apt-get install'],
      output: `${S}FROM debian:12\nRUN rm -f /etc/apt/apt.conf.d/docker-clean; echo 'Binary::apt::APT::Keep-Downloaded-Packages "true";' > /etc/apt/apt.conf.d/keep-cache\nRUN --mount=type=cache,target=/var/cache/apt,sharing=locked --mount=type=cache,target=/var/lib/apt,sharing=locked apt-get update && apt-get install -y --no-install-recommends curl\n`,
    },
    {
      name: 'USER node: home and uid',
      code: 'FROM node:20\nUSER node\nRUN npm ci\n',
      errors: ['npm ci'],
      output: `${S}FROM node:20\nUSER node\nRUN --mount=type=cache,target=/home/node/.npm,uid=1000,gid=1000 npm ci\n`,
    },
    {
      name: 'unknown uid: no fix',
      code: 'FROM node:20\nUSER app\nRUN npm ci\n',
      errors: ['npm ci'],
      output: null,
    },
    {
      name: 'existing flags are kept, mount goes after them',
      code: 'FROM node:20\nRUN --network=host npm ci\n',
      errors: ['npm ci'],
      output: `${S}FROM node:20\nRUN --network=host --mount=type=cache,target=/root/.npm npm ci\n`,
    },
  ],
});
