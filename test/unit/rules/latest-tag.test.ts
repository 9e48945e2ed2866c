import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SIZES } from '../../../server/src/knowledge/images/figures';
import { CURRENT_ALPINE } from '../../../server/src/knowledge/images/os';
import { MAJOR_TAGS } from '../../../server/src/knowledge/majorTags';
import { ruleTests } from '../ruleTester';

const DIGEST = `sha256:${'a'.repeat(64)}`;

ruleTests('latest-tag', {
  valid: [
    { code: 'FROM python:3.12\n' },
    { code: 'FROM debian:bookworm-slim\n', name: 'an OS codename is a version' },
    { code: 'FROM ubuntu:noble\n', name: 'an Ubuntu codename is a version' },
    {
      code: 'FROM buildpack-deps:bookworm\nRUN yarn --version\n',
      name: 'buildpack-deps is versioned by its distribution (docker-node 22/bookworm)',
    },
    { code: 'FROM buildpack-deps:noble\n', name: 'buildpack-deps, Ubuntu codename' },
    { code: 'FROM docker.io/library/buildpack-deps:trixie\n', name: 'buildpack-deps, full name' },
    { code: 'FROM amd64/debian:bookworm-slim\n', name: 'architecture namespace of an OS image' },
    { code: 'FROM arm64v8/buildpack-deps:jammy\n', name: 'architecture namespace, buildpack-deps' },
    {
      code: 'FROM ubuntu.azurecr.io/ubuntu:jammy\n',
      name: 'a mirror of an OS image (dotnet-docker runtime-deps)',
    },
    { code: 'FROM node:22-bookworm\n', name: 'program version and codename' },
    { code: 'FROM mcr.microsoft.com/dotnet/runtime-deps:8.0-jammy\n', name: 'dotnet, jammy' },
    { code: 'FROM node:alpine3.20\n', name: 'a numbered Alpine release' },
    { code: 'FROM node:hydrogen-alpine\n', name: 'a named Node line pins its major' },
    { code: 'FROM nginx:1.27-alpine\n', name: 'variant with a version' },
    { code: 'FROM registry.example.com/team/base:prod\n', name: 'a team tag is their choice' },
    { code: 'FROM scratch\nCOPY app /app\n' },
    { code: 'FROM golang:1.22 AS build\nRUN go build -o /app .\nFROM build\n', name: 'stage name' },
    { code: `FROM python@${DIGEST}\n`, name: 'digest' },
    { code: `FROM python:latest@${DIGEST}\n`, name: 'digest wins over :latest' },
    { code: 'ARG BASE=python:3.12\nFROM $BASE\n', name: 'ARG default with a tag' },
    { code: 'ARG PY=3.12\nFROM python:${PY}-slim\n', name: 'ARG in the tag' },
    { code: 'FROM python:${PY:-3.12}\n', name: '${V:-default} form' },
    { code: 'ARG BASE\nFROM $BASE\n', name: 'ARG without default: unknown' },
    { code: 'FROM --platform=$BUILDPLATFORM golang:1.22 AS b\n' },
    { code: 'FROM mcr.microsoft.com/windows/servercore:ltsc2022\n', name: 'Windows, tagged' },
  ],
  invalid: [
    {
      name: 'a release line: lts moves to the next major every year',
      code: 'FROM node:lts-alpine AS build\nRUN node --version\n',
      errors: ['node:lts-alpine'],
      message: /names no version/,
      output: null,
    },
    { code: 'FROM nginx:stable\nCOPY site /usr/share/nginx/html\n', errors: ['nginx:stable'] },
    { code: 'FROM debian:stable-slim\n', errors: ['debian:stable-slim'], output: null },
    {
      name: 'a release line of an OS image under an architecture namespace',
      code: 'FROM amd64/debian:stable-slim\n',
      errors: ['amd64/debian:stable-slim'],
      output: null,
    },
    { code: 'FROM alpine:edge\n', errors: ['alpine:edge'], output: null },
    {
      code: 'FROM ubuntu.azurecr.io/ubuntu:rolling\n',
      errors: ['ubuntu.azurecr.io/ubuntu:rolling'],
    },
    { code: 'FROM buildpack-deps\n', errors: ['buildpack-deps'], output: null, message: /no tag/ },
    { code: 'FROM buildpack-deps:latest\n', errors: ['buildpack-deps:latest'], output: null },
    {
      name: 'a codename alone on a program image: the program version floats',
      code: 'FROM node:bookworm\n',
      errors: ['node:bookworm'],
      message: /names no version/,
      output: null,
    },
    {
      name: 'a codename alone on a known family keeps the codename',
      code: 'FROM golang:bookworm AS build\n',
      errors: ['golang:bookworm'],
      output: 'FROM golang:1-bookworm AS build\n',
    },
    { code: 'FROM python:slim-trixie\n', errors: ['python:slim-trixie'] },
    {
      name: 'a variant alone: the program version floats',
      code: 'FROM nginx:alpine\nCOPY dist /usr/share/nginx/html\n',
      errors: ['nginx:alpine'],
      output: null,
    },
    {
      name: 'a variant alone of a known family keeps the variant',
      code: 'FROM python:slim\nCMD ["python"]\n',
      errors: ['python:slim'],
      output: 'FROM python:3-slim\nCMD ["python"]\n',
    },
    {
      code: 'FROM python\nCMD ["python"]\n',
      errors: ['python'],
      fix: 'Pin to python:3',
      output: 'FROM python:3\nCMD ["python"]\n',
      message: /no tag/,
    },
    { code: 'FROM python:latest\n', errors: ['python:latest'], output: 'FROM python:3\n' },
    {
      name: 'flags and stage name are kept',
      code: 'FROM --platform=$BUILDPLATFORM golang AS build\nRUN go version\n',
      errors: ['golang'],
      output: 'FROM --platform=$BUILDPLATFORM golang:1 AS build\nRUN go version\n',
    },
    {
      name: 'registry prefix is kept',
      code: 'FROM docker.io/library/alpine:latest\n',
      errors: ['docker.io/library/alpine:latest'],
      output: 'FROM docker.io/library/alpine:3\n',
    },
    {
      name: 'major unknown to the knowledge base: no fix',
      code: 'FROM node\n',
      errors: ['node'],
      output: null,
    },
    {
      code: 'FROM registry.example.com/team/app\n',
      errors: ['registry.example.com/team/app'],
      output: null,
    },
    {
      name: 'ARG-built without a tag: reported, not rewritten',
      code: 'ARG BASE=python\nFROM $BASE\n',
      errors: ['$BASE'],
      output: null,
    },
    {
      name: 'each stage is checked; the stage reference is not',
      code: 'FROM golang AS build\nRUN go build -o /app .\nFROM alpine\nCOPY --from=build /app /app\nFROM build AS again\n',
      errors: ['golang', 'alpine'],
      output:
        'FROM golang:1 AS build\nRUN go build -o /app .\nFROM alpine\nCOPY --from=build /app /app\nFROM build AS again\n',
    },
    {
      name: 'Windows escape directive and CRLF',
      code: '# escape=`\r\nFROM mcr.microsoft.com/windows/servercore\r\nRUN dir c:\\\r\n',
      errors: ['mcr.microsoft.com/windows/servercore'],
      output: null,
    },
  ],
});

describe('major tags', () => {
  it('each pin is the major of the release the knowledge base has on record', () => {
    const majors: Record<string, string | undefined> = {
      python: SIZES.pythonFull.measuredOn,
      golang: SIZES.golangFull.measuredOn,
      rust: SIZES.rustFull.measuredOn,
      php: SIZES.phpCli.measuredOn,
      alpine: CURRENT_ALPINE,
    };
    for (const m of MAJOR_TAGS) {
      assert.ok(m.basis, `${m.repository} has a basis`);
      if (m.repository === 'debian') {
        assert.match(m.basis, /trixie/); // Debian 13 is trixie
        continue;
      }
      const tag = majors[m.repository]?.split(':')[1] ?? '';
      assert.equal(tag.split(/[.-]/)[0], m.tag, m.repository);
    }
  });
});
