import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import {
  BuildConfigIndex,
  copySources,
  effectiveBuilds,
  inferContextFromFs,
  nodeProjectFs,
  orderConfigs,
  type BuildConfig,
} from '../../../server/src/project';
import { FIXTURES } from './helpers';

function config(
  over: Partial<BuildConfig> & { kind?: BuildConfig['source']['kind']; line?: number },
): BuildConfig {
  const { kind = 'compose', line = 1, ...rest } = over;
  return {
    source: { kind, file: `/ws/${kind}.yaml`, line },
    context: '/ws',
    dockerfile: '/ws/app/Dockerfile',
    args: {},
    role: 'shipped',
    ...rest,
  };
}

describe('COPY/ADD sources for inference', () => {
  it('keeps local sources only', () => {
    const text = [
      'FROM node:22 AS deps',
      'COPY package.json ./pkg/ ./',
      'COPY --from=deps /app /app',
      'COPY --from=ghcr.io/astral-sh/uv:0.4 /uv /bin/uv',
      'ADD https://example.com/a.tgz /tmp/',
      'ADD git@github.com:example/repo.git /src',
      'COPY ${DIR}/x /x',
      'COPY . .',
      'COPY ["with space.txt", "/dest/"]',
      'COPY <<EOF /etc/conf',
      'x',
      'EOF',
      'ONBUILD COPY later.txt /',
    ].join('\n');
    assert.deepEqual(copySources(text), ['package.json', 'pkg', 'with space.txt']);
  });
});

describe('context inference', () => {
  const root = path.join(FIXTURES, 'inference');
  const infer = (rel: string) => {
    const file = path.join(root, rel);
    return inferContextFromFs(file, fs.readFileSync(file, 'utf8'), root, nodeProjectFs);
  };

  it('takes the closest ancestor from which every COPY source exists', () => {
    assert.deepEqual(infer('services/api/Dockerfile'), { context: root, found: 4, total: 4 });
  });

  it('keeps the Dockerfile folder when its sources are there, or found nowhere', () => {
    assert.equal(infer('tools/lint/Dockerfile'), undefined);
    assert.equal(infer('docker/worker/Dockerfile'), undefined);
  });

  it('takes the ancestor where most sources exist when none has them all', () => {
    const exists = new Set(['/ws/a.txt', '/ws/b.txt', '/ws/svc/x/c.txt']);
    const text = 'FROM alpine\nCOPY a.txt b.txt missing.txt /\n';
    const r = inferContextFromFs('/ws/svc/x/Dockerfile', text, '/ws', {
      ...nodeProjectFs,
      stat: (p) => (exists.has(p) ? { kind: 'file', size: 1 } : undefined),
    });
    assert.deepEqual(r, { context: '/ws', found: 2, total: 3 });
  });

  it('never leaves the workspace', () => {
    const text = 'FROM alpine\nCOPY etc /etc\n';
    assert.equal(
      inferContextFromFs('/ws/app/Dockerfile', text, '/ws/app', nodeProjectFs),
      undefined,
    );
  });
});

describe('precedence', () => {
  const dockerfile = '/ws/app/Dockerfile';
  const inferred = () => ({ context: '/ws', found: 2, total: 2 });

  it('explicit settings win; with discovered configurations each keeps what they do not set', () => {
    const found = [
      config({ target: 'dev', role: 'development' }),
      config({ target: 'prod', kind: 'bake' }),
    ];
    assert.deepEqual(
      effectiveBuilds(dockerfile, { target: 'runtime' }, found, inferred).map((b) => [
        b.origin,
        b.context,
        b.target,
      ]),
      [['explicit', '/ws', 'runtime']],
    );
    assert.deepEqual(
      effectiveBuilds(dockerfile, { context: '/ws/app' }, found, inferred).map((b) => [
        b.origin,
        b.context,
        b.target,
      ]),
      [
        ['explicit', '/ws/app', 'prod'],
        ['explicit', '/ws/app', 'dev'],
      ],
    );
    assert.deepEqual(
      effectiveBuilds(dockerfile, { context: '/ws/ctx', target: 't' }, [], inferred).map((b) => [
        b.origin,
        b.context,
        b.target,
      ]),
      [['explicit', '/ws/ctx', 't']],
    );
  });

  it('then discovered configurations: shipped first, by kind, then file and line; duplicates once', () => {
    const found = [
      config({ kind: 'devcontainer', role: 'development', target: 'dev' }),
      config({ kind: 'script', target: 'prod' }),
      config({ kind: 'compose', line: 9, target: 'prod' }),
      config({ kind: 'compose', line: 2, target: 'test', role: 'development' }),
    ];
    assert.deepEqual(
      orderConfigs(found).map((c) => [c.source.kind, c.source.line]),
      [
        ['compose', 9],
        ['script', 1],
        ['compose', 2],
        ['devcontainer', 1],
      ],
    );
    const builds = effectiveBuilds(dockerfile, {}, found, inferred);
    assert.deepEqual(
      builds.map((b) => [b.origin, b.target, b.config?.source.kind]),
      [
        ['discovered', 'prod', 'compose'],
        ['discovered', 'test', 'compose'],
        ['discovered', 'dev', 'devcontainer'],
      ],
    );
  });

  it('then inference, then the Dockerfile folder', () => {
    assert.deepEqual(
      effectiveBuilds(dockerfile, {}, [], inferred).map((b) => [
        b.origin,
        b.context,
        b.inference?.found,
      ]),
      [['inferred', '/ws', 2]],
    );
    assert.deepEqual(
      effectiveBuilds(dockerfile, {}, [], () => undefined).map((b) => [
        b.origin,
        b.context,
        b.role,
      ]),
      [['default', '/ws/app', 'shipped']],
    );
  });

  it('works end to end on the monorepo fixture', () => {
    const root = path.join(FIXTURES, 'monorepo');
    const index = new BuildConfigIndex(root);
    const file = path.join(root, 'services', 'api', 'Dockerfile');
    const builds = effectiveBuilds(file, {}, index.configsFor(file), () => undefined);
    assert.deepEqual(
      builds.map((b) => [b.origin, b.context === root, b.target, b.role]),
      [
        ['discovered', true, 'runtime', 'shipped'],
        ['discovered', true, 'dev', 'development'],
      ],
    );
  });
});
