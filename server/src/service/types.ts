/**
 * The language service's contract: one per file kind, below both adapters. The LSP server and the
 * CLI hand it a document, the settings that apply and a host that knows the workspace; it answers
 * with findings, fixes, hovers, lenses and suppress edits. It knows no protocol type.
 */
import type { BuildContext } from '../analysis/context';
import type { ContextSummary, PatternStats } from '../analysis/contextSummary';
import type { DiskFacts } from '../disk/diskFacts';
import type { Overlay } from '../disk/fsContext';
import type { Notice, RuleError, RuleSetting } from '../engine/runRules';
import type { HoverPart, Lens } from '../features/types';
import type { FileKind } from '../parse/fileKind';
import type { DockerfileModel } from '../parse/model';
import type { LineIndex } from '../parse/text';
import type { DockerfileRule, Edit, Finding, Fix } from '../rules/types';
import type { CodeLensMode } from '../../../shared/src/settings';
import type { BuildConfig } from '../project';
import type { ImageRole } from '../rules/types';
import type { BuildPlan } from './buildPlan';

/** What applies to one file, already merged from config files, editor settings and flags. */
export interface FileSettings {
  rules: Readonly<Record<string, RuleSetting>>;
  /** The stage built, when the user says (else the build configurations', else the last one). */
  target?: string;
  /** The image role the user set (`.layerwise.json` `role`). */
  role?: ImageRole;
  reportUnusedSuppressions: boolean;
  maxChars?: number;
  timeBudgetMs?: number;
}

/** What the workspace says, as far as an analysis needs it. */
export interface ProjectHost {
  /** The build context folder the user chose for a Dockerfile (settings, config file, --context). */
  explicitContext(dockerfile: string): string | undefined;
  /** The build configurations the workspace holds for a Dockerfile (compose, bake, CI, …). */
  discovered?(dockerfile: string): readonly BuildConfig[];
  /** The workspace folder holding a file: inference never leaves it. */
  workspaceRoot?(file: string): string | undefined;
  /** Text of files open in an editor (they win over the disk). */
  overlay?: Overlay;
  /** Disk facts shared by a burst of analyses (the server keeps them briefly). */
  diskFacts?: DiskFacts;
  /** Open Dockerfiles elsewhere that may use an ignore file. */
  openDockerfiles?(): readonly string[];
  /** Replaces the Dockerfile rules (tests: a rule that throws). */
  registry?: readonly DockerfileRule[];
}

export interface DocumentInput {
  /** Absolute path; undefined for an unsaved editor or standard input. */
  path: string | undefined;
  text: string;
  version: number;
}

export interface DocumentAnalysis {
  kind: FileKind;
  /** Absolute path of the analysed file, when it has one. */
  path: string | undefined;
  version: number;
  text: string;
  lines: LineIndex;
  findings: Finding[];
  notices: Notice[];
  errors: RuleError[];
  context: BuildContext;
  /** Dockerfiles only. */
  model?: DockerfileModel;
  /** Dockerfiles only: how it is built (the analysed build first). */
  plan?: BuildPlan;
}

/** Build-context scans, run on request (never on the typing path). */
export interface ContextScans {
  size(context: BuildContext): Promise<ContextSummary | undefined>;
  patterns(root: string, ignoreText: string): Promise<PatternStats | undefined>;
}

/** "Ignore <id> for this instruction / pattern / in this file": the comment edit. */
export interface SuppressAction {
  title: string;
  /** `instruction`, `pattern` or `file`. */
  scope: string;
  edit: Edit;
}

export interface LanguageService {
  analyze(
    doc: DocumentInput,
    settings: FileSettings,
    host: ProjectHost,
    previous?: DocumentAnalysis,
  ): DocumentAnalysis;
  /** The text after every safe fix (re-analysed between passes). */
  fixAll(
    doc: DocumentInput,
    settings: FileSettings,
    host: ProjectHost,
    options?: { includeSuggestions?: boolean },
  ): { text: string; applied: { ruleId: string; title: string }[] };
  suppressActions(analysis: DocumentAnalysis, ruleId: string, offset: number): SuppressAction[];
  /**
   * Whether the analysis may change when `file` changes (an open editor's unsaved text counts):
   * a Dockerfile reads its ignore file, an ignore file reads the Dockerfiles it serves.
   */
  readsFile(analysis: DocumentAnalysis, file: string, host: ProjectHost): boolean;
  /** Refactors at an offset that no finding carries (none for most offsets). */
  refactorsAt(analysis: DocumentAnalysis, offset: number): Fix[];
  hover(
    analysis: DocumentAnalysis,
    offset: number,
    scans: ContextScans,
  ): Promise<HoverPart | undefined>;
  lenses(analysis: DocumentAnalysis, mode: CodeLensMode, scans: ContextScans): Promise<Lens[]>;
}
