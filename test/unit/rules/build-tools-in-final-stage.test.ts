import { ruleTests } from '../ruleTester';

ruleTests('build-tools-in-final-stage', {
  valid: [
    {
      name: 'builder stages may hold build tools',
      code: 'FROM debian:12 AS build\nRUN apt-get update && apt-get install -y gcc\nFROM debian:12-slim\nCOPY --from=build /x /x\n',
    },
    {
      name: 'purged in the same RUN',
      code: 'FROM debian:12-slim\nRUN apt-get update && apt-get install -y gcc make && make && apt-get purge -y gcc make\n',
    },
    {
      name: 'apk virtual group deleted',
      code: 'FROM python:3.12-alpine\nRUN apk add --no-cache --virtual .build-deps gcc musl-dev && pip install psutil && apk del .build-deps\n',
    },
    {
      name: 'official-image pattern: apt-mark and purge --auto-remove',
      code: 'FROM debian:12-slim\nRUN set -eux; savedAptMark="$(apt-mark showmanual)"; apt-get update; apt-get install -y --no-install-recommends gcc libc6-dev; make; apt-mark auto \'.*\' > /dev/null; apt-mark manual $savedAptMark; apt-get purge -y --auto-remove -o APT::AutoRemove::RecommendsImportant=false\n',
    },
    {
      name: 'runtime libraries only',
      code: 'FROM debian:12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends libpq5 ca-certificates\n',
    },
    {
      name: 'removed through the same variable',
      code: 'FROM debian:12-slim\nENV BUILD_DEPS="gcc make"\nRUN apt-get install -y $BUILD_DEPS && make && apt-get purge -y $BUILD_DEPS\n',
    },
    { name: 'unresolvable variable', code: 'FROM debian:12-slim\nRUN apt-get install -y $PKGS\n' },
    {
      name: 'SDK image installing a compiler: the compiler is the product',
      code: 'FROM ubuntu:24.04\nRUN apt-get update && apt-get install -y --no-install-recommends build-essential cmake ninja-build git && rm -rf /var/lib/apt/lists/*\nENV CC=gcc\n',
    },
    {
      name: 'base image with a shell CMD',
      code: 'FROM debian:12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends git make && rm -rf /var/lib/apt/lists/*\nCMD ["bash"]\n',
    },
    {
      name: 'test runner image keeps its tools',
      code: 'FROM node:20\nRUN apt-get update && apt-get install -y --no-install-recommends git && npm install -g jest\nCOPY . /src\nWORKDIR /src\nCMD ["npx", "jest", "--ci"]\n',
    },
    {
      name: 'dev container',
      code: 'FROM mcr.microsoft.com/devcontainers/base:bookworm AS devcontainer\nRUN apt-get update && apt-get install -y gcc gdb make && npm install -g nodemon\nCOPY . /workspace\nCMD ["sleep", "infinity"]\n',
    },
    {
      name: 'a CLI the image starts with is a runtime dependency',
      code: 'FROM node:20-slim\nRUN npm install -g ts-node typescript\nCOPY . /app\nCMD ["ts-node", "/app/src/main.ts"]\n',
    },
    {
      name: 'role comment corrects the evidence',
      code: '# layerwise role=toolchain\nFROM debian:12-slim\nRUN apt-get update && apt-get install -y gcc\nCOPY ci/ /ci/\nCMD ["/ci/run-checks"]\n',
    },
    {
      name: 'Windows SDK image',
      code: 'FROM mcr.microsoft.com/dotnet/framework/sdk:4.8\nRUN npm install -g typescript\n',
    },
  ],
  invalid: [
    {
      code: 'FROM python:3.12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends build-essential libpq-dev && rm -rf /var/lib/apt/lists/*\nCOPY . /srv\nCMD ["/srv/run"]\n',
      errors: ['build-essential'],
      message: /`build-essential`, `libpq-dev`/,
      output: null,
    },
    {
      code: 'FROM alpine:3.19\nRUN apk add --no-cache git gcc\nCOPY . /srv\nCMD ["/srv/run"]\n',
      errors: ['git'],
    },
    {
      name: 'points to the multi-stage conversion where it applies',
      code: 'FROM python:3.12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends gcc && rm -rf /var/lib/apt/lists/*\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\nCMD ["python", "app.py"]\n',
      errors: ['gcc'],
      message: /Convert to a multi-stage build/,
    },
    {
      name: 'version pins are ignored for the name',
      code: 'FROM debian:12-slim\nRUN apt-get install -y gcc=4:12.2.0-3\nCOPY . /srv\nCMD ["/srv/run"]\n',
      errors: ['gcc=4:12.2.0-3'],
    },
    {
      code: 'FROM rockylinux:9\nRUN dnf install -y gcc-c++ openssl-devel && dnf clean all\nCOPY . /srv\nCMD ["/srv/run"]\n',
      errors: ['gcc-c++'],
      message: /openssl-devel/,
    },
    {
      name: 'ENV-expanded package list',
      code: 'FROM debian:12-slim\nENV BUILD_DEPS="gcc make"\nRUN apt-get install -y $BUILD_DEPS\nCOPY . /srv\nCMD ["/srv/run"]\n',
      errors: ['$BUILD_DEPS'],
    },
    {
      name: 'inside a heredoc',
      code: 'FROM debian:12-slim\nRUN <<EOF\napt-get update\napt-get install -y make\nEOF\nCOPY . /srv\nCMD ["/srv/run"]\n',
      errors: ['make'],
    },
    {
      name: 'only the purged package is cleared',
      code: 'FROM debian:12-slim\nRUN apt-get install -y gcc make && apt-get purge -y make\nCOPY . /srv\nCMD ["/srv/run"]\n',
      errors: ['gcc'],
    },
    {
      name: 'the --target stage is the shipped one',
      code: 'FROM debian:12 AS api\nRUN apt-get install -y gcc\nCOPY . /srv\nCMD ["/srv/run"]\nFROM debian:12-slim\nCOPY . /srv\nCMD ["/srv/run"]\n',
      target: 'api',
      errors: ['gcc'],
    },
    {
      name: 'the stage the final one is built FROM ships too',
      code: 'FROM debian:12 AS base\nRUN apt-get install -y make\nFROM base\nCMD ["app"]\n',
      errors: ['make'],
    },
    {
      name: 'TypeScript compiler installed globally in the shipped image',
      code: 'FROM node:20-slim\nWORKDIR /app\nRUN npm install -g typescript@5.4 pm2\nCOPY . .\nRUN npm ci && tsc -p .\nCMD ["pm2-runtime", "dist/index.js"]\n',
      errors: ['typescript@5.4'],
      message: /`typescript`/,
    },
    {
      name: 'yarn global add of a build CLI',
      code: 'FROM node:20-alpine\nRUN yarn global add @angular/cli\nCOPY . /app\nRUN cd /app && ng build\nCMD ["node", "/app/server.js"]\n',
      errors: ['@angular/cli'],
    },
    {
      name: 'application built FROM a stage with a compiler',
      code: 'FROM python:3.12-slim AS base\nRUN apt-get update && apt-get install -y --no-install-recommends gcc && rm -rf /var/lib/apt/lists/*\nFROM base\nCOPY . /app\nRUN pip install --no-cache-dir /app\nCMD ["gunicorn", "app:wsgi"]\n',
      errors: ['gcc'],
    },
  ],
});
