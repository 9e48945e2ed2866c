/**
 * `layerwise builds [paths] [--format text|json]`: every build configuration found under each
 * folder (compose, bake, workflows, dev containers, build scripts) with the file and line it came
 * from; for a Dockerfile, the builds it is analysed as (discovered, inferred or default). Problems
 * are warnings. Secret arg values are masked where they are read.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  BuildConfigIndex,
  effectiveBuilds,
  inferContextFromFs,
  nodeProjectFs,
  confinedProjectFs,
  type BuildConfig,
  type BuildOrigin,
  type ProjectProblem,
} from '../project';

export interface BuildsIO {
  out(s: string): void;
  err(s: string): void;
  cwd: string;
}

const USAGE = `Usage: layerwise builds [--format text|json] [folders or Dockerfiles…]

Lists how each image is built: the compose services, bake targets, CI workflow steps, dev
containers and build scripts found under each folder (default: the current folder), with the
file and line each comes from, its context, Dockerfile, target, args and role. For a Dockerfile,
the builds it is analysed as, and whether they were discovered, inferred or defaulted.`;

interface ShownBuild {
  origin: BuildOrigin;
  source?: { kind: string; file: string; line: number; name?: string };
  context: string;
  dockerfile: string;
  target?: string;
  args: Record<string, string>;
  role: string;
  platforms?: string[];
  additionalContexts?: Record<string, string>;
  /** For an inferred context: COPY/ADD sources found from it, of how many. */
  inference?: { found: number; total: number };
}

export function builds(argv: readonly string[], io: BuildsIO): number {
  let format: 'text' | 'json' = 'text';
  const paths: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '-h' || a === '--help') {
      io.out(USAGE);
      return 0;
    }
    if (a === '--format' || a.startsWith('--format=')) {
      const v = a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i];
      if (v !== 'text' && v !== 'json') {
        io.err(`layerwise: unknown format '${v ?? ''}' for builds (use text or json)\n\n${USAGE}`);
        return 2;
      }
      format = v;
    } else if (a.startsWith('-') && a !== '-') {
      io.err(`layerwise: unknown option '${a}'\n\n${USAGE}`);
      return 2;
    } else paths.push(a);
  }
  if (paths.length === 0) paths.push('.');
  const shown: ShownBuild[] = [];
  const problems: ProjectProblem[] = [];
  const indexes = new Map<string, BuildConfigIndex>();
  const indexFor = (root: string): BuildConfigIndex => {
    let index = indexes.get(root);
    if (!index) indexes.set(root, (index = new BuildConfigIndex(root)));
    return index;
  };
  for (const p of paths) {
    const abs = path.resolve(io.cwd, p);
    const st = fs.statSync(abs, { throwIfNoEntry: false });
    if (!st) {
      io.err(`layerwise: cannot read '${p}': no such file or folder`);
      return 2;
    }
    if (st.isDirectory()) {
      const all = indexFor(abs).all();
      shown.push(...all.configs.map((c) => fromConfig(c, 'discovered')));
      problems.push(...all.problems);
      continue;
    }
    const root = workspaceRootOf(abs, io.cwd);
    const index = indexFor(root);
    // A Dockerfile named on the command line is read as given; the rest stays inside the root.
    const text = nodeProjectFs.readFile(abs) ?? '';
    const disk = confinedProjectFs(root);
    for (const b of effectiveBuilds(abs, {}, index.configsFor(abs), () =>
      inferContextFromFs(abs, text, root, disk),
    )) {
      const s: ShownBuild = b.config
        ? fromConfig(b.config, b.origin)
        : {
            origin: b.origin,
            context: b.context,
            dockerfile: b.dockerfile,
            args: b.args,
            role: b.role,
          };
      if (b.inference) s.inference = { found: b.inference.found, total: b.inference.total };
      shown.push(s);
    }
    problems.push(...index.all().problems);
  }
  const rel = (p: string): string => path.relative(io.cwd, p).split(path.sep).join('/') || '.';
  const unique = dedupe(problems);
  if (format === 'json') {
    io.out(
      JSON.stringify(
        {
          builds: shown.map((b) => ({
            ...b,
            ...(b.source ? { source: { ...b.source, file: rel(b.source.file) } } : {}),
            context: rel(b.context),
            dockerfile: rel(b.dockerfile),
            ...(b.additionalContexts
              ? {
                  additionalContexts: mapValues(b.additionalContexts, (v) =>
                    path.isAbsolute(v) ? rel(v) : v,
                  ),
                }
              : {}),
          })),
          problems: unique.map((p) => ({
            file: rel(p.file),
            ...(p.line !== undefined ? { line: p.line } : {}),
            message: p.message,
          })),
        },
        null,
        2,
      ),
    );
    return 0;
  }
  const lines: string[] = [];
  for (const b of shown) {
    const where = b.source
      ? `${rel(b.source.file)}:${b.source.line} ${b.source.kind}${b.source.name ? ` › ${b.source.name}` : ''}`
      : `${rel(b.dockerfile)} (${b.origin})`;
    lines.push(b.source && b.origin !== 'discovered' ? `${where} (${b.origin})` : where);
    if (b.inference)
      lines.push(
        `  why         ${b.inference.found} of ${b.inference.total} COPY/ADD sources exist from this context, not from the Dockerfile's folder`,
      );
    lines.push(`  dockerfile  ${rel(b.dockerfile)}`);
    lines.push(`  context     ${rel(b.context)}`);
    lines.push(`  target      ${b.target ?? '(last stage)'}`);
    const args = Object.entries(b.args);
    if (args.length) lines.push(`  args        ${args.map(([k, v]) => `${k}=${v}`).join(' ')}`);
    if (b.platforms?.length) lines.push(`  platforms   ${b.platforms.join(',')}`);
    lines.push(`  role        ${b.role}`);
  }
  if (shown.length === 0) lines.push('No build configurations found.');
  io.out(lines.join('\n'));
  for (const p of unique)
    io.err(`warning: ${rel(p.file)}${p.line !== undefined ? `:${p.line}` : ''}: ${p.message}`);
  return 0;
}

function fromConfig(c: BuildConfig, origin: BuildOrigin): ShownBuild {
  const s: ShownBuild = {
    origin,
    source: { ...c.source },
    context: c.context,
    dockerfile: c.dockerfile,
    args: c.args,
    role: c.role,
  };
  if (c.target !== undefined) s.target = c.target;
  if (c.platforms) s.platforms = c.platforms;
  if (c.additionalContexts) s.additionalContexts = c.additionalContexts;
  return s;
}

/** The repository holding a file (the nearest folder with `.git`), else the current folder when it holds the file, else the file's folder. */
function workspaceRootOf(file: string, cwd: string): string {
  for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, '.git'))) return dir;
    if (dir === path.dirname(dir)) break;
  }
  const rel = path.relative(cwd, file);
  return !rel.startsWith('..') && !path.isAbsolute(rel) ? cwd : path.dirname(file);
}

function mapValues(o: Record<string, string>, f: (v: string) => string): Record<string, string> {
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, f(v)]));
}

function dedupe(problems: ProjectProblem[]): ProjectProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const k = `${p.file}:${p.line}:${p.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
