import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  findingApplies,
  imageRole,
  ruleAppliesTo,
  stageRole,
  type ImageRole,
  type RoleFacts,
} from '../../../server/src/analysis/roles';
import { buildModel } from '../../../server/src/parse/model';

function roleOf(text: string, facts?: RoleFacts, target?: string) {
  const model = buildModel(text, { target });
  return imageRole(model, model.finalStage!, facts);
}

const cases: { name: string; text: string; role: ImageRole; facts?: RoleFacts; target?: string }[] =
  [
    {
      name: 'OS base image with a shell CMD',
      text: 'FROM scratch\nADD rootfs.tar.xz /\nCMD ["bash"]\n',
      role: 'base',
    },
    {
      name: 'language base image: interpreter CMD behind an entrypoint script',
      text: 'FROM debian:bookworm-slim\nRUN set -eux; apt-get update; apt-get install -y --no-install-recommends ca-certificates curl; rm -rf /var/lib/apt/lists/*\nCOPY docker-entrypoint.sh /usr/local/bin/\nENTRYPOINT ["docker-entrypoint.sh"]\nCMD ["node"]\n',
      role: 'base',
    },
    {
      name: 'python-style base: builds from source and purges the compilers, CMD python3',
      text: 'FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y gcc make libssl-dev && ./configure && make install && apt-get purge -y --auto-remove gcc make libssl-dev\nCMD ["python3"]\n',
      role: 'base',
    },
    {
      name: 'SDK image that keeps a compiler and sets no CMD',
      text: 'FROM debian:bookworm\nRUN apt-get update && apt-get install -y --no-install-recommends gcc g++ make cmake && rm -rf /var/lib/apt/lists/*\n',
      role: 'toolchain',
    },
    {
      name: 'SDK image known by its path',
      text: 'FROM mcr.microsoft.com/dotnet/runtime-deps:8.0\nRUN curl -fsSL -o dotnet.tar.gz https://example.invalid/dotnet.tar.gz && tar -xzf dotnet.tar.gz -C /usr/share/dotnet\n',
      facts: { path: 'src/sdk/8.0/bookworm-slim/amd64/Dockerfile' },
      role: 'toolchain',
    },
    {
      name: 'Playwright test image',
      text: 'FROM mcr.microsoft.com/playwright:v1.45.0-jammy\nWORKDIR /tests\nCOPY . .\nRUN npm ci\nCMD ["npx", "playwright", "test"]\n',
      role: 'test',
    },
    {
      name: 'pytest runner',
      text: 'FROM python:3.12-slim\nCOPY . /src\nRUN pip install -r /src/requirements-dev.txt\nCMD pytest -q /src/tests\n',
      role: 'test',
    },
    {
      name: 'browser image for tests: installs browsers, starts nothing',
      text: 'FROM ubuntu:24.04\nRUN apt-get update && apt-get install -y --no-install-recommends nodejs git\nCOPY ./playwright-core.tar.gz /tmp/\nRUN npm install /tmp/playwright-core.tar.gz && npm exec --no -- playwright-core install --with-deps chromium\n',
      role: 'test',
    },
    {
      name: 'npm run test:e2e',
      text: 'FROM node:20\nCOPY . .\nRUN npm ci\nCMD ["npm", "run", "test:e2e"]\n',
      role: 'test',
    },
    {
      name: 'dev target',
      text: 'FROM node:20 AS dev\nCOPY . .\nCMD ["npm", "run", "dev"]\nFROM node:20-slim AS prod\nCOPY . .\nCMD ["node", "server.js"]\n',
      target: 'dev',
      role: 'development',
    },
    {
      name: 'dev container from the build configuration',
      text: 'FROM mcr.microsoft.com/devcontainers/base:ubuntu\nRUN apt-get update && apt-get install -y git\n',
      facts: { buildRole: 'development', buildSource: '.devcontainer/devcontainer.json' },
      role: 'development',
    },
    {
      name: 'application: copies a program and runs it',
      text: 'FROM node:20-slim\nWORKDIR /app\nCOPY . .\nRUN npm ci --omit=dev\nCMD ["node", "server.js"]\n',
      role: 'application',
    },
    {
      name: 'application that runs its tests during the build',
      text: 'FROM node:20-slim\nCOPY . .\nRUN npm ci && npm test\nCMD ["node", "server.js"]\n',
      role: 'application',
    },
    {
      name: 'application built by a builder stage',
      text: 'FROM golang:1.22 AS build\nCOPY . .\nRUN go build -o /out/app .\nFROM gcr.io/distroless/static\nCOPY --from=build /out/app /app\nENTRYPOINT ["/app"]\n',
      role: 'application',
    },
    {
      name: 'server image installed from packages (postgres-style)',
      text: 'FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y postgresql-16\nCOPY docker-entrypoint.sh /usr/local/bin/\nENTRYPOINT ["docker-entrypoint.sh"]\nCMD ["postgres"]\n',
      role: 'application',
    },
    {
      name: 'ONBUILD image',
      text: 'FROM node:20\nONBUILD COPY . /app\nONBUILD RUN npm ci\nCMD ["node", "/app"]\n',
      role: 'base',
    },
    {
      name: 'built FROM by another Dockerfile of the workspace',
      text: 'FROM node:20-slim\nRUN apt-get update && apt-get install -y curl\nCOPY shared/ /opt/shared/\nCMD ["node"]\n',
      facts: { builtFromBy: ['services/api/Dockerfile'] },
      role: 'base',
    },
    {
      name: 'role comment at the top wins over the evidence',
      text: '# layerwise role=base\nFROM node:20-slim\nCOPY lib/ /opt/lib/\nCMD ["node", "/opt/lib/cli.js"]\n',
      role: 'base',
    },
    {
      name: 'role comment above the FROM',
      text: 'FROM golang:1.22 AS build\nRUN go version\n# the CI image\n# layerwise role=toolchain\nFROM build AS ci\nCOPY . .\nCMD ["make", "check"]\n',
      role: 'toolchain',
    },
    {
      name: '.layerwise.json role',
      text: 'FROM node:20\nCOPY . .\nCMD ["node", "x.js"]\n',
      facts: { configRole: 'toolchain' },
      role: 'toolchain',
    },
    {
      name: 'an unknown role in a comment is ignored',
      text: '# layerwise role=production\nFROM node:20\nCOPY . .\nCMD ["node", "x.js"]\n',
      role: 'application',
    },
  ];

