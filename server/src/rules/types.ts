import type { IgnoreFile } from '../parse/dockerignore';
import type { DockerfileModel, Instruction } from '../parse/model';
import type { LineIndex } from '../parse/text';
import type { BuildFacts } from '../analysis/buildFacts';
import type { BuildContext } from '../analysis/context';
import type { Platform } from '../analysis/platform';

/** The kinds of image a Dockerfile makes (analysis/roles.ts decides which). */
export const IMAGE_ROLES = ['application', 'base', 'toolchain', 'test', 'development'] as const;
export type ImageRole = (typeof IMAGE_ROLES)[number];

export function isImageRole(v: string): v is ImageRole {
  return (IMAGE_ROLES as readonly string[]).includes(v);
}

export type Severity = 'error' | 'warning' | 'info' | 'hint';
export type Category = 'cache' | 'size' | 'speed' | 'security' | 'context';

/** A replacement of the document text between two offsets. */
export interface Edit {
  start: number;
  end: number;
  newText: string;
}

/** A change to another file of the build context (e.g. create `.dockerignore`). */
export interface FileChange {
  /** Absolute file-system path. */
  path: string;
  /** Create the file with this text (it must not exist). */
  create?: string;
  /** Edits to the file's current text. */
  edits?: Edit[];
}

/**
 * A difference a fix means to make in what a RUN's shell runs. The test suite's meaning check
 * (test/helpers/shellMeaning.ts) compares the scripts before and after the fix and allows exactly
 * these; everything else — each command's words, redirections and place in the script — must stay.
 * Commands are written as the shell would read them (`rm -rf /var/lib/apt/lists/*`); `command` in
 * a flag change is the program's name (`pip`), matched against the basenames of a command's words.
 */
export type DeclaredChange =
  /** A new command that runs last (`at: 'end'`, the default) or first, at the top level, joined by `&&`. */
  | { kind: 'adds-command'; command: string; at?: 'start' | 'end' }
  | { kind: 'removes-command'; command: string }
  /** A command taken out of one RUN (deleted with it) and added to another, as `adds-command` places it. */
  | { kind: 'moves-command'; command: string; at?: 'start' | 'end' }
  | { kind: 'adds-flag'; command: string; flag: string }
  /** A word removed from a command; a single-letter option (`-R`) may also leave a cluster (`-Rf` → `-f`). */
  | { kind: 'removes-flag'; command: string; flag: string }
  /** A word of a command replaced (`npm install` → `npm ci`: from `install`, to `ci`). */
  | { kind: 'replaces-word'; command: string; from: string; to: string }
  /** `NAME=value` put before a command (or replacing its value). */
  | { kind: 'sets-variable'; command: string; assignment: string }
  /** Consecutive RUNs become one: each later RUN's list joins the previous one's last item with `&&`. */
  | { kind: 'merges-runs' }
  /** A RUN flag (`--mount=…`): nothing changes in the script. */
  | { kind: 'inserts-mount'; mount: string }
  | { kind: 'removes-mount'; mount: string };

export interface Fix {
  title: string;
  /** `safe`: same image minus waste (fix-all applies it); `suggestion`: changes how or on what it builds. */
  safety: 'safe' | 'suggestion';
  kind: 'quickfix' | 'refactor.rewrite';
  edits: Edit[];
  files?: FileChange[];
  /** The preferred action of its diagnostic (VS Code's auto-fix). */
  preferred?: boolean;
  /** What the fix changes in the RUNs' shell scripts, for the meaning check (see DeclaredChange). */
  changes?: DeclaredChange[];
}

export interface Finding {
  ruleId: string;
  severity: Severity;
  message: string;
  start: number;
  end: number;
  fixes: Fix[];
  /** What acting on the finding would save, in bytes on disk, when a sourced figure exists. */
  bytes?: number;
  /** Offsets in the other instructions the finding is about (an ignore comment on any silences it). */
  alsoAt?: number[];
}

export interface RuleDocs {
  /** One sentence: what it finds. */
  summary: string;
  /** Why it matters, briefly. */
  why: string;
  /** Incorrect example (the rule fires). */
  before: string;
  /** Correct example (it does not). */
  after: string;
  /** Files in the build context for both examples (default: unknown context). */
  context?: string[];
  /** The .dockerignore next to the correct example, when that is what makes it correct. */
  afterIgnoreFile?: string;
  /** The .dockerignore next to the incorrect example (rules about what it excludes). */
  beforeIgnoreFile?: string;
  /** What the examples are written in (default: the file the rule applies to). */
  language?: 'dockerfile' | 'dockerignore';
  /** For .dockerignore examples: the Dockerfile the ignore file serves (both examples). */
  dockerfile?: string;
  /** What the fix does and why it is safe (or only a suggestion). */
  fix?: string;
}

export interface RuleMeta {
  id: string;
  category: Category;
  severity: Severity;
  appliesTo: 'dockerfile' | 'dockerignore';
  fixable: boolean;
  docs: RuleDocs;
  aliases?: string[];
  /**
   * The kinds of image the rule judges (absent: all). The runner drops a finding when the role
   * of the stage it is in (`stageRole` in analysis/roles.ts) is not listed.
   */
  roles?: readonly ImageRole[];
  /** The platforms the rule's advice holds on (absent: all), e.g. `['linux']` for cache mounts. */
  platforms?: readonly Platform[];
  /** Kept in a generated Dockerfile, where every other finding belongs to its template. */
  inGeneratedFiles?: boolean;
}

export interface Report {
  message: string;
  start: number;
  end: number;
  /**
   * The fixes, or a function that builds them: called only when someone reads the finding's
   * fixes (an editor's code action, `layerwise fix`), since most analyses never do.
   */
  fixes?: Fix[] | (() => Fix[]);
  /** Overrides the default severity for this finding (e.g. information in a builder stage). */
  severity?: Severity;
  /** What acting on the finding would save, in bytes on disk (sourced figures only). */
  bytes?: number;
  /**
   * Offsets in the other instructions the finding is about, e.g. every RUN of a group reported at
   * the first: an ignore comment above any of them silences the finding.
   */
  alsoAt?: number[];
}

export interface DockerfileRuleContext {
  model: DockerfileModel;
  context: BuildContext;
  /** What the project's build configurations say (targets built, build args passed). */
  build: BuildFacts;
  report(r: Report): void;
}

export interface DockerfileRule {
  meta: RuleMeta & { appliesTo: 'dockerfile' };
  check(ctx: DockerfileRuleContext): void;
}

export type { DockerfileModel, Instruction };

export interface DockerignoreRuleContext {
  text: string;
  file: IgnoreFile;
  lines: LineIndex;
  /** The context the ignore file filters (its `ignoreFile` is this file). */
  context: BuildContext;
  /** The Dockerfiles whose builds this ignore file governs (may be none). */
  dockerfiles: readonly DockerfileModel[];
  report(r: Report): void;
}

export interface DockerignoreRule {
  meta: RuleMeta & { appliesTo: 'dockerignore' };
  check(ctx: DockerignoreRuleContext): void;
}

export type AnyRule = DockerfileRule | DockerignoreRule;
