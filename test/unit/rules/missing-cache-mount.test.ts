import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyEdits } from '../../../server/src/engine/applyEdits';
import { fixAll } from '../../../server/src/engine/fixAll';
import { lintDockerfile } from '../../../server/src/engine/lint';
import { DOCKERFILE_RULES } from '../../../server/src/rules';
import { ruleTests } from '../ruleTester';

const S = '# syntax=docker/dockerfile:1\n';

ruleTests('missing-cache-mount', {
  valid: [
    {
      code: 'FROM buildpack-deps:bookworm\nRUN curl -fsSLO https://yarnpkg.com/yarn-v1.22.22.tar.gz \\\n  && tar -xzf yarn-v1.22.22.tar.gz -C /opt/ \\\n  && ln -s /opt/yarn-v1.22.22/bin/yarn /usr/local/bin/yarn \\\n  && yarn --version\n',
      name: 'yarn --version installs nothing (docker-node)',
    },
    {
      code: 'FROM python:3.12\nRUN pip --version && python3 -m pip -V && uv pip --version\n',
      name: 'pip version checks',
    },
    {
      code: 'FROM debian:12\nRUN apt-get --version && apk --version && dnf --help\n',
      name: 'version and help',
    },
    {
      code: 'FROM golang:1.22\nRUN go version && cargo -V && mvn -v\n',
      name: 'toolchain version checks',
    },
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
    {
      code: 'FROM alpine:3.20\nRUN --mount=type=cache,target=/var/cache/apk apk add curl\n',
      name: 'apk: a mount on /var/cache/apk counts',
    },
    {
      code: 'FROM ruby:3.3\nRUN --mount=type=cache,target=/root/.gem bundle install\n',
      name: "bundler: Docker's documented /root/.gem counts",
    },
    {
      code: 'FROM golang:1.22\nENV GOMODCACHE=$MODS\nRUN --mount=type=cache,target=/x go mod download\n',
      name: 'cache moved somewhere unknown: any cache mount counts',
    },
    {
      code: 'FROM python:3.12\nENV UV_CACHE_DIR=/opt/uv-cache\nRUN --mount=type=cache,target=/opt/uv-cache uv sync\n',
      name: 'uv: UV_CACHE_DIR is honoured',
    },
    {
      code: 'FROM maven:3-eclipse-temurin-21\nRUN --mount=type=cache,target=/root/.m2 mvn package\n',
      name: 'maven: a mount on ~/.m2 covers the repository',
    },
    { code: 'FROM node:20\nRUN npm run build\nRUN go version\n', name: 'no downloads' },
    {
      code: 'FROM mcr.microsoft.com/dotnet/sdk:8.0\nCOPY . .\nRUN dotnet publish --no-restore -o /out\n',
      name: 'dotnet publish --no-restore downloads nothing',
    },
    {
      code: 'FROM node:20\nENV PNPM_HOME=/pnpm\nRUN --mount=type=cache,target=/pnpm/store pnpm fetch\nCOPY . .\nRUN pnpm install --offline\n',
      name: 'pnpm install --offline after pnpm fetch',
    },
    {
      code: 'FROM rust:1.79\nCOPY . .\nRUN cargo build --release --frozen\n',
      name: 'cargo --frozen',
    },
    {
      code: 'FROM golang:1.22\nCOPY . .\nRUN --mount=type=cache,target=/root/.cache/go-build go build -mod=vendor -o /app .\n',
      name: 'vendored go build: only the build cache is needed',
    },
    {
      code: 'FROM golang:1.22\nRUN --mount=type=cache,target=/go/pkg/mod/cache --mount=type=cache,target=/root/.cache/go-build go build ./...\n',
      name: 'a mount on a sub-directory of the module cache counts',
    },
    {
      code: 'FROM python:3.12\nRUN pip install --no-cache-dir flask\n',
      name: 'cache discarded on purpose',
    },
    { code: 'FROM alpine:3.20\nRUN apk add --no-cache curl\n', name: 'apk --no-cache' },
    {
      code: 'FROM node:20\nRUN npm ci && npm cache clean --force\n',
      name: 'npm cache cleaned later',
    },
    {
      code: 'FROM debian:12\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n',
      name: 'apt lists removed in the same RUN',
    },
    {
      code: 'FROM mcr.microsoft.com/dotnet/sdk:8.0-nanoserver-ltsc2022\nRUN dotnet restore\n',
      name: 'Windows image: no BuildKit cache mounts',
    },
    { code: 'FROM maven:3-eclipse-temurin-21\nRUN mvn -o package\n', name: 'maven offline' },
    {
      code: 'FROM python:3.12\nRUN pip install --no-index --find-links /wheels app\n',
      name: 'pip from local wheels',
    },
  ],
  invalid: [
    {
      name: 'removing the trailing apt-get clean keeps the redirection of the command before it',
      code: 'FROM debian:12-slim\nRUN apt-get update && apt-get install -y curl && echo done >> /build.log && apt-get clean\n',
      errors: ['apt-get install'],
      output:
        '# syntax=docker/dockerfile:1\nFROM debian:12-slim\nRUN rm -f /etc/apt/apt.conf.d/docker-clean; echo \'Binary::apt::APT::Keep-Downloaded-Packages "true";\' > /etc/apt/apt.conf.d/keep-cache\nRUN --mount=type=cache,target=/var/cache/apt,sharing=locked --mount=type=cache,target=/var/lib/apt,sharing=locked apt-get update && apt-get install -y curl && echo done >> /build.log\n',
    },
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
      name: 'yarn',
      code: 'FROM node:20\nRUN yarn install --frozen-lockfile\n',
      errors: ['yarn install'],
      output: `${S}FROM node:20\nRUN --mount=type=cache,target=/usr/local/share/.cache/yarn yarn install --frozen-lockfile\n`,
    },
    {
      name: 'a version check before the install: the install is reported',
      code: 'FROM node:20\nRUN yarn --version && yarn install --frozen-lockfile\n',
      errors: ['yarn install'],
      output: `${S}FROM node:20\nRUN --mount=type=cache,target=/usr/local/share/.cache/yarn yarn --version && yarn install --frozen-lockfile\n`,
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
      name: 'yarn as USER node: ~/.cache/yarn with uid and gid',
      code: 'FROM node:20\nUSER node\nRUN yarn install --frozen-lockfile\n',
      errors: ['yarn install'],
      output: `${S}FROM node:20\nUSER node\nRUN --mount=type=cache,target=/home/node/.cache/yarn,uid=1000,gid=1000 yarn install --frozen-lockfile\n`,
    },
    {
      name: 'bundler outside the ruby image: only the user cache',
      code: 'FROM debian:12\nRUN bundle install\n',
      errors: ['bundle install'],
      output: `${S}FROM debian:12\nRUN --mount=type=cache,target=/root/.bundle/cache bundle install\n`,
    },
    {
      name: 'unknown uid: no fix',
      code: 'FROM node:20\nUSER app\nRUN npm ci\n',
      errors: ['npm ci'],
      output: null,
    },
    {
      name: 'uv pip install',
      code: 'FROM python:3.12-slim\nRUN uv pip install --system -r requirements.txt\n',
      errors: ['uv pip install'],
      output: `${S}FROM python:3.12-slim\nRUN --mount=type=cache,target=/root/.cache/uv uv pip install --system -r requirements.txt\n`,
    },
    {
      name: 'poetry: the download caches, not the virtualenvs below cache-dir',
      code: 'FROM python:3.12-slim\nRUN poetry install --no-root\n',
      errors: ['poetry install'],
      output: `${S}FROM python:3.12-slim\nRUN --mount=type=cache,target=/root/.cache/pypoetry/cache --mount=type=cache,target=/root/.cache/pypoetry/artifacts poetry install --no-root\n`,
    },
    {
      name: 'poetry: POETRY_CACHE_DIR moves both',
      code: 'FROM python:3.12-slim\nENV POETRY_CACHE_DIR=/tmp/poetry\nRUN poetry install\n',
      errors: ['poetry install'],
      output: `${S}FROM python:3.12-slim\nENV POETRY_CACHE_DIR=/tmp/poetry\nRUN --mount=type=cache,target=/tmp/poetry/cache --mount=type=cache,target=/tmp/poetry/artifacts poetry install\n`,
    },
    {
      name: 'cargo in the rust image: CARGO_HOME=/usr/local/cargo',
      code: 'FROM rust:1.79 AS build\nRUN cargo build --release\n',
      errors: ['cargo build'],
      output: `${S}FROM rust:1.79 AS build\nRUN --mount=type=cache,target=/usr/local/cargo/registry --mount=type=cache,target=/usr/local/cargo/git/db cargo build --release\n`,
    },
    {
      name: 'cargo elsewhere: ~/.cargo',
      code: 'FROM debian:12\nRUN cargo fetch\n',
      errors: ['cargo fetch'],
      output: `${S}FROM debian:12\nRUN --mount=type=cache,target=/root/.cargo/registry --mount=type=cache,target=/root/.cargo/git/db cargo fetch\n`,
    },
    {
      name: 'maven: the local repository only (settings.xml stays visible)',
      code: 'FROM maven:3-eclipse-temurin-21\nRUN mvn -B package\n',
      errors: ['mvn -B package'],
      output: `${S}FROM maven:3-eclipse-temurin-21\nRUN --mount=type=cache,target=/root/.m2/repository mvn -B package\n`,
    },
    {
      name: 'gradle image: /root/.gradle links to /home/gradle/.gradle',
      code: 'FROM gradle:8-jdk21\nRUN gradle build --no-daemon\n',
      errors: ['gradle build'],
      output: `${S}FROM gradle:8-jdk21\nRUN --mount=type=cache,target=/home/gradle/.gradle/caches gradle build --no-daemon\n`,
    },
    {
      name: 'gradle wrapper elsewhere: ~/.gradle/caches',
      code: 'FROM eclipse-temurin:21\nRUN ./gradlew build\n',
      errors: ['./gradlew build'],
      output: `${S}FROM eclipse-temurin:21\nRUN --mount=type=cache,target=/root/.gradle/caches ./gradlew build\n`,
    },
    {
      name: 'bundler in the ruby image: the gem cache of GEM_HOME and the user cache',
      code: 'FROM ruby:3.3\nRUN bundle install\n',
      errors: ['bundle install'],
      output: `${S}FROM ruby:3.3\nRUN --mount=type=cache,target=/root/.bundle/cache --mount=type=cache,target=/usr/local/bundle/cache bundle install\n`,
    },
    {
      name: 'composer in the composer image: COMPOSER_HOME=/tmp',
      code: 'FROM composer:2 AS vendor\nRUN composer install --no-dev\n',
      errors: ['composer install'],
      output: `${S}FROM composer:2 AS vendor\nRUN --mount=type=cache,target=/tmp/cache composer install --no-dev\n`,
    },
    {
      name: 'composer in a php image: ~/.composer/cache',
      code: 'FROM php:8.3-cli\nRUN composer install\n',
      errors: ['composer install'],
      output: `${S}FROM php:8.3-cli\nRUN --mount=type=cache,target=/root/.composer/cache composer install\n`,
    },
    {
      name: 'dotnet: every RUN that reads the packages gets the mount; only the restore downloads',
      code: 'FROM mcr.microsoft.com/dotnet/sdk:8.0 AS build\nRUN dotnet restore\nCOPY . .\nRUN dotnet publish --no-restore -o /out\n',
      errors: ['dotnet restore'],
      output: `${S}FROM mcr.microsoft.com/dotnet/sdk:8.0 AS build\nRUN --mount=type=cache,target=/root/.nuget/packages dotnet restore\nCOPY . .\nRUN --mount=type=cache,target=/root/.nuget/packages dotnet publish --no-restore -o /out\n`,
    },
    {
      name: 'apt: an earlier `apt-get update` RUN gets the mount too (its lists would be hidden)',
      code: 'FROM debian:12\nRUN apt-get update\nRUN apt-get install -y curl\n',
      errors: ['apt-get install'],
      output: `${S}FROM debian:12\nRUN rm -f /etc/apt/apt.conf.d/docker-clean; echo 'Binary::apt::APT::Keep-Downloaded-Packages "true";' > /etc/apt/apt.conf.d/keep-cache\nRUN --mount=type=cache,target=/var/cache/apt,sharing=locked --mount=type=cache,target=/var/lib/apt,sharing=locked apt-get update\nRUN --mount=type=cache,target=/var/cache/apt,sharing=locked --mount=type=cache,target=/var/lib/apt,sharing=locked apt-get install -y curl\n`,
    },
    {
      name: 'pnpm with PNPM_HOME (pnpm’s Docker page)',
      code: 'FROM node:20-slim\nENV PNPM_HOME="/pnpm"\nRUN pnpm install --prod --frozen-lockfile\n',
      errors: ['pnpm install'],
      output: `${S}FROM node:20-slim\nENV PNPM_HOME="/pnpm"\nRUN --mount=type=cache,target=/pnpm/store pnpm install --prod --frozen-lockfile\n`,
    },
    {
      name: 'go in the golang image: GOPATH=/go; a stage built FROM it is fixed too',
      code: 'FROM golang:1.22 AS deps\nRUN go mod download\nFROM deps AS build\nRUN go build -o /app .\n',
      errors: ['go mod download', 'go build'],
      output: `${S}FROM golang:1.22 AS deps\nRUN --mount=type=cache,target=/go/pkg/mod --mount=type=cache,target=/root/.cache/go-build go mod download\nFROM deps AS build\nRUN --mount=type=cache,target=/go/pkg/mod --mount=type=cache,target=/root/.cache/go-build go build -o /app .\n`,
    },
    {
      name: 'a variable moves the cache somewhere unknown: no fix',
      code: 'FROM golang:1.22\nARG MODS\nENV GOMODCACHE=$MODS/mod\nRUN go mod download\n',
      errors: ['go mod download'],
      output: null,
    },
    {
      name: 'heredoc RUN: the mount goes on the RUN line',
      code: 'FROM node:20\nRUN <<EOF\nnpm ci\nEOF\n',
      errors: ['npm ci'],
      output: `${S}FROM node:20\nRUN --mount=type=cache,target=/root/.npm <<EOF\nnpm ci\nEOF\n`,
    },
    {
      name: 'continuation with comments, escape directive: the mount gets its own line',
      code: '# escape=`\nFROM node:20\nRUN npm ci `\n# production only\n    --omit=dev\n',
      errors: ['npm ci'],
      output:
        '# syntax=docker/dockerfile:1\n# escape=`\nFROM node:20\nRUN --mount=type=cache,target=/root/.npm `\n    npm ci `\n# production only\n    --omit=dev\n',
    },
    {
      name: 'ONBUILD RUN is fixed on its own line',
      code: 'FROM node:20\nONBUILD RUN npm ci\n',
      errors: ['npm ci'],
      output: `${S}FROM node:20\nONBUILD RUN --mount=type=cache,target=/root/.npm npm ci\n`,
    },
    {
      name: 'existing flags are kept, mount goes after them',
      code: 'FROM node:20\nRUN --network=host npm ci\n',
      errors: ['npm ci'],
      output: `${S}FROM node:20\nRUN --network=host --mount=type=cache,target=/root/.npm npm ci\n`,
    },
    {
      name: 'cargo auditable build counts',
      code: 'FROM rust:1.79\nRUN cargo auditable build --release\n',
      errors: ['cargo auditable build'],
      message: /downloads its packages again.*\/usr\/local\/cargo\/registry/,
      output: `${S}FROM rust:1.79\nRUN --mount=type=cache,target=/usr/local/cargo/registry --mount=type=cache,target=/usr/local/cargo/git/db cargo auditable build --release\n`,
    },
    {
      name: 'cargo chef cook counts; cargo build after it finds the crates in the layer',
      code: 'FROM rust:1.79\nRUN cargo chef cook --release\nCOPY . .\nRUN cargo build --release\n',
      errors: ['cargo chef cook'],
    },
    {
      name: 'cargo zigbuild counts',
      code: 'FROM rust:1.79\nRUN cargo zigbuild --release\n',
      errors: ['cargo zigbuild'],
    },
    {
      name: 'vendored go build: compiles again, only the build cache is mounted',
      code: 'FROM golang:1.22\nCOPY . .\nRUN go build -mod=vendor -o /app .\n',
      errors: ['go build'],
      severity: 'info',
      message:
        /`go build` compiles everything again on every rebuild: mount a BuildKit cache on \/root\/\.cache\/go-build\./,
      output: `${S}FROM golang:1.22\nCOPY . .\nRUN --mount=type=cache,target=/root/.cache/go-build go build -mod=vendor -o /app .\n`,
    },
    {
      name: 'go mod download before the source copy: a hint',
      code: 'FROM golang:1.22\nCOPY go.mod go.sum ./\nRUN go mod download\n',
      errors: ['go mod download'],
      severity: 'hint',
    },
    {
      name: 'npm ci after COPY . .: information (re-runs on every change)',
      code: 'FROM node:20\nCOPY . .\nRUN npm ci\n',
      errors: ['npm ci'],
      severity: 'info',
    },
    {
      name: 'a sub-directory mount of the module cache is kept, not nested',
      code: 'FROM golang:1.22\nRUN --mount=type=cache,target=/go/pkg/mod/cache go build ./...\n',
      errors: ['go build'],
      output: `${S}FROM golang:1.22\nRUN --mount=type=cache,target=/go/pkg/mod/cache --mount=type=cache,target=/root/.cache/go-build go build ./...\n`,
    },
    {
      name: 'apt: a mount on /var/cache/apt alone leaves the lists',
      code: 'FROM debian:12\nRUN rm -f /etc/apt/apt.conf.d/docker-clean\nRUN --mount=type=cache,target=/var/cache/apt apt-get update && apt-get install -y curl\n',
      errors: ['apt-get install'],
      message: /package lists again.*\/var\/lib\/apt\./,
      output: `${S}FROM debian:12\nRUN rm -f /etc/apt/apt.conf.d/docker-clean\nRUN --mount=type=cache,target=/var/cache/apt --mount=type=cache,target=/var/lib/apt,sharing=locked apt-get update && apt-get install -y curl\n`,
    },
    {
      name: 'Alpine adduser -D: the first free uid from 1000, not a well-known one',
      code: 'FROM python:3.12-alpine\nRUN adduser -D nonroot\nUSER nonroot\nRUN pip install --user flask\n',
      errors: ['pip install'],
      output: `${S}FROM python:3.12-alpine\nRUN adduser -D nonroot\nUSER nonroot\nRUN --mount=type=cache,target=/home/nonroot/.cache/pip,uid=1000,gid=1000 pip install --user flask\n`,
    },
    {
      name: 'useradd in the node image: 1001 (node has 1000)',
      code: 'FROM node:20\nRUN useradd -m app\nUSER app\nRUN npm ci\n',
      errors: ['npm ci'],
      output: `${S}FROM node:20\nRUN useradd -m app\nUSER app\nRUN --mount=type=cache,target=/home/app/.npm,uid=1001,gid=1001 npm ci\n`,
    },
    {
      name: 'useradd -u with a home',
      code: 'FROM python:3.12\nRUN useradd -u 2000 -d /srv/app app\nUSER app\nRUN pip install flask\n',
      errors: ['pip install'],
      output: `${S}FROM python:3.12\nRUN useradd -u 2000 -d /srv/app app\nUSER app\nRUN --mount=type=cache,target=/srv/app/.cache/pip,uid=2000,gid=2000 pip install flask\n`,
    },
    {
      name: 'a system account: its uid is not guessed, no fix',
      code: 'FROM alpine:3.20\nRUN adduser -S app\nUSER app\nRUN apk add curl\n',
      errors: ['apk add'],
      output: null,
    },
    {
      name: 'an image whose user is unknown: no fix, the directory is home-relative',
      code: 'FROM quay.io/example/notebook:2024\nRUN pip install pandas\n',
      errors: ['pip install'],
      message: /~\/\.cache\/pip/,
      output: null,
    },
    {
      name: 'a RUN that turns the cache off keeps its flag; only the other RUN gets the mount',
      code: 'FROM python:3.12\nRUN pip install --no-cache-dir wheel\nRUN pip install flask\n',
      errors: ['pip install'],
      output: `${S}FROM python:3.12\nRUN pip install --no-cache-dir wheel\nRUN --mount=type=cache,target=/root/.cache/pip pip install flask\n`,
    },
    {
      name: 'dotnet build without a restore before it downloads',
      code: 'FROM mcr.microsoft.com/dotnet/sdk:8.0\nCOPY . .\nRUN dotnet build -c Release\n',
      errors: ['dotnet build'],
    },
    {
      name: 'a multi-line RUN: each mount on its own continuation line',
      code: 'FROM python:3.12\nRUN pip install \\\n      flask \\\n      gunicorn\n',
      errors: ['pip install'],
      output: `${S}FROM python:3.12\nRUN --mount=type=cache,target=/root/.cache/pip \\\n      pip install \\\n      flask \\\n      gunicorn\n`,
    },
    {
      name: 'an apt cleaning step before the install does not count',
      code: 'FROM debian:12\nRUN rm -rf /var/lib/apt/lists/* && apt-get update && apt-get install -y curl\n',
      errors: ['apt-get install'],
    },
  ],
});

