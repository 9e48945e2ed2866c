import { lintDockerfile } from '../../../server/src/engine/lint';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findingsOf, ruleTests } from '../ruleTester';

const APP = 'COPY . /app\nCMD ["/app/start"]\n';

ruleTests('full-base-image', {
  valid: [
    { code: `FROM python:3.12-slim\n${APP}` },
    { code: `FROM node:20-alpine\n${APP}` },
    { code: `FROM gcr.io/distroless/static:nonroot\n${APP}` },
    { code: `FROM scratch\n${APP}` },
    {
      code: 'FROM golang:1.22 AS build\nFROM gcr.io/distroless/static-debian12\nCOPY --from=build /app /app\n',
      name: 'builder stage may be big',
    },
    { code: `FROM registry.example.com/team/python:3.12\n${APP}`, name: 'unknown image' },
    {
      name: 'base image with an interpreter CMD',
      code: 'FROM python:3.12\nRUN pip install --no-cache-dir numpy\nCMD ["python3"]\n',
    },
    {
      name: 'SDK image that keeps a compiler',
      code: 'FROM node:20\nRUN apt-get update && apt-get install -y --no-install-recommends g++ make && rm -rf /var/lib/apt/lists/*\n',
    },
    {
      name: 'test runner on the full image',
      code: 'FROM node:20\nCOPY . /e2e\nWORKDIR /e2e\nRUN npm ci && npx playwright install --with-deps chromium\nCMD ["npx", "playwright", "test"]\n',
    },
    {
      name: 'dev container',
      code: 'FROM python:3.12 AS devcontainer\nCOPY . /workspace\nCMD ["sleep", "infinity"]\n',
    },
    {
      name: 'Ubuntu has no slim variant, and Alpine is not a variant of it',
      code: `FROM ubuntu:24.04\n${APP}`,
    },
  ],
  invalid: [
    {
      code: 'FROM python:3.12\nCOPY app.py .\nCMD ["python", "app.py"]\n',
      errors: ['python:3.12'],
      message: /`python:3\.12-slim` is a far smaller variant of the same version and distribution/,
      output: 'FROM python:3.12-slim\nCOPY app.py .\nCMD ["python", "app.py"]\n',
    },
    { code: `FROM node:20\n${APP}`, errors: ['node:20'], output: `FROM node:20-slim\n${APP}` },
    {
      name: 'Go has no slim variant: Alpine is named as another distribution',
      code: `FROM --platform=$BUILDPLATFORM golang:1.22 AS app\n${APP}`,
      errors: ['golang:1.22'],
      message: /different distribution \(Alpine, musl libc\)/,
    },
    {
      name: 'ARG-built image: reported, not rewritten',
      code: `ARG PY=3.12\nFROM python:\${PY}\n${APP}`,
      errors: ['python:${PY}'],
      output: null,
    },
    {
      name: 'the stage the shipped stage is built FROM',
      code: 'FROM node:20 AS base\nWORKDIR /app\nFROM base\nCOPY . .\nCMD ["node", "server.js"]\n',
      errors: ['node:20'],
      message: /the base of stage `base`/,
      output:
        'FROM node:20-slim AS base\nWORKDIR /app\nFROM base\nCOPY . .\nCMD ["node", "server.js"]\n',
    },
  ],
});

void it('full-base-image: no alpine switch for a stage that runs apt-get', () => {
  const [f] = findingsOf('full-base-image', {
    code: 'FROM python:3.12\nRUN apt-get update && apt-get install -y --no-install-recommends libpq5\nCOPY . /app\nCMD ["python", "/app/main.py"]\n',
  });
  assert.ok(f, 'reported');
  assert.ok(
    !f.fixes.some((x) => x.title.includes('alpine')),
    f.fixes.map((x) => x.title).join(', '),
  );
  assert.doesNotMatch(f.message, /alpine/i);
});

describe('full-base-image: the on-disk difference where both sizes are sourced', () => {
  const finding = (image: string) =>
    lintDockerfile(`FROM ${image}\nCOPY app /app\nCMD ["/app/run"]\n`).findings.find(
      (f) => f.ruleId === 'full-base-image',
    )!;

  it('python: full and slim both have on-disk figures', () => {
    const f = finding('python:3.12');
    assert.match(f.message, /about \d+ MB less on disk/);
    assert.ok(f.bytes! > 500e6 && f.bytes! < 1500e6, String(f.bytes));
  });

  it('no on-disk figure for one of them: no number, no bytes', () => {
    const f = finding('debian:12');
    assert.doesNotMatch(f.message, /MB/);
    assert.equal(f.bytes, undefined);
  });
});
