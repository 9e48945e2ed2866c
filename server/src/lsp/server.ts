import * as path from 'node:path';
import {
  CodeActionKind,
  DiagnosticSeverity,
  DidChangeConfigurationNotification,
  LSPErrorCodes,
  ResponseError,
  TextDocumentSyncKind,
  TextDocuments,
  type CancellationToken,
  type CodeAction,
  type CodeActionParams,
  type CodeLens,
  type Connection,
  type Diagnostic,
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
import { DIAGNOSTIC_SOURCE, FIX_ALL_KIND } from '../../../shared/src/protocol';
import { URI } from 'vscode-uri';
import type { ConfigLoader, ConfigSource } from '../config/load';
import type { BuildContext } from '../analysis/context';
import type { DockerfileRule } from '../rules/types';
import type { LintResult, RuleSetting } from '../engine/lint';
import { LineIndex } from '../parse/text';
import { isDiagnosticData, noticeDiagnostic, toCodeAction, toDiagnostic, toRange } from './convert';
import { contextFromSetting } from './buildContexts';
import { ContextFeatures } from './contextFeatures';
import type { ContextSummary } from '../analysis/contextSummary';
import type { DiskFacts } from '../disk/diskFacts';
import { Debouncer } from './scheduler';
import { DocumentIndex, fsPathOf } from './documents';
// Engine values come through engine(), loaded on first use: `initialize` is answered without it.
import { engine } from './lazyEngine';

const DISK_FACTS_MS = 2000;

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

const CONFIG_SEVERITY = { error: DiagnosticSeverity.Error, warning: DiagnosticSeverity.Warning };

/** A request the client cancelled gets the RequestCancelled error LSP asks for, not a late answer. */
async function honour<T>(token: CancellationToken, run: () => T | Promise<T>): Promise<T> {
  const cancelled = () => new ResponseError(LSPErrorCodes.RequestCancelled, 'Request cancelled');
  if (token.isCancellationRequested) throw cancelled();
  const result = await run();
  if (token.isCancellationRequested) throw cancelled();
  return result;
}

/** An "Ignore …" code action: one comment edit in the document, at the version it was made for. */
function ignoreAction(
  doc: TextDocument,
  lines: LineIndex,
  d: Diagnostic,
  title: string,
  edit: { start: number; end: number; newText: string },
): CodeAction {
  return {
    title,
    kind: CodeActionKind.QuickFix,
    diagnostics: [d],
    edit: {
      documentChanges: [
        {
          textDocument: { uri: doc.uri, version: doc.version },
          edits: [{ range: toRange(lines, edit.start, edit.end), newText: edit.newText }],
        },
      ],
    },
  };
}

/** LSP glue: documents, settings, scheduling and conversion. Rule knowledge stays in the engine. */
export class LayerwiseServer {
  private readonly documents = new TextDocuments(TextDocument);
  private readonly index = new DocumentIndex(this.documents);
  private readonly debouncer = new Debouncer();
  private readonly analyses = new Map<string, Analysis>();
  private readonly settingsCache = new Map<string, Promise<LayerwiseSettings>>();
  private readonly loggedErrors = new Set<string>();
  private hasConfiguration = false;
  private initSettings: unknown;
  /** `.layerwise.json` / `.hadolint.yaml` lookups, with and without the hadolint fallback. */
  private loaders: { hadolint: ConfigLoader; plain: ConfigLoader } | undefined;
  private get configLoaders(): { hadolint: ConfigLoader; plain: ConfigLoader } {
    const { ConfigLoader } = engine();
    this.loaders ??= {
      // A discovered config and the contexts it names stay inside the workspace folder.
      hadolint: new ConfigLoader({ hadolint: true, roots: () => this.workspaceFolders }),
      plain: new ConfigLoader({ hadolint: false, roots: () => this.workspaceFolders }),
    };
    return this.loaders;
  }
  /** Config files whose problems are published, with what was published. */
  private readonly configDiagnostics = new Map<string, string>();
  /** Workspace folder paths (for `layerwise.buildContexts`). */
  private workspaceFolders: string[] = [];
  private readonly contextFeatures: ContextFeatures;

  constructor(
    private readonly connection: Connection,
    /** `registry` replaces the Dockerfile rules (tests: a rule that throws). */
    private readonly options: { registry?: readonly DockerfileRule[] } = {},
  ) {
    this.contextFeatures = new ContextFeatures(connection);
  }

  listen(): void {
    const c = this.connection;
    c.onInitialize((p) => this.initialize(p));
    c.onInitialized(() => {
      if (this.hasConfiguration) {
        void c.client.register(DidChangeConfigurationNotification.type, {
          section: SETTINGS_SECTION,
        });
      }
      // Load the engine now, while the editor is still sending its first documents.
      setImmediate(() => {
        try {
          engine();
        } catch {
          // The first analysis loads it again and reports the failure.
        }
      });
    });
    c.onDidChangeConfiguration((p) => {
      this.settingsCache.clear();
      if (!this.hasConfiguration)
        this.initSettings = (p.settings as Record<string, unknown> | undefined)?.[SETTINGS_SECTION];
      this.relintAll();
    });
    c.onDidChangeWatchedFiles((p) => {
      this.forgetDisk();
      // A .layerwise.json or .hadolint.yaml may have changed: read them again.
      this.loaders?.hadolint.clear();
      this.loaders?.plain.clear();
      // Context scans that may include the changed file are measured again when next asked.
      for (const change of p.changes) {
        const file = fsPathOf(change.uri);
        if (file) this.contextFeatures.invalidate(file);
      }
      this.relintAll();
    });
    c.onCodeAction((p, token) => honour(token, () => this.codeActions(p)));
    c.onHover((p, token) => honour(token, () => this.hover(p)));
    c.onCodeLens((p, token) => honour(token, () => this.codeLenses(p.textDocument.uri)));
    this.documents.onDidChangeContent((e) => this.changed(e.document));
    // What is on disk may differ once an editor opens, saves or closes a file.
    this.documents.onDidOpen(() => this.forgetDisk());
    this.documents.onDidSave(() => this.forgetDisk());
    this.documents.onDidClose((e) => {
      this.forgetDisk();
      this.debouncer.cancel(e.document.uri);
      this.analyses.delete(e.document.uri);
      this.settingsCache.delete(e.document.uri);
      void c.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
      this.relintRelated(e.document);
    });
    this.documents.listen(c);
    c.listen();
  }

  private initialize(params: InitializeParams): InitializeResult {
    this.hasConfiguration = !!params.capabilities.workspace?.configuration;
    const folders =
      params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
    this.workspaceFolders = folders.map(fsPathOf).filter((f): f is string => !!f);
    // Accept `{settings: {…}}` and `{settings: {layerwise: {…}}}`, the shape didChangeConfiguration uses.
    const init = (params.initializationOptions as Record<string, unknown> | undefined)?.[
      'settings'
    ];
    this.initSettings =
      init && typeof init === 'object' && SETTINGS_SECTION in init
        ? (init as Record<string, unknown>)[SETTINGS_SECTION]
        : init;
    return {
      capabilities: {
        textDocumentSync: {
          openClose: true,
          change: TextDocumentSyncKind.Incremental,
          // Only to know that the disk changed (cached disk facts are dropped).
          save: { includeText: false },
        },
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
    this.relintRelated(doc);
    void this.settingsFor(doc.uri).then((s) => {
      this.debouncer.schedule(doc.uri, s.debounceMs, () => void this.analyze(doc.uri));
    });
  }

  private relintAll(): void {
    for (const doc of this.documents.all()) this.changed(doc);
  }

  /**
   * An ignore file's text changes its Dockerfiles' findings (unsaved text counts), and a
   * Dockerfile's text changes its ignore file's (what it copies by name): re-analyse the other side.
   */
  private relintRelated(doc: TextDocument): void {
    const kind = this.index.kindOf(doc);
    const file = this.index.pathOf(doc);
    if (!file) return;
    for (const other of this.documents.all()) {
      if (other.uri === doc.uri || this.index.kindOf(other) === kind) continue;
      const otherFile = this.index.pathOf(other);
      if (!otherFile) continue;
      const related =
        kind === 'dockerignore'
          ? this.ignoreMayServe(file, other, otherFile)
          : this.ignoreMayServe(otherFile, doc, file);
      if (related) this.debouncer.schedule(other.uri, 50, () => void this.analyze(other.uri));
    }
  }

  /** Could the ignore file at `ignorePath` apply to this Dockerfile's build? */
  private ignoreMayServe(
    ignorePath: string,
    dockerfile: TextDocument,
    dockerfilePath: string,
  ): boolean {
    if (ignorePath === `${dockerfilePath}.dockerignore`) return true;
    if (path.basename(ignorePath) !== '.dockerignore') return false;
    // The context root of its latest analysis (settings may move it), else its folder.
    const root = this.analyses.get(dockerfile.uri)?.context.root || path.dirname(dockerfilePath);
    return path.dirname(ignorePath) === root;
  }

  /** The build context folder of a Dockerfile: setting, then config file, then its folder. */
  private contextDirFor(file: string, settings: LayerwiseSettings): string {
    const loader = settings.hadolintConfig ? this.configLoaders.hadolint : this.configLoaders.plain;
    return (
      contextFromSetting(file, settings.buildContexts, this.workspaceFolders) ??
      loader.forFile(file).context ??
      path.dirname(file)
    );
  }

  private overlay = (fsPath: string): string | undefined => this.index.atPath(fsPath)?.getText();

  /**
   * Disk facts (file types, links, ignore-file text) shared by the analyses of a burst of
   * keystrokes, so typing does not stat the build context again and again. Kept for
   * DISK_FACTS_MS at most, and dropped when the editor reports a file change, open, save or close
   * (editors without file watchers see a change on disk within that time).
   */
  private disk: { facts: DiskFacts; at: number } | undefined;

  private diskFacts(): DiskFacts {
    const now = Date.now();
    if (!this.disk || now - this.disk.at > DISK_FACTS_MS)
      this.disk = { facts: new (engine().DiskFacts)(), at: now };
    return this.disk.facts;
  }

  private forgetDisk(): void {
    this.disk = undefined;
  }

  private async analyze(uri: string): Promise<void> {
    try {
      await this.analyzeNow(uri);
    } catch (error) {
      // Runs from timers: an exception here would be an unhandled rejection, which ends the process.
      if (this.loggedErrors.has(`analysis ${uri}`)) return;
      this.loggedErrors.add(`analysis ${uri}`);
      const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
      this.connection.console.error(`Analysis of ${uri} failed: ${detail}`);
    }
  }

  private async analyzeNow(uri: string): Promise<void> {
    const doc = this.documents.get(uri);
    if (!doc) return;
    // The document object is updated in place: keep the version, not the object, to compare.
    const version = doc.version;
    const settings = await this.settingsFor(uri);
    const current = this.documents.get(uri);
    if (!current || current.version !== version) return; // a newer change is scheduled
    const file = this.index.pathOf(current);
    const assumedRoot = this.analyses.get(uri)?.context.root || (file && path.dirname(file));
    const analysis = this.run(current, settings);
    this.analyses.set(uri, analysis);
    // Settings or a config file put the build context elsewhere: tell that folder's ignore file.
    if (this.index.kindOf(current) === 'dockerfile' && analysis.context.root !== assumedRoot)
      this.relintRelated(current);
    // Fixes that edit the ignore file carry offsets into the text the rules read.
    const ignore = analysis.context.ignoreFile;
    const otherText = (p: string) =>
      ignore && p === ignore.path
        ? { text: ignore.text, version: this.openVersion(p, ignore.text) }
        : undefined;
    const diagnostics = [
      ...analysis.result.notices.map((n) => noticeDiagnostic(analysis.lines, n)),
      ...analysis.result.findings.map((f) =>
        toDiagnostic(analysis.lines, f, current.version, otherText),
      ),
    ];
    // Not a registry rule: its explanation lives in the README's suppressions section.
    for (const d of diagnostics)
      if (d.code === engine().UNUSED_SUPPRESSION)
        d.codeDescription = { href: 'https://github.com/layerwise/layerwise#suppressions' };
    await this.connection.sendDiagnostics({ uri, version: current.version, diagnostics });
    await this.publishConfigProblems();
  }

  /** The version of the open editor holding this file with this text; null when not open. */
  private openVersion(fsPath: string, text: string): number | null {
    const doc = this.index.atPath(fsPath);
    return doc && doc.getText() === text ? doc.version : null;
  }

  /** One diagnostic per problem on each config file read; cleared once the file is fixed. */
  private async publishConfigProblems(): Promise<void> {
    const sources = new Map<string, ConfigSource>();
    for (const l of Object.values(this.configLoaders))
      for (const s of l.loaded()) sources.set(s.path, s);
    const stale = new Set(this.configDiagnostics.keys());
    for (const s of sources.values()) {
      const uri = URI.file(s.path).toString();
      stale.delete(uri);
      const lines = new LineIndex(s.text);
      const diagnostics = s.problems.map((p) => ({
        range: toRange(lines, p.start, p.end),
        severity: CONFIG_SEVERITY[p.severity],
        source: DIAGNOSTIC_SOURCE,
        message: p.message,
      }));
      const key = JSON.stringify(diagnostics);
      if ((this.configDiagnostics.get(uri) ?? '[]') === key) continue;
      this.configDiagnostics.set(uri, key);
      await this.connection.sendDiagnostics({ uri, diagnostics });
    }
    for (const uri of stale) {
      // Deleted, or no open Dockerfile uses it any more.
      if (this.configDiagnostics.get(uri) !== '[]')
        await this.connection.sendDiagnostics({ uri, diagnostics: [] });
      this.configDiagnostics.delete(uri);
    }
  }

  /** Context, rule severities and target for a document: config file, then VS Code settings. */
  private lintSetup(doc: TextDocument, settings: LayerwiseSettings) {
    const file = this.index.pathOf(doc);
    const loader = settings.hadolintConfig ? this.configLoaders.hadolint : this.configLoaders.plain;
    const project = file ? loader.forFile(file) : undefined;
    const contextDir = file ? this.contextDirFor(file, settings) : undefined;
    const { fsContext, UNKNOWN_CONTEXT } = engine();
    const context =
      file && contextDir
        ? fsContext(file, contextDir, this.overlay, this.diskFacts())
        : UNKNOWN_CONTEXT;
    return {
      ignored: project?.ignored ?? false,
      context,
      options: {
        context,
        registry: this.options.registry,
        // Precedence: rule default < .hadolint.yaml < .layerwise.json < layerwise.rules setting.
        rules: { ...project?.rules, ...ruleSettings(settings) },
        target: project?.target,
        reportUnusedSuppressions:
          settings.reportUnusedSuppressions || (project?.reportUnusedSuppressions ?? false),
      },
    };
  }

  private run(doc: TextDocument, settings: LayerwiseSettings): Analysis {
    const text = doc.getText();
    const lines = new LineIndex(text);
    const empty: LintResult = { findings: [], notices: [], errors: [], model: undefined };
    const setup = this.lintSetup(doc, settings);
    const context = setup.context;
    if (!settings.enable || setup.ignored) {
      return { version: doc.version, result: empty, lines, context, settings };
    }
    if (this.index.kindOf(doc) === 'dockerignore')
      return this.runIgnore(doc, settings, setup.options.rules);
    const result = engine().lintDockerfile(text, {
      ...setup.options,
      maxChars: settings.maxFileSizeMB * 1024 * 1024,
      timeBudgetMs: settings.timeBudgetMs,
      // Typing re-parses only the instructions it touched.
      previous: this.analyses.get(doc.uri)?.result.model,
      incremental: true,
    });
    for (const e of result.errors) this.logRuleError(e.ruleId, e.error);
    return { version: doc.version, result, lines, context, settings };
  }

  /** A .dockerignore: its own rules, with the context it filters and the Dockerfiles it serves. */
  private runIgnore(
    doc: TextDocument,
    settings: LayerwiseSettings,
    rules: Record<string, RuleSetting>,
  ): Analysis {
    const text = doc.getText();
    const lines = new LineIndex(text);
    const file = this.index.pathOf(doc);
    const maxChars = settings.maxFileSizeMB * 1024 * 1024;
    const contextDirFor = (f: string) => this.contextDirFor(f, settings);
    // Open Dockerfiles built from the ignore file's folder (lintIgnoreFile skips the others).
    const folder = file && path.dirname(path.resolve(file));
    const candidates: string[] = [];
    for (const d of this.documents.all()) {
      const p = this.index.pathOf(d);
      if (!p || this.index.kindOf(d) !== 'dockerfile') continue;
      if (path.resolve(contextDirFor(path.resolve(p))) === folder) candidates.push(p);
    }
    const options = { contextDirFor, overlay: this.overlay, candidates };
    // The same setup as `layerwise check` (lintIgnoreFile), with open editors' text winning.
    const { lintIgnoreFile, lintDockerignore, UNKNOWN_CONTEXT } = engine();
    const r = file
      ? lintIgnoreFile(file, text, { ...options, rules, maxChars })
      : { ...lintDockerignore(text, { rules, maxChars }), context: UNKNOWN_CONTEXT };
    const context = r.context;
    for (const e of r.errors) this.logRuleError(e.ruleId, e.error);
    const result: LintResult = {
      findings: r.findings,
      notices: r.notices,
      errors: r.errors,
      model: undefined,
    };
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
    if (!only || only.some((k) => CodeActionKind.QuickFix.startsWith(k)))
      actions.push(...this.ignoreActions(doc, params));
    return actions;
  }

  /** "Ignore <id> for this instruction" / "… in this file" on every Layerwise diagnostic. */
  private ignoreActions(doc: TextDocument, params: CodeActionParams): CodeAction[] {
    const kind = this.index.kindOf(doc);
    if (kind === 'dockerignore') return this.ignoreFileActions(doc, params);
    if (kind !== 'dockerfile') return [];
    const model = this.analysisOf(doc).result.model;
    if (!model) return [];
    const lines = new LineIndex(doc.getText());
    const actions: CodeAction[] = [];
    const { ignoreEdit, DOCKERFILE_RULES, UNUSED_SUPPRESSION } = engine();
    for (const d of params.context.diagnostics) {
      if (d.source !== DIAGNOSTIC_SOURCE || typeof d.code !== 'string') continue;
      if (d.code === UNUSED_SUPPRESSION) continue;
      if (isDiagnosticData(d.data) && d.data.version !== doc.version) continue; // stale
      const offset = lines.offsetAt(d.range.start);
      for (const scope of ['instruction', 'file'] as const) {
        const edit = ignoreEdit(model, DOCKERFILE_RULES, d.code, offset, scope);
        if (!edit) continue;
        const where = scope === 'instruction' ? 'for this instruction' : 'in this file';
        actions.push(ignoreAction(doc, lines, d, `Ignore ${d.code} ${where}`, edit));
      }
    }
    return actions;
  }

  /** The same two actions in a .dockerignore, offered only when the comment silences the finding. */
  private ignoreFileActions(doc: TextDocument, params: CodeActionParams): CodeAction[] {
    const analysis = this.analysisOf(doc);
    const text = doc.getText();
    const actions: CodeAction[] = [];
    const { applyEdits, ignoreFileSuppressEdit } = engine();
    const counts = new Map<string, number>();
    for (const d of params.context.diagnostics) {
      if (d.source !== DIAGNOSTIC_SOURCE || typeof d.code !== 'string') continue;
      if (isDiagnosticData(d.data) && d.data.version !== doc.version) continue; // stale
      const count = (t: string) =>
        this.run(
          TextDocument.create(doc.uri, doc.languageId, doc.version, t),
          analysis.settings,
        ).result.findings.filter((f) => f.ruleId === d.code).length;
      // Code actions are asked for on every cursor move: the current text is counted once per id.
      let before = counts.get(d.code);
      if (before === undefined) counts.set(d.code, (before = count(text)));
      for (const scope of ['pattern', 'file'] as const) {
        const edit = ignoreFileSuppressEdit(
          text,
          d.code,
          analysis.lines.offsetAt(d.range.start),
          scope,
        );
        if (!edit || count(applyEdits(text, [edit])) >= before) continue;
        const where = scope === 'pattern' ? 'for this pattern' : 'in this file';
        actions.push(ignoreAction(doc, analysis.lines, d, `Ignore ${d.code} ${where}`, edit));
      }
    }
    return actions;
  }

  private async fixAllAction(doc: TextDocument): Promise<CodeAction | undefined> {
    const settings = await this.settingsFor(doc.uri);
    const setup = this.lintSetup(doc, settings);
    if (setup.ignored || !settings.enable) return undefined;
    const text = doc.getText();
    const { fixAll, lintDockerfile } = engine();
    const result = fixAll(text, (t) =>
      this.index.kindOf(doc) === 'dockerignore'
        ? this.run(TextDocument.create(doc.uri, doc.languageId, doc.version, t), settings).result
            .findings
        : lintDockerfile(t, { ...setup.options, reportUnusedSuppressions: false }).findings,
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

  private async codeLenses(uri: string): Promise<CodeLens[]> {
    const doc = this.documents.get(uri);
    if (!doc) return [];
    const analysis = this.analysisOf(doc);
    if (!analysis.settings.codeLens || !analysis.settings.enable) return [];
    if (this.index.kindOf(doc) === 'dockerignore')
      return this.contextFeatures.ignoreLens(analysis.context, analysis.lines);
    const model = analysis.result.model;
    if (!model) return [];
    // The context scan runs here, on request, never on the typing path.
    const { contextWideCopies, lensesFor } = engine();
    let scan: ContextSummary | undefined;
    if (contextWideCopies(model).length > 0)
      scan = await this.contextFeatures.size(analysis.context);
    const ctx = {
      model,
      findings: analysis.result.findings,
      context: analysis.context,
      scan: () => scan,
    };
    return lensesFor(ctx).map((l) => ({
      range: toRange(analysis.lines, l.start, l.end),
      command: { title: l.title, command: '', ...(l.tooltip ? { tooltip: l.tooltip } : {}) },
    }));
  }

  private async hover(params: HoverParams): Promise<Hover | null> {
    const doc = this.documents.get(params.textDocument.uri);
    if (!doc) return null;
    const analysis = this.analysisOf(doc);
    const offset = analysis.lines.offsetAt(params.position);
    if (this.index.kindOf(doc) === 'dockerignore') {
      const f = this.contextFeatures;
      return f.ignoreHover(
        doc.getText(),
        offset,
        analysis.lines,
        analysis.context,
        analysis.result.findings,
      );
    }
    const model = analysis.result.model;
    if (!model) return null;
    const { contextWideSourceAt, hoverAt } = engine();
    let scan: ContextSummary | undefined;
    if (contextWideSourceAt(model, offset))
      scan = await this.contextFeatures.size(analysis.context);
    const ctx = {
      model,
      findings: analysis.result.findings,
      context: analysis.context,
      scan: () => scan,
    };
    const h = hoverAt(ctx, offset);
    if (!h) return null;
    return {
      contents: { kind: 'markdown', value: h.markdown },
      range: toRange(analysis.lines, h.start, h.end),
    };
  }
}
