import {
  DidChangeConfigurationNotification,
  LSPErrorCodes,
  ResponseError,
  TextDocuments,
  type CancellationToken,
  type CodeAction,
  type CodeActionParams,
  type CodeLens,
  type Connection,
  type Hover,
  type HoverParams,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  DEFAULT_SETTINGS,
  SETTINGS_SECTION,
  type LayerwiseSettings,
} from '../../../shared/src/settings';
import { DocumentSettings } from './settings';
import { FIX_ALL_KIND } from '../../../shared/src/protocol';
import type { DockerfileRule } from '../rules/types';
import type { DocumentAnalysis, LanguageService } from '../service/types';
import { LineIndex } from '../parse/text';
import { SERVER_CAPABILITIES } from './capabilities';
import { diagnosticActions, fixAllAction, refactorActions } from './codeActions';
import { noticeDiagnostic, toDiagnostic, toRange } from './convert';
import { DocumentIndex, fsPathOf } from './documents';
import { Debouncer } from './scheduler';
import { EditorContextScans } from './scans';
import { ServerProject } from './project';
// Engine values come through engine(), loaded on first use: `initialize` is answered without it.
import { engine } from './lazyEngine';

interface Analysis extends DocumentAnalysis {
  settings: LayerwiseSettings;
}

/** A request the client cancelled gets the RequestCancelled error LSP asks for, not a late answer. */
async function honour<T>(token: CancellationToken, run: () => T | Promise<T>): Promise<T> {
  const cancelled = () => new ResponseError(LSPErrorCodes.RequestCancelled, 'Request cancelled');
  if (token.isCancellationRequested) throw cancelled();
  const result = await run();
  if (token.isCancellationRequested) throw cancelled();
  return result;
}

/**
 * LSP glue: documents, settings, scheduling, versions and conversion. What a document means is
 * the language service's business (service/), what the workspace says is ServerProject's.
 */
export class LayerwiseServer {
  private readonly documents = new TextDocuments(TextDocument);
  private readonly index = new DocumentIndex(this.documents);
  private readonly debouncer = new Debouncer();
  private readonly analyses = new Map<string, Analysis>();
  private readonly loggedErrors = new Set<string>();
  private readonly settings: DocumentSettings;
  private readonly scans: EditorContextScans;
  private readonly project: ServerProject;

  constructor(
    private readonly connection: Connection,
    /** `registry` replaces the Dockerfile rules (tests: a rule that throws). */
    options: { registry?: readonly DockerfileRule[] } = {},
  ) {
    this.scans = new EditorContextScans(connection);
    this.settings = new DocumentSettings(connection);
    this.project = new ServerProject(connection, this.documents, this.index, options.registry);
  }

  listen(): void {
    const c = this.connection;
    c.onInitialize((p) => this.initialize(p));
    c.onInitialized(() => {
      if (this.settings.pulls) {
        void c.client.register(DidChangeConfigurationNotification.type, {
          section: SETTINGS_SECTION,
        });
      }
      // Load the engine now, while the editor is still sending its first documents.
      setImmediate(() => {
        try {
          // The Debian package data too: decompressed on the thread pool, decoded once.
          engine()
            .prefetchAptData()
            .catch(() => undefined);
        } catch {
          // The first analysis loads it again and reports the failure.
        }
      });
    });
    c.onDidChangeConfiguration((p) => {
      this.settings.changed(p.settings);
      this.relintAll();
    });
    c.onDidChangeWatchedFiles((p) => {
      this.project.filesChanged(p.changes.map((ch) => fsPathOf(ch.uri)));
      // Context scans that may include the changed file are measured again when next asked.
      for (const change of p.changes) {
        const file = fsPathOf(change.uri);
        if (file) this.scans.invalidate(file);
      }
      this.relintAll();
    });
    c.onCodeAction((p, token) => honour(token, () => this.codeActions(p)));
    c.onHover((p, token) => honour(token, () => this.hover(p)));
    c.onCodeLens((p, token) => honour(token, () => this.codeLenses(p.textDocument.uri)));
    this.documents.onDidChangeContent((e) => this.changed(e.document));
    // What is on disk may differ once an editor opens, saves or closes a file.
    this.documents.onDidOpen(() => this.project.forgetDisk());
    this.documents.onDidSave(() => this.project.forgetDisk());
    this.documents.onDidClose((e) => {
      this.project.forgetDisk();
      this.debouncer.cancel(e.document.uri);
      const closed = this.analyses.get(e.document.uri);
      this.analyses.delete(e.document.uri);
      this.settings.forget(e.document.uri);
      void c.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
      this.relintRelated(e.document, closed);
    });
    this.documents.listen(c);
    c.listen();
  }

