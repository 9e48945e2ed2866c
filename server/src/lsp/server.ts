import * as path from 'node:path';
import {
  CodeActionKind,
  DidChangeConfigurationNotification,
  TextDocumentSyncKind,
  TextDocuments,
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
  normalizeSettings,
  type LayerwiseSettings,
} from '../../../shared/src/settings';
import { FIX_ALL_KIND } from '../../../shared/src/protocol';
import { fixAll } from '../engine/fixAll';
import { hoverAt } from '../engine/hovers';
import { lensesFor } from '../engine/lenses';
import type { BuildContext } from '../engine/context';
import { lintDockerfile, type LintResult, type RuleSetting } from '../engine/lint';
import { UNKNOWN_CONTEXT } from '../engine/context';
import { fsContext } from '../node/fsContext';
import { LineIndex } from '../parse/text';
import { isDiagnosticData, noticeDiagnostic, toCodeAction, toDiagnostic, toRange } from './convert';
import { Debouncer } from './scheduler';
import { documentKind, fsPathOf } from './documents';

interface Analysis {
  version: number;
  result: LintResult;
  lines: LineIndex;
  context: BuildContext;
  settings: LayerwiseSettings;
}

function ruleSettings(s: LayerwiseSettings): Record<string, RuleSetting> {
  const out: Record<string, RuleSetting> = {};
  for (const [id, v] of Object.entries(s.rules)) out[id] = v === 'information' ? 'info' : v;
  return out;
}

/** LSP glue: documents, settings, scheduling and conversion. Rule knowledge stays in the engine. */
export class LayerwiseServer {
  private readonly documents = new TextDocuments(TextDocument);
  private readonly debouncer = new Debouncer();
  private readonly analyses = new Map<string, Analysis>();
  private readonly settingsCache = new Map<string, Promise<LayerwiseSettings>>();
  private readonly loggedErrors = new Set<string>();
  private hasConfiguration = false;
  private initSettings: unknown;

  constructor(private readonly connection: Connection) {}

  listen(): void {
    const c = this.connection;
    c.onInitialize((p) => this.initialize(p));
    c.onInitialized(() => {
      if (this.hasConfiguration) {
        void c.client.register(DidChangeConfigurationNotification.type, {
          section: SETTINGS_SECTION,
        });
      }
    });
    c.onDidChangeConfiguration((p) => {
      this.settingsCache.clear();
      if (!this.hasConfiguration)
        this.initSettings = (p.settings as Record<string, unknown> | undefined)?.[SETTINGS_SECTION];
      this.relintAll();
    });
    c.onDidChangeWatchedFiles(() => this.relintAll());
    c.onCodeAction((p) => this.codeActions(p));
    c.onHover((p) => this.hover(p));
    c.onCodeLens((p) => this.codeLenses(p.textDocument.uri));
    this.documents.onDidChangeContent((e) => this.changed(e.document));
    this.documents.onDidClose((e) => {
      this.debouncer.cancel(e.document.uri);
      this.analyses.delete(e.document.uri);
      this.settingsCache.delete(e.document.uri);
      void c.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
      if (documentKind(e.document) === 'dockerignore') this.relintDockerfiles();
    });
    this.documents.listen(c);
    c.listen();
  }

