/**
 * Build scripts: `docker build` / `buildx build` / `podman build` / `buildah bud` command lines in
 * `package.json` scripts (run in the package's folder), Makefile recipes (run in the Makefile's
 * folder, with the file's own variables) and shell scripts. A shell script runs where its `cd`
 * says; without one, from its own folder when the Dockerfile is found there, else from the
 * workspace root (`./scripts/build.sh` is usually run from the root).
 */
import * as path from 'node:path';
import { parseJson, JsonSyntaxError } from '../config/json';
import { buildSteps, commandConfig, type BuildStep } from './commandLine';
import { Lines } from './paths';
import type { BuildConfig, ParseHelpers, ParseResult, ProjectProblem } from './types';

/** Quick test before splitting: the text mentions a build at all. */
const MENTIONS_BUILD = /\b(docker|podman|buildah|nerdctl)\b[^\n]*\b(build|bud|b)\b/;

export function isMakefileName(name: string): boolean {
  return /^(GNUmakefile|makefile|Makefile)$/.test(name) || /\.mk$/i.test(name);
}

export function isShellScriptName(name: string): boolean {
  return /\.(sh|bash)$/i.test(name);
}

export function parsePackageJson(file: string, text: string, helpers: ParseHelpers): ParseResult {
  const problems: ProjectProblem[] = [];
  if (!MENTIONS_BUILD.test(text)) return { configs: [], problems };
  const lines = new Lines(text);
  let root;
  try {
    root = parseJson(text);
  } catch (e) {
    const line = e instanceof JsonSyntaxError ? lines.lineAt(e.offset) : undefined;
    problems.push({ file, line, message: `invalid JSON: ${(e as Error).message}` });
    return { configs: [], problems };
  }
  if (root.type !== 'object') return { configs: [], problems };
  const dir = path.dirname(file);
  const vars = new Map<string, string>([
    ['PWD', dir],
    ['INIT_CWD', dir],
  ]);
  for (const p of root.props) {
    if ((p.key === 'name' || p.key === 'version') && p.value.type === 'string')
      vars.set(`npm_package_${p.key}`, p.value.value);
  }
  const scripts = root.props.find((p) => p.key === 'scripts')?.value;
  const configs: BuildConfig[] = [];
  if (scripts?.type !== 'object') return { configs, problems };
  for (const s of scripts.props) {
    if (s.value.type !== 'string' || !MENTIONS_BUILD.test(s.value.value)) continue;
    const line = lines.lineAt(s.keyStart);
    for (const step of buildSteps(s.value.value, dir, vars)) {
      const c = buildOf(step, { file, line, name: s.key }, [dir], helpers, problems);
      if (c) configs.push(c);
    }
  }
  return { configs, problems };
}

export function parseShellScript(file: string, text: string, helpers: ParseHelpers): ParseResult {
  const problems: ProjectProblem[] = [];
  const configs: BuildConfig[] = [];
  if (!MENTIONS_BUILD.test(text)) return { configs, problems };
  const lines = new Lines(text);
  const scriptDir = path.dirname(file);
  for (const step of buildSteps(text, scriptDir, new Map(), scriptDir)) {
    const at = { file, line: lines.lineAt(step.cmd.start), name: path.basename(file) };
    // Without a `cd`, the script's folder when the Dockerfile is there, else the workspace root.
    const c = buildOf(step, at, step.moved ? [] : [scriptDir, helpers.root], helpers, problems);
    if (c) configs.push(c);
  }
  return { configs, problems };
}

export function parseMakefile(file: string, text: string, helpers: ParseHelpers): ParseResult {
  const problems: ProjectProblem[] = [];
  const configs: BuildConfig[] = [];
  if (!MENTIONS_BUILD.test(text)) return { configs, problems };
  const dir = path.dirname(file);
  const makeVars = new Map<string, string>();
  let target: string | undefined;
  const physical = text.replace(/\r\n?/g, '\n').split('\n');
  for (let i = 0; i < physical.length; i++) {
    const first = i;
    let line = physical[i]!;
    while (line.endsWith('\\') && i + 1 < physical.length)
      line = `${line.slice(0, -1)} ${physical[++i]!.replace(/^\t/, '')}`;
    if (line.startsWith('\t') && target !== undefined) {
      const recipe = line.replace(/^\t[\s@+-]*/, '');
      if (!MENTIONS_BUILD.test(recipe)) continue;
      const shellText = expandMake(recipe, makeVars, dir, target, 0);
      for (const step of buildSteps(shellText, dir, new Map())) {
        const c = buildOf(step, { file, line: first + 1, name: target }, [dir], helpers, problems);
        if (c) configs.push(c);
      }
      continue;
    }
    const assign =
      /^\s*(?:export\s+|override\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*(::?=|:::=|\?=|\+=|=|!=)\s*(.*)$/.exec(
        line,
      );
    if (assign) {
      const [, name, op, value] = assign as unknown as [string, string, string, string];
      if (op === '!=') makeVars.delete(name);
      else if (op === '?=') {
        if (!makeVars.has(name)) makeVars.set(name, value.trim());
      } else if (op === '+=')
        makeVars.set(name, `${makeVars.get(name) ?? ''} ${value.trim()}`.trim());
      else makeVars.set(name, value.trim());
      continue;
    }
    const rule = /^([^\s:#=][^:#=]*):(?!=)/.exec(line);
    if (rule) target = rule[1]!.trim().split(/\s+/)[0];
  }
  return { configs, problems };
}

/** Make's expansion of a recipe line: known variables in, `$$` to `$`, anything else a shell variable no one knows. */
function expandMake(
  s: string,
  vars: ReadonlyMap<string, string>,
  dir: string,
  target: string,
  depth: number,
): string {
  if (depth > 8) return '${__make_unknown__}';
  return s.replace(
    /\$(\$|\(([^()]*)\)|\{([^{}]*)\}|[@<^*?%+|])/g,
    (_whole, tok: string, paren?: string, brace?: string) => {
      if (tok === '$') return '$';
      if (tok === '@') return target;
      const name = (paren ?? brace)?.trim();
      if (name === 'CURDIR') return dir;
      if (name !== undefined && /^[A-Za-z_][A-Za-z0-9_.-]*$/.test(name) && vars.has(name))
        return expandMake(vars.get(name)!, vars, dir, target, depth + 1);
      return `\${__make_${(name ?? 'auto').replace(/[^A-Za-z0-9_]/g, '_')}__}`;
    },
  );
}

/**
 * The build of one step: in the folder a `cd` took it to, else in the first candidate folder where
 * its Dockerfile exists (the first candidate when none has it).
 */
function buildOf(
  step: BuildStep,
  at: { file: string; line: number; name: string },
  candidates: string[],
  helpers: ParseHelpers,
  problems: ProjectProblem[],
): BuildConfig | undefined {
  if (step.cwd === undefined) {
    problems.push({
      ...at,
      message: `${step.build.tool} build after a cd to a folder not known here; skipped`,
    });
    return undefined;
  }
  const cwds = step.moved || candidates.length === 0 ? [step.cwd] : candidates;
  let first: { config: BuildConfig | undefined; problems: ProjectProblem[] } | undefined;
  for (const cwd of cwds) {
    const attempt: ProjectProblem[] = [];
    const config = commandConfig(step.build, {
      source: { kind: 'script', ...at },
      cwd,
      expand: step.expand,
      exists: helpers.exists,
      problems: attempt,
    });
    first ??= { config, problems: attempt };
    if (config && helpers.exists(config.dockerfile)) {
      problems.push(...attempt);
      return config;
    }
  }
  problems.push(...first!.problems);
  return first!.config;
}
