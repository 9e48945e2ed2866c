/**
 * GitHub Actions workflows: `docker/build-push-action` steps (`context`, `file`, `target`,
 * `build-args`, `build-contexts`, `platforms`) and `docker build` / `buildx build` / `podman build` /
 * `buildah bud` command lines in `run:` steps. `${{ matrix.x }}` is expanded over the job's literal
 * matrix and `${{ env.X }}` over literal `env:` values; any other expression is unknown, and a
 * configuration whose context or Dockerfile is unknown is skipped with a problem.
 */
import * as path from 'node:path';
import { buildSteps, commandConfig } from './commandLine';
import { isRemoteContext, resolveFrom } from './paths';
import { roleOfTarget } from './role';
import { maskedValue } from './secrets';
import type { BuildConfig, ParseHelpers, ParseResult, ProjectProblem } from './types';
import { asMap, asText, parseYaml, type YamlLines } from './yaml';

const MAX_COMBOS = 32;
/** `${{ … }}`; the inner text is trimmed by the caller (a `\s*` on each side would backtrack). */
const EXPRESSION = /\$\{\{([^}]*)\}\}/g;
/** A stand-in the shell layer keeps as an unknown variable. */
const UNKNOWN_EXPR = '${__github_expression__}';

export function isWorkflowFile(file: string): boolean {
  const parts = file.split(/[\\/]/);
  const n = parts.length;
  return (
    n >= 3 &&
    parts[n - 3] === '.github' &&
    parts[n - 2] === 'workflows' &&
    /\.ya?ml$/i.test(parts[n - 1]!)
  );
}

export function parseWorkflow(file: string, text: string, helpers: ParseHelpers): ParseResult {
  const problems: ProjectProblem[] = [];
  const parsed = parseYaml(text);
  if (!parsed.ok) {
    problems.push({ file, line: parsed.line, message: `invalid YAML: ${parsed.message}` });
    return { configs: [], problems };
  }
  const doc = asMap(parsed.value);
  const jobs = asMap(doc?.['jobs']);
  if (!jobs) return { configs: [], problems };
  // `.github/workflows/x.yml` → the repository root, where steps run.
  const repo = path.dirname(path.dirname(path.dirname(file)));
  const configs: BuildConfig[] = [];
  for (const [jobId, jobRaw] of Object.entries(jobs)) {
    const job = asMap(jobRaw);
    const steps = job?.['steps'];
    if (!job || !Array.isArray(steps)) continue;
    const workdir =
      asText(asMap(asMap(job['defaults'])?.['run'])?.['working-directory']) ??
      asText(asMap(asMap(doc?.['defaults'])?.['run'])?.['working-directory']);
    const combos = matrixCombos(asMap(asMap(job['strategy'])?.['matrix']));
    steps.forEach((stepRaw, index) => {
      const step = asMap(stepRaw);
      if (!step) return;
      const name = `${jobId} › ${asText(step['name']) ?? asText(step['id']) ?? `step ${index + 1}`}`;
      const line = parsed.lines.lineOf(['jobs', jobId, 'steps', index]);
      const seen = new Set<string>();
      for (const matrix of combos) {
        const env = new Map<string, string>();
        for (const scope of [doc?.['env'], job['env'], step['env']]) {
          for (const [k, v] of Object.entries(asMap(scope) ?? {})) {
            const s = asText(v);
            if (s !== undefined) {
              const r = expressions(s, matrix, env);
              if (r !== undefined) env.set(k, r);
              else env.delete(k);
            }
          }
        }
        const at = { file, line, name };
        const found =
          typeof step['uses'] === 'string' && /^docker\/build-push-action@/.test(step['uses'])
            ? actionConfig(asMap(step['with']) ?? {}, repo, matrix, env, at, problems)
            : typeof step['run'] === 'string'
              ? runConfigs(
                  step['run'],
                  asText(step['working-directory']) ?? workdir,
                  repo,
                  matrix,
                  env,
                  at,
                  parsed.lines,
                  ['jobs', jobId, 'steps', index, 'run'],
                  helpers,
                  problems,
                )
              : [];
        for (const c of found) {
          const key = JSON.stringify([c.source.line, c.context, c.dockerfile, c.target, c.args]);
          if (!seen.has(key)) configs.push(c);
          seen.add(key);
        }
      }
    });
  }
  return { configs, problems: dedupe(problems) };
}

