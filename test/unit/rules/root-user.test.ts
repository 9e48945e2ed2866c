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
      code: 'FROM node:20-slim\nUSER node\nRUN id\nUSER root\nCMD ["node"]\n',
      errors: ['root'],
      output: 'FROM node:20-slim\nUSER node\nRUN id\nUSER root\nUSER node\nCMD ["node"]\n',
    },
    {
      name: 'USER 0 after the CMD: appended at the end',
      code: 'FROM python:3.12-slim\nCMD ["python"]\nUSER 0\n',
      errors: ['0'],
      output:
        'FROM python:3.12-slim\nCMD ["python"]\nUSER 0\nRUN useradd --create-home --uid 10001 app\nUSER app\n',
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
      code: 'FROM node:20-slim AS dev\nCMD ["node"]\nFROM node:20-slim\nUSER node\n',
      target: 'dev',
      errors: ['node:20-slim'],
    },
    {
      name: 'user unknown for ubi-minimal: no fix',
      code: 'FROM registry.access.redhat.com/ubi9/ubi-minimal:9.4\nCMD ["app"]\n',
      errors: ['registry.access.redhat.com/ubi9/ubi-minimal:9.4'],
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
