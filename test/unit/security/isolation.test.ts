/**
 * The server and the CLI start no process, open no socket and read nothing outside the workspace
 * and build context: checked on the bundles (what code is in them and why it is unreachable) and at
 * run time under a `--require` hook that makes every such call throw and logs every path touched.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  IPCMessageReader,
  IPCMessageWriter,
  StreamMessageReader,
  StreamMessageWriter,
  createProtocolConnection,
  type ProtocolConnection,
} from 'vscode-languageserver-protocol/node';

/** What denyHook.ts writes on stderr (not imported: importing the hook would arm it here). */
const DENY_MARK = 'layerwise-deny:';

const REPO = path.resolve(__dirname, '..', '..', '..', '..');
const HOOK = path.join(__dirname, 'denyHook.js');
const CLI = path.join(REPO, 'bin', 'layerwise.js');
const SERVER = path.join(REPO, 'bin', 'layerwise-language-server.js');

/** Node built-ins that start processes, open sockets or run code elsewhere. */
const DANGEROUS = [
  'child_process',
  'net',
  'http',
  'https',
  'http2',
  'dgram',
  'tls',
  'dns',
  'worker_threads',
  'cluster',
  'inspector',
  'vm',
];

/**
 * Where the bundled server may contain such code, and why it never runs:
 * - vscode-languageserver's `Files.resolve*` helpers ask npm/yarn for global module folders. The
 *   server never imports `Files` (checked below), so `child_process` is never called.
 * - vscode-jsonrpc's node transport has `--pipe=NAME` and `--socket=PORT` modes, which connect to
 *   the named pipe or the 127.0.0.1 port the editor passes on the command line. The editor picks the
 *   transport; VS Code uses `--node-ipc`, other editors `--stdio`: neither touches `net`.
 */
const ALLOWED_IN_SERVER: Record<string, string[]> = {
  'node_modules/vscode-languageserver/lib/node/files.js': ['child_process'],
  'node_modules/vscode-jsonrpc/lib/node/main.js': ['net'],
};

const REQUIRE = /require\("(?:node:)?([a-z_0-9]+)"\)/g;

/** The bundle's modules by the `// path` comment esbuild writes before each one. */
function sections(bundle: string): { name: string; text: string }[] {
  const out: { name: string; text: string }[] = [];
  const header = /^\/\/ ((?:node_modules|server|shared|client)\/\S+)$/gm;
  let last = { name: '(bundle start)', at: 0 };
  for (const m of bundle.matchAll(header)) {
    out.push({ name: last.name, text: bundle.slice(last.at, m.index) });
    last = { name: m[1]!, at: m.index };
  }
  out.push({ name: last.name, text: bundle.slice(last.at) });
  return out;
}

function dangerousRequires(text: string): string[] {
  return [...text.matchAll(REQUIRE)].map((m) => m[1]!).filter((x) => DANGEROUS.includes(x));
}

function readBundle(name: string): string {
  const file = path.join(REPO, 'dist', name);
  assert.ok(fs.existsSync(file), `${file} missing: run npm run build first`);
  return fs.readFileSync(file, 'utf8');
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sourceFiles(p) : e.name.endsWith('.ts') ? [p] : [];
  });
}

