// The server keeps what the disk said (file types, ignore-file text) across a burst of
// keystrokes. A file change the editor reports is seen at once; one it does not report (an editor
// without file watchers) within DISK_FACTS_MS (2 s) of the change.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { FileChangeType, type Diagnostic } from 'vscode-languageserver-protocol';
import { URI } from 'vscode-uri';
import { TestClient, codes } from '../helpers/lspClient';
import { tempTree } from '../helpers/tempTree';

const DOCKERFILE = 'FROM node:20-slim\nWORKDIR /app\nCOPY . .\nCMD ["node", "index.js"]\n';
const missing = (ds: Diagnostic[]) => codes(ds).includes('dockerignore-missing');

describe('disk facts kept across keystrokes', () => {
  const dirs: string[] = [];
  const client = new TestClient({ debounceMs: 0 });
  before(() => client.start());
  after(async () => {
    assert.equal(await client.stop(), 0);
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });

  function project(): { dir: string; uri: string } {
    const dir = tempTree('layerwise-disk-', { '.git/HEAD': 'ref\n', 'index.js': '' });
    dirs.push(dir);
    return { dir, uri: URI.file(path.join(dir, 'Dockerfile')).toString() };
  }

  it('a reported change is seen by the next analysis', async () => {
    const { dir, uri } = project();
    fs.writeFileSync(path.join(dir, 'Dockerfile'), DOCKERFILE);
    await client.open(uri, DOCKERFILE);
    assert.ok(missing(await client.current(uri)));
    const ignore = path.join(dir, '.dockerignore');
    fs.writeFileSync(ignore, '.git\nnode_modules\n');
    await client.filesChanged([{ uri: URI.file(ignore).toString(), type: FileChangeType.Created }]);
    await client.replace(uri, DOCKERFILE + '# edited\n');
    assert.ok(!missing(await client.current(uri)));
  });

  it('an unreported change is seen once the kept facts expire', async () => {
    const { dir, uri } = project();
    fs.writeFileSync(path.join(dir, 'Dockerfile'), DOCKERFILE);
    await client.open(uri, DOCKERFILE);
    assert.ok(missing(await client.current(uri)));
    fs.writeFileSync(path.join(dir, '.dockerignore'), '.git\nnode_modules\n');
    await new Promise((r) => setTimeout(r, 2100));
    await client.replace(uri, DOCKERFILE + '# edited\n');
    assert.ok(!missing(await client.current(uri)));
  });
});
