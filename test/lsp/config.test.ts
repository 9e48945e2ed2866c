import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  DidChangeWatchedFilesNotification,
  FileChangeType,
  type Diagnostic,
} from 'vscode-languageserver-protocol';
import { URI } from 'vscode-uri';
import { TestClient, codes } from '../helpers/lspClient';
import { tempTree } from '../helpers/tempTree';

const APT = 'apt-no-install-recommends';
const LISTS = 'apt-lists-not-cleaned';
const RUN = 'RUN apt-get update && apt-get install -y curl\n';

function project(files: Record<string, string>): string {
  return tempTree('layerwise-lspcfg-', files, { repository: true });
}

describe('language server: suppressions and project configuration', () => {
  const client = new TestClient();
  before(() => client.start());
  after(async () => assert.equal(await client.stop(), 0));

  const changed = (file: string, type: FileChangeType) =>
    client.connection.sendNotification(DidChangeWatchedFilesNotification.type, {
      changes: [{ uri: URI.file(file).toString(), type }],
    });

  it('`# hadolint ignore=DL3015` silences apt-no-install-recommends', async () => {
    const dir = project({ '.dockerignore': '.git\n' });
    const uri = URI.file(path.join(dir, 'Dockerfile')).toString();
    await client.open(uri, `FROM debian:12-slim\n# hadolint ignore=DL3015\n${RUN}${RUN}`);
    const ds = await client.current(uri);
    assert.equal(ds.filter((d) => d.code === APT).length, 1, codes(ds).join());
    assert.equal(ds.find((d) => d.code === APT)!.range.start.line, 3);
    assert.equal(ds.filter((d) => d.code === LISTS).length, 2);
  });

  it('a .layerwise.json written to disk turns a rule off without a restart, and back on', async () => {
    const dir = project({ '.dockerignore': '.git\n' });
    const uri = URI.file(path.join(dir, 'Dockerfile')).toString();
    await client.open(uri, `FROM debian:12-slim\n${RUN}`);
    assert.ok(codes(await client.current(uri)).includes(APT));
    const config = path.join(dir, '.layerwise.json');
    fs.writeFileSync(config, JSON.stringify({ rules: { [APT]: 'off', [LISTS]: 'error' } }));
    await changed(config, FileChangeType.Created);
    const off = await client.diagnostics(uri, (p) => !codes(p.diagnostics).includes(APT));
    assert.equal(off.find((d) => d.code === LISTS)!.severity, 1 /* Error */);
    fs.rmSync(config);
    await changed(config, FileChangeType.Deleted);
    await client.diagnostics(uri, (p) => codes(p.diagnostics).includes(APT));
  });

  it('a broken .layerwise.json: one diagnostic on the config file, defaults meanwhile, cleared when fixed', async () => {
    const dir = project({
      '.dockerignore': '.git\n',
      '.layerwise.json': `{ "rules": { "${APT}": "off" }`,
    });
    const config = path.join(dir, '.layerwise.json');
    const configUri = URI.file(config).toString();
    const uri = URI.file(path.join(dir, 'Dockerfile')).toString();
    await client.open(uri, `FROM debian:12-slim\n${RUN}`);
    assert.ok(codes(await client.current(uri)).includes(APT), 'defaults used');
    const problems = await client.diagnostics(configUri, (p) => p.diagnostics.length > 0);
    assert.equal(problems.length, 1);
    assert.match(String(problems[0]!.message), /not valid JSON/);
    assert.equal(problems[0]!.source, 'layerwise');
    fs.writeFileSync(config, `{ "rules": { "${APT}": "off" } }`);
    await changed(config, FileChangeType.Changed);
    await client.diagnostics(configUri, (p) => p.diagnostics.length === 0);
    await client.diagnostics(uri, (p) => !codes(p.diagnostics).includes(APT));
  });

  it('config `dockerfiles` context and `ignore` patterns apply in the editor', async () => {
    const dir = project({
      '.layerwise.json': JSON.stringify({
        ignore: ['vendor/'],
        dockerfiles: { 'docker/Dockerfile': { context: '.' } },
      }),
      'package.json': '{}',
      'package-lock.json': '{}',
    });
    const text = 'FROM node:20-slim\nCOPY package*.json ./\nRUN npm install\n';
    const uri = URI.file(path.join(dir, 'docker', 'Dockerfile')).toString();
    await client.open(uri, text);
    assert.ok(
      codes(await client.current(uri)).includes('npm-install-not-ci'),
      'lockfile seen in the context',
    );
    const vendored = URI.file(path.join(dir, 'vendor', 'x', 'Dockerfile')).toString();
    await client.open(vendored, `FROM debian:12-slim\n${RUN}`);
    assert.deepEqual(await client.current(vendored), []);
  });

  it('.hadolint.yaml applies when no .layerwise.json exists', async () => {
    const dir = project({ '.dockerignore': '.git\n', '.hadolint.yaml': 'ignored:\n  - DL3009\n' });
    const uri = URI.file(path.join(dir, 'Dockerfile')).toString();
    await client.open(uri, `FROM debian:12-slim\n${RUN}`);
    const ds = await client.current(uri);
    assert.ok(!codes(ds).includes(LISTS));
    assert.ok(codes(ds).includes(APT));
  });

  it('"Ignore <id> for this instruction" and "… in this file" are offered on every diagnostic and work', async () => {
    const dir = project({ '.dockerignore': '.git\n' });
    const uri = URI.file(path.join(dir, 'Dockerfile')).toString();
    await client.open(uri, `# syntax=docker/dockerfile:1\nFROM debian:12-slim\n  ${RUN}  ${RUN}`);
    const ds = await client.current(uri);
    for (const d of ds) {
      const titles = (await client.codeActions(uri, [d])).map((a) => a.title);
      assert.ok(
        titles.includes(`Ignore ${String(d.code)} for this instruction`),
        titles.join(' | '),
      );
      assert.ok(titles.includes(`Ignore ${String(d.code)} in this file`), titles.join(' | '));
    }
    const first = (list: Diagnostic[]) => list.find((d) => d.code === APT)!;
    const pick = async (title: string) => {
      const actions = await client.codeActions(
        uri,
        [first(await client.current(uri))],
        ['quickfix'],
      );
      return actions.find((a) => a.title === title)!;
    };
    let text = await client.apply(uri, (await pick(`Ignore ${APT} for this instruction`)).edit!);
    assert.equal(
      text,
      `# syntax=docker/dockerfile:1\nFROM debian:12-slim\n  # layerwise ignore=${APT}\n  ${RUN}  ${RUN}`,
    );
    let now = await client.current(uri);
    assert.equal(now.filter((d) => d.code === APT).length, 1);
    assert.equal(first(now).range.start.line, 4);
    text = await client.apply(uri, (await pick(`Ignore ${APT} in this file`)).edit!);
    assert.ok(
      text.startsWith(`# syntax=docker/dockerfile:1\n# layerwise global ignore=${APT}\n`),
      text,
    );
    now = await client.current(uri);
    assert.ok(!codes(now).includes(APT));
    assert.equal(now.filter((d) => d.code === LISTS).length, 2, 'other rules untouched');
  });
});

describe('language server: unused suppressions (setting)', () => {
  const client = new TestClient({ debounceMs: 0, reportUnusedSuppressions: true });
  before(() => client.start());
  after(async () => assert.equal(await client.stop(), 0));

  it('reports a `# layerwise ignore=` that suppresses nothing, with a removal fix', async () => {
    const dir = project({ '.dockerignore': '.git\n' });
    const uri = URI.file(path.join(dir, 'Dockerfile')).toString();
    await client.open(uri, `FROM debian:12-slim\n# layerwise ignore=pip-no-cache-dir\n${RUN}`);
    const d = (await client.current(uri)).find((x) => x.code === 'unused-suppression')!;
    assert.ok(d, 'reported');
    assert.match(d.codeDescription!.href, /#suppressions$/);
    const actions = await client.codeActions(uri, [d]);
    assert.ok(!actions.some((a) => a.title.startsWith('Ignore ')), 'no ignore of the ignore');
    const text = await client.apply(uri, actions[0]!.edit!);
    assert.equal(text, `FROM debian:12-slim\n${RUN}`);
    assert.ok(!codes(await client.current(uri)).includes('unused-suppression'));
  });
});
