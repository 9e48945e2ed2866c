import { ruleTests } from '../ruleTester';

const NODE_BUILD = 'FROM node:20 AS build\nWORKDIR /app\nCOPY . .\nRUN npm ci && npm run build\n';

ruleTests('copy-whole-stage', {
  valid: [
    {
      name: 'an image flattened into scratch',
      code: 'FROM scratch\nCOPY --from=alpine:3.20 / /\nCMD ["sh"]\n',
    },
    {
      name: 'two different files from one stage',
      code: 'FROM rust:1.80 AS build\nRUN cargo build --release\nFROM debian:12-slim\nCOPY --from=build /app/target/release/api /usr/local/bin/\nCOPY --from=build /app/config.toml /etc/api/\n',
    },
    { code: `${NODE_BUILD}FROM node:20-slim\nCOPY --from=build /app/dist ./dist\n` },
    {
      name: 'node_modules is a named artifact',
      code: `${NODE_BUILD}FROM node:20-slim\nCOPY --from=build /app/node_modules ./node_modules\n`,
    },
    {
      name: 'the builder never copied the context there',
      code: 'FROM python:3.12 AS b\nRUN pip install --user flask\nFROM python:3.12-slim\nCOPY --from=b /root/.local /root/.local\n',
    },
    {
      name: 'files of an image, named',
      code: 'FROM alpine:3\nCOPY --from=busybox:1.36 /bin/busybox /bin/\n',
    },
    {
      name: 'not the shipped stage',
      code: 'FROM golang:1.22 AS b\nCOPY . /src\nRUN go build -o /src/out .\nFROM alpine:3 AS d\nCOPY --from=b /src /src\nFROM alpine:3\nCOPY --from=d /src/out /out\n',
    },
  ],
  invalid: [
    {
      name: 'the same COPY --from twice into the shipped stage',
      code: 'FROM golang:1.22 AS build\nRUN go build -o /out/api ./cmd/api\nFROM gcr.io/distroless/static-debian12\nCOPY --from=build /out/api /api\nUSER nonroot\nCOPY --from=build /out/api /api\nENTRYPOINT ["/api"]\n',
      errors: ['/out/api'],
      message: /as line 4 again/,
    },
    {
      name: 'a whole image file system',
      code: 'FROM debian:12-slim\nCOPY --from=node:20-slim / /\nCMD ["node", "app.js"]\n',
      errors: ['/'],
      message: /whole file system of the `node:20-slim` image/,
    },
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
