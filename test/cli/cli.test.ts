import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { REPO } from '../helpers/lspClient';

const BIN = path.join(REPO, 'bin', 'layerwise.js');

function layerwise(args: string[], cwd = REPO) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface JsonFinding {
  file: string;
  rule: string;
  severity: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  fixable: boolean;
  message: string;
}

describe('layerwise check (CLI process)', () => {
  it('reports the guide rules on the right lines in JSON', () => {
    const r = layerwise(['check', '--format', 'json', 'test/fixtures/guide/python-before']);
    assert.equal(r.code, 1, r.stderr);
    const found = JSON.parse(r.stdout) as JsonFinding[];
    const at = (rule: string) => found.find((f) => f.rule === rule);
    assert.deepEqual(
      {
        line: at('full-base-image')!.line,
        column: at('full-base-image')!.column,
        endColumn: at('full-base-image')!.endColumn,
      },
      { line: 1, column: 6, endColumn: 17 },
    );
    assert.equal(at('copy-all-before-install')!.line, 3);
    assert.equal(at('pip-no-cache-dir')!.line, 4);
    assert.equal(at('missing-cache-mount')!.line, 4);
    assert.equal(at('dockerignore-missing')!.line, 3);
    for (const f of found) {
      assert.equal(f.file, path.join('test', 'fixtures', 'guide', 'python-before', 'Dockerfile'));
      assert.equal(typeof f.fixable, 'boolean');
      assert.ok(['error', 'warning', 'info', 'hint'].includes(f.severity));
    }
  });

  it('prints file:line:col severity rule message in text format', () => {
    const r = layerwise(['check', 'test/fixtures/guide/node-before/Dockerfile']);
    assert.equal(r.code, 1);
    assert.match(
      r.stdout,
      /^test\/fixtures\/guide\/node-before\/Dockerfile:3:1 warning copy-all-before-install /m,
    );
    assert.match(r.stderr, /problems? \(/);
  });

  it('exits 0 when nothing at warning or above is found', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-cli-'));
    fs.writeFileSync(
      path.join(dir, 'Dockerfile'),
      'FROM python:3.12-slim\nCOPY app.py .\nCMD ["python", "app.py"]\n',
    );
    const r = layerwise(['check', '--format', 'json', dir]);
    assert.equal(r.code, 0, r.stdout);
  });

  it('a file named explicitly is a Dockerfile whatever its name', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-cli-'));
    fs.writeFileSync(path.join(dir, 'build.txt'), 'FROM debian:12\nRUN apt-get install -y curl\n');
    const r = layerwise(['check', '--format', 'json', path.join(dir, 'build.txt')]);
    assert.ok(
      (JSON.parse(r.stdout) as JsonFinding[]).some((f) => f.rule === 'apt-no-install-recommends'),
    );
  });

  it('finds Dockerfile variants in folders and skips node_modules and .git', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-cli-'));
    for (const f of [
      'Dockerfile',
      'Dockerfile.dev',
      'api.Dockerfile',
      'Containerfile',
      'node_modules/x/Dockerfile',
      '.git/Dockerfile',
    ]) {
      fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
      fs.writeFileSync(path.join(dir, f), 'FROM node:20\nRUN npm ci\n');
    }
    const r = layerwise(['check', '--format', 'json', '.'], dir);
    const files = [...new Set((JSON.parse(r.stdout) as JsonFinding[]).map((f) => f.file))].sort();
    assert.deepEqual(files, ['Containerfile', 'Dockerfile', 'Dockerfile.dev', 'api.Dockerfile']);
  });

  it('--context changes where manifests are looked up', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-cli-'));
    fs.mkdirSync(path.join(dir, 'docker'));
    fs.writeFileSync(
      path.join(dir, 'docker', 'Dockerfile'),
      'FROM node:20\nCOPY . .\nRUN npm ci\n',
    );
    fs.writeFileSync(path.join(dir, 'package.json'), '{}');
    const withCtx = layerwise([
      'check',
      '--format',
      'json',
      '--context',
      dir,
      path.join(dir, 'docker', 'Dockerfile'),
    ]);
    assert.ok(
      (JSON.parse(withCtx.stdout) as JsonFinding[]).some((f) => f.rule === 'dockerignore-missing'),
    );
  });

  it('usage and I/O errors exit 2 with a message', () => {
    assert.equal(layerwise(['check']).code, 2);
    assert.equal(layerwise(['frobnicate']).code, 2);
    assert.equal(layerwise(['check', '--format', 'xml', '.']).code, 2);
    const missing = layerwise(['check', 'no/such/Dockerfile']);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /cannot read 'no\/such\/Dockerfile'/);
  });

  it('binary and empty files do not crash', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-cli-'));
    fs.writeFileSync(path.join(dir, 'Dockerfile'), Buffer.from([0, 1, 2, 255, 254, 0]));
    fs.writeFileSync(path.join(dir, 'Dockerfile.empty'), '');
    const r = layerwise(['check', '--format', 'json', dir]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /binary/);
  });
});
