import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { BuildFacts } from '../../../server/src/analysis/buildFacts';
import { lintDockerfile } from '../../../server/src/engine/lint';
import { ruleTests } from '../ruleTester';

const GUIDE_NAMED_STAGES = `FROM node:20 AS deps
WORKDIR /app
COPY package*.json ./
RUN npm ci

FROM deps AS builder
COPY . .
RUN npm run build

FROM deps AS tester
COPY . .
RUN npm test

FROM node:20-slim AS runner
WORKDIR /app
COPY --from=builder /app/dist ./dist
COPY --from=deps /app/node_modules ./node_modules
CMD ["node", "dist/index.js"]
`;

ruleTests('unused-stage', {
  valid: [
    { code: 'FROM alpine:3\nRUN true\n' },
    { code: 'FROM alpine:3 AS x\nRUN touch /a\nFROM debian:12\nCOPY --from=x /a /a\n' },
    {
      name: 'numeric stage reference',
      code: 'FROM alpine:3\nRUN touch /f\nFROM alpine:3\nCOPY --from=0 /f /f\n',
    },
    {
      name: 'RUN --mount=from=',
      code: 'FROM alpine:3 AS src\nRUN touch /x\nFROM alpine:3\nRUN --mount=from=src,source=/x,target=/x cat /x\n',
    },
    { name: 'FROM <stage>', code: 'FROM alpine:3 AS base\nFROM base\n' },
    {
      name: 'stage names are case-insensitive',
      code: 'FROM alpine:3 AS Build\nRUN touch /a\nFROM alpine:3\nCOPY --from=BUILD /a /a\n',
    },
    {
      name: 'the --target stage is used, and the last stage too',
      code: 'FROM alpine:3 AS test\nRUN true\nFROM alpine:3\n',
      target: 'test',
    },
    {
      name: 'a stage picked by an automatic platform ARG',
      code: 'FROM alpine:3 AS base-amd64\nRUN echo x86\nFROM alpine:3 AS base-arm64\nRUN echo arm\nFROM base-${TARGETARCH}\nCMD ["sh"]\n',
    },
    {
      name: 'a stage picked by an ARG default, or the default word',
      code: 'ARG VARIANT=gpu\nFROM python:3.12-slim AS app-cpu\nRUN true\nFROM nvidia/cuda:12.4.1-runtime-ubuntu22.04 AS app-gpu\nRUN true\nFROM app-${VARIANT:-cpu}\nCMD ["python3"]\n',
    },
    {
      name: 'a FROM whose variable has no known value names the stages it fits',
      code: 'FROM alpine:3 AS flavor-small\nRUN true\nFROM flavor-${FLAVOR}\nCMD ["sh"]\n',
    },
    {
      name: 'the guide’s tester stage, built with --target tester',
      code: GUIDE_NAMED_STAGES,
      target: 'tester',
    },
  ],
  invalid: [
    {
      name: 'an ARG-built FROM that cannot name this stage',
      code: 'FROM alpine:3 AS base-amd64\nRUN true\nFROM alpine:3 AS lint\nRUN true\nFROM base-${TARGETARCH}\nCMD ["sh"]\n',
      errors: ['lint'],
      output: null,
    },
    {
      code: 'FROM golang:1.22 AS test\nRUN go test ./...\nFROM alpine:3\n',
      errors: ['test'],
      output: null,
      message: /--target test/,
    },
    {
      name: 'unnamed stage',
      code: 'FROM alpine:3\nRUN echo hi\nFROM debian:12\n',
      errors: ['alpine:3'],
    },
    {
      name: 'a name defined later is an image, not a stage',
      code: 'FROM alpine:3 AS a\nCOPY --from=b /x /x\nFROM alpine:3 AS b\nFROM alpine:3\n',
      errors: ['a', 'b'],
    },
    {
      name: 'with a --target, other unreferenced stages are still reported',
      code: 'FROM alpine:3 AS dev\nFROM alpine:3 AS test\nFROM alpine:3 AS prod\n',
      target: 'test',
      errors: ['dev'],
    },
    {
      name: 'the guide’s named stages without --target',
      code: GUIDE_NAMED_STAGES,
      errors: ['tester'],
    },
  ],
});

describe('unused-stage with the build configurations of the project', () => {
  const text =
    'FROM node:20-slim AS base\nWORKDIR /app\nFROM base AS dev\nCMD ["npm", "run", "dev"]\nFROM base AS flavor-lite\nRUN true\nFROM base AS runtime\nCMD ["node", "server.js"]\nFROM flavor-${FLAVOR:-full}\n';
  const unused = (build?: BuildFacts) =>
    lintDockerfile(text, { build })
      .findings.filter((f) => f.ruleId === 'unused-stage')
      .map((f) => text.slice(f.start, f.end));

  it('reports stages nothing builds', () => {
    assert.deepEqual(unused(), ['dev', 'flavor-lite', 'runtime']);
  });

  it('a stage a compose file or a script builds with --target is used', () => {
    const build = { targets: new Set(['dev', 'runtime']), args: new Map() };
    assert.deepEqual(unused(build), ['flavor-lite']);
  });

  it('a build arg a configuration passes can pick a stage through an ARG-built FROM', () => {
    const build = { targets: new Set<string>(), args: new Map([['FLAVOR', ['lite']]]) };
    assert.deepEqual(unused(build), ['dev', 'runtime']);
  });
});

describe('unused-stage: binaries cross-compiled per OS', () => {
  it('FROM binaries-$TARGETOS picks the darwin and windows stages too', () => {
    const text =
      'FROM golang:1.22 AS build\nRUN go build ./...\nFROM scratch AS binaries-linux\nCOPY --from=build /out/app /\nFROM scratch AS binaries-darwin\nCOPY --from=build /out/app /\nFROM scratch AS binaries-windows\nCOPY --from=build /out/app.exe /\nFROM binaries-$TARGETOS AS binaries\n';
    const found = lintDockerfile(text).findings.filter((f) => f.ruleId === 'unused-stage');
    assert.deepEqual(found, []);
  });
});
