import assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Hover } from 'vscode-languageserver-protocol';
import { URI } from 'vscode-uri';
import { TestClient, positionOf } from '../helpers/lspClient';
import { tempTree } from '../helpers/tempTree';

function tempProject(files: Record<string, string>): string {
  return tempTree('layerwise-hover-', files);
}

function markdown(h: Hover | null): string {
  assert.ok(h, 'a hover');
  const c = h.contents;
  assert.ok(typeof c === 'object' && 'kind' in c && c.kind === 'markdown', 'markdown contents');
  return c.value;
}

describe('hover and code lens over stdio', () => {
  const client = new TestClient();
  let dir = '';
  let n = 0;
  before(async () => {
    await client.start();
    dir = tempProject({
      'requirements.txt': 'flask\n',
      'main.py': 'print(1)\n',
      '.dockerignore': '.git\n',
    });
  });
  after(async () => assert.equal(await client.stop(), 0));

  /** Opens a Dockerfile and waits until the server has analysed it. */
  async function open(text: string): Promise<string> {
    const uri = URI.file(path.join(dir, `Dockerfile.${++n}`)).toString();
    await client.open(uri, text);
    await client.current(uri);
    return uri;
  }

  async function hoverOn(uri: string, text: string, needle: string, delta = 1): Promise<string> {
    return markdown(await client.hover(uri, positionOf(text, needle, delta)));
  }

  const IMAGES = [
    'FROM python:3.12 AS py',
    'FROM node:20-alpine AS web',
    'FROM golang:1.22 AS go',
    'FROM gcr.io/distroless/static:nonroot AS static',
    'FROM ubuntu AS os',
    'FROM scratch',
    'COPY --from=go /out /app',
    '',
  ].join('\n');

  const cases: [image: string, family: RegExp, alternatives: string[]][] = [
    ['python:3.12', /^\*\*Python/, ['`python:3.12-slim`', '`python:3.12-alpine`']],
    [
      'node:20-alpine',
      /^\*\*Node\.js/,
      ['`node:20-slim`', '`gcr.io/distroless/nodejs20-debian12`'],
    ],
    // `go` is a builder (scratch copies from it): its size does not ship, so no alternatives.
    ['golang:1.22', /^_Builder: its size does not ship/, []],
    ['gcr.io/distroless/static:nonroot', /^\*\*Google distroless\*\* · static/, ['`scratch`']],
    // The latest-tag squiggle on `ubuntu` comes first; the card under it is the compact one.
    ['ubuntu', /\*\*Ubuntu/m, []],
    ['scratch', /^\*\*scratch \(empty image\)/, ['`gcr.io/distroless/static-debian12:nonroot`']],
  ];
  for (const [image, family, alternatives] of cases) {
    it(`FROM ${image}: family and alternatives`, async () => {
      const uri = await open(IMAGES);
      const md = await hoverOn(uri, IMAGES, `FROM ${image}`, 6);
      assert.match(md, family);
      for (const alt of alternatives) assert.ok(md.includes(alt), `${image}: ${alt} in\n${md}`);
    });
  }

  it('FROM built from a global ARG is described as the resolved image', async () => {
    const text = 'ARG PY=3.12\nFROM python:${PY}-slim\nCMD ["python"]\n';
    const uri = await open(text);
    const md = await hoverOn(uri, text, 'python:${PY}', 2);
    assert.match(md, /^\*\*Python[^*]*\*\* · slim/);
    assert.ok(md.includes('_Resolved from `python:${PY}-slim`_'), md);
    assert.ok(md.includes('`python:3.12-alpine`'), md);
  });

  it('an unknown private image says so and shows the generic comparison', async () => {
    const text = 'FROM registry.example.com/team/app:1.0\nCMD ["app"]\n';
    const uri = await open(text);
    const md = await hoverOn(uri, text, 'registry.example.com');
    assert.ok(md.includes("not in Layerwise's base-image knowledge base"), md);
    assert.match(md, /\| Kind \| Typical size \| Notes \|/);
    assert.ok(md.includes('distroless'), md);
  });

  it('--mount=type=cache explains cache mounts and the options used', async () => {
    const text =
      'FROM node:20-slim\nRUN --mount=type=cache,target=/root/.npm,sharing=locked npm ci\n';
    const uri = await open(text);
    const h = await client.hover(uri, positionOf(text, 'type=cache', 2));
    const md = markdown(h);
    assert.match(md, /^\*\*`RUN --mount=type=cache`\*\* — mounts a directory that persists/);
    assert.match(md, /- `target` — where the mount appears/);
    assert.match(md, /- `sharing` — `shared` \(default\)/);
    assert.ok(
      md.includes('(https://docs.docker.com/reference/dockerfile/#run---mounttypecache)'),
      md,
    );
    // The range is the whole flag when the cursor is on `type=`.
    assert.deepEqual(h!.range!.start, positionOf(text, '--mount'));
  });

  it('COPY --link explains the independent layer', async () => {
    const text = 'FROM nginx:stable\nCOPY --link site/ /usr/share/nginx/html/\n';
    const uri = await open(text);
    const md = await hoverOn(uri, text, '--link', 3);
    assert.match(md, /^\*\*`COPY --link`\*\* — writes the files into an empty layer of their own/);
    assert.ok(md.includes('(https://docs.docker.com/reference/dockerfile/#copy---link)'), md);
  });

  it('the RUN keyword explains its cache key', async () => {
    const text = 'FROM debian:12\nRUN apt-get update\n';
    const uri = await open(text);
    const md = await hoverOn(uri, text, 'RUN');
    assert.match(md, /^\*\*`RUN`\*\*/);
    assert.match(md, /does not look at the files or downloads the command uses/);
  });

  it('code lens: cache invalidation above the instructions and the size estimate on FROM', async () => {
    const text = [
      'FROM python:3.12-slim',
      'WORKDIR /app',
      'COPY requirements.txt .',
      'RUN pip install --no-cache-dir -r requirements.txt',
      'COPY . .',
      'CMD ["python", "main.py"]',
      '',
    ].join('\n');
    // Every lens (`layerwise.codeLens: "all"`): the default shows only the ones a user acts on.
    const all = new TestClient({ debounceMs: 0, codeLens: 'all' });
    await all.start();
    const uri = URI.file(path.join(dir, 'Dockerfile.all')).toString();
    await all.open(uri, text);
    await all.current(uri);
    const lenses = (await all.codeLenses(uri)) ?? [];
    assert.equal(await all.stop(), 0);
    const byLine = lenses.map((l) => `${l.range.start.line + 1}: ${l.command?.title}`);
    assert.ok(
      byLine.includes('3: rebuilds when requirements.txt changes → 2 later steps re-run'),
      byLine.join('\n'),
    );
    assert.ok(
      byLine.includes('4: re-runs when requirements.txt changes → 1 later step re-runs'),
      byLine.join('\n'),
    );
    assert.ok(
      byLine.includes('5: rebuilds when any file under `.` changes → no later step re-runs'),
      byLine.join('\n'),
    );
    assert.ok(
      byLine.some((l) => /^1: Image on disk: ≥ \d+ MB \(not counted: .*\)$/.test(l)),
      byLine.join('\n'),
    );
  });

  it('code lenses can be turned off', async () => {
    const off = new TestClient({ debounceMs: 0, codeLens: false });
    await off.start();
    try {
      const uri = URI.file(path.join(dir, 'Dockerfile.off')).toString();
      await off.open(uri, 'FROM python:3.12-slim\nCOPY . .\nRUN pip install .\n');
      await off.current(uri);
      assert.deepEqual((await off.codeLenses(uri)) ?? [], []);
    } finally {
      assert.equal(await off.stop(), 0);
    }
  });
});