/** RULES.md "Fixes must not fight": fix-all with suggestions ends with the mount, not both. */
describe('cache mounts and the "no cache" fixes do not fight', () => {
  const CACHE_RULES = new Set([
    'missing-cache-mount',
    'apk-no-cache',
    'pip-no-cache-dir',
    'npm-cache-not-cleaned',
    'apt-lists-not-cleaned',
    'pkg-cache-not-cleaned',
    'cleanup-in-separate-layer',
  ]);
  const registry = DOCKERFILE_RULES.filter((r) => CACHE_RULES.has(r.meta.id));
  const lint = (t: string) => lintDockerfile(t, { registry }).findings;
  const run = (code: string) => {
    const first = fixAll(code, lint, { includeSuggestions: true });
    const second = fixAll(first.text, lint, { includeSuggestions: true });
    assert.deepEqual(second.applied, [], 'a second pass applies nothing');
    return first.text;
  };
  /** Exactly one of the two alternatives is applied, and nothing is left to report. */
  const settles = (code: string, mount: RegExp, noCache: RegExp) => {
    const out = run(code);
    assert.ok(mount.test(out) !== noCache.test(out), `one alternative, not both:\n${out}`);
    assert.deepEqual(lint(out), [], 'both findings resolved');
  };
  it('apk: the mount or --no-cache, never both', () => {
    settles('FROM alpine:3.20\nRUN apk add curl\n', /--mount=type=cache/, /--no-cache/);
  });
  it('npm: the mount or `npm cache clean`, never both', () => {
    settles('FROM node:20-slim\nRUN npm ci\n', /--mount=type=cache/, /cache clean/);
  });
  it('pip: the mount or --no-cache-dir, never both', () => {
    settles(
      'FROM python:3.12-slim\nRUN pip install flask\n',
      /--mount=type=cache/,
      /--no-cache-dir/,
    );
  });
  it('apt: the mounts or the list removal, never both', () => {
    settles(
      'FROM debian:12\nRUN apt-get update && apt-get install -y curl\n',
      /--mount=type=cache,target=\/var\/lib\/apt/,
      /rm -rf \/var\/lib\/apt\/lists/,
    );
  });
  it('after "Add --no-cache-dir" no fix removes it again', () => {
    const code = 'FROM python:3.12-slim\nRUN pip install --no-cache-dir flask\n';
    const after = lintDockerfile(code, { registry: DOCKERFILE_RULES }).findings;
    assert.equal(after.filter((f) => f.ruleId === 'missing-cache-mount').length, 0);
    for (const f of after)
      for (const fix of f.fixes)
        assert.match(applyEdits(code, fix.edits), /--no-cache-dir/, fix.title);
  });
  it('no two fixes of one command carry the same edits', () => {
    const found = lint('FROM python:3.12-slim\nRUN pip install flask\n');
    const keys = found.flatMap((f) =>
      f.fixes.map((x) => JSON.stringify(x.edits.filter((e) => e.newText))),
    );
    assert.equal(new Set(keys).size, keys.length);
    const titles = found.flatMap((f) => f.fixes.map((x) => x.title));
    assert.ok(
      titles.some((t) => /cache mount on \/root\/\.cache\/pip \(needs BuildKit\)$/.test(t)),
      titles.join(),
    );
  });
  it('safe fixes only: the "no cache" fixes apply', () => {
    assert.equal(
      fixAll('FROM alpine:3.20\nRUN apk add curl\n', lint).text,
      'FROM alpine:3.20\nRUN apk add --no-cache curl\n',
    );
  });
});
