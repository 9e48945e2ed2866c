/**
 * What `check` and `fix` share: which files to read, the configuration and build context of each,
 * and the lint options that follow from them (command-line flags win over the config file).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FailLevel } from '../config/config';
import { ConfigLoader, type ConfigSource, type FileConfig } from '../config/load';
import { kindOfDocument } from '../parse/fileKind';
import { BuildConfigIndex } from '../project';
import {
  LANGUAGE_SERVICES,
  type DocumentInput,
  type FileSettings,
  type LanguageService,
  type ProjectHost,
} from '../service';
import { LineIndex } from '../parse/text';
import { discover } from './discover';
import { SEVERITY_RANK, type CliFinding } from './format';
import type { Severity } from '../rules/types';

export interface CliIO {
  out(s: string): void;
  err(s: string): void;
  /** Writes to stderr without a line break (the progress line); absent: no progress. */
  progress?(s: string): void;
  readStdin(): Buffer;
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
}

export interface AnalysisFlags {
  context: string | undefined;
  target: string | undefined;
  config: string | undefined;
  noConfig: boolean;
  hadolintConfig: boolean;
  failLevel: FailLevel | undefined;
  reportUnused: boolean | undefined;
  stdinFilename: string | undefined;
}

/** What the command line means when it says nothing. */
export function defaultAnalysisFlags(): AnalysisFlags {
  return {
    context: undefined,
    target: undefined,
    config: undefined,
    noConfig: false,
    hadolintConfig: true,
    failLevel: undefined,
    reportUnused: undefined,
    stdinFilename: undefined,
  };
}

export interface Target {
  /** Absolute path to read, or undefined for standard input. */
  abs: string | undefined;
  /** The name shown in output. */
  shown: string;
  /** Named on the command line (not found by walking a folder): config `ignore` does not apply. */
  explicit: boolean;
}

/** `check` and `fix` read at most this much of one file. */
export const MAX_READ_BYTES = 64 * 1024 * 1024;

export class UsageError extends Error {}

/** A configuration loader for the flags (`--config`, `--no-config`, `--no-hadolint-config`). */
export function makeLoader(flags: AnalysisFlags, cwd: string): ConfigLoader | undefined {
  if (flags.noConfig) return undefined;
  return new ConfigLoader({
    hadolint: flags.hadolintConfig,
    explicit: flags.config ? path.resolve(cwd, flags.config) : undefined,
  });
}

/**
 * The config loader and the files a command works on; undefined (after a message on stderr) when
 * the paths cannot be read — the caller exits 2.
 */
export function startRun(
  opts: AnalysisFlags & { paths: string[] },
  io: CliIO,
): { loader: ConfigLoader | undefined; targets: Target[] } | undefined {
  const loader = makeLoader(opts, io.cwd);
  try {
    return { loader, targets: collectTargets(opts.paths, opts, loader, io.cwd) };
  } catch (e) {
    io.err(`layerwise: ${(e as Error).message}`);
    return undefined;
  }
}

/** Files to analyse, in order; folders are walked, skipping what the config ignores. */
export function collectTargets(
  paths: readonly string[],
  flags: AnalysisFlags,
  loader: ConfigLoader | undefined,
  cwd: string,
): Target[] {
  const out: Target[] = [];
  const ignored = (abs: string): boolean => !!loader && loader.forFile(abs).ignored;
  for (const p of paths) {
    if (p === '-') {
      const name = flags.stdinFilename;
      out.push({
        abs: undefined,
        shown: name ?? '<stdin>',
        explicit: true,
      });
      continue;
    }
    const abs = path.resolve(cwd, p);
    let st: fs.Stats;
    try {
      st = fs.statSync(abs);
    } catch {
      throw new Error(`cannot read '${p}': no such file or folder`);
    }
    if (st.isDirectory()) {
      for (const f of discover(abs, (entry) => ignored(entry))) {
        out.push({ abs: f, shown: path.relative(cwd, f) || f, explicit: false });
      }
    } else out.push({ abs, shown: p, explicit: true });
  }
  return out;
}

export interface Prepared {
  target: Target;
  /** Bytes as read (undefined for stdin). */
  bytes: Buffer;
  /** Text without a byte-order mark. */
  text: string;
  bom: boolean;
  fileConfig: FileConfig | undefined;
  failLevel: FailLevel;
  /** What the language service of `service` analyses, with what. */
  service: LanguageService;
  doc: DocumentInput;
  settings: FileSettings;
  host: ProjectHost;
}

export function readTarget(target: Target, io: CliIO): Buffer {
  if (!target.abs) return io.readStdin();
  const st = fs.statSync(target.abs);
  if (st.size > MAX_READ_BYTES) {
    // Read only the start: the size notice needs no more.
    const fd = fs.openSync(target.abs, 'r');
    try {
      const buf = Buffer.alloc(MAX_READ_BYTES);
      const n = fs.readSync(fd, buf, 0, MAX_READ_BYTES, 0);
      return buf.subarray(0, n);
    } finally {
      fs.closeSync(fd);
    }
  }
  return fs.readFileSync(target.abs);
}

