import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { isComposeFileName, parseCompose } from '../../../server/src/project/compose';
import { MASKED } from '../../../server/src/project/secrets';
import { isolatedHelpers } from '../../../server/src/project/types';
import { FIXTURES, briefAll, messages } from './helpers';

const ROOT = '/ws';
const FILE = '/ws/compose.yaml';

function parse(text: string, files: Record<string, string> = {}, file = FILE) {
  const r = parseCompose(file, text, isolatedHelpers(ROOT, files));
  return { ...r, brief: briefAll(r, ROOT) };
}

describe('compose file names', () => {
  for (const name of [
    'compose.yaml',
    'compose.yml',
    'docker-compose.yml',
    'docker-compose.yaml',
    'compose.override.yaml',
    'docker-compose.override.yml',
    'docker-compose.dev.yml',
    'docker-compose-prod.yaml',
  ])
    it(`${name} is a compose file`, () => assert.ok(isComposeFileName(name)));
  for (const name of ['composer.json', 'compose.json', 'my-compose.yml', 'docker-compose.yml.bak'])
    it(`${name} is not`, () => assert.ok(!isComposeFileName(name)));
});

describe('compose build configurations', () => {
  it('reads build as a string: the context, with its Dockerfile', () => {
    const r = parse('services:\n  app:\n    build: ./app\n');
    assert.deepEqual(r.brief, [
      { line: 2, name: 'app', context: 'app', dockerfile: 'app/Dockerfile', role: 'shipped' },
    ]);
  });

  it('reads the object form: dockerfile relative to the context, target, args as a map', () => {
    const r = parse(
      [
        'services:',
        '  api:',
        '    image: example/api',
        '    build:',
        '      context: .',
        '      dockerfile: services/api/Dockerfile',
        '      target: runtime',
        '      args:',
        '        VERSION: 1.2',
        '        DEBUG: false',
        '      additional_contexts:',
        '        shared: ./libs/shared',
        '        base: docker-image://alpine:3.20',
        '      platforms: [linux/amd64, linux/arm64]',
      ].join('\n'),
    );
    assert.deepEqual(r.brief, [
      {
        line: 2,
        name: 'api',
        context: '.',
        dockerfile: 'services/api/Dockerfile',
        target: 'runtime',
        role: 'shipped',
        args: { VERSION: '1.2', DEBUG: 'false' },
        platforms: ['linux/amd64', 'linux/arm64'],
        contexts: { shared: 'libs/shared', base: 'docker-image://alpine:3.20' },
      },
    ]);
  });

  it('reads args as a list, a bare name taking its value from .env', () => {
    const r = parse(
      'services:\n  web:\n    build:\n      context: web\n      args:\n        - A=1\n        - FROM_ENV\n        - MISSING\n',
      { '/ws/.env': 'FROM_ENV=yes\n' },
    );
    assert.deepEqual(r.configs[0]!.args, { A: '1', FROM_ENV: 'yes' });
  });

  it('interpolates from the .env beside the file, as Compose does', () => {
    const r = parse(
      [
        'services:',
        '  app:',
        '    build:',
        '      context: ${APP_DIR:-.}',
        '      dockerfile: ${DOCKERFILE}',
        '      target: ${STAGE-prod}',
        '      args:',
        '        PRICE: $$5',
      ].join('\n'),
      { '/ws/.env': 'APP_DIR=src\nDOCKERFILE=build/Dockerfile\n' },
    );
    assert.deepEqual(r.brief, [
      {
        line: 2,
        name: 'app',
        context: 'src',
        dockerfile: 'src/build/Dockerfile',
        target: 'prod',
        role: 'shipped',
        args: { PRICE: '$5' },
      },
    ]);
  });

  it('takes an unset variable as empty and says so', () => {
    const r = parse('services:\n  app:\n    build:\n      context: ./${SUB}\n');
    assert.equal(r.brief[0]!['context'], '.');
    assert.deepEqual(messages(r), [
      "service 'app': ${SUB} in context is not set in .env; taken as empty, as Compose does",
    ]);
  });

  it('masks secret-looking args and args read from secret-looking variables', () => {
    const r = parse(
      'services:\n  app:\n    build:\n      context: .\n      args:\n        NPM_TOKEN: ${NPM_TOKEN}\n        REGISTRY: ${REGISTRY_PASSWORD}\n        PLAIN: ok\n',
      { '/ws/.env': 'NPM_TOKEN=abc123\nREGISTRY_PASSWORD=hunter2\n' },
    );
    assert.deepEqual(r.configs[0]!.args, { NPM_TOKEN: MASKED, REGISTRY: MASKED, PLAIN: 'ok' });
    assert.ok(!JSON.stringify(r).includes('abc123'));
    assert.ok(!JSON.stringify(r).includes('hunter2'));
  });

  it('gives a dev-like target the development role', () => {
    const r = parse(
      'services:\n  a:\n    build: {context: ., target: dev}\n  b:\n    build: {context: ., target: test-runner}\n  c:\n    build: {context: ., target: devices}\n',
    );
    assert.deepEqual(
      r.configs.map((c) => c.role),
      ['development', 'development', 'shipped'],
    );
  });

  it('follows anchors and merge keys', () => {
    const r = parse(
      'x-build: &b\n  context: .\n  dockerfile: docker/Dockerfile\nservices:\n  one:\n    build:\n      <<: *b\n      target: one\n',
    );
    assert.deepEqual(r.brief, [
      {
        line: 5,
        name: 'one',
        context: '.',
        dockerfile: 'docker/Dockerfile',
        target: 'one',
        role: 'shipped',
      },
    ]);
  });

  it('follows extends, in the same file and in another', () => {
    const r = parse(
      [
        'services:',
        '  base:',
        '    build: {context: ., dockerfile: Dockerfile.base, args: {A: "1"}}',
        '  child:',
        '    extends: base',
        '    build: {target: child, args: {B: "2"}}',
        '  remote:',
        '    extends: {file: common/compose.yaml, service: shared}',
      ].join('\n'),
      { '/ws/common/compose.yaml': 'services:\n  shared:\n    build: ./image\n' },
    );
    assert.deepEqual(
      r.brief.map((b) => [b['name'], b['context'], b['dockerfile'], b['target'], b['args']]),
      [
        ['base', '.', 'Dockerfile.base', undefined, { A: '1' }],
        ['child', '.', 'Dockerfile.base', 'child', { A: '1', B: '2' }],
        ['remote', 'common/image', 'common/image/Dockerfile', undefined, undefined],
      ],
    );
  });

  it('reads an override merged onto the base file of its folder', () => {
    const base =
      'services:\n  api:\n    build:\n      context: .\n      dockerfile: api/Dockerfile\n      args: {A: "1"}\n  db:\n    image: postgres\n';
    const r = parse(
      'services:\n  api:\n    build:\n      target: dev\n      args: {B: "2"}\n  db:\n    ports: ["5432:5432"]\n',
      { '/ws/compose.yaml': base },
      '/ws/compose.override.yaml',
    );
    assert.deepEqual(r.brief, [
      {
        line: 2,
        name: 'api',
        context: '.',
        dockerfile: 'api/Dockerfile',
        target: 'dev',
        role: 'development',
        args: { A: '1', B: '2' },
      },
    ]);
  });

  it('skips inline Dockerfiles and remote contexts; reports unknown build keys', () => {
    const r = parse(
      'services:\n  a:\n    build:\n      dockerfile_inline: "FROM alpine"\n  b:\n    build: https://github.com/example/repo.git\n  c:\n    build:\n      context: .\n      dockerFile: Dockerfile\n      x-note: kept\n',
    );
    assert.deepEqual(
      r.brief.map((b) => b['name']),
      ['c'],
    );
    assert.deepEqual(messages(r), [
      "service 'b': remote build context; skipped",
      "service 'c': unknown build key 'dockerFile'",
    ]);
    assert.equal(r.problems[1]!.line, 8);
  });

  it('reports malformed YAML with its line, and never throws', () => {
    const r = parse('services:\n  a:\n    build: [\n');
    assert.deepEqual(r.configs, []);
    assert.equal(r.problems.length, 1);
    assert.match(r.problems[0]!.message, /^invalid YAML: /);
    assert.equal(typeof r.problems[0]!.line, 'number');
    for (const text of [
      '',
      '- a\n- b\n',
      'services: 3\n',
      'services:\n  a: null\n',
      'services:\n  a:\n    build: 42\n',
      '{{{',
    ])
      assert.doesNotThrow(() => parse(text));
  });

  it('gives development role to compose files of a dev container folder', () => {
    const r = parse('services:\n  app:\n    build: ..\n', {}, '/ws/.devcontainer/compose.yaml');
    assert.deepEqual(r.brief, [
      { line: 2, name: 'app', context: '.', dockerfile: 'Dockerfile', role: 'development' },
    ]);
  });

  it('reads the monorepo fixture with the service lines', () => {
    const dir = path.join(FIXTURES, 'monorepo');
    const file = path.join(dir, 'compose.yaml');
    const helpers = {
      root: dir,
      readFile: (p: string) => (fs.existsSync(p) ? fs.readFileSync(p, 'utf8') : undefined),
      exists: (p: string) => fs.existsSync(p),
    };
    const r = parseCompose(file, fs.readFileSync(file, 'utf8'), helpers);
    assert.deepEqual(briefAll(r, dir), [
      {
        line: 9,
        name: 'api',
        context: '.',
        dockerfile: 'services/api/Dockerfile',
        target: 'runtime',
        role: 'shipped',
        args: { NODE_VERSION: '22', NPM_TOKEN: MASKED, COMMIT: 'unknown' },
      },
      {
        line: 23,
        name: 'web',
        context: '.',
        dockerfile: 'services/web/Dockerfile',
        target: 'dev',
        role: 'development',
        args: { API_URL: 'http://api:8080', NODE_VERSION: '22' },
      },
      {
        line: 34,
        name: 'worker',
        context: 'services/worker',
        dockerfile: 'services/worker/Dockerfile',
        role: 'shipped',
      },
    ]);
    assert.deepEqual(r.problems, []);
  });
});