  private initialize(params: InitializeParams): InitializeResult {
    this.settings.initialize(params);
    const folders =
      params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
    this.project.workspaceFolders = folders.map(fsPathOf).filter((f): f is string => !!f);
    return {
      capabilities: SERVER_CAPABILITIES,
      serverInfo: { name: 'layerwise-language-server' },
    };
  }

  private serviceOf(doc: TextDocument): LanguageService {
    return engine().LANGUAGE_SERVICES[this.index.kindOf(doc)];
  }

  private changed(doc: TextDocument): void {
    this.relintRelated(doc, this.analyses.get(doc.uri));
    void this.settings.of(doc.uri).then((s) => {
      this.debouncer.schedule(doc.uri, s.debounceMs, () => void this.analyze(doc.uri));
    });
  }

  private relintAll(): void {
    for (const doc of this.documents.all()) this.changed(doc);
  }

  /**
   * An ignore file's text changes its Dockerfiles' findings (unsaved text counts), and a
   * Dockerfile's text changes its ignore file's (what it copies by name): re-analyse what reads it.
   */
  private relintRelated(doc: TextDocument, own: Analysis | undefined): void {
    const file = this.index.pathOf(doc);
    if (!file) return;
    for (const other of this.documents.all()) {
      if (other.uri === doc.uri) continue;
      const analysis = this.analyses.get(other.uri);
      const reads = analysis
        ? this.serviceOf(other).readsFile(analysis, file, this.project.hostFor(analysis.settings))
        : false;
      // The other way round too: a new ignore file's analysis names the Dockerfiles it serves.
      const read =
        own?.path !== undefined &&
        this.index.pathOf(other) !== undefined &&
        this.serviceOf(doc).readsFile(
          own,
          this.index.pathOf(other)!,
          this.project.hostFor(own.settings),
        );
      if (reads || read) this.debouncer.schedule(other.uri, 50, () => void this.analyze(other.uri));
    }
  }

  private async analyze(uri: string): Promise<void> {
    try {
      await this.analyzeNow(uri);
    } catch (error) {
      // Runs from timers: an exception here would be an unhandled rejection, which ends the process.
      this.logOnce(`analysis ${uri}`, `Analysis of ${uri} failed`, error);
    }
  }

  private async analyzeNow(uri: string): Promise<void> {
    const doc = this.documents.get(uri);
    if (!doc) return;
    // The document object is updated in place: keep the version, not the object, to compare.
    const version = doc.version;
    const settings = await this.settings.of(uri);
    const current = this.documents.get(uri);
    if (!current || current.version !== version) return; // a newer change is scheduled
    const previous = this.analyses.get(uri);
    const analysis = this.run(current, settings);
    this.analyses.set(uri, analysis);
    // Settings or a config file put the build context elsewhere: tell that folder's ignore file.
    if (previous && analysis.context.root !== previous.context.root)
      this.relintRelated(current, analysis);
    // Fixes that edit the ignore file carry offsets into the text the rules read.
    const ignore = analysis.context.ignoreFile;
    const otherText = (p: string) =>
      ignore && p === ignore.path
        ? { text: ignore.text, version: this.openVersion(p, ignore.text) }
        : undefined;
    const diagnostics = [
      ...analysis.notices.map((n) => noticeDiagnostic(analysis.lines, n)),
      ...analysis.findings.map((f) => toDiagnostic(analysis.lines, f, current.version, otherText)),
    ];
    // Not a registry rule: its explanation lives in the README's suppressions section.
    for (const d of diagnostics)
      if (d.code === engine().UNUSED_SUPPRESSION)
        d.codeDescription = { href: 'https://github.com/layerwise/layerwise#suppressions' };
    await this.connection.sendDiagnostics({ uri, version: current.version, diagnostics });
    await this.project.publishConfigProblems();
  }

