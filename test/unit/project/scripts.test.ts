import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { parseBuildCommand, shellExpander } from '../../../server/src/project/commandLine';
import { MASKED } from '../../../server/src/project/secrets';
import {
  parseMakefile,
  parsePackageJson,
  parseShellScript,
} from '../../../server/src/project/scripts';
import { isolatedHelpers, type ParseHelpers } from '../../../server/src/project/types';
import { FIXTURES, briefAll, messages } from './helpers';

const ROOT = '/ws';
const words = (s: string): string[] => s.split(' ');

describe('build command lines', () => {
  const table: [string, Record<string, unknown> | undefined][] = [
    ['docker build .', { tool: 'docker', context: '.' }],
    [
      'docker build -f docker/Dockerfile --target prod -t app:1 ctx',
      { tool: 'docker', context: 'ctx', file: 'docker/Dockerfile', target: 'prod' },
    ],
    [
      'docker build --file=x.Dockerfile --target=dev .',
      { tool: 'docker', context: '.', file: 'x.Dockerfile', target: 'dev' },
    ],
    ['docker build -fDockerfile.alt .', { tool: 'docker', context: '.', file: 'Dockerfile.alt' }],
    [
      'docker buildx build --builder b --push --platform linux/amd64,linux/arm64 .',
      { tool: 'docker', context: '.', platforms: ['linux/amd64', 'linux/arm64'] },
    ],
    ['docker --context remote buildx build --load .', { tool: 'docker', context: '.' }],
    [
      'docker image build --build-arg A=1 --build-arg B --build-arg=C=x=y .',
      {
        tool: 'docker',
        context: '.',
        args: [
          { name: 'A', value: '1' },
          { name: 'B', value: undefined },
          { name: 'C', value: 'x=y' },
        ],
      },
    ],
    [
      'docker builder build --build-context lib=../lib -o type=local,dest=out .',
      {
        tool: 'docker',
        context: '.',
        contexts: [{ name: 'lib', value: '../lib' }],
        outputs: ['type=local,dest=out'],
      },
    ],
    ['sudo -E docker build --no-cache --pull -q .', { tool: 'docker', context: '.' }],
    ['DOCKER_BUILDKIT=1 docker build .', { tool: 'docker', context: '.' }],
    ['/usr/bin/podman build --layers --format docker -t x dir', { tool: 'podman', context: 'dir' }],
    ['buildah bud -f Containerfile .', { tool: 'buildah', context: '.', file: 'Containerfile' }],
    ['nerdctl build .', { tool: 'nerdctl', context: '.' }],
    ['docker build -', { tool: 'docker', context: '-' }],
    ['docker run --rm app', undefined],
    ['docker compose build', undefined],
    ['docker buildx bake', undefined],
    ['docker buildx create --use', undefined],
    ['buildah from alpine', undefined],
    ['echo docker build .', undefined],
  ];
  for (const [line, expected] of table) {
    it(line, () => {
      const cmd = parseBuildCommand(words(line));
      if (!expected) return assert.equal(cmd, undefined);
      assert.ok(cmd);
      const base = {
        file: undefined,
        target: undefined,
        args: [],
        platforms: [],
        contexts: [],
        outputs: [],
      };
      assert.deepEqual(cmd, { ...base, ...expected });
    });
  }
});

describe('shell expansion of a word', () => {
  const expand = shellExpander(
    new Map([
      ['A', 'a'],
      ['PWD', '/ws/dir'],
      ['EMPTY', ''],
    ]),
    '/ws/scripts',
  );
  const table: [string, string | undefined][] = [
    ['plain', 'plain'],
    ['$A/${A}', 'a/a'],
    ['${B:-def}', 'def'],
    ['${EMPTY:-def}', 'def'],
    ['${EMPTY-def}', ''],
    ['$PWD/x', '/ws/dir/x'],
    ['$(dirname "$0")/..', '/ws/scripts/..'],
    ['$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)', '/ws/scripts'],
    ['${BASH_SOURCE%/*}', '/ws/scripts'],
    ['$B', undefined],
    ['$(git rev-parse --show-toplevel)', undefined],
    ['`pwd`', undefined],
    ['$1', undefined],
  ];
  for (const [word, value] of table)
    it(`${word} → ${value}`, () => assert.equal(expand(word).value, value));
});

function disk(root: string): ParseHelpers {
  return {
    root,
    readFile: (p) => (fs.existsSync(p) ? fs.readFileSync(p, 'utf8') : undefined),
    exists: (p) => fs.existsSync(p),
  };
}

describe('package.json scripts', () => {
  it('reads build scripts in the package folder, with npm_package_* values, on the script line', () => {
    const text =
      '{\n  "name": "p",\n  "version": "1.2.3",\n  "scripts": {\n    "test": "node --test",\n    "image": "npm run build && docker build --build-arg V=$npm_package_version -f docker/Dockerfile ."\n  }\n}\n';
    const r = parsePackageJson('/ws/pkg/package.json', text, isolatedHelpers(ROOT));
    assert.deepEqual(briefAll(r, ROOT), [
      {
        line: 6,
        name: 'image',
        context: 'pkg',
        dockerfile: 'pkg/docker/Dockerfile',
        role: 'shipped',
        args: { V: '1.2.3' },
      },
    ]);
  });
  it('ignores packages that build nothing; reports malformed JSON that mentions a build', () => {
    assert.deepEqual(
      parsePackageJson('/ws/package.json', '{ "scripts": { "a": "tsc" } }', isolatedHelpers(ROOT))
        .configs,
      [],
    );
    const r = parsePackageJson(
      '/ws/package.json',
      '{ "scripts": { "a": "docker build ." ',
      isolatedHelpers(ROOT),
    );
    assert.match(messages(r)[0]!, /^invalid JSON/);
  });
});

