// `layerwise check` on .dockerignore files: the same findings as in the editor.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { contextFromList } from '../../server/src/analysis/context';
import { lintDockerignore } from '../../server/src/engine/lintDockerignore';
import { buildModel } from '../../server/src/parse/model';
import { REPO } from '../helpers/lspClient';
import { tempTree } from '../helpers/tempTree';

const BIN = path.join(REPO, 'bin', 'layerwise.js');

function layerwise(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface JsonFinding {
  file: string;
  rule: string;
  line: number;
  column: number;
  message: string;
}

const temps: string[] = [];
function project(files: Record<string, string>): string {
  const dir = tempTree('layerwise-cli-ignore-', files);
  temps.push(dir);
  return dir;
}

const IGNORE = '!.env.example\n.env*\nnode_modules  # deps\n*.log\n*.log\n[oops\n';
const DOCKERFILE = 'FROM node:20-slim\nWORKDIR /app\nCOPY package.json .env.example ./\nCOPY . .\n';

describe('layerwise check on .dockerignore files', () => {
  after(() => {
    for (const d of temps) fs.rmSync(d, { recursive: true, force: true });
  });

  it('a folder: the ignore file’s own findings and the Dockerfile’s, as the engine reports them', () => {
    const files = {
      '.dockerignore': IGNORE,
      Dockerfile: DOCKERFILE,
      'package.json': '{}',
      '.env.example': 'A=\n',
      '.git/HEAD': 'ref\n',
    };
    const dir = project(files);
    const r = layerwise(['check', '--format', 'json', '.'], dir);
    assert.equal(r.code, 1, r.stderr);
    const found = JSON.parse(r.stdout) as JsonFinding[];
    const onIgnore = found
      .filter((f) => f.file === '.dockerignore')
      .map((f) => `${f.line}:${f.rule}`);
    // What the engine says given the same context and Dockerfile (the editor's path).
    const expected = lintDockerignore(IGNORE, {
      context: contextFromList('/ctx', Object.keys(files), {
        path: '/ctx/.dockerignore',
        text: IGNORE,
      }),
      dockerfiles: [buildModel(DOCKERFILE)],
    }).findings.map((f) => `${IGNORE.slice(0, f.start).split('\n').length}:${f.ruleId}`);
    assert.deepEqual(onIgnore, expected);
    for (const id of [
      'dockerignore-ineffective-negation',
      'dockerignore-comment-not-first',
      'dockerignore-duplicate',
      'dockerignore-invalid-pattern',
      'dockerignore-missing-entry',
    ])
      assert.ok(
        onIgnore.some((f) => f.endsWith(id)),
        `${id} in ${onIgnore.join(', ')}`,
      );
    // .env.example is excluded (the exception comes too early): the COPY is reported.
    const copied = found.find((f) => f.rule === 'dockerignore-excludes-copied');
    assert.equal(copied?.file, 'Dockerfile');
    assert.equal(copied?.line, 3);
    assert.equal(copied?.column, 'COPY package.json '.length + 1);
  });

  it('a .dockerignore named on the command line is checked on its own', () => {
    const dir = project({ '.dockerignore': '.git\n.git\n' });
    const r = layerwise(['check', '--format', 'json', '.dockerignore'], dir);
    const found = JSON.parse(r.stdout) as JsonFinding[];
    assert.deepEqual(
      found.map((f) => [f.file, f.rule, f.line]),
      [['.dockerignore', 'dockerignore-duplicate', 2]],
    );
    assert.equal(r.code, 0, 'a hint does not fail the run');
  });

  it('layerwise fix applies the safe .dockerignore fixes', () => {
    const dir = project({ '.dockerignore': '.git\n.git\n  # build output\ndist\n!x\nx\n' });
    const r = layerwise(['fix', '.dockerignore'], dir);
    // The moved negation is a suggestion: its warning is left for `--include-suggestions`.
    assert.equal(r.code, 1, r.stderr);
    assert.equal(
      fs.readFileSync(path.join(dir, '.dockerignore'), 'utf8'),
      '.git\n# build output\ndist\n!x\nx\n',
    );
  });

  it('--context: a per-Dockerfile ignore file filters the given context', () => {
    const dir = project({
      'docker/app.Dockerfile': 'FROM alpine:3.20\nCOPY src/main.py /app/\n',
      'docker/app.Dockerfile.dockerignore': '.git\n',
      'src/main.py': 'print(1)\n',
      '.git/HEAD': 'ref\n',
      'Cargo.toml': '',
    });
    const ignore = 'docker/app.Dockerfile.dockerignore';
    // With --context docker/: nothing there needs an entry.
    const own = JSON.parse(
      layerwise(['check', '--format', 'json', '--context', 'docker', ignore], dir).stdout,
    ) as JsonFinding[];
    assert.deepEqual(own, []);
    // Built from the repository root, `target` (Cargo.toml) is missing — given with --context,
    // and inferred without it (COPY src/main.py is found from the root, not from docker/).
    const inferred = JSON.parse(
      layerwise(['check', '--format', 'json', ignore], dir).stdout,
    ) as JsonFinding[];
    assert.deepEqual(
      inferred.map((f) => f.rule),
      ['dockerignore-missing-entry'],
    );
    const r = layerwise(['check', '--format', 'json', '--context', '.', ignore], dir);
    const found = JSON.parse(r.stdout) as JsonFinding[];
    assert.deepEqual(
      found.map((f) => f.rule),
      ['dockerignore-missing-entry'],
    );
    assert.match(found[0]!.message, /`target`/);
  });
});
