// Suggested LSP test (test/lsp/): an open .dockerignore sees an open Dockerfile that
// layerwise.buildContexts builds from its folder, and not one built elsewhere. Fails on the
// server before this change (the ignore file was never re-analysed), passes after.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { URI } from 'vscode-uri';
import { TestClient } from '../helpers/lspClient';
import { tempTree } from '../helpers/tempTree';

const uriOf = (dir: string, name: string) => URI.file(path.join(dir, name)).toString();
const missing = (ds: { code?: unknown }[]) =>
  ds.filter((d) => d.code === 'dockerignore-missing-entry').length;

describe('.dockerignore: Dockerfiles built from its folder elsewhere', () => {
  const dir = tempTree('layerwise-cand-', {
    '.git/HEAD': 'ref\n',
    'package.json': '{}',
    'svc/x': '',
    'other/.git/HEAD': 'ref\n',
  });
  const client = new TestClient({ debounceMs: 0, buildContexts: { 'svc/Dockerfile': '.' } });
  before(() => client.start(URI.file(dir).toString()));
  after(async () => {
    assert.equal(await client.stop(), 0);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('svc/Dockerfile copying .git by name silences the .git entry; other/Dockerfile does not', async () => {
    const ignoreUri = uriOf(dir, '.dockerignore');
    await client.open(ignoreUri, 'node_modules\n', 'dockerignore');
    assert.equal(missing(await client.current(ignoreUri)), 1);
    await client.open(uriOf(dir, 'other/Dockerfile'), 'FROM alpine\nCOPY .git /g\n');
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(missing(await client.current(ignoreUri)), 1);
    await client.open(uriOf(dir, 'svc/Dockerfile'), 'FROM alpine\nCOPY .git /g\n');
    await client.diagnostics(ignoreUri, (p) => missing(p.diagnostics) === 0);
  });
});
