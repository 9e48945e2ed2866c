import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { isBakeFileName, parseBake } from '../../../server/src/project/bake';
import { MASKED } from '../../../server/src/project/secrets';
import { isolatedHelpers, type ParseHelpers } from '../../../server/src/project/types';
import { FIXTURES, briefAll, messages } from './helpers';

const ROOT = '/ws';

function parse(text: string, files: Record<string, string> = {}, file = '/ws/docker-bake.hcl') {
  const r = parseBake(file, text, isolatedHelpers(ROOT, { ...files, [file]: text }));
  return { ...r, brief: briefAll(r, ROOT) };
}

function diskHelpers(root: string): ParseHelpers {
  return {
    root,
    readFile: (p) => (fs.existsSync(p) ? fs.readFileSync(p, 'utf8') : undefined),
    exists: (p) => fs.existsSync(p),
  };
}

describe('bake file names', () => {
  for (const n of [
    'docker-bake.hcl',
    'docker-bake.json',
    'docker-bake.override.hcl',
    'docker-bake.release.json',
  ])
    it(`${n} is a bake file`, () => assert.ok(isBakeFileName(n)));
  for (const n of ['main.hcl', 'bake.hcl', 'docker-bake.yaml'])
    it(`${n} is not`, () => assert.ok(!isBakeFileName(n)));
});

