import { ruleTests } from '../ruleTester';

const NODE_BUILD = 'FROM node:20 AS build\nWORKDIR /app\nCOPY . .\nRUN npm ci && npm run build\n';

ruleTests('copy-whole-stage', {
  valid: [
    { code: `${NODE_BUILD}FROM node:20-slim\nCOPY --from=build /app/dist ./dist\n` },
    {
      name: 'node_modules is a named artifact',
      code: `${NODE_BUILD}FROM node:20-slim\nCOPY --from=build /app/node_modules ./node_modules\n`,
    },
    {
      name: 'the builder never copied the context there',
      code: 'FROM python:3.12 AS b\nRUN pip install --user flask\nFROM python:3.12-slim\nCOPY --from=b /root/.local /root/.local\n',
    },
    { name: 'an image, not a stage', code: 'FROM alpine:3\nCOPY --from=busybox:1.36 / /\n' },
    {
      name: 'not the shipped stage',
      code: 'FROM golang:1.22 AS b\nCOPY . /src\nRUN go build -o /src/out .\nFROM alpine:3 AS d\nCOPY --from=b /src /src\nFROM alpine:3\nCOPY --from=d /src/out /out\n',
    },
  ],
  invalid: [
    {
      code: 'FROM golang:1.22 AS build\nRUN go build -o /app .\nFROM debian:12-slim\nCOPY --from=build / /\n',
      errors: ['/'],
      output: null,
    },
    {
      name: 'the guide’s basic pattern copies the builder’s work dir',
      code: 'FROM python:3.12 AS builder\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install --user --no-cache-dir -r requirements.txt\nCOPY . .\n\nFROM python:3.12-slim\nWORKDIR /app\nCOPY --from=builder /root/.local /root/.local\nCOPY --from=builder /app .\n',
      errors: ['/app'],
    },
    { code: `${NODE_BUILD}FROM node:20-slim\nCOPY --from=build /app/ /app/\n`, errors: ['/app/'] },
    {
      name: 'numeric reference and /. source',
      code: 'FROM rust:1 \nCOPY . /src\nRUN cargo build --release\nFROM debian:12-slim\nCOPY --from=0 /src/. /src\n',
      errors: ['/src/.'],
    },
    {
      name: 'the context was copied in the stage the builder is built FROM',
      code: 'FROM node:20 AS base\nWORKDIR /app\nCOPY . .\nFROM base AS build\nRUN npm run build\nFROM node:20-slim\nCOPY --from=build /app /app\n',
      errors: ['/app'],
    },
    {
      name: 'a parent of the work dir',
      code: 'FROM node:20 AS build\nWORKDIR /srv/app\nCOPY . .\nFROM node:20-slim\nCOPY --from=build /srv /srv\n',
      errors: ['/srv'],
    },
  ],
});