describe('no process, no socket: the bundles', () => {
  it('dist/server.js has child_process and net only in the two library corners that never run', () => {
    const bundle = readBundle('server.js');
    const parts = sections(bundle);
    assert.ok(parts.length > 10, 'module comments present (non-minified build)');
    const found: string[] = [];
    for (const s of parts) {
      for (const mod of dangerousRequires(s.text)) {
        found.push(`${s.name}: ${mod}`);
        assert.ok(ALLOWED_IN_SERVER[s.name]?.includes(mod), `${s.name} requires ${mod}`);
      }
    }
    assert.deepEqual(
      found.sort(),
      Object.entries(ALLOWED_IN_SERVER)
        .flatMap(([n, ms]) => ms.map((m) => `${n}: ${m}`))
        .sort(),
    );
  });

  it('dist/engine.js (loaded by the server) and dist/cli.js require none of them', () => {
    assert.deepEqual(dangerousRequires(readBundle('engine.js')), []);
    assert.deepEqual(dangerousRequires(readBundle('cli.js')), []);
  });

  it('the sources import none of them, nor vscode-languageserver Files', () => {
    for (const f of [
      ...sourceFiles(path.join(REPO, 'server', 'src')),
      ...sourceFiles(path.join(REPO, 'shared', 'src')),
    ]) {
      const text = fs.readFileSync(f, 'utf8');
      for (const m of text.matchAll(/(?:from|require\()\s*['"](?:node:)?([a-z_0-9]+)['"]/g))
        assert.ok(!DANGEROUS.includes(m[1]!), `${path.relative(REPO, f)} imports ${m[1]}`);
      assert.ok(!/\bFiles\b[^\n]*from 'vscode-languageserver/.test(text), `${f} imports Files`);
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Run time

interface Workspace {
  root: string;
  ws: string;
  outside: string;
  app: string;
}

/** A workspace whose build context links out to a folder with a Dockerfile and a secret. */
function makeWorkspace(): Workspace {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-iso-'));
  const outside = path.join(root, 'outside');
  const ws = path.join(root, 'ws');
  const app = path.join(ws, 'app');
  fs.mkdirSync(outside, { recursive: true });
  fs.mkdirSync(app, { recursive: true });
  fs.writeFileSync(path.join(outside, 'Dockerfile'), 'FROM python:3.12\nRUN pip install secret\n');
  fs.writeFileSync(path.join(outside, 'secret.txt'), 'do not read\n');
  fs.writeFileSync(path.join(outside, 'ignore'), '*\n');
  fs.writeFileSync(
    path.join(app, 'Dockerfile'),
    'FROM python:3.12\nWORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt\nCOPY link-out/secret.txt /s\n',
  );
  fs.writeFileSync(path.join(app, 'requirements.txt'), 'flask\n');
  fs.symlinkSync(outside, path.join(app, 'link-out'));
  fs.symlinkSync(path.join(outside, 'Dockerfile'), path.join(app, 'Dockerfile.linked'));
  fs.symlinkSync(path.join(outside, 'ignore'), path.join(app, '.dockerignore'));
  fs.symlinkSync(path.join(outside, 'secret.txt'), path.join(app, 'requirements.lock'));
  return { root, ws, outside, app };
}

/** Paths the process touched, from the hook's log. */
function touched(log: string): { fn: string; p: string }[] {
  if (!fs.existsSync(log)) return [];
  return fs
    .readFileSync(log, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => {
      const [fn, p] = l.split('\t');
      return { fn: fn!, p: path.resolve(p!) };
    });
}

/** Calls that look at what a path points to (lstat and readlink look at the link itself). */
const FOLLOWING =
  /^(promises\.)?(open|readFile|stat|readdir|opendir|realpath|exists|access)(Sync)?$/;

function assertStayedInside(
  w: Workspace,
  log: string,
  stderr: string,
  explicit: string[] = [],
): void {
  assert.ok(!stderr.includes(DENY_MARK), stderr);
  const isOutside = (p: string) => p === w.outside || p.startsWith(`${w.outside}${path.sep}`);
  const real = (p: string) => {
    try {
      return fs.realpathSync(p);
    } catch {
      return p;
    }
  };
  const allowed = new Set(explicit.map((e) => path.resolve(w.ws, e)));
  // Where the call really lands: the OS follows links in every folder on the way, and in the last
  // component too unless the call is lstat or readlink.
  const lands = (t: { fn: string; p: string }) =>
    FOLLOWING.test(t.fn) ? real(t.p) : path.join(real(path.dirname(t.p)), path.basename(t.p));
  const out = touched(log).filter(
    (t) => isOutside(t.p) || (!allowed.has(t.p) && isOutside(lands(t))),
  );
  assert.deepEqual(
    out,
    [],
    'nothing outside the workspace was opened, listed or stat-ed, not even through a link',
  );
}

function runCli(
  w: Workspace,
  args: string[],
  input?: string,
): { status: number | null; stdout: string; stderr: string; log: string } {
  const log = path.join(w.root, `fs-${Date.now()}-${Math.random()}.log`);
  const r = spawnSync(process.execPath, ['--require', HOOK, CLI, ...args], {
    cwd: w.ws,
    input,
    encoding: 'utf8',
    env: { ...process.env, LAYERWISE_FS_LOG: log, NO_COLOR: '1' },
    timeout: 60_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, log };
}

describe('no process, no socket, no reading outside: at run time', () => {
  let w: Workspace;
  before(() => {
    w = makeWorkspace();
  });
  after(() => fs.rmSync(w.root, { recursive: true, force: true }));

  it('the hook works: a spawn under it throws and is reported', () => {
    const r = spawnSync(
      process.execPath,
      ['--require', HOOK, '-e', "require('child_process').spawnSync('true')"],
      { encoding: 'utf8' },
    );
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /layerwise-deny: child_process\.spawnSync/);
  });

  for (const args of [
    ['check', '.', '--format', 'json'],
    ['check', 'app', '--format', 'sarif'],
    ['check', 'app/Dockerfile', 'app/Dockerfile.linked'],
    ['fix', '--dry-run', '--include-suggestions', '.'],
  ]) {
    it(`layerwise ${args.join(' ')}`, () => {
      const r = runCli(w, args);
      assert.ok(r.status === 0 || r.status === 1, `status ${r.status}\n${r.stderr}`);
      // A file named on the command line is read even through a link: the user asked for it.
      assertStayedInside(
        w,
        r.log,
        r.stderr,
        args.filter((a) => a.startsWith('app/')),
      );
      if (args.includes('json'))
        assert.ok(Array.isArray(JSON.parse(r.stdout)) || typeof JSON.parse(r.stdout) === 'object');
    });
  }

  it('layerwise check - (stdin)', () => {
    const r = runCli(
      w,
      ['check', '-', '--stdin-filename', 'app/Dockerfile'],
      'FROM python:3.12\nRUN pip install flask\n',
    );
    assert.equal(r.status, 1, r.stderr);
    assertStayedInside(w, r.log, r.stderr);
  });

  for (const transport of ['--stdio', '--node-ipc'] as const) {
    it(`the language server over ${transport}: diagnostics, hover, lenses, fix-all, shutdown`, async () => {
      const log = path.join(w.root, `server${transport}.log`);
      const proc = spawn(process.execPath, ['--require', HOOK, SERVER, transport], {
        stdio: ['pipe', 'pipe', 'pipe', 'ipc'],
        env: { ...process.env, LAYERWISE_FS_LOG: log },
      });
      let stderr = '';
      proc.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
      const connection: ProtocolConnection =
        transport === '--stdio'
          ? createProtocolConnection(
              new StreamMessageReader(proc.stdout!),
              new StreamMessageWriter(proc.stdin!),
            )
          : createProtocolConnection(new IPCMessageReader(proc), new IPCMessageWriter(proc));
      const published = new Map<string, unknown[]>();
      let wake: () => void = () => undefined;
      connection.onNotification(
        'textDocument/publishDiagnostics',
        (p: { uri: string; diagnostics: unknown[] }) => {
          published.set(p.uri, p.diagnostics);
          wake();
        },
      );
      connection.onRequest('workspace/configuration', (p: { items: unknown[] }) =>
        p.items.map(() => ({ debounceMs: 0 })),
      );
      connection.onRequest('client/registerCapability', () => null);
      connection.onRequest('window/workDoneProgress/create', () => null);
      connection.listen();
      const exited = new Promise<number | null>((resolve) => proc.on('exit', (c) => resolve(c)));
      try {
        const wsUri = `file://${w.ws}`;
        await connection.sendRequest('initialize', {
          processId: process.pid,
          rootUri: wsUri,
          workspaceFolders: [{ uri: wsUri, name: 'ws' }],
          capabilities: { workspace: { configuration: true, workspaceFolders: true } },
        });
        await connection.sendNotification('initialized', {});
        const files = ['Dockerfile', 'Dockerfile.linked', '.dockerignore'];
        for (const f of files) {
          const p = path.join(w.app, f);
          // An editor may open a symlinked file: the server gets its text from the editor.
          await connection.sendNotification('textDocument/didOpen', {
            textDocument: {
              uri: `file://${p}`,
              languageId: f === '.dockerignore' ? 'dockerignore' : 'dockerfile',
              version: 1,
              text: fs.readFileSync(p, 'utf8'),
            },
          });
        }
        const uri = `file://${path.join(w.app, 'Dockerfile')}`;
        const deadline = Date.now() + 20_000;
        while (!published.has(uri) && Date.now() < deadline)
          await new Promise<void>((r) => ((wake = r), setTimeout(r, 500)));
        assert.ok(published.has(uri), `diagnostics published\n${stderr}`);
        const position = { line: 0, character: 7 };
        await connection.sendRequest('textDocument/hover', { textDocument: { uri }, position });
        await connection.sendRequest('textDocument/codeLens', { textDocument: { uri } });
        await new Promise((r) => setTimeout(r, 500)); // let a context scan started by the lens run
        await connection.sendRequest('textDocument/codeLens', { textDocument: { uri } });
        await connection.sendRequest('textDocument/codeAction', {
          textDocument: { uri },
          range: { start: position, end: position },
          context: { diagnostics: [], only: ['source.fixAll.layerwise'] },
        });
        await connection.sendRequest('shutdown');
        await connection.sendNotification('exit');
        assert.equal(await exited, 0, stderr);
        assertStayedInside(w, log, stderr);
      } finally {
        connection.dispose();
        if (proc.exitCode === null) proc.kill();
      }
    });
  }
});