  private initialize(params: InitializeParams): InitializeResult {
    this.hasConfiguration = !!params.capabilities.workspace?.configuration;
    this.initSettings = (params.initializationOptions as Record<string, unknown> | undefined)?.[
      'settings'
    ];
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        hoverProvider: true,
        codeLensProvider: { resolveProvider: false },
        codeActionProvider: {
          codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.RefactorRewrite, FIX_ALL_KIND],
          resolveProvider: false,
        },
      },
      serverInfo: { name: 'layerwise-language-server' },
    };
  }

  private settingsFor(uri: string): Promise<LayerwiseSettings> {
    let s = this.settingsCache.get(uri);
    if (!s) {
      s = this.hasConfiguration
        ? this.connection.workspace
            .getConfiguration({ scopeUri: uri, section: SETTINGS_SECTION })
            .then(normalizeSettings, () => DEFAULT_SETTINGS)
        : Promise.resolve(normalizeSettings(this.initSettings));
      this.settingsCache.set(uri, s);
    }
    return s;
  }

  private changed(doc: TextDocument): void {
    if (documentKind(doc) === 'dockerignore') this.relintDockerfiles();
    void this.settingsFor(doc.uri).then((s) => {
      this.debouncer.schedule(doc.uri, s.debounceMs, () => void this.analyze(doc.uri));
    });
  }

  private relintAll(): void {
    for (const doc of this.documents.all()) this.changed(doc);
  }

  private relintDockerfiles(): void {
    for (const doc of this.documents.all()) {
      if (documentKind(doc) === 'dockerfile')
        this.debouncer.schedule(doc.uri, 50, () => void this.analyze(doc.uri));
    }
  }

  private overlay = (fsPath: string): string | undefined => {
    for (const doc of this.documents.all()) if (fsPathOf(doc.uri) === fsPath) return doc.getText();
    return undefined;
  };

  private async analyze(uri: string): Promise<void> {
    const doc = this.documents.get(uri);
    if (!doc) return;
    const settings = await this.settingsFor(uri);
    const current = this.documents.get(uri);
    if (!current || current.version !== doc.version) return; // a newer change is scheduled
    const analysis = this.run(current, settings);
    this.analyses.set(uri, analysis);
    const diagnostics = [
      ...analysis.result.notices.map((n) => noticeDiagnostic(analysis.lines, n)),
      ...analysis.result.findings.map((f) => toDiagnostic(analysis.lines, f, current.version)),
    ];
    await this.connection.sendDiagnostics({ uri, version: current.version, diagnostics });
  }

  private run(doc: TextDocument, settings: LayerwiseSettings): Analysis {
    const text = doc.getText();
    const lines = new LineIndex(text);
    const empty: LintResult = { findings: [], notices: [], errors: [], model: undefined };
    const file = fsPathOf(doc.uri);
    const context = file ? fsContext(file, path.dirname(file), this.overlay) : UNKNOWN_CONTEXT;
    if (!settings.enable || documentKind(doc) === 'dockerignore') {
      return { version: doc.version, result: empty, lines, context, settings };
    }
    const result = lintDockerfile(text, {
      context,
      rules: ruleSettings(settings),
      maxChars: settings.maxFileSizeMB * 1024 * 1024,
    });
    for (const e of result.errors) this.logRuleError(e.ruleId, e.error);
    return { version: doc.version, result, lines, context, settings };
  }

  private logRuleError(ruleId: string, error: unknown): void {
    if (this.loggedErrors.has(ruleId)) return;
    this.loggedErrors.add(ruleId);
    const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
    this.connection.console.error(`Rule ${ruleId} failed and was skipped: ${detail}`);
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
    const wantsFixAll = only?.some((k) => FIX_ALL_KIND.startsWith(k) || k === FIX_ALL_KIND);
    if (wantsFixAll) {
      const fixAllAction = await this.fixAllAction(doc);
      if (fixAllAction) actions.push(fixAllAction);
      if (only?.every((k) => k.startsWith('source'))) return actions;
    }
    for (const d of params.context.diagnostics) {
      if (!isDiagnosticData(d.data) || d.data.version !== doc.version) continue; // stale: refuse
      for (const fix of d.data.fixes) {
        if (
          only &&
          !only.some((k) => fix.kind.startsWith(k) || (k === 'quickfix' && fix.kind === 'quickfix'))
        )
          continue;
        actions.push(toCodeAction(doc.uri, doc.version, fix, d));
      }
    }
    return actions;
  }

  private async fixAllAction(doc: TextDocument): Promise<CodeAction | undefined> {
    if (documentKind(doc) !== 'dockerfile') return undefined;
    const settings = await this.settingsFor(doc.uri);
    const file = fsPathOf(doc.uri);
    const context = file ? fsContext(file, path.dirname(file), this.overlay) : UNKNOWN_CONTEXT;
    const text = doc.getText();
    const result = fixAll(
      text,
      (t) => lintDockerfile(t, { context, rules: ruleSettings(settings) }).findings,
    );
    if (result.text === text) return undefined;
    const lines = new LineIndex(text);
    // One edit over the changed span keeps the client's undo step whole.
    let s = 0;
    while (s < text.length && s < result.text.length && text[s] === result.text[s]) s++;
    let e = 0;
    while (
      e < text.length - s &&
      e < result.text.length - s &&
      text[text.length - 1 - e] === result.text[result.text.length - 1 - e]
    )
      e++;
    return {
      title: 'Fix all safe Layerwise problems',
      kind: FIX_ALL_KIND,
      edit: {
        documentChanges: [
          {
            textDocument: { uri: doc.uri, version: doc.version },
            edits: [
              {
                range: toRange(lines, s, text.length - e),
                newText: result.text.slice(s, result.text.length - e),
              },
            ],
          },
        ],
      },
    };
  }

  private codeLenses(uri: string): CodeLens[] {
    const doc = this.documents.get(uri);
    if (!doc || documentKind(doc) !== 'dockerfile') return [];
    const analysis = this.analysisOf(doc);
    const model = analysis.result.model;
    if (!model || !analysis.settings.codeLens) return [];
    const ctx = { model, findings: analysis.result.findings, context: analysis.context };
    return lensesFor(ctx).map((l) => ({
      range: toRange(analysis.lines, l.start, l.end),
      command: { title: l.title, command: '' },
    }));
  }

  private hover(params: HoverParams): Hover | null {
    const doc = this.documents.get(params.textDocument.uri);
    if (!doc || documentKind(doc) !== 'dockerfile') return null;
    const analysis = this.analysisOf(doc);
    const model = analysis.result.model;
    if (!model) return null;
    const ctx = { model, findings: analysis.result.findings, context: analysis.context };
    const h = hoverAt(ctx, analysis.lines.offsetAt(params.position));
    if (!h) return null;
    return {
      contents: { kind: 'markdown', value: h.markdown },
      range: toRange(analysis.lines, h.start, h.end),
    };
  }
}