type Matrix = Record<string, string>;

/**
 * Literal matrix combinations, with `exclude` and `include` applied as GitHub does: an `include`
 * entry extends every combination whose original values it does not change, else it is a
 * combination of its own. `[{}]` for no matrix.
 */
function matrixCombos(m: Record<string, unknown> | undefined): Matrix[] {
  if (!m) return [{}];
  const baseKeys = Object.keys(m).filter((k) => k !== 'include' && k !== 'exclude');
  let base: Matrix[] = baseKeys.length ? [{}] : [];
  for (const k of baseKeys) {
    const values = Array.isArray(m[k]) ? (m[k] as unknown[]) : [];
    const texts = values.map(asText).filter((v): v is string => v !== undefined);
    base = base.flatMap((c) => texts.map((v) => ({ ...c, [k]: v }))).slice(0, MAX_COMBOS);
  }
  const entries = (v: unknown): Matrix[] =>
    (Array.isArray(v) ? v : []).map((e) => {
      const out: Matrix = {};
      for (const [k, x] of Object.entries(asMap(e) ?? {})) {
        const t = asText(x);
        if (t !== undefined) out[k] = t;
      }
      return out;
    });
  for (const ex of entries(m['exclude']))
    base = base.filter((c) => !Object.entries(ex).every(([k, v]) => c[k] === v));
  const originals = base.map((c) => ({ ...c }));
  const combos = [...base];
  for (const inc of entries(m['include'])) {
    let added = false;
    base.forEach((c, i) => {
      if (Object.entries(inc).every(([k, v]) => !baseKeys.includes(k) || originals[i]![k] === v)) {
        Object.assign(c, inc);
        added = true;
      }
    });
    if (!added && combos.length < MAX_COMBOS) combos.push({ ...inc });
  }
  return combos.length ? combos : [{}];
}

/** `${{ matrix.x }}` and `${{ env.X }}` replaced; undefined when another expression remains. */
function expressions(
  s: string,
  matrix: Matrix,
  env: ReadonlyMap<string, string>,
): string | undefined {
  let unknown = false;
  const out = s.replace(EXPRESSION, (_, inner: string) => {
    const m = /^(matrix|env)\.([A-Za-z0-9_-]+)$/.exec(inner.trim());
    const v = m ? (m[1] === 'matrix' ? matrix[m[2]!] : env.get(m[2]!)) : undefined;
    if (v === undefined) unknown = true;
    return v ?? '';
  });
  return unknown ? undefined : out;
}

