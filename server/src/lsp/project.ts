/**
 * What the workspace says about each open file, for the language service: its settings (config
 * file, then editor settings), its build context folder, the editors' unsaved text, disk facts
 * kept across a burst of keystrokes, and the problems of the config files read.
 */
import * as path from 'node:path';
import type { Connection, TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import { DIAGNOSTIC_SOURCE } from '../../../shared/src/protocol';
import type { LayerwiseSettings } from '../../../shared/src/settings';
import type { BuildContext } from '../analysis/context';
import type { ConfigLoader, ConfigSource } from '../config/load';
import type { DiskFacts } from '../disk/diskFacts';
import type { RuleSetting } from '../engine/runRules';
import { LineIndex } from '../parse/text';
import type { BuildConfigIndex } from '../project';
import type { DockerfileRule } from '../rules/types';
import type { FileSettings, ProjectHost } from '../service/types';
import { contextFromSetting } from './buildContexts';
import { toRange } from './convert';
import type { DocumentIndex } from './documents';
import { engine } from './lazyEngine';

const DISK_FACTS_MS = 2000;
const CONFIG_SEVERITY = { error: 1, warning: 2 } as const;

function ruleSettings(s: LayerwiseSettings): Record<string, RuleSetting> {
  const out: Record<string, RuleSetting> = {};
  for (const [id, v] of Object.entries(s.rules)) out[id] = v === 'information' ? 'info' : v;
  return out;
}

export class ServerProject {
  /** Workspace folder paths (for `layerwise.buildContexts` and the config boundary). */
  workspaceFolders: string[] = [];
  /** `.layerwise.json` / `.hadolint.yaml` lookups, with and without the hadolint fallback. */
  private loaders: { hadolint: ConfigLoader; plain: ConfigLoader } | undefined;
  /** Config files whose problems are published, with what was published. */
  private readonly configDiagnostics = new Map<string, string>();
  /**
   * Disk facts (file types, links, ignore-file text) shared by the analyses of a burst of
   * keystrokes, so typing does not stat the build context again and again. Kept for
   * DISK_FACTS_MS at most, and dropped when the editor reports a file change, open, save or close
   * (editors without file watchers see a change on disk within that time).
   */
  private disk: { facts: DiskFacts; at: number } | undefined;
  private readonly buildIndexes = new Map<string, BuildConfigIndex>();

  constructor(
    private readonly connection: Connection,
    private readonly documents: TextDocuments<TextDocument>,
    private readonly index: DocumentIndex,
    private readonly registry: readonly DockerfileRule[] | undefined,
  ) {}

  private get configLoaders(): { hadolint: ConfigLoader; plain: ConfigLoader } {
    const { ConfigLoader } = engine();
    this.loaders ??= {
      // A discovered config and the contexts it names stay inside the workspace folder.
      hadolint: new ConfigLoader({ hadolint: true, roots: () => this.workspaceFolders }),
      plain: new ConfigLoader({ hadolint: false, roots: () => this.workspaceFolders }),
    };
    return this.loaders;
  }

  private loaderFor(settings: LayerwiseSettings): ConfigLoader {
    return settings.hadolintConfig ? this.configLoaders.hadolint : this.configLoaders.plain;
  }

  /** Files changed on disk: config files and the build configurations they held are read again. */
  filesChanged(files: readonly (string | undefined)[]): void {
    this.forgetDisk();
    this.loaders?.hadolint.clear();
    this.loaders?.plain.clear();
    for (const file of files)
      if (file) for (const index of this.buildIndexes.values()) index.invalidate(file);
  }

  /** The workspace folder holding a file (the innermost one). */
  workspaceRoot(file: string): string | undefined {
    let best: string | undefined;
    for (const folder of this.workspaceFolders) {
      const rel = path.relative(folder, file);
      if (rel.startsWith('..') || path.isAbsolute(rel)) continue;
      if (!best || folder.length > best.length) best = folder;
    }
    return best;
  }

  /** Compose, bake, workflow, dev-container and script builds of a workspace folder, read lazily. */
  private buildIndex(root: string): BuildConfigIndex {
    let index = this.buildIndexes.get(root);
    if (!index) this.buildIndexes.set(root, (index = new (engine().BuildConfigIndex)(root)));
    return index;
  }

  forgetDisk(): void {
    this.disk = undefined;
  }

  private diskFacts(): DiskFacts {
    const now = Date.now();
    if (!this.disk || now - this.disk.at > DISK_FACTS_MS)
      this.disk = { facts: new (engine().DiskFacts)(), at: now };
    return this.disk.facts;
  }

  /**
   * The settings of one file: rule default < .hadolint.yaml < .layerwise.json < layerwise.rules
   * setting. Undefined when the config file's `ignore` names the file.
   */
  fileSettings(file: string | undefined, settings: LayerwiseSettings): FileSettings | undefined {
    const project = file ? this.loaderFor(settings).forFile(file) : undefined;
    if (project?.ignored) return undefined;
    return {
      rules: { ...project?.rules, ...ruleSettings(settings) },
      target: project?.target,
      ...(project?.role ? { role: project.role } : {}),
      reportUnusedSuppressions:
        settings.reportUnusedSuppressions || (project?.reportUnusedSuppressions ?? false),
      maxChars: settings.maxFileSizeMB * 1024 * 1024,
      timeBudgetMs: settings.timeBudgetMs,
    };
  }

  /** The workspace as the language service sees it, under these settings. */
  hostFor(settings: LayerwiseSettings): ProjectHost {
    return {
      // `layerwise.buildContexts`, then `.layerwise.json`; then discovered builds, inference.
      explicitContext: (file) =>
        contextFromSetting(file, settings.buildContexts, this.workspaceFolders) ??
        this.loaderFor(settings).forFile(file).context,
      discovered: (file) => {
        const root = this.workspaceRoot(file);
        return root ? this.buildIndex(root).configsFor(file) : [];
      },
      workspaceRoot: (file) => this.workspaceRoot(file),
      overlay: (fsPath) => this.index.atPath(fsPath)?.getText(),
      diskFacts: this.diskFacts(),
      registry: this.registry,
      openDockerfiles: () => {
        const out: string[] = [];
        for (const d of this.documents.all()) {
          const p = this.index.pathOf(d);
          if (p && this.index.kindOf(d) === 'dockerfile') out.push(p);
        }
        return out;
      },
    };
  }

  emptyContext(): BuildContext {
    return engine().UNKNOWN_CONTEXT;
  }

  /** One diagnostic per problem on each config file read; cleared once the file is fixed. */
  async publishConfigProblems(): Promise<void> {
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
}
