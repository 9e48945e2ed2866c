import { ruleTests } from '../ruleTester';

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