function actionConfig(
  inputs: Record<string, unknown>,
  repo: string,
  matrix: Matrix,
  env: ReadonlyMap<string, string>,
  at: { file: string; line: number; name: string },
  problems: ProjectProblem[],
): BuildConfig[] {
  const where = { file: at.file, line: at.line };
  const input = (k: string): string | undefined | null => {
    const raw = asText(inputs[k]);
    if (raw === undefined) return undefined;
    return expressions(raw, matrix, env) ?? null;
  };
  const ctx = input('context');
  const file = input('file');
  if (ctx === null || file === null) {
    problems.push({
      ...where,
      message: `${at.name}: ${ctx === null ? 'context' : 'file'} is a workflow expression; skipped`,
    });
    return [];
  }
  // No context: the Git context, that is the repository; `{{defaultContext}}:sub` is a folder of it.
  const ctxText = (ctx ?? '').replace(/^\{\{\s*defaultContext\s*\}\}:?/, '') || '.';
  if (isRemoteContext(ctxText)) return [];
  const context = resolveFrom(repo, ctxText);
  const dockerfile = file ? resolveFrom(repo, file) : path.join(context, 'Dockerfile');
  const t = input('target');
  if (t === null)
    problems.push({
      ...where,
      message: `${at.name}: target is a workflow expression; taken as the last stage`,
    });
  const target = t || undefined;
  const args: Record<string, string> = {};
  for (const line of listInput(asText(inputs['build-args']))) {
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    const k = line.slice(0, eq);
    const raw = line.slice(eq + 1);
    const v = expressions(raw, matrix, env);
    // A value read from `secrets.*` is masked even when its name looks harmless.
    if (v !== undefined) args[k] = maskedValue(k, v);
    else if (/secrets\./.test(raw)) args[k] = maskedValue('secret', '');
  }
  const config: BuildConfig = {
    source: { kind: 'workflow', ...at },
    context,
    dockerfile,
    args,
    role: roleOfTarget(target),
  };
  if (target) config.target = target;
  const platforms = listInput(asText(inputs['platforms']), true)
    .map((p) => expressions(p, matrix, env))
    .filter((p): p is string => !!p);
  if (platforms.length) config.platforms = platforms;
  const extra: Record<string, string> = {};
  for (const line of listInput(asText(inputs['build-contexts']))) {
    const eq = line.indexOf('=');
    const v = eq > 0 ? expressions(line.slice(eq + 1), matrix, env) : undefined;
    if (v !== undefined) extra[line.slice(0, eq)] = isRemoteContext(v) ? v : resolveFrom(repo, v);
  }
  if (Object.keys(extra).length) config.additionalContexts = extra;
  return [config];
}

/** An action's list input: one item a line (and `,`-separated for platforms), blanks and `#` lines dropped. */
function listInput(s: string | undefined, commas = false): string[] {
  if (!s) return [];
  return s
    .split(commas ? /[\n,]/ : /\n/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
}

function runConfigs(
  script: string,
  workdir: string | undefined,
  repo: string,
  matrix: Matrix,
  env: ReadonlyMap<string, string>,
  at: { file: string; line: number; name: string },
  lines: YamlLines,
  runPath: (string | number)[],
  helpers: ParseHelpers,
  problems: ProjectProblem[],
): BuildConfig[] {
  const wd = workdir === undefined ? undefined : expressions(workdir, matrix, env);
  if (workdir !== undefined && wd === undefined) return [];
  const cwd = resolveFrom(repo, wd ?? '.');
  // GitHub substitutes expressions before the shell runs.
  const text = script.replace(
    EXPRESSION,
    (whole) => expressions(whole, matrix, env) ?? UNKNOWN_EXPR,
  );
  const vars = new Map(env);
  vars.set('GITHUB_WORKSPACE', repo);
  const runLine = lines.lineOf(runPath);
  // A block scalar (`run: |`) starts on the line after the key.
  const first = script.includes('\n') ? runLine + 1 : runLine;
  const configs: BuildConfig[] = [];
  for (const step of buildSteps(text, cwd, vars)) {
    const line = first + countLines(text, step.cmd.start);
    if (step.cwd === undefined) {
      problems.push({
        file: at.file,
        line,
        message: `${at.name}: build after a cd to a folder not known here; skipped`,
      });
      continue;
    }
    const c = commandConfig(step.build, {
      source: { kind: 'workflow', file: at.file, line, name: at.name },
      cwd: step.cwd,
      expand: step.expand,
      exists: helpers.exists,
      problems,
    });
    if (c) configs.push(c);
  }
  return configs;
}

function countLines(text: string, end: number): number {
  let n = 0;
  for (let i = 0; i < end && i < text.length; i++) if (text.charCodeAt(i) === 10) n++;
  return n;
}

function dedupe(problems: ProjectProblem[]): ProjectProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const k = `${p.line}:${p.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