describe('Makefiles', () => {
  it('expands the file variables, $(CURDIR), $@ and $$; unknown values leave that part out', () => {
    const text = [
      'IMAGE ?= app',
      'DF := build/Dockerfile',
      'STAGE = prod',
      'GIT = $(shell git rev-parse HEAD)',
      '',
      'image: deps',
      '\t@docker build -f $(DF) --target ${STAGE} --build-arg SHA=$(GIT) --build-arg HOME=$$HOME -t $(IMAGE) $(CURDIR)',
      '',
      'dev:',
      '\tdocker build \\',
      '\t  --target $@ \\',
      '\t  -f $(DF) .',
      'sub:',
      '\tcd sub && docker build .',
      'unknown:',
      '\tdocker build -f $(NOPE) .',
    ].join('\n');
    const r = parseMakefile('/ws/Makefile', text, isolatedHelpers(ROOT));
    assert.deepEqual(briefAll(r, ROOT), [
      {
        line: 7,
        name: 'image',
        context: '.',
        dockerfile: 'build/Dockerfile',
        target: 'prod',
        role: 'shipped',
      },
      {
        line: 10,
        name: 'dev',
        context: '.',
        dockerfile: 'build/Dockerfile',
        target: 'dev',
        role: 'development',
      },
      { line: 14, name: 'sub', context: 'sub', dockerfile: 'sub/Dockerfile', role: 'shipped' },
    ]);
    assert.deepEqual(messages(r), [
      "docker build: Dockerfile '${__make_NOPE__}' is not known without running it; skipped",
    ]);
  });
});

describe('shell scripts', () => {
  it('follows cd and variables; masks secret args', () => {
    const text =
      '#!/bin/sh\nset -e\ncd "$(dirname "$0")/.."\nDF=docker/Dockerfile\nexport TOKEN=abc\ndocker build -f "$DF" --build-arg TOKEN --build-arg "MODE=$MODE" .\ncd $(mktemp -d)\ndocker build .\n';
    const r = parseShellScript('/ws/scripts/build.sh', text, isolatedHelpers(ROOT));
    assert.deepEqual(briefAll(r, ROOT), [
      {
        line: 6,
        name: 'build.sh',
        context: '.',
        dockerfile: 'docker/Dockerfile',
        role: 'shipped',
        args: { TOKEN: MASKED },
      },
    ]);
    assert.deepEqual(messages(r), ['docker build after a cd to a folder not known here; skipped']);
  });

  it('without cd: the script folder when the Dockerfile is there, else the workspace root', () => {
    const text = 'docker build -t a .\ndocker build -f docker/Dockerfile .\n';
    const r = parseShellScript(
      '/ws/tools/build.sh',
      text,
      isolatedHelpers(ROOT, { '/ws/tools/Dockerfile': '', '/ws/docker/Dockerfile': '' }),
    );
    assert.deepEqual(
      briefAll(r, ROOT).map((b) => [b['context'], b['dockerfile']]),
      [
        ['tools', 'tools/Dockerfile'],
        ['.', 'docker/Dockerfile'],
      ],
    );
  });

  it('reads the fixture scripts', () => {
    const dir = path.join(FIXTURES, 'scripts');
    const read = (f: string) => fs.readFileSync(path.join(dir, f), 'utf8');
    const h = disk(dir);
    const all = [
      parsePackageJson(path.join(dir, 'package.json'), read('package.json'), h),
      parseMakefile(path.join(dir, 'Makefile'), read('Makefile'), h),
      parseShellScript(path.join(dir, 'scripts/release.sh'), read('scripts/release.sh'), h),
      parseShellScript(path.join(dir, 'scripts/from-stdin.sh'), read('scripts/from-stdin.sh'), h),
    ];
    assert.deepEqual(
      all
        .flatMap((r) => briefAll(r, dir))
        .map((b) => [b['line'], b['name'], b['context'], b['dockerfile'], b['target'] ?? null]),
      [
        [6, 'docker:build', '.', 'docker/Dockerfile', 'runtime'],
        [7, 'docker:dev', '.', 'docker/Dockerfile', 'dev'],
        [9, 'image', '.', 'docker/Dockerfile', 'runtime'],
        [12, 'image-cross', '.', 'docker/Dockerfile', null],
        [18, 'api', 'services/api', 'services/api/Dockerfile', null],
        [7, 'release.sh', '.', 'docker/Dockerfile', 'runtime'],
      ],
    );
    assert.deepEqual(all[2]!.configs[0]!.args, { CHANNEL: 'stable' });
    assert.deepEqual(all.flatMap(messages), [
      "podman build: context '$(git rev-parse --show-toplevel)' is not known without running it; skipped",
    ]);
  });
});