void describe('imageRole', () => {
  for (const c of cases) {
    void it(`${c.role}: ${c.name}`, () => {
      const d = roleOf(c.text, c.facts, c.target);
      assert.equal(d.role, c.role, d.evidence);
      assert.ok(d.evidence.length > 0);
    });
  }
  void it('records where the role came from', () => {
    assert.equal(roleOf('# layerwise role=test\nFROM x\n').source, 'comment');
    assert.equal(roleOf('FROM x\n', { configRole: 'base' }).source, 'config');
    assert.equal(roleOf('FROM x\n', { buildRole: 'development' }).source, 'build');
    assert.equal(roleOf('FROM x\nCOPY . .\nCMD ["./x"]\n').source, 'inferred');
  });
  void it('says how it was seen', () => {
    assert.match(roleOf('FROM node:20\nCOPY . .\nCMD ["node", "a.js"]\n').evidence, /COPY \. \./);
  });
});

void describe('stageRole and findingApplies', () => {
  const text =
    'FROM golang:1.22 AS build\nRUN apt-get install -y gcc\nCOPY . .\nRUN go build -o /app .\nFROM node:20 AS e2e\nCMD ["npx", "playwright", "test"]\nFROM debian:bookworm-slim\nCOPY --from=build /app /app\nCMD ["/app"]\n';
  const model = buildModel(text);
  void it('a stage feeding the shipped image takes its role', () => {
    assert.equal(stageRole(model, model.stages[0]!).role, 'application');
  });
  void it('a stage that does not feed it is judged as its own image', () => {
    assert.equal(stageRole(model, model.stages[1]!).role, 'test');
  });
  void it('filters by role and platform', () => {
    const notTest = { roles: ['application', 'base', 'toolchain', 'development'] as const };
    assert.equal(findingApplies(model, notTest, text.indexOf('npx')), false);
    assert.equal(findingApplies(model, notTest, text.indexOf('gcc')), true);
    assert.equal(ruleAppliesTo({ platforms: ['linux'] }, 'application', 'windows'), false);
    assert.equal(ruleAppliesTo({}, 'test', 'windows'), true);
  });
});
