import assert from 'node:assert/strict';
import { it } from 'node:test';
import { findingsOf, ruleTests } from '../ruleTester';

ruleTests('full-base-image', {
  valid: [
    { code: 'FROM python:3.12-slim\n' },
    { code: 'FROM node:20-alpine\n' },
    { code: 'FROM gcr.io/distroless/static:nonroot\n' },
    { code: 'FROM scratch\n' },
    {
      code: 'FROM golang:1.22 AS build\nFROM gcr.io/distroless/static-debian12\nCOPY --from=build /app /app\n',
      name: 'builder stage may be big',
    },
    { code: 'FROM registry.example.com/team/python:3.12\n', name: 'unknown image' },
  ],
  invalid: [
    {
      code: 'FROM python:3.12\nCMD ["python"]\n',
      errors: ['python:3.12'],
      output: 'FROM python:3.12-slim\nCMD ["python"]\n',
    },
    { code: 'FROM node:20\n', errors: ['node:20'], output: 'FROM node:20-slim\n' },
    { code: 'FROM --platform=$BUILDPLATFORM golang:1.22 AS app\n', errors: ['golang:1.22'] },
    {
      name: 'ARG-built image: reported, not rewritten',
      code: 'ARG PY=3.12\nFROM python:${PY}\n',
      errors: ['python:${PY}'],
      output: null,
    },
  ],
});

it('full-base-image: no alpine switch for a stage that runs apt-get', () => {
  const [f] = findingsOf('full-base-image', {
    code: 'FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends curl\n',
  });
  assert.ok(f, 'reported');
  assert.ok(
    !f.fixes.some((x) => x.title.includes('alpine')),
    f.fixes.map((x) => x.title).join(', '),
  );
});
