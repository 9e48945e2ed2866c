import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import {
  BuildConfigIndex,
  classify,
  nodeProjectFs,
  type ProjectFs,
} from '../../../server/src/project';
import { tempTree, writeFiles } from '../../helpers/tempTree';
import { FIXTURES } from './helpers';

const temps: string[] = [];
after(() => {
  for (const t of temps) fs.rmSync(t, { recursive: true, force: true });
});
function tree(files: Record<string, string>): string {
  const dir = fs.realpathSync(tempTree('lw-project-', files));
  temps.push(dir);
  return dir;
}

const rel = (root: string, p: string): string => path.relative(root, p).split(path.sep).join('/');

/** A file system that counts reads, to see what is parsed when. */
function countingFs(): ProjectFs & { reads: string[] } {
  const reads: string[] = [];
  return { ...nodeProjectFs, reads, readFile: (p) => (reads.push(p), nodeProjectFs.readFile(p)) };
}

describe('build file discovery', () => {
  it('classifies by name and place', () => {
    assert.equal(classify('/r/compose.yaml'), 'compose');
    assert.equal(classify('/r/a/b/c/d/docker-bake.hcl', 4), 'bake');
    assert.equal(classify('/r/.github/workflows/ci.yml'), 'workflow');
    assert.equal(classify('/r/.devcontainer/devcontainer.json'), 'devcontainer');
    assert.equal(classify('/r/package.json'), 'package');
    assert.equal(classify('/r/Makefile'), 'makefile');
    assert.equal(classify('/r/build/docker.mk'), 'makefile');
    assert.equal(classify('/r/scripts/build.sh'), 'shell');
    assert.equal(classify('/r/a/b/c/d/build.sh', 4), undefined);
    assert.equal(classify('/r/README.md'), undefined);
  });

  it('lists every configuration of the fixtures, with no problem', () => {
    for (const name of ['monorepo', 'bake', 'workflow', 'devcontainer', 'scripts']) {
      const all = new BuildConfigIndex(path.join(FIXTURES, name)).all();
      assert.ok(all.configs.length > 0, name);
      const expectedProblems = name === 'workflow' || name === 'scripts' ? 1 : 0;
      assert.equal(
        all.problems.length,
        expectedProblems,
        `${name}: ${JSON.stringify(all.problems)}`,
      );
    }
  });

  it('answers which configurations build a Dockerfile', () => {
    const root = path.join(FIXTURES, 'monorepo');
    const index = new BuildConfigIndex(root);
    const api = index.configsFor(path.join(root, 'services', 'api', 'Dockerfile'));
    assert.deepEqual(
      api.map((c) => [
        rel(root, c.source.file),
        c.source.line,
        c.target,
        c.role,
        rel(root, c.context) || '.',
      ]),
      [
        ['compose.override.yaml', 2, 'dev', 'development', '.'],
        ['compose.yaml', 9, 'runtime', 'shipped', '.'],
      ],
    );
    assert.deepEqual(index.configsFor(path.join(root, 'services', 'nothing', 'Dockerfile')), []);
    // A relative path is taken from the root.
    assert.equal(index.configsFor('services/web/Dockerfile').length, 1);
  });

  it('marks the compose service a dev container runs as development', () => {
    const root = path.join(FIXTURES, 'devcontainer');
    const index = new BuildConfigIndex(root);
    assert.deepEqual(
      index.all().configs.map((c) => [c.source.kind, c.source.name, c.role]),
      [
        ['devcontainer', 'app-dev', 'development'],
        ['compose', 'app', 'development'],
      ],
    );
  });

  it('reports bad input as problems, never throws, and drops configurations outside the root', () => {
    const root = path.join(FIXTURES, 'bad');
    const all = new BuildConfigIndex(root).all();
    assert.deepEqual(
      all.configs.map((c) => c.source.name),
      ['inside'],
    );
    assert.deepEqual(
      all.problems
        .map((p) => `${rel(root, p.file)}:${p.line ?? ''} ${p.message.replace(/:.*/, '')}`)
        .sort(),
      [
        '.devcontainer/devcontainer.json:5 invalid JSON',
        'compose.yaml:7 invalid YAML',
        'docker-bake.hcl:6 invalid HCL',
        "docker-compose.outside.yml:2 'escape'",
        "docker-compose.outside.yml:7 service 'inside'",
      ],
    );
  });

  it('survives a symlink loop, a link out of the root, a huge file and the entry limit', () => {
    const outside = tree({ 'compose.yaml': 'services:\n  x:\n    build: .\n' });
    const root = tree({
      'compose.yaml': 'services:\n  app:\n    build: .\n',
      'big/docker-compose.yml': `services:\n  big:\n    build: .\n# ${'x'.repeat(2 * 1024 * 1024)}\n`,
    });
    fs.symlinkSync(root, path.join(root, 'loop'));
    fs.symlinkSync(outside, path.join(root, 'elsewhere'));
    fs.symlinkSync(path.join(root, 'self'), path.join(root, 'self'));
    const all = new BuildConfigIndex(root).all();
    assert.deepEqual(
      all.configs.map((c) => c.source.name),
      ['app'],
    );
    assert.deepEqual(all.problems.map((p) => `${rel(root, p.file)} ${p.message}`).sort(), [
      'big/docker-compose.yml larger than 1024 KB; skipped',
      'loop symlink loop; skipped',
      'self link that loops or points nowhere; skipped',
    ]);
    const limited = new BuildConfigIndex(root, { limits: { maxEntries: 2 } }).all();
    assert.match(
      limited.problems.map((p) => p.message).join('\n'),
      /stopped looking for build files after 2 entries/,
    );
  });

  it('skips dependency and output folders and goes no deeper than the limit', () => {
    const root = tree({
      'node_modules/x/compose.yaml': 'services:\n  a:\n    build: .\n',
      'vendor/compose.yaml': 'services:\n  b:\n    build: .\n',
      'a/b/c/d/e/f/compose.yaml': 'services:\n  deep:\n    build: .\n',
      'a/b/c/d/e/f/g/compose.yaml': 'services:\n  deeper:\n    build: .\n',
      'a/b/c/d/build.sh': 'docker build .\n',
      'a/b/c/build.sh': 'docker build .\n',
    });
    const names = new BuildConfigIndex(root).all().configs.map((c) => c.source.name);
    assert.deepEqual(names, ['build.sh', 'deep']);
  });

  it('parses lazily, once, and again only for what a file event touched', () => {
    const root = tree({
      'compose.yaml':
        'services:\n  app:\n    build:\n      context: .\n      args:\n        V: ${V}\n',
      '.env': 'V=1\n',
      'docker-bake.hcl': 'target "t" {}\n',
    });
    const fsx = countingFs();
    const index = new BuildConfigIndex(root, { fs: fsx });
    assert.equal(fsx.reads.length, 0);
    assert.equal(index.configsFor(path.join(root, 'Dockerfile')).length, 2);
    const first = fsx.reads.length;
    index.all();
    assert.equal(fsx.reads.length, first, 'cached');
    assert.ok(index.affects(path.join(root, '.env')));
    assert.ok(index.affects(path.join(root, 'docker-compose.prod.yml')));
    assert.ok(!index.affects(path.join(root, 'src', 'main.go')));
    fs.writeFileSync(path.join(root, '.env'), 'V=2\n');
    index.invalidate(path.join(root, '.env'));
    assert.equal(index.all().configs.find((c) => c.source.kind === 'compose')!.args['V'], '2');
    assert.ok(
      !fsx.reads.slice(first).includes(path.join(root, 'docker-bake.hcl')),
      'bake not read again',
    );
    // A new build file is found after its event.
    writeFiles(root, { 'tools/compose.yaml': 'services:\n  tool:\n    build: .\n' });
    index.invalidate(path.join(root, 'tools', 'compose.yaml'));
    assert.deepEqual(
      index.all().configs.map((c) => c.source.name),
      ['app', 't', 'tool'],
    );
    // A deleted one is forgotten.
    fs.rmSync(path.join(root, 'docker-bake.hcl'));
    index.invalidate(path.join(root, 'docker-bake.hcl'));
    assert.deepEqual(
      index.all().configs.map((c) => c.source.name),
      ['app', 'tool'],
    );
  });
});
