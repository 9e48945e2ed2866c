/**
 * The real server over stdio, treated badly: thousands of edits in a burst, requests with invalid
 * params, malformed frames, cancelled requests, a rule that throws, a rule that is too slow, and
 * every way of ending the session.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { buildSync } from 'esbuild';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic, Range } from 'vscode-languageserver-protocol';
import { lintDockerfile } from '../../server/src/engine/lint';
import { NASTY_TOKENS } from '../fuzz/arbitraries';
import { REPO, SERVER_BIN } from '../helpers/lspClient';
import { RawClient } from './fixtures/rawClient';

/** Bundles the test-only server entry (the real server plus a misbehaving rule). */
function testServer(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-robust-'));
  const outfile = path.join(dir, 'throwingServer.js');
  buildSync({
    entryPoints: [path.join(REPO, 'test', 'lsp', 'fixtures', 'throwingServer.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    outfile,
    logLevel: 'error',
  });
  return outfile;
}

/** Small deterministic PRNG (mulberry32), so a failing edit sequence can be replayed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SNIPPETS = [
  'RUN pip install flask\n',
  'RUN apt-get update && apt-get install -y curl\n',
  'FROM node:20 AS build\n',
  'COPY . .\n',
  'RUN <<EOF\nnpm ci\nEOF\n',
  'RUN npm ci \\\n  && npm run build\n',
  '# syntax=docker/dockerfile:1\n',
  'USER app\n',
];

const START =
  'FROM python:3.12\nWORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt\nCMD ["python", "main.py"]\n';

function key(doc: TextDocument, d: { code?: unknown; range: Diagnostic['range'] }): string {
  return `${String(d.code)}@${doc.offsetAt(d.range.start)}-${doc.offsetAt(d.range.end)}`;
}

describe('language server robustness (stdio)', () => {
  let fixtureServer: string;
  before(() => {
    fixtureServer = testServer();
  });

  it('after 2,000 rapid random edits it publishes diagnostics for the final version, and nothing older after them', async () => {
    const client = new RawClient(SERVER_BIN, [], { debounceMs: 0 });
    try {
      await client.initialize();
      const uri = 'untitled:robustness-1';
      let doc = TextDocument.create(uri, 'dockerfile', 1, START);
      await client.open(uri, START);
      const random = prng(20260601);
      const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
      for (let version = 2; version <= 2001; version++) {
        const text = doc.getText();
        const at = Math.floor(random() * (text.length + 1));
        const r = random();
        let change: { range?: Range; text: string };
        if (r < 0.02)
          change = { text: pick(SNIPPETS).repeat(1 + Math.floor(random() * 5)) }; // full text
        else if (r < 0.4 || text.length > 4000) {
          const end = Math.min(text.length, at + Math.floor(random() * 30));
          change = { range: { start: doc.positionAt(at), end: doc.positionAt(end) }, text: '' };
        } else {
          const t = random() < 0.5 ? pick(NASTY_TOKENS) : pick(SNIPPETS);
          change = { range: { start: doc.positionAt(at), end: doc.positionAt(at) }, text: t };
        }
        doc = TextDocument.update(doc, [change], version);
        void client.notify('textDocument/didChange', {
          textDocument: { uri, version },
          contentChanges: [change],
        });
      }
      const final = await client.diagnosticsFor(uri, 2001, 60_000);
      // Exactly what the engine finds on the text we hold: the server's copy followed every edit.
      const expected = lintDockerfile(doc.getText());
      const lines = TextDocument.create(uri, 'dockerfile', 0, doc.getText());
      assert.deepEqual(
        final.diagnostics.map((d) => key(lines, d)).sort(),
        [
          ...expected.notices.map((n) => `layerwise@${n.start}-${n.end}`),
          ...expected.findings.map((f) => `${f.ruleId}@${f.start}-${f.end}`),
        ].sort(),
      );
      // Give a stale analysis the chance to arrive late: none may.
      await new Promise((r) => setTimeout(r, 500));
      const mine = client.published.filter((p) => p.uri === uri);
      const versions = mine.map((p) => p.version ?? 0);
      assert.ok(
        versions.every((v, i) => i === 0 || v >= versions[i - 1]!),
        `versions published in order: ${versions.join(',')}`,
      );
      assert.equal(mine.at(-1)!.version, 2001);
      assert.ok(
        mine.length < 2001,
        `bursts are coalesced (${mine.length} publishes for 2001 versions)`,
      );
    } finally {
      client.kill();
    }
  });

  it('answers requests with invalid params with an error, survives junk notifications and frames, and keeps working', async () => {
    const client = new RawClient(SERVER_BIN, [], { debounceMs: 0 });
    try {
      await client.initialize();
      const uri = 'untitled:robustness-2';
      await client.open(uri, START);
      await client.diagnosticsFor(uri, 1);
      const bad: [string, unknown][] = [
        ['textDocument/hover', {}],
        ['textDocument/hover', null],
        ['textDocument/hover', [1, 2, 3]],
        ['textDocument/hover', { textDocument: { uri }, position: { line: -1, character: 1e9 } }],
        ['textDocument/hover', { textDocument: { uri: 42 }, position: 'x' }],
        ['textDocument/codeAction', { textDocument: { uri } }],
        [
          'textDocument/codeAction',
          { textDocument: { uri }, range: null, context: { diagnostics: [{}], only: [7] } },
        ],
        ['textDocument/codeLens', { textDocument: null }],
        ['layerwise/doesNotExist', {}],
      ];
      for (const [method, params] of bad) {
        const r = await client.request(method, params);
        // Either a clean error or a harmless answer; never silence, never a dead server.
        assert.ok(r.error !== undefined || 'result' in r, `${method} got a response`);
        if (r.error) assert.equal(typeof r.error.code, 'number');
      }
      assert.equal((await client.request('layerwise/doesNotExist', {})).error?.code, -32601);
      assert.equal((await client.request('textDocument/hover', [1, 2, 3])).error?.code, -32602);
      // Notifications cannot be answered: they must simply not kill the server.
      await client.notify('textDocument/didOpen', {});
      await client.notify('textDocument/didChange', {
        textDocument: { uri: 5 },
        contentChanges: 'x',
      });
      await client.notify('textDocument/didClose', null);
      await client.notify('workspace/didChangeConfiguration', {
        settings: { layerwise: { debounceMs: 'soon', rules: [1] } },
      });
      await client.notify('$/unknownNotification', { x: 1 });
      await client.open('file:///%zz/not%20a%20path', 'FROM python:3.12\n');
      await client.open('untitled:binary', 'FROM x\u0000\u0001\u0002');
      // A frame that is not JSON, then a valid request.
      client.writeRaw('Content-Length: 8\r\n\r\n{"broken');
      const hover = await client.request('textDocument/hover', {
        textDocument: { uri },
        position: { line: 0, character: 6 },
      });
      assert.equal(hover.error, undefined, 'hover still answered');
      await client.notify('textDocument/didChange', {
        textDocument: { uri, version: 2 },
        contentChanges: [{ text: 'FROM python:3.12\nRUN pip install flask\n' }],
      });
      const d = await client.diagnosticsFor(uri, 2);
      assert.ok(
        d.diagnostics.some((x) => x.code === 'pip-no-cache-dir'),
        'diagnostics still flow',
      );
      const binary = await client.diagnosticsFor('untitled:binary', 1);
      assert.equal(
        binary.diagnostics.length,
        1,
        'a binary file gets one notice and no rule findings',
      );
      assert.equal(client.proc.exitCode, null, `alive\n${client.stderr}`);
      assert.equal(await client.shutdownAndExit(), 0);
    } finally {
      client.kill();
    }
  });

  it('honours $/cancelRequest: a request cancelled before it runs gets RequestCancelled', async () => {
    const client = new RawClient(SERVER_BIN, [], { debounceMs: 0 });
    try {
      await client.initialize();
      const uri = 'untitled:robustness-3';
      await client.open(uri, START);
      await client.diagnosticsFor(uri, 1);
      const position = { line: 0, character: 6 };
      // Request and cancel arrive together, so the request is known to be cancelled when it runs.
      for (const [i, method, params] of [
        [1, 'textDocument/hover', { textDocument: { uri }, position }],
        [2, 'textDocument/codeLens', { textDocument: { uri } }],
        [
          3,
          'textDocument/codeAction',
          {
            textDocument: { uri },
            range: { start: position, end: position },
            context: { diagnostics: [], only: ['source.fixAll.layerwise'] },
          },
        ],
      ] as const) {
        const r = await client.requestCancelled(method, params, `cancel-${i}`);
        assert.equal(r.error?.code, -32800, `${method} cancelled (${JSON.stringify(r)})`);
      }
      // Not cancelled: answered normally.
      const ok = await client.request('textDocument/hover', { textDocument: { uri }, position });
      assert.equal(ok.error, undefined);
    } finally {
      client.kill();
    }
  });

  it('isolates a rule that throws: every other rule reports, the error is logged once with the rule id', async () => {
    const client = new RawClient(fixtureServer, ['--mode=throw'], { debounceMs: 0 });
    try {
      await client.initialize();
      const uri = 'untitled:robustness-4';
      // An application image (a program copied in and run): full-base-image judges it.
      const app = 'COPY app.py /app/\nCMD ["python", "/app/app.py"]\n';
      await client.open(uri, `FROM python:3.12\nRUN pip install flask\n${app}`);
      const first = await client.diagnosticsFor(uri, 1);
      const codes = first.diagnostics.map((d) => String(d.code));
      assert.ok(codes.includes('pip-no-cache-dir'), codes.join(', '));
      assert.ok(codes.includes('full-base-image'), codes.join(', '));
      assert.ok(!codes.includes('test-throws'));
      for (let v = 2; v <= 4; v++) {
        await client.notify('textDocument/didChange', {
          textDocument: { uri, version: v },
          contentChanges: [{ text: `FROM python:3.12\nRUN pip install flask${v}\n${app}` }],
        });
        await client.diagnosticsFor(uri, v);
      }
      const logged = client.logs.filter((l) => l.includes('test-throws'));
      assert.equal(logged.length, 1, client.logs.join('\n'));
      assert.match(logged[0]!, /boom from test-throws/);
      assert.equal(await client.shutdownAndExit(), 0);
    } finally {
      client.kill();
    }
  });

  it('stops a slow analysis at the time budget with one information notice', async () => {
    const client = new RawClient(fixtureServer, ['--mode=slow'], {
      debounceMs: 0,
      timeBudgetMs: 100,
    });
    try {
      await client.initialize();
      const uri = 'untitled:robustness-5';
      await client.open(uri, 'FROM python:3.12\nRUN pip install flask\n');
      const d = await client.diagnosticsFor(uri, 1);
      assert.equal(d.diagnostics.length, 1, JSON.stringify(d.diagnostics));
      const message = d.diagnostics[0]!.message;
      assert.match(typeof message === 'string' ? message : message.value, /time budget/);
      assert.equal(d.diagnostics[0]!.severity, 3, 'information');
    } finally {
      client.kill();
    }
  });

  it('shutdown then exit ends with code 0; exit without shutdown with code 1; a vanished client ends the server', async () => {
    const clean = new RawClient(SERVER_BIN, []);
    await clean.initialize();
    assert.equal(await clean.shutdownAndExit(), 0);

    const abrupt = new RawClient(SERVER_BIN, []);
    await abrupt.initialize();
    await abrupt.notify('exit');
    assert.equal(await abrupt.exited, 1);

    const orphan = new RawClient(SERVER_BIN, []);
    await orphan.initialize();
    orphan.proc.stdin!.end();
    const code = await Promise.race([
      orphan.exited,
      new Promise((r) => setTimeout(() => r('still running'), 10_000)),
    ]);
    orphan.kill();
    assert.notEqual(code, 'still running');
  });

  after(() => {
    if (fixtureServer) fs.rmSync(path.dirname(fixtureServer), { recursive: true, force: true });
  });
});
