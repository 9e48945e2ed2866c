import { ruleTests } from '../ruleTester';

ruleTests('root-user', {
  valid: [
    { code: 'FROM node:20-slim\nUSER node\nCMD ["node", "index.js"]\n' },
    { code: 'FROM python:3.12-slim\nUSER 1000\n' },
    { code: 'FROM python:3.12-slim\nUSER app:app\n' },
    { code: 'FROM scratch\nCOPY app /app\nENTRYPOINT ["/app"]\n' },
    { code: 'FROM gcr.io/distroless/static-debian12:nonroot\nCOPY app /app\n' },
    {
      code: 'FROM cgr.dev/chainguard/python:latest\nCOPY app.py .\n',
      name: 'Chainguard runs as nonroot',
    },
    {
      name: 'only the final stage counts',
      code: 'FROM node:20 AS b\nRUN npm ci\nFROM node:20-slim\nUSER node\n',
    },
    { code: 'FROM mycorp/base:1.4\nCMD ["app"]\n', name: 'unknown image may set USER' },
    { code: 'FROM nginx:1.27\nCOPY site /usr/share/nginx/html\n', name: 'nginx drops privileges' },
    {
      code: 'FROM mcr.microsoft.com/windows/servercore:ltsc2022\nCMD ["cmd"]\n',
      name: 'Windows',
    },
    {
      name: 'USER set in the stage it is built FROM',
      code: 'FROM node:20-slim AS base\nUSER node\nFROM base\nCMD ["node", "x.js"]\n',
    },
    { code: 'FROM python:3.12-slim\nUSER ${APP_USER}\n', name: 'a variable is not root' },
    {
      name: 'base image with a shell CMD: its users choose the user',
      code: 'FROM scratch\nADD rootfs.tar.gz /\nCMD ["bash"]\n',
    },
    {
      name: 'official-style base image running as root on purpose',
      code: 'FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends ca-certificates && rm -rf /var/lib/apt/lists/*\nCOPY docker-entrypoint.sh /usr/local/bin/\nENTRYPOINT ["docker-entrypoint.sh"]\nCMD ["python3"]\n',
    },
    {
      name: 'SDK image installing a compiler',
      code: 'FROM ubuntu:24.04\nRUN apt-get update && apt-get install -y --no-install-recommends build-essential cmake git && rm -rf /var/lib/apt/lists/*\n',
    },
    {
      name: 'test runner image',
      code: 'FROM mcr.microsoft.com/playwright:v1.47.0-noble\nWORKDIR /e2e\nCOPY . .\nRUN npm ci\nCMD ["npx", "playwright", "test"]\n',
    },
    {
      name: 'dev target',
      code: 'FROM node:20 AS dev\nWORKDIR /app\nCOPY . .\nCMD ["npm", "run", "dev"]\nFROM node:20-slim\nUSER node\nCMD ["node", "server.js"]\n',
      target: 'dev',
    },
    {
      name: 'distroless :nonroot final stage',
      code: 'FROM golang:1.22 AS build\nCOPY . .\nRUN go build -o /out/api .\nFROM gcr.io/distroless/base-debian12:nonroot\nCOPY --from=build /out/api /api\nENTRYPOINT ["/api"]\n',
    },
    {
      name: '.NET chiseled final stage runs as app',
      code: 'FROM mcr.microsoft.com/dotnet/aspnet:8.0-jammy-chiseled\nCOPY out/ /app/\nENTRYPOINT ["dotnet", "/app/Api.dll"]\n',
    },
    {
      name: 'gosu in the ENTRYPOINT',
      code: 'FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y gosu && useradd -r svc\nCOPY bin/worker /usr/local/bin/worker\nENTRYPOINT ["gosu", "svc", "worker"]\n',
    },
    {
      name: 'entrypoint script from the build context drops privileges',
      code: 'FROM node:20-slim\nWORKDIR /app\nCOPY . .\nCOPY docker/entrypoint.sh /usr/local/bin/entrypoint.sh\nENTRYPOINT ["entrypoint.sh"]\nCMD ["node", "server.js"]\n',
      context: [
        'package.json',
        'server.js',
        'docker/entrypoint.sh\n#!/bin/sh\nset -e\nchown -R node /app/data\nexec su-exec node "$@"\n',
      ],
    },
    {
      name: 'postgres keeps its own entrypoint, which drops to postgres',
      code: 'FROM postgres:16\nCOPY init.sql /docker-entrypoint-initdb.d/\n',
    },
    {
      name: 'role comment: this file publishes a base image',
      code: '# layerwise role=base\nFROM python:3.12-slim\nCOPY tools/ /opt/tools/\nCMD ["python", "/opt/tools/shell.py"]\n',
    },
  ],
  invalid: [
    {
      code: 'FROM node:20-slim\nWORKDIR /app\nCOPY . .\nCMD ["node", "index.js"]\n',
      errors: ['node:20-slim'],
      fix: 'Add USER node',
      output: 'FROM node:20-slim\nWORKDIR /app\nCOPY . .\nUSER node\nCMD ["node", "index.js"]\n',
    },
    {
      name: 'Debian-based: useradd, then USER',
      code: 'FROM python:3.12-slim\nCOPY . .\nCMD ["python", "app.py"]\n',
      errors: ['python:3.12-slim'],
      output:
        'FROM python:3.12-slim\nCOPY . .\nRUN useradd --create-home --uid 10001 app\nUSER app\nCMD ["python", "app.py"]\n',
    },
    {
      name: 'Alpine: adduser -D',
      code: 'FROM alpine:3.19\nCOPY app /app\nENTRYPOINT ["/app"]\n',
      errors: ['alpine:3.19'],
      output:
        'FROM alpine:3.19\nCOPY app /app\nRUN adduser -D -u 10001 app\nUSER app\nENTRYPOINT ["/app"]\n',
    },
    {
      name: 'distroless without :nonroot',
      code: 'FROM gcr.io/distroless/static-debian12\nCOPY app /app\nCMD ["/app"]\n',
      errors: ['gcr.io/distroless/static-debian12'],
      output: 'FROM gcr.io/distroless/static-debian12\nCOPY app /app\nUSER nonroot\nCMD ["/app"]\n',
    },
    {
      name: 'last USER is root',
      code: 'FROM node:20-slim\nUSER node\nRUN id\nUSER root\nCMD ["node", "main.js"]\n',
      errors: ['root'],
      output:
        'FROM node:20-slim\nUSER node\nRUN id\nUSER root\nUSER node\nCMD ["node", "main.js"]\n',
    },
    {
      name: 'USER 0 after the CMD: appended at the end',
      code: 'FROM python:3.12-slim\nCOPY app.py .\nCMD ["python", "app.py"]\nUSER 0\n',
      errors: ['0'],
      output:
        'FROM python:3.12-slim\nCOPY app.py .\nCMD ["python", "app.py"]\nUSER 0\nRUN useradd --create-home --uid 10001 app\nUSER app\n',
    },
    {
      name: 'entrypoint script that does not drop privileges',
      code: 'FROM node:20-slim\nWORKDIR /app\nCOPY . .\nCOPY entrypoint.sh /entrypoint.sh\nENTRYPOINT ["/entrypoint.sh"]\nCMD ["node", "server.js"]\n',
      context: [
        'package.json',
        'entrypoint.sh\n#!/bin/sh\n# exec gosu node "$@" (disabled)\nexec "$@"\n',
      ],
      errors: ['node:20-slim'],
      message: /no USER is set and `node:20-slim` runs as root by default/,
    },
    {
      name: 'postgres with its entrypoint replaced',
      code: 'FROM postgres:16\nCOPY run.sh /run.sh\nCOPY bin/ /opt/app/\nENTRYPOINT ["/opt/app/server"]\n',
      errors: ['postgres:16'],
      output:
        'FROM postgres:16\nCOPY run.sh /run.sh\nCOPY bin/ /opt/app/\nRUN useradd --create-home --uid 10001 app\nUSER app\nENTRYPOINT ["/opt/app/server"]\n',
    },
    {
      name: 'distroless without :nonroot runs as root',
      code: 'FROM gcr.io/distroless/static-debian12:latest\nCOPY app /app\nENTRYPOINT ["/app"]\n',
      errors: ['gcr.io/distroless/static-debian12:latest'],
      output:
        'FROM gcr.io/distroless/static-debian12:latest\nCOPY app /app\nUSER nonroot\nENTRYPOINT ["/app"]\n',
    },
    {
      name: 'no CMD: appended at the end',
      code: 'FROM node:20-slim\nCOPY . .\n',
      errors: ['node:20-slim'],
      output: 'FROM node:20-slim\nCOPY . .\nUSER node\n',
    },
    {
      name: 'indentation is followed',
      code: 'FROM node:20-slim\n  COPY . .\n  CMD ["node"]\n',
      errors: ['node:20-slim'],
      output: 'FROM node:20-slim\n  COPY . .\n  USER node\n  CMD ["node"]\n',
    },
    {
      name: 'the --target stage is the shipped one',
      code: 'FROM node:20-slim AS api\nCOPY . .\nCMD ["node", "api.js"]\nFROM node:20-slim\nUSER node\n',
      target: 'api',
      errors: ['node:20-slim'],
    },
    {
      name: 'user unknown for ubi-minimal: no fix',
      code: 'FROM registry.access.redhat.com/ubi9/ubi-minimal:9.4\nUSER root\nCOPY app /app\nCMD ["/app"]\n',
      errors: ['root'],
      output: null,
    },
    {
      name: 'a toolchain image shipped as is',
      code: 'FROM golang:1.22\nRUN go build -o /app .\nCMD ["/app"]\n',
      errors: ['golang:1.22'],
      output:
        'FROM golang:1.22\nRUN go build -o /app .\nRUN useradd --create-home --uid 10001 app\nUSER app\nCMD ["/app"]\n',
    },
  ],
});
