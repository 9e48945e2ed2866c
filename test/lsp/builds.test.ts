import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { URI } from 'vscode-uri';
import { TestClient, positionOf } from '../helpers/lspClient';
import { tempTree } from '../helpers/tempTree';

const FIXTURES = path.resolve(__dirname, '../../../test/fixtures/project');

/** A copy of a fixture tree (the test edits files in it). */
function copyOf(name: string): string {
  const files: Record<string, string> = {};
  const walk = (dir: string, rel: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(path.join(dir, e.name), r);
      else files[r] = fs.readFileSync(path.join(dir, e.name), 'utf8');
    }
  };
  walk(path.join(FIXTURES, name), '');
  return tempTree(`layerwise-builds-${name}-`, files);
}

describe('language server: how each image is built (compose, inference)', () => {
  const client = new TestClient({ debounceMs: 0, codeLens: 'minimal' });
  let root = '';
  before(async () => {
    root = copyOf('monorepo');
    await client.start(URI.file(root).toString());
  });
  after(async () => assert.equal(await client.stop(), 0));

  const uriOf = (rel: string) => URI.file(path.join(root, rel)).toString();
  const text = (rel: string) => fs.readFileSync(path.join(root, rel), 'utf8');

  it('a service built from the root with a target: its stages are used, the root context and ignore file apply', async () => {
    const rel = 'services/api/Dockerfile';
    await client.open(uriOf(rel), text(rel));
    const codes = (await client.current(uriOf(rel))).map((d) => d.code);
    assert.ok(!codes.includes('unused-stage'), codes.join(', '));
    // The root .dockerignore applies (context `.` from compose.yaml), so nothing says it is missing.
    assert.ok(!codes.includes('dockerignore-missing'), codes.join(', '));
    const h = await client.hover(uriOf(rel), positionOf(text(rel), 'FROM base AS runtime', 1));
    const md = (h!.contents as { value: string }).value;
    assert.match(
      md,
      /\*\*Build:\*\* Built by compose\.yaml › api: context `\.\.\/\.\.`, target `runtime`/,
    );
    const lenses = (await client.codeLenses(uriOf(rel))) ?? [];
    assert.ok(
      lenses.some((l) => /^Built by compose\.yaml › api/.test(l.command?.title ?? '')),
      lenses.map((l) => l.command?.title).join('\n'),
    );
  });

  it('a service whose only build is a dev target is a development image', async () => {
    const rel = 'services/web/Dockerfile';
    await client.open(uriOf(rel), text(rel));
    const codes = (await client.current(uriOf(rel))).map((d) => d.code);
    for (const id of ['root-user', 'build-tools-in-final-stage', 'npm-dev-dependencies'])
      assert.ok(!codes.includes(id), `${id} in ${codes.join(', ')}`);
  });

  it('an edit to the compose file re-analyses the Dockerfile it builds', async () => {
    const rel = 'services/api/Dockerfile';
    // The override stops building the `dev` target: nothing builds that stage any more.
    const compose = path.join(root, 'compose.override.yaml');
    fs.writeFileSync(
      compose,
      fs.readFileSync(compose, 'utf8').replace('target: dev', 'target: runtime'),
    );
    await client.filesChanged([{ uri: URI.file(compose).toString(), type: 2 }]);
    const after = await client.current(uriOf(rel), (ds) =>
      ds.some((d) => d.code === 'unused-stage'),
    );
    const stages = after
      .filter((d) => d.code === 'unused-stage')
      .map((d) => d.range.start.line + 1);
    assert.deepEqual(stages, [11], 'the dev stage (line 11) is built by nothing now');
  });
});

describe('language server: a context inferred from where the COPY sources are', () => {
  const client = new TestClient({ debounceMs: 0 });
  let root = '';
  before(async () => {
    root = copyOf('inference');
    await client.start(URI.file(root).toString());
  });
  after(async () => assert.equal(await client.stop(), 0));

  it('says so on the FROM, and reads manifests from the inferred root', async () => {
    const rel = 'services/api/Dockerfile';
    const t = fs.readFileSync(path.join(root, rel), 'utf8');
    const uri = URI.file(path.join(root, rel)).toString();
    await client.open(uri, t);
    await client.current(uri);
    const h = await client.hover(uri, positionOf(t, 'FROM', 1));
    const md = (h!.contents as { value: string }).value;
    assert.match(md, /Build context inferred: `\.\.\/\.\.`/);
    const lenses = (await client.codeLenses(uri)) ?? [];
    assert.ok(
      lenses.some((l) => /^Build context inferred/.test(l.command?.title ?? '')),
      lenses.map((l) => l.command?.title).join('\n'),
    );
    // One action records the choice: a .layerwise.json at the workspace root that says so.
    const at = positionOf(t, 'FROM', 1);
    const actions = await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: at, end: at },
      context: { diagnostics: [], only: ['refactor'] },
    });
    const record = (actions as { title: string; edit?: { documentChanges?: unknown[] } }[]).find(
      (a) => a.title.startsWith('Record the build context `.`'),
    );
    assert.ok(record, JSON.stringify(actions));
    const changes = record.edit!.documentChanges as {
      kind?: string;
      uri?: string;
      edits?: { newText: string }[];
    }[];
    assert.equal(changes[0]!.kind, 'create');
    assert.equal(changes[0]!.uri, URI.file(path.join(root, '.layerwise.json')).toString());
    assert.deepEqual(JSON.parse(changes[1]!.edits![0]!.newText), {
      dockerfiles: { 'services/api/Dockerfile': { context: '.' } },
    });
  });
});

describe('language server: the image role, shown and corrected without a suppression', () => {
  const client = new TestClient({ debounceMs: 0 });
  let root = '';
  before(async () => {
    root = tempTree('layerwise-role-', { 'app.py': 'print(1)\n' });
    await client.start(URI.file(root).toString());
  });
  after(async () => assert.equal(await client.stop(), 0));

  it('the FROM hover says the role and why; a role comment corrects it', async () => {
    const uri = URI.file(path.join(root, 'Dockerfile')).toString();
    const app = 'FROM python:3.12\nCOPY app.py /app/\nCMD ["python", "/app/app.py"]\n';
    await client.open(uri, app);
    const codes = (await client.current(uri)).map((d) => d.code);
    assert.ok(codes.includes('root-user'), codes.join(', '));
    const md = (await client.hover(uri, positionOf(app, 'FROM', 1)))!.contents as { value: string };
    assert.match(md.value, /\*\*Role:\*\* application/);
    // The maintainers publish it as a base image for others to build FROM.
    await client.replace(uri, `# layerwise role=base\n${app}`);
    const after = (await client.current(uri)).map((d) => d.code);
    assert.ok(!after.includes('root-user'), after.join(', '));
    const text = `# layerwise role=base\n${app}`;
    const md2 = (await client.hover(uri, positionOf(text, 'FROM', 1)))!.contents as {
      value: string;
    };
    assert.match(md2.value, /\*\*Role:\*\* base/);
  });
});