  /** The version of the open editor holding this file with this text; null when not open. */
  private openVersion(fsPath: string, text: string): number | null {
    const doc = this.index.atPath(fsPath);
    return doc && doc.getText() === text ? doc.version : null;
  }

  private run(doc: TextDocument, settings: LayerwiseSettings): Analysis {
    const file = this.index.pathOf(doc);
    const input = { path: file, text: doc.getText(), version: doc.version };
    const host = this.project.hostFor(settings);
    const setup = this.project.fileSettings(file, settings);
    if (!settings.enable || !setup) {
      const lines = new LineIndex(input.text);
      const context = this.project.emptyContext();
      const kind = this.index.kindOf(doc);
      const empty = { findings: [], notices: [], errors: [] };
      return {
        kind,
        path: file,
        version: doc.version,
        text: input.text,
        lines,
        context,
        ...empty,
        settings,
      };
    }
    const previous = this.analyses.get(doc.uri);
    const analysis = this.serviceOf(doc).analyze(input, setup, host, previous);
    for (const e of analysis.errors)
      this.logOnce(e.ruleId, `Rule ${e.ruleId} failed and was skipped`, e.error);
    return { ...analysis, settings };
  }

  private logOnce(key: string, what: string, error: unknown): void {
    if (this.loggedErrors.has(key)) return;
    this.loggedErrors.add(key);
    const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
    this.connection.console.error(`${what}: ${detail}`);
  }

  private analysisOf(doc: TextDocument): Analysis {
    const cached = this.analyses.get(doc.uri);
    if (cached && cached.version === doc.version) return cached;
    return this.run(doc, DEFAULT_SETTINGS);
  }

  private async codeActions(params: CodeActionParams): Promise<CodeAction[]> {
    const doc = this.documents.get(params.textDocument.uri);
    if (!doc) return [];
    const only = params.context.only;
    const actions: CodeAction[] = [];
    if (only?.some((k) => FIX_ALL_KIND.startsWith(k) || k === FIX_ALL_KIND)) {
      const action = await this.fixAllAction(doc);
      if (action) actions.push(action);
      if (only.every((k) => k.startsWith('source'))) return actions;
    }
    const analysis = this.analysisOf(doc);
    const service = this.serviceOf(doc);
    actions.push(...diagnosticActions(doc, params, analysis, service));
    actions.push(...refactorActions(doc, params, analysis, service));
    return actions;
  }

  private async fixAllAction(doc: TextDocument): Promise<CodeAction | undefined> {
    const settings = await this.settings.of(doc.uri);
    const file = this.index.pathOf(doc);
    const setup = this.project.fileSettings(file, settings);
    if (!setup || !settings.enable) return undefined;
    const input = { path: file, text: doc.getText(), version: doc.version };
    const fixed = this.serviceOf(doc).fixAll(input, setup, this.project.hostFor(settings));
    return fixAllAction(doc, this.analysisOf(doc), fixed.text);
  }

  private async codeLenses(uri: string): Promise<CodeLens[]> {
    const doc = this.documents.get(uri);
    if (!doc) return [];
    const analysis = this.analysisOf(doc);
    if (!analysis.settings.enable) return [];
    const lenses = await this.serviceOf(doc).lenses(
      analysis,
      analysis.settings.codeLensMode,
      this.scans,
    );
    return lenses.map((l) => ({
      range: toRange(analysis.lines, l.start, l.end),
      command: { title: l.title, command: '', ...(l.tooltip ? { tooltip: l.tooltip } : {}) },
    }));
  }

  private async hover(params: HoverParams): Promise<Hover | null> {
    const doc = this.documents.get(params.textDocument.uri);
    if (!doc) return null;
    const analysis = this.analysisOf(doc);
    const offset = analysis.lines.offsetAt(params.position);
    const h = await this.serviceOf(doc).hover(analysis, offset, this.scans);
    if (!h) return null;
    return {
      contents: { kind: 'markdown', value: h.markdown },
      range: toRange(analysis.lines, h.start, h.end),
    };
  }
}
