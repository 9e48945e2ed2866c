import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type ProtocolConnection,
} from 'vscode-languageserver-protocol/node';
import {
  CodeActionRequest,
  CodeLensRequest,
  DidChangeWatchedFilesNotification,
  DidCloseTextDocumentNotification,
  type CodeLens,
  type FileEvent,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  HoverRequest,
  InitializeRequest,
  InitializedNotification,
  PublishDiagnosticsNotification,
  ShutdownRequest,
  type CodeAction,
  type Diagnostic,
  type Hover,
  type Position,
  type PublishDiagnosticsParams,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver-protocol';

export const REPO = path.resolve(__dirname, '..', '..', '..');
export const SERVER_BIN = path.join(REPO, 'bin', 'layerwise-language-server.js');

/** A small real LSP client: a spawned server over stdio, recording what it publishes. */
export class TestClient {
  readonly connection: ProtocolConnection;
  private readonly proc: ChildProcess;
  private readonly published = new Map<string, PublishDiagnosticsParams>();
  private readonly waiters: (() => void)[] = [];
  readonly texts = new Map<string, { text: string; version: number }>();
  /** `$/progress` values the server sent (work-done progress), in order. */
  readonly progress: {
    token: unknown;
    value: { kind: string; message?: string; title?: string };
  }[] = [];
  stderr = '';

  constructor(
    private readonly settings: Record<string, unknown> = { debounceMs: 0 },
    args: string[] = ['--stdio'],
  ) {
    this.proc = spawn(process.execPath, [SERVER_BIN, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.proc.stderr!.on('data', (d: Buffer) => (this.stderr += d.toString()));
    this.connection = createProtocolConnection(
      new StreamMessageReader(this.proc.stdout!),
      new StreamMessageWriter(this.proc.stdin!),
    );
    this.connection.onNotification(PublishDiagnosticsNotification.type, (p) => {
      this.published.set(p.uri, p);
      for (const w of this.waiters.splice(0)) w();
    });
    this.connection.onRequest('workspace/configuration', (p: { items: unknown[] }) =>
      p.items.map(() => this.settings),
    );
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.onRequest('window/workDoneProgress/create', () => null);
    this.connection.onNotification('$/progress', (p: TestClient['progress'][number]) => {
      this.progress.push(p);
    });
    this.connection.listen();
  }

  /** `rootUri`: the workspace folder (none by default). */
  async start(rootUri: string | null = null): Promise<void> {
    await this.connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri,
      ...(rootUri ? { workspaceFolders: [{ uri: rootUri, name: 'root' }] } : {}),
      capabilities: {
        workspace: {
          configuration: true,
          workspaceEdit: { documentChanges: true, resourceOperations: ['create'] },
        },
        window: { workDoneProgress: true },
      },
    });
    await this.connection.sendNotification(InitializedNotification.type, {});
  }

  async open(uri: string, text: string, languageId = 'dockerfile'): Promise<void> {
    this.texts.set(uri, { text, version: 1 });
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId, version: 1, text },
    });
  }

  async replace(uri: string, text: string): Promise<number> {
    const doc = this.texts.get(uri)!;
    const version = doc.version + 1;
    this.texts.set(uri, { text, version });
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version },
      contentChanges: [{ text }],
    });
    return version;
  }

  /** Waits (event-driven, with a timeout) until diagnostics for `uri` satisfy `pred`. */
  async diagnostics(
    uri: string,
    pred: (p: PublishDiagnosticsParams) => boolean = () => true,
    timeoutMs = 10000,
  ): Promise<Diagnostic[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const p = this.published.get(uri);
      if (p && pred(p)) return p.diagnostics;
      const left = deadline - Date.now();
      if (left <= 0)
        throw new Error(
          `timed out waiting for diagnostics of ${uri}; last: ${JSON.stringify(p?.diagnostics.map((d) => d.code))}\n${this.stderr}`,
        );
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  /** Diagnostics published for the document's current version. */
  current(uri: string, pred: (d: Diagnostic[]) => boolean = () => true): Promise<Diagnostic[]> {
    const version = this.texts.get(uri)!.version;
    return this.diagnostics(uri, (p) => p.version === version && pred(p.diagnostics));
  }

  codeActions(uri: string, diagnostics: Diagnostic[], only?: string[]): Promise<CodeAction[]> {
    const range = diagnostics[0]?.range ?? {
      start: { line: 0, character: 0 },
      end: { line: 0, character: 0 },
    };
    return this.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri },
      range,
      context: { diagnostics, ...(only ? { only } : {}) },
    }) as Promise<CodeAction[]>;
  }

  codeLenses(uri: string): Promise<CodeLens[] | null> {
    return this.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri } });
  }

  async close(uri: string): Promise<void> {
    this.texts.delete(uri);
    await this.connection.sendNotification(DidCloseTextDocumentNotification.type, {
      textDocument: { uri },
    });
  }

  /** Tells the server files changed on disk (what the client's file watcher does). */
  async filesChanged(changes: FileEvent[]): Promise<void> {
    await this.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes });
  }

  hover(uri: string, position: Position): Promise<Hover | null> {
    return this.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position });
  }

  /** Applies a workspace edit to our copy of the document and sends it as a change. */
  async apply(uri: string, edit: WorkspaceEdit): Promise<string> {
    const doc = this.texts.get(uri)!;
    const edits: TextEdit[] = [];
    for (const change of edit.documentChanges ?? []) {
      if ('textDocument' in change && change.textDocument.uri === uri) {
        if (change.textDocument.version !== null && change.textDocument.version !== doc.version) {
          throw new Error('stale edit');
        }
        edits.push(...(change.edits as TextEdit[]));
      }
    }
    edits.push(...(edit.changes?.[uri] ?? []));
    const text = applyTextEdits(doc.text, edits);
    await this.replace(uri, text);
    return text;
  }

  async stop(): Promise<number | null> {
    await this.connection.sendRequest(ShutdownRequest.type);
    await this.connection.sendNotification(ExitNotification.type);
    const code = await new Promise<number | null>((resolve) => {
      if (this.proc.exitCode !== null) resolve(this.proc.exitCode);
      else this.proc.on('exit', (c) => resolve(c));
    });
    this.connection.dispose();
    return code;
  }
}

export function offsetAt(text: string, pos: Position): number {
  const lines = text.split('\n');
  let off = 0;
  for (let i = 0; i < pos.line; i++) off += lines[i]!.length + 1;
  return off + pos.character;
}

export function applyTextEdits(text: string, edits: TextEdit[]): string {
  const sorted = edits
    .map((e) => ({
      s: offsetAt(text, e.range.start),
      e: offsetAt(text, e.range.end),
      t: e.newText,
    }))
    .sort((a, b) => b.s - a.s);
  let out = text;
  for (const e of sorted) out = out.slice(0, e.s) + e.t + out.slice(e.e);
  return out;
}

/** Position of the first occurrence of `needle` (plus `delta` characters). */
export function positionOf(text: string, needle: string, delta = 0): Position {
  const i = text.indexOf(needle);
  if (i < 0) throw new Error(`'${needle}' not found`);
  const before = text.slice(0, i + delta);
  const line = before.split('\n').length - 1;
  return { line, character: before.length - before.lastIndexOf('\n') - 1 };
}

export function codes(ds: Diagnostic[]): string[] {
  return ds.map((d) => String(d.code));
}
