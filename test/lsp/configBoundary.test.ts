/**
 * The language server reads only the project it analyses: a `.layerwise.json` from the workspace
 * cannot move a build context (and so the size lens, hovers and "Create .dockerignore") to a folder
 * outside it, and a config file that is a link out of it is not read. Over the real server.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { FileChangeType } from 'vscode-languageserver-protocol';
import { URI } from 'vscode-uri';
import { TestClient } from '../helpers/lspClient';

const DOCKERFILE = 'FROM python:3.12-slim\nCOPY . .\n';

/** `<top>/ws` (a repository) and `<top>/outside` holding 50 files and a JSON file. */
function setup(): { ws: string; outside: string } {
  const top = fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-lspbound-'));
  const ws = path.join(top, 'ws');
  const outside = path.join(top, 'outside');
  fs.mkdirSync(path.join(ws, '.git'), { recursive: true });
  fs.mkdirSync(path.join(outside, 'keys'), { recursive: true });
  for (let i = 0; i < 50; i++) fs.writeFileSync(path.join(outside, 'keys', `k${i}`), 'secret');
  fs.writeFileSync(path.join(outside, 'config.json'), '{"auths": {}, "credsStore": "desktop"}');
  fs.writeFileSync(path.join(ws, 'Dockerfile'), DOCKERFILE);
  return { ws, outside };
}

describe('language server: a workspace config cannot point outside the workspace', () => {
  const client = new TestClient();
  const tops: string[] = [];
  before(() => client.start());
  after(async () => {
    assert.equal(await client.stop(), 0);
    for (const t of tops) fs.rmSync(t, { recursive: true, force: true });
  });

  const sizeLens = async (uri: string): Promise<string> => {
    const lenses = (await client.codeLenses(uri)) ?? [];
    const lens = lenses.find((l) => l.command?.title.startsWith('Build context'));
    assert.ok(lens, JSON.stringify(lenses));
    return lens.command!.title;
  };

  it('`"context": "../outside"`: a warning on the value, the Dockerfile folder measured instead', async () => {
    const { ws } = setup();
    tops.push(path.dirname(ws));
    const config = path.join(ws, '.layerwise.json');
    const text = '{ "dockerfiles": { "Dockerfile": { "context": "../outside" } } }\n';
    fs.writeFileSync(config, text);
    const uri = URI.file(path.join(ws, 'Dockerfile')).toString();
    await client.open(uri, DOCKERFILE);
    await client.current(uri);
    const problems = await client.diagnostics(URI.file(config).toString(), (p) =>
      p.diagnostics.some((d) => /outside the repository/.test(String(d.message))),
    );
    assert.equal(problems.length, 1);
    const at = text.indexOf('"../outside"');
    assert.deepEqual(problems[0]!.range, {
      start: { line: 0, character: at },
      end: { line: 0, character: at + '"../outside"'.length },
    });
    assert.equal(problems[0]!.severity, 2 /* Warning */);
    // Dockerfile and .layerwise.json: not the 51 files outside.
    assert.match(await sizeLens(uri), /^Build context: 2 files,/);
    // The quick fix creates the ignore file in the workspace, not outside.
    const ds = await client.current(uri);
    const missing = ds.filter((d) => d.code === 'dockerignore-missing');
    const actions = await client.codeActions(uri, missing);
    const create = actions.find((a) => a.title === 'Create .dockerignore');
    assert.ok(create, actions.map((a) => a.title).join());
    const created = (create.edit?.documentChanges ?? []).find((c) => 'kind' in c);
    assert.deepEqual(
      created && 'uri' in created ? created.uri : undefined,
      URI.file(path.join(ws, '.dockerignore')).toString(),
    );

    // Fixed in the file: the problem goes away.
    fs.writeFileSync(config, '{ "dockerfiles": { "Dockerfile": { "context": "." } } }\n');
    await client.filesChanged([{ uri: URI.file(config).toString(), type: FileChangeType.Changed }]);
    await client.diagnostics(URI.file(config).toString(), (p) => p.diagnostics.length === 0);
    await client.close(uri);
  });

  it('a .layerwise.json linked to a file outside: not read, one error, nothing of it shown', async () => {
    const { ws, outside } = setup();
    tops.push(path.dirname(ws));
    const config = path.join(ws, '.layerwise.json');
    fs.symlinkSync(path.join(outside, 'config.json'), config);
    const uri = URI.file(path.join(ws, 'Dockerfile')).toString();
    await client.open(uri, DOCKERFILE);
    await client.current(uri);
    const problems = await client.diagnostics(
      URI.file(config).toString(),
      (p) => p.diagnostics.length > 0,
    );
    assert.equal(problems.length, 1);
    assert.match(
      String(problems[0]!.message),
      /^Not read: \.layerwise\.json leads outside the repository/,
    );
    assert.doesNotMatch(JSON.stringify(problems), /auths|credsStore/);
    await client.close(uri);
  });
});
