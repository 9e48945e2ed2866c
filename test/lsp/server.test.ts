import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { URI } from 'vscode-uri';
import { REPO, TestClient, codes, positionOf } from '../helpers/lspClient';
import { tempTree } from '../helpers/tempTree';

const guide = (name: string) => path.join(REPO, 'test', 'fixtures', 'guide', name);

function tempProject(files: Record<string, string>): string {
  return tempTree('layerwise-lsp-', files);
}

describe('language server over stdio', () => {
  const client = new TestClient();
  before(() => client.start());
  after(async () => assert.equal(await client.stop(), 0));

  it('publishes the guide findings for the "before" Python Dockerfile, each with a working fix', async () => {
    const file = path.join(guide('python-before'), 'Dockerfile');
    const uri = URI.file(file).toString();
    await client.open(uri, fs.readFileSync(file, 'utf8'));
    const diags = await client.current(uri);
    for (const id of ['copy-all-before-install', 'pip-no-cache-dir', 'full-base-image']) {
      assert.ok(codes(diags).includes(id), `${id} in ${codes(diags).join(', ')}`);
    }
    for (const id of ['copy-all-before-install', 'pip-no-cache-dir', 'full-base-image']) {
      const ds = await client.current(uri);
      const d = ds.find((x) => x.code === id)!;
      assert.ok(d, `${id} still reported before its fix`);
      assert.match(d.codeDescription!.href, new RegExp(`docs/rules/${id}\\.md$`));
      const [action] = await client.codeActions(uri, [d]);
      assert.ok(action?.edit, `${id} offers a fix`);
      await client.apply(uri, action.edit);
      const afterFix = await client.current(uri);
      assert.ok(!codes(afterFix).includes(id), `${id} gone after its fix`);
    }
    assert.equal(
      client.texts.get(uri)!.text,
      'FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY . .\nCMD ["python", "main.py"]\n',
    );
  });

  it('apt: --no-install-recommends and list cleanup fixes', async () => {
    const dir = tempProject({ Dockerfile: '', '.dockerignore': '.git\n' });
    const uri = URI.file(path.join(dir, 'Dockerfile')).toString();
    await client.open(uri, 'FROM debian:12\nRUN apt-get update && apt-get install -y curl\n');
    for (const id of ['apt-no-install-recommends', 'apt-lists-not-cleaned']) {
      const d = (await client.current(uri)).find((x) => x.code === id)!;
      assert.ok(d, id);
      const actions = await client.codeActions(uri, [d], ['quickfix']);
      await client.apply(uri, actions[0]!.edit!);
      assert.ok(!codes(await client.current(uri)).includes(id));
    }
    assert.equal(
      client.texts.get(uri)!.text,
      'FROM debian:12\nRUN apt-get update && apt-get install --no-install-recommends -y curl && rm -rf /var/lib/apt/lists/*\n',
    );
  });

  it('node: Insert cache mount produces the documented mount', async () => {
    const dir = tempProject({ 'package.json': '{}', '.dockerignore': 'node_modules\n' });
    const uri = URI.file(path.join(dir, 'Dockerfile')).toString();
    await client.open(uri, 'FROM node:20-slim\nRUN npm ci\n');
    const d = (await client.current(uri)).find((x) => x.code === 'missing-cache-mount')!;
    const action = (await client.codeActions(uri, [d])).find((a) =>
      a.title.startsWith('Insert cache mount'),
    )!;
    const text = await client.apply(uri, action.edit!);
    assert.match(text, /^RUN --mount=type=cache,target=\/root\/\.npm npm ci$/m);
    assert.ok(!codes(await client.current(uri)).includes('missing-cache-mount'));
  });

  it('refuses fixes computed for an older version', async () => {
    const uri = 'untitled:stale';
    await client.open(uri, 'FROM node:20\nRUN npm ci\n');
    const [d] = (await client.current(uri)).filter((x) => x.code === 'missing-cache-mount');
    await client.replace(uri, 'FROM node:20\nRUN npm ci\n# edited\n');
    assert.deepEqual(await client.codeActions(uri, [d!]), []);
  });

  it('hover on python:3.12 explains slim, alpine and distroless', async () => {
    const uri = 'untitled:hover';
    // Without the squiggles on FROM, whose hover would come first with a compact card.
    const text = '# layerwise ignore=full-base-image,root-user\nFROM python:3.12\nCOPY . .\n';
    await client.open(uri, text);
    await client.current(uri);
    const h = await client.hover(uri, positionOf(text, 'python:3.12', 3));
    const md = (h!.contents as { value: string }).value;
    assert.match(md, /python:3\.12-slim/);
    assert.match(md, /python:3\.12-alpine/);
    assert.match(md, /distroless/i);
  });

  it('hover on a finding explains its rule', async () => {
    const uri = 'untitled:hover-rule';
    const text = 'FROM debian:12-slim\nRUN apt-get install -y curl\n';
    await client.open(uri, text);
    await client.current(uri);
    const h = await client.hover(uri, positionOf(text, 'install', 2));
    assert.match((h!.contents as { value: string }).value, /apt-no-install-recommends/);
  });

  it('source.fixAll.layerwise applies every safe fix and only safe fixes', async () => {
    const uri = 'untitled:fixall';
    await client.open(
      uri,
      'FROM debian:12\nRUN apt-get update && apt-get install -y curl\nRUN pip install flask\n',
    );
    await client.current(uri);
    const [action] = await client.codeActions(uri, [], ['source.fixAll.layerwise']);
    const text = await client.apply(uri, action!.edit!);
    assert.equal(
      text,
      // --no-install-recommends is a suggestion: a recommended package may be what the build needs.
      'FROM debian:12\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\nRUN pip install --no-cache-dir flask\n',
    );
  });

  it('bad input gives a diagnostic or nothing, never a crash', async () => {
    const cases: [string, string][] = [
      ['untitled:binary', 'FROM a\u0000\u0001\u0002\uFFFD'],
      ['untitled:empty', ''],
      ['untitled:heredoc', 'FROM debian:12\nRUN <<EOF\napt-get install -y curl\n'],
      ['untitled:garbage', '\\\\\\\n`\n<<<<\n]]]]\nRUN \\'],
    ];
    for (const [uri, text] of cases) {
      await client.open(uri, text);
      await client.current(uri);
    }
    const binary = await client.current('untitled:binary');
    assert.equal(binary.length, 1);
    assert.match(String(binary[0]!.message), /binary/);
  });

  it('diagnostics update when the sibling .dockerignore appears on disk', async () => {
    const dir = tempProject({ 'package.json': '{}' });
    const uri = URI.file(path.join(dir, 'Dockerfile')).toString();
    await client.open(uri, 'FROM node:20-slim\nCOPY . .\n');
    assert.ok(codes(await client.current(uri)).includes('dockerignore-missing'));
    const ignoreUri = URI.file(path.join(dir, '.dockerignore')).toString();
    await client.open(ignoreUri, 'node_modules\n', 'dockerignore');
    await client.diagnostics(
      uri,
      (p) => !p.diagnostics.some((d) => d.code === 'dockerignore-missing'),
    );
  });
});

describe('language server settings', () => {
  it('a rule set to off disappears and a severity override applies', async () => {
    const client = new TestClient({
      debounceMs: 0,
      rules: { 'missing-cache-mount': 'off', 'pip-no-cache-dir': 'error' },
    });
    await client.start();
    const uri = 'untitled:settings';
    await client.open(uri, 'FROM python:3.12-slim\nRUN pip install flask\n');
    const ds = await client.current(uri);
    assert.ok(!codes(ds).includes('missing-cache-mount'));
    assert.equal(ds.find((d) => d.code === 'pip-no-cache-dir')!.severity, 1);
    assert.equal(await client.stop(), 0);
  });
});
