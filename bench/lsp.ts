/**
 * LSP measurements against the bundled server over stdio, as an editor runs it:
 *   node lsp.js start   <server.js> <runs>      spawn → initialize result, vs `node -e 0`
 *   node lsp.js latency <server.js> <workdir>   didChange → publishDiagnostics, debounce 0
 *   node lsp.js memory  <server.js> <workdir>   RSS with 500 documents open
 * Prints one JSON line.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type ProtocolConnection,
} from 'vscode-languageserver-protocol/node';
import {
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializeRequest,
  InitializedNotification,
  PublishDiagnosticsNotification,
  ShutdownRequest,
  type TextDocumentContentChangeEvent,
} from 'vscode-languageserver-protocol';
import { generateCorpus, longFile, rng, type CorpusFile } from './corpus';
import { median, now, percentile } from './harness';

const SETTINGS = { debounceMs: 0 };

class Client {
  readonly proc: ChildProcess;
  readonly conn: ProtocolConnection;
  private readonly waiters = new Map<string, { version: number; resolve: () => void }>();
  readonly published = new Map<string, number>();
  readonly versions = new Map<string, number>();
  lastPublish = now();

  constructor(serverJs: string) {
    // BENCH_SERVER_NODE_ARGS: extra Node flags for the server (`--cpu-prof` when profiling).
    const nodeArgs = (process.env['BENCH_SERVER_NODE_ARGS'] ?? '').split(' ').filter(Boolean);
    this.proc = spawn(process.execPath, [...nodeArgs, serverJs, '--stdio'], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.proc.stderr!.resume();
    this.conn = createProtocolConnection(
      new StreamMessageReader(this.proc.stdout!),
      new StreamMessageWriter(this.proc.stdin!),
    );
    this.conn.onNotification(PublishDiagnosticsNotification.type, (p) => {
      this.lastPublish = now();
      this.published.set(p.uri, p.version ?? -1);
      const w = this.waiters.get(p.uri);
      if (w && p.version === w.version) {
        this.waiters.delete(p.uri);
        w.resolve();
      }
    });
    this.conn.onRequest('workspace/configuration', (p: { items: unknown[] }) =>
      p.items.map(() => SETTINGS),
    );
    this.conn.onRequest('client/registerCapability', () => null);
    this.conn.listen();
  }

  async initialize(): Promise<void> {
    await this.conn.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: null,
      capabilities: { workspace: { configuration: true } },
    });
    await this.conn.sendNotification(InitializedNotification.type, {});
  }

  /** Resolves when diagnostics for `version` of `uri` arrive. */
  published$(uri: string, version: number): Promise<void> {
    if (this.published.get(uri) === version) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`no diagnostics for ${uri}@${version}`)), 120000);
      this.waiters.set(uri, {
        version,
        resolve: () => {
          clearTimeout(t);
          resolve();
        },
      });
    });
  }

  open(uri: string, text: string, languageId = 'dockerfile'): Promise<void> {
    return this.conn.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId, version: 1, text },
    });
  }

  change(uri: string, version: number, changes: TextDocumentContentChangeEvent[]): Promise<void> {
    return this.conn.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version },
      contentChanges: changes,
    });
  }

  /** Resident set size of the server process in MB (Linux /proc, else `ps`). */
  rssMB(): { rss: number; peak: number } {
    const pid = this.proc.pid!;
    try {
      const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
      const kb = (k: string) => Number(new RegExp(`^${k}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? 0);
      return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
    } catch {
      const out = execFileSync('ps', ['-o', 'rss=', '-p', String(pid)]);
      const rss = Number(String(out).trim()) / 1024;
      return { rss, peak: rss };
    }
  }

  async stop(): Promise<void> {
    try {
      await Promise.race([
        this.conn.sendRequest(ShutdownRequest.type),
        new Promise((r) => setTimeout(r, 2000)),
      ]);
      await this.conn.sendNotification(ExitNotification.type);
    } catch {
      // The process is killed below either way.
    }
    // Give it time to exit by itself (a CPU profile is written on exit), then make sure.
    await Promise.race([
      new Promise((r) => this.proc.once('exit', r)),
      new Promise((r) => setTimeout(r, 10000)),
    ]);
    this.proc.kill();
    this.conn.dispose();
  }
}

// ----------------------------------------------------------------------------------------------

async function start(serverJs: string, runs: number): Promise<unknown> {
  const spawnExit = (args: string[]) =>
    new Promise<number>((resolve) => {
      const t = now();
      const p = spawn(process.execPath, args, { stdio: 'ignore' });
      p.on('exit', () => resolve(now() - t));
    });
  const serverInit = async () => {
    const t = now();
    const c = new Client(serverJs);
    await c.conn.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: null,
      capabilities: {},
    });
    const dt = now() - t;
    c.proc.kill();
    c.conn.dispose();
    await new Promise((r) => c.proc.once('exit', r));
    return dt;
  };
  const bare: number[] = [];
  const server: number[] = [];
  await spawnExit(['-e', '0']); // the first spawn pays for the disk cache
  await serverInit();
  // Interleaved, so a noisy neighbour hurts both sides alike.
  for (let i = 0; i < runs; i++) {
    bare.push(await spawnExit(['-e', '0']));
    server.push(await serverInit());
  }
  return { bareMs: median(bare), serverMs: median(server), bare, server };
}

// ----------------------------------------------------------------------------------------------

function writeProject(dir: string, file: CorpusFile): string {
  fs.mkdirSync(dir, { recursive: true });
  for (const p of file.context) {
    if (p === 'Dockerfile' || p === '.dockerignore') continue;
    const abs = path.join(dir, p);
    // An entry with entries under it (`src` for `src/main`) is a folder.
    if (file.context.some((q) => q.startsWith(`${p}/`))) fs.mkdirSync(abs, { recursive: true });
    else {
      fs.mkdirSync(path.dirname(abs), { recursive: true });
      if (!fs.existsSync(abs)) fs.writeFileSync(abs, '');
    }
  }
  if (file.ignore !== undefined) fs.writeFileSync(path.join(dir, '.dockerignore'), file.ignore);
  const df = path.join(dir, 'Dockerfile');
  fs.writeFileSync(df, file.text);
  return pathToFileURL(df).toString();
}

/** The Dockerfile closest to the corpus median size: what "a typical file" means here. */
export function typicalFile(): CorpusFile {
  const files = generateCorpus().filter((f) => f.kind === 'dockerfile' && !f.text.includes('\r'));
  const m = median(files.map((f) => f.text.length));
  return files.reduce((a, b) =>
    Math.abs(b.text.length - m) < Math.abs(a.text.length - m) ? b : a,
  );
}

interface Series {
  p50: number;
  p99: number;
  max: number;
  n: number;
}

function series(xs: number[]): Series {
  return { p50: median(xs), p99: percentile(xs, 99), max: Math.max(...xs), n: xs.length };
}

/**
 * One-character edits at seeded random places, each undone by the next edit, so the text stays
 * the original give or take one character. `mode` full sends the whole text each time.
 */
async function editLoop(
  c: Client,
  uri: string,
  original: string,
  mode: 'full' | 'char',
  count: number,
  seed: number,
): Promise<number[]> {
  const random = rng(seed);
  const lineStarts = [0];
  for (let i = 0; i < original.length; i++) if (original[i] === '\n') lineStarts.push(i + 1);
  let text = original;
  let version = c.versions.get(uri) ?? 1;
  const times: number[] = [];
  let pending: { offset: number } | undefined;
  for (let i = 0; i < count; i++) {
    let change: TextDocumentContentChangeEvent;
    const posOf = (offset: number) => {
      let lo = 0;
      let hi = lineStarts.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (lineStarts[mid]! <= offset) lo = mid;
        else hi = mid - 1;
      }
      return { line: lo, character: offset - lineStarts[lo]! };
    };
    if (!pending) {
      // Insert a letter somewhere on a random line (the line starts stay those of the original).
      const line = Math.floor(random() * (lineStarts.length - 1));
      const start = lineStarts[line]!;
      const end = (lineStarts[line + 1] ?? original.length + 1) - 1;
      const offset = start + Math.floor(random() * Math.max(1, end - start));
      text = text.slice(0, offset) + 'x' + text.slice(offset);
      const p = posOf(offset);
      change = mode === 'full' ? { text } : { range: { start: p, end: p }, text: 'x' };
      pending = { offset };
    } else {
      const { offset } = pending;
      text = text.slice(0, offset) + text.slice(offset + 1);
      const p = posOf(offset);
      change =
        mode === 'full'
          ? { text }
          : { range: { start: p, end: { line: p.line, character: p.character + 1 } }, text: '' };
      pending = undefined;
    }
    version++;
    const done = c.published$(uri, version);
    const t = now();
    await c.change(uri, version, [change]);
    await done;
    times.push(now() - t);
  }
  c.versions.set(uri, version);
  if (text !== original) throw new Error('edit loop did not restore the text');
  return times;
}

async function latency(serverJs: string, workdir: string): Promise<unknown> {
  const typical = typicalFile();
  const big: CorpusFile = {
    name: 'big/Dockerfile',
    kind: 'dockerfile',
    text: longFile(10000),
    context: ['package.json', 'package-lock.json', 'requirements.txt', 'go.mod', 'go.sum'],
  };
  const c = new Client(serverJs);
  await c.initialize();
  const out: Record<string, unknown> = {
    typicalFile: { name: typical.name, lines: typical.text.split('\n').length },
  };
  for (const [label, file, counts] of [
    ['typical', typical, { warm: 20, n: 300 }],
    ['10k', big, { warm: 6, n: 120 }],
  ] as const) {
    const uri = writeProject(path.join(workdir, `latency-${label}`), file);
    const opened = c.published$(uri, 1);
    const t = now();
    await c.open(uri, file.text);
    await opened;
    out[`${label}:open`] = now() - t;
    await editLoop(c, uri, file.text, 'char', counts.warm, 1);
    for (const mode of ['full', 'char'] as const) {
      const times = await editLoop(c, uri, file.text, mode, counts.n, mode === 'full' ? 2 : 3);
      out[`${label}:${mode}`] = series(times);
    }
  }
  await c.stop();
  return out;
}

// ----------------------------------------------------------------------------------------------

async function memory(serverJs: string, workdir: string): Promise<unknown> {
  const c = new Client(serverJs);
  await c.initialize();
  await new Promise((r) => setTimeout(r, 300));
  const idle = c.rssMB();
  const files = generateCorpus(420, 77).slice(0, 500);
  const uris: string[] = [];
  for (const f of files) {
    const dir = path.join(workdir, 'memory', path.dirname(f.name));
    let uri: string;
    if (f.kind === 'dockerfile') uri = writeProject(dir, f);
    else {
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, '.dockerignore'), f.text);
      uri = pathToFileURL(path.join(dir, '.dockerignore')).toString();
    }
    uris.push(uri);
    await c.open(uri, f.text, f.kind);
  }
  // Wait until every document has been analysed and the server has gone quiet.
  const t = now();
  while (uris.some((u) => !c.published.has(u)) || now() - c.lastPublish < 1000) {
    if (now() - t > 120000) throw new Error('documents were not all analysed');
    await new Promise((r) => setTimeout(r, 100));
  }
  const open = c.rssMB();
  await c.stop();
  return {
    documents: uris.length,
    dockerfiles: files.filter((f) => f.kind === 'dockerfile').length,
    idleRssMB: idle.rss,
    rssMB: open.rss,
    peakRssMB: open.peak,
  };
}

async function main(): Promise<void> {
  const [task, serverJs, arg] = process.argv.slice(2);
  if (!task || !serverJs) throw new Error('usage: lsp.js start|latency|memory <server.js> <arg>');
  let result: unknown;
  if (task === 'start') result = await start(serverJs, Number(arg ?? 15));
  else if (task === 'latency') result = await latency(serverJs, arg!);
  else if (task === 'memory') result = await memory(serverJs, arg!);
  else throw new Error(`unknown task ${task}`);
  process.stdout.write(JSON.stringify(result) + '\n');
  process.exit(0);
}

void main().catch((e: unknown) => {
  process.stderr.write(`${(e as Error)?.stack ?? String(e)}\n`);
  process.exit(1);
});