/** One index of build configurations per workspace root, for the run. */
const projectIndexes = new Map<string, BuildConfigIndex>();
function projectIndex(root: string): BuildConfigIndex {
  let index = projectIndexes.get(root);
  if (!index) projectIndexes.set(root, (index = new BuildConfigIndex(root)));
  return index;
}

/** The configuration, build context and settings for one file's bytes. */
export function prepare(
  target: Target,
  bytes: Buffer,
  flags: AnalysisFlags,
  loader: ConfigLoader | undefined,
  cwd: string,
): Prepared {
  const decoded = bytes.toString('utf8');
  const bom = decoded.charCodeAt(0) === 0xfeff;
  const text = bom ? decoded.slice(1) : decoded;
  // Standard input is placed where --stdin-filename says (for config and context), else in the cwd.
  const abs =
    target.abs ?? (flags.stdinFilename ? path.resolve(cwd, flags.stdinFilename) : undefined);
  const fileConfig = loader?.forFile(abs ?? path.join(cwd, 'Dockerfile'));
  const kind = kindOfDocument(path.basename(abs ?? target.shown));
  const override = flags.context ? path.resolve(cwd, flags.context) : undefined;
  // Standard input without a name: only a --context or the config's context gives it a place.
  const contextDir = override ?? fileConfig?.context;
  const docPath =
    abs ??
    (contextDir
      ? path.join(contextDir, kind === 'dockerignore' ? '.dockerignore' : 'Dockerfile')
      : undefined);
  // The workspace is the working folder (where CI and maintainers run the linter): its compose,
  // bake, workflow, dev-container and script builds say how each Dockerfile in it is built.
  const inCwd = (f: string) => !path.relative(cwd, f).startsWith('..');
  const host: ProjectHost = {
    // --context, then the config's `dockerfiles` entry; then discovered builds, inference, its folder.
    explicitContext: (dockerfile) => override ?? loader?.forFile(dockerfile).context,
    discovered: (dockerfile) => (inCwd(dockerfile) ? projectIndex(cwd).configsFor(dockerfile) : []),
    workspaceRoot: (file) => (inCwd(file) ? cwd : undefined),
    overlay: (p) => (!target.abs && p === docPath ? text : undefined),
  };
  return {
    target,
    bytes,
    text,
    bom,
    fileConfig,
    failLevel: flags.failLevel ?? fileConfig?.failLevel ?? 'warning',
    service: LANGUAGE_SERVICES[kind],
    doc: { path: docPath, text, version: 0 },
    settings: {
      rules: fileConfig?.rules ?? {},
      target: flags.target ?? fileConfig?.target,
      ...(fileConfig?.role ? { role: fileConfig.role } : {}),
      reportUnusedSuppressions: flags.reportUnused ?? fileConfig?.reportUnusedSuppressions ?? false,
    },
    host,
  };
}

export function fails(severity: Severity, level: FailLevel): boolean {
  return level !== 'none' && SEVERITY_RANK[severity] >= SEVERITY_RANK[level];
}

/** Prints each config file's problems once: `file:line:col: message`. */
export function reportConfigProblems(
  sources: readonly ConfigSource[],
  cwd: string,
  err: (s: string) => void,
): {
  file: string;
  line: number;
  column: number;
  message: string;
  severity: 'error' | 'warning';
}[] {
  const out: ReturnType<typeof reportConfigProblems> = [];
  for (const s of sources) {
    const lines = new LineIndex(s.text);
    const shown = path.relative(cwd, s.path) || s.path;
    for (const p of s.problems) {
      const pos = lines.positionAt(p.start);
      const item = {
        file: shown,
        line: pos.line + 1,
        column: pos.character + 1,
        message: p.message,
        severity: p.severity,
      };
      out.push(item);
      err(`layerwise: ${item.file}:${item.line}:${item.column}: ${item.message}`);
    }
  }
  return out;
}

/** Notices (binary or too-large input) as findings on line 1. */
export function noticeFinding(file: string, message: string): CliFinding {
  return {
    file,
    rule: 'layerwise',
    severity: 'info',
    message,
    line: 1,
    column: 1,
    endLine: 1,
    endColumn: 1,
    fixable: false,
  };
}

/** A progress line on stderr for long runs, only when stderr is a terminal. */
export class Progress {
  private shown = false;
  private last = 0;
  private readonly started = Date.now();

  constructor(
    private readonly io: CliIO,
    private readonly total: number,
  ) {}

  private get enabled(): boolean {
    return !!this.io.progress && this.io.stderrIsTTY && this.total > 1;
  }

  tick(done: number, name: string): void {
    if (!this.enabled) return;
    const now = Date.now();
    // Big runs show at once; small ones only if they turn out slow.
    const due = this.total >= 20 || now - this.started > 500;
    if (!due || (this.shown && now - this.last < 100 && done < this.total)) return;
    this.last = now;
    this.shown = true;
    const width = 60;
    const label = name.length > width ? `…${name.slice(-width + 1)}` : name;
    this.io.progress!(`\r\u001b[K[${done}/${this.total}] ${label}`);
  }

  done(): void {
    if (this.shown) this.io.progress!('\r\u001b[K');
    this.shown = false;
  }
}
