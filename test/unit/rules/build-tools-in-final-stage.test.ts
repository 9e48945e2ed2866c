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
  ],
  invalid: [
    {
      code: 'FROM python:3.12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends build-essential libpq-dev && rm -rf /var/lib/apt/lists/*\n',
      errors: ['build-essential'],
      message: /`build-essential`, `libpq-dev`/,
      output: null,
    },
    { code: 'FROM alpine:3.19\nRUN apk add --no-cache git gcc\n', errors: ['git'] },
    {
      name: 'points to the multi-stage conversion where it applies',
      code: 'FROM python:3.12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends gcc && rm -rf /var/lib/apt/lists/*\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\nCMD ["python", "app.py"]\n',
      errors: ['gcc'],
      message: /Convert to a multi-stage build/,
    },
    {
      name: 'version pins are ignored for the name',
      code: 'FROM debian:12-slim\nRUN apt-get install -y gcc=4:12.2.0-3\n',
      errors: ['gcc=4:12.2.0-3'],
    },
    {
      code: 'FROM rockylinux:9\nRUN dnf install -y gcc-c++ openssl-devel && dnf clean all\n',
      errors: ['gcc-c++'],
      message: /openssl-devel/,
    },
    {
      name: 'ENV-expanded package list',
      code: 'FROM debian:12-slim\nENV BUILD_DEPS="gcc make"\nRUN apt-get install -y $BUILD_DEPS\n',
      errors: ['$BUILD_DEPS'],
    },
    {
      name: 'inside a heredoc',
      code: 'FROM debian:12-slim\nRUN <<EOF\napt-get update\napt-get install -y make\nEOF\n',
      errors: ['make'],
    },
    {
      name: 'only the purged package is cleared',
      code: 'FROM debian:12-slim\nRUN apt-get install -y gcc make && apt-get purge -y make\n',
      errors: ['gcc'],
    },
    {
      name: 'the --target stage is the shipped one',
      code: 'FROM debian:12 AS dev\nRUN apt-get install -y gcc\nFROM debian:12-slim\n',
      target: 'dev',
      errors: ['gcc'],
    },
    {
      name: 'the stage the final one is built FROM ships too',
      code: 'FROM debian:12 AS base\nRUN apt-get install -y make\nFROM base\nCMD ["app"]\n',
      errors: ['make'],
    },
  ],
});