describe('bake targets', () => {
  it('defaults: context ".", Dockerfile in the context, the last stage', () => {
    assert.deepEqual(parse('target "default" {}\n').brief, [
      { line: 1, name: 'default', context: '.', dockerfile: 'Dockerfile', role: 'shipped' },
    ]);
  });

  it('joins dockerfile to the context; cwd:// is relative to the bake folder', () => {
    const r = parse(
      'target "a" {\n  context = "app"\n  dockerfile = "docker/Dockerfile"\n}\ntarget "b" {\n  context = "app"\n  dockerfile = "cwd://build/Dockerfile"\n}\n',
    );
    assert.deepEqual(
      r.brief.map((b) => [b['context'], b['dockerfile']]),
      [
        ['app', 'app/docker/Dockerfile'],
        ['app', 'build/Dockerfile'],
      ],
    );
  });

  it('resolves inherits (parents first, maps merged) and skips the bases', () => {
    const r = parse(
      [
        'target "_common" {',
        '  args = { A = "1", B = "1" }',
        '}',
        'target "meta" {',
        '  tags = ["x"]',
        '}',
        'target "app" {',
        '  inherits = ["_common", "meta"]',
        '  args = { B = "2" }',
        '  target = "runtime"',
        '  contexts = { lib = "../lib", base = "target:base" }',
        '}',
      ].join('\n'),
    );
    assert.deepEqual(r.brief, [
      {
        line: 7,
        name: 'app',
        context: '.',
        dockerfile: 'Dockerfile',
        target: 'runtime',
        role: 'shipped',
        args: { A: '1', B: '2' },
        contexts: { lib: '../lib', base: 'target:base' },
      },
    ]);
  });

  it('keeps an inherited target that a group names', () => {
    const r = parse(
      'group "default" { targets = ["bin"] }\ntarget "bin" { target = "bin" }\ntarget "cross" {\n  inherits = ["bin"]\n  platforms = ["linux/amd64", "linux/arm64"]\n}\n',
    );
    assert.deepEqual(
      r.brief.map((b) => [b['name'], b['target'], b['platforms']]),
      [
        ['bin', 'bin', undefined],
        ['cross', 'bin', ['linux/amd64', 'linux/arm64']],
      ],
    );
  });

  it('uses variable defaults, functions, and null args left out', () => {
    const r = parse(
      [
        'variable "GO" { default = "1.23" }',
        'variable "ALIAS" { default = GO }',
        'variable "EMPTY" {}',
        'variable "NONE" { default = null }',
        'function "dir" {',
        '  params = [name]',
        '  result = "./${name}"',
        '}',
        'target "a" {',
        '  context = dir("src")',
        '  target = NONE',
        '  args = { GO = ALIAS, E = EMPTY, N = NONE, NUM = 3 }',
        '}',
      ].join('\n'),
    );
    assert.deepEqual(r.brief, [
      {
        line: 9,
        name: 'a',
        context: 'src',
        dockerfile: 'src/Dockerfile',
        role: 'shipped',
        args: { GO: '1.23', E: '', NUM: '3' },
      },
    ]);
    assert.deepEqual(messages(r), []);
  });

  it('expands a matrix, naming each build', () => {
    const r = parse(
      'target "svc" {\n  name = "svc-${item}"\n  matrix = { item = ["api", "web"] }\n  context = "services/${item}"\n}\n',
    );
    assert.deepEqual(
      r.brief.map((b) => [b['name'], b['context']]),
      [
        ['svc-api', 'services/api'],
        ['svc-web', 'services/web'],
      ],
    );
  });

  it('masks secret-looking args and args read from secret-looking variables', () => {
    const r = parse(
      'variable "GH_TOKEN" { default = "ghp_x" }\ntarget "a" {\n  args = { GITHUB_TOKEN = "t", CREDS = GH_TOKEN, OK = "1" }\n}\n',
    );
    assert.deepEqual(r.configs[0]!.args, { GITHUB_TOKEN: MASKED, CREDS: MASKED, OK: '1' });
  });

  it('files-only outputs and dev targets are development builds', () => {
    const r = parse(
      'target "a" { output = ["type=cacheonly"] }\ntarget "b" { output = ["./bin"] }\ntarget "c" { output = ["type=image,push=true"] }\ntarget "d" { target = "debug" }\n',
    );
    assert.deepEqual(
      r.configs.map((c) => c.role),
      ['development', 'development', 'shipped', 'development'],
    );
  });

  it('skips a target whose context is not known, and says so', () => {
    const r = parse(
      'target "a" { context = BAKE_LOCAL_PLATFORM }\ntarget "b" { dockerfile-inline = "FROM alpine" }\ntarget "c" { target = timestamp() }\n',
    );
    assert.deepEqual(
      r.brief.map((b) => [b['name'], b['target']]),
      [['c', undefined]],
    );
    assert.deepEqual(messages(r), [
      "target 'a': context or dockerfile not known without running bake; skipped",
      "target 'c': stage not known; taken as the last stage",
    ]);
  });

  it('reads docker-bake.json with template strings', () => {
    const json =
      '{\n  "variable": { "V": { "default": "2" } },\n  "target": {\n    "app": { "context": "./app", "args": { "VERSION": "v${V}" } }\n  }\n}\n';
    const r = parse(json, {}, '/ws/docker-bake.json');
    assert.deepEqual(r.brief, [
      {
        line: 4,
        name: 'app',
        context: 'app',
        dockerfile: 'app/Dockerfile',
        role: 'shipped',
        args: { VERSION: 'v2' },
      },
    ]);
  });

  it('merges the default files of a folder and reports them from the first', () => {
    const hcl = 'variable "V" { default = "1" }\ntarget "app" {\n  args = { V = V }\n}\n';
    const override = 'variable "V" { default = "2" }\ntarget "app" { target = "prod" }\n';
    const files = { '/ws/docker-bake.hcl': hcl, '/ws/docker-bake.override.hcl': override };
    const r = parse(hcl, files);
    assert.deepEqual(r.brief, [
      {
        line: 2,
        name: 'app',
        context: '.',
        dockerfile: 'Dockerfile',
        target: 'prod',
        role: 'shipped',
        args: { V: '2' },
      },
    ]);
    assert.deepEqual(parse(override, files, '/ws/docker-bake.override.hcl').configs, []);
  });

  it('reports malformed HCL and JSON with their lines', () => {
    const r = parse('target "a" {\n  x = \n}\n');
    assert.equal(r.problems.length, 1);
    assert.match(r.problems[0]!.message, /^invalid HCL: /);
    assert.equal(r.problems[0]!.line, 2);
    const j = parse('{\n  "target": {\n}', {}, '/ws/docker-bake.json');
    assert.match(j.problems[0]!.message, /^invalid JSON: /);
    assert.equal(j.problems[0]!.line, 3);
  });

  it('reads the fixture: groups, inherits, variables, override, matrix', () => {
    const dir = path.join(FIXTURES, 'bake');
    const file = path.join(dir, 'docker-bake.hcl');
    const r = parseBake(file, fs.readFileSync(file, 'utf8'), diskHelpers(dir));
    assert.deepEqual(
      briefAll(r, dir).map((b) => [
        b['line'],
        b['name'],
        b['dockerfile'],
        b['target'] ?? null,
        b['role'],
      ]),
      [
        [38, 'image', 'Dockerfile', 'runtime', 'shipped'],
        [45, 'image-debug', 'Dockerfile', 'debug', 'development'],
        [50, 'binaries', 'Dockerfile', 'binaries', 'development'],
        [57, 'lint', 'hack/lint.Dockerfile', null, 'development'],
        [63, 'test', 'Dockerfile', 'test', 'development'],
        [72, 'cross-linux-amd64', 'Dockerfile', 'binaries', 'development'],
        [72, 'cross-linux-arm64', 'Dockerfile', 'binaries', 'development'],
      ],
    );
    // The override's GO_VERSION default and its extra arg.
    assert.deepEqual(r.configs[0]!.args, {
      GO_VERSION: '1.24',
      BUILDKIT_CONTEXT_KEEP_GIT_DIR: '1',
      VERSION: 'vdev',
    });
    assert.deepEqual(r.configs[0]!.platforms, ['linux/amd64', 'linux/arm64']);
    assert.equal(r.configs[4]!.args['REGISTRY_PASSWORD'], MASKED);
    assert.deepEqual(r.problems, []);
  });
});
