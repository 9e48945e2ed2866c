import type { BuildContext } from '../analysis/context';
import { copyInfo, destPath, resolvePath } from '../analysis/copies';
import { chainInstructions } from '../analysis/stages';
import { hasArg, NPM_VALUE_OPTIONS, positionals, toolUses, type ToolUse } from '../analysis/tools';
import { createMatcher, parseDockerignore } from '../parse/dockerignore';
import type { Instruction, Stage } from '../parse/model';
import { declaredFor, declaredName } from '../analysis/edits';
import { unquote } from '../parse/words';
import type { DockerfileRule } from './types';

const LOCKFILES = ['package-lock.json', 'npm-shrinkwrap.json'];
/**
 * Docker's (Go `filepath.Match`) wildcards on one path segment: `*`, `?` and `[…]` classes
 * (`[!…]`/`[^…]` negated, `a-z` ranges). Linear: a `*` only ever restarts at the last star.
 */
function globMatch(pattern: string, name: string): boolean {
  let p = 0;
  let n = 0;
  let star = -1;
  let resume = 0;
  while (n < name.length) {
    const c = pattern[p];
    if (c === '*') {
      star = p++;
      resume = n;
      continue;
    }
    const step = c === undefined ? -1 : matchOne(pattern, p, name[n]!);
    if (step > 0) {
      p += step;
      n++;
    } else if (star >= 0) {
      p = star + 1;
      n = ++resume;
    } else return false;
  }
  while (pattern[p] === '*') p++;
  return p === pattern.length;
}

/** Length of the pattern item at `p` when it matches `ch` (`?`, a class, a literal); 0 when not. */
function matchOne(pattern: string, p: number, ch: string): number {
  const c = pattern[p]!;
  if (c === '?') return 1;
  if (c === '\\' && p + 1 < pattern.length) return pattern[p + 1] === ch ? 2 : 0;
  if (c !== '[') return c === ch ? 1 : 0;
  let i = p + 1;
  const negated = pattern[i] === '!' || pattern[i] === '^';
  if (negated) i++;
  let hit = false;
  for (let first = true; i < pattern.length && (first || pattern[i] !== ']'); first = false) {
    const lo = pattern[i]!;
    if (pattern[i + 1] === '-' && pattern[i + 2] !== undefined && pattern[i + 2] !== ']') {
      if (lo <= ch && ch <= pattern[i + 2]!) hit = true;
      i += 3;
    } else {
      if (lo === ch) hit = true;
      i++;
    }
  }
  if (pattern[i] !== ']') return c === ch ? 1 : 0; // unterminated: a literal `[`
  return hit !== negated ? i - p + 1 : 0;
}

function dirOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
}

function joinRel(dir: string, name: string): string {
  const d = dir.replace(/^\.\/?/, '').replace(/(?<!\/)\/+$/, '');
  return d ? `${d}/${name}` : name;
}

const MATCHERS = new WeakMap<BuildContext, (rel: string) => boolean>();

/** Whether a context file is in the context the builder sees (exists and is not ignored). */
function inContext(context: BuildContext, rel: string): boolean {
  if (!context.known || !context.exists(rel)) return false;
  let excluded = MATCHERS.get(context);
  if (!excluded) {
    const file = context.ignoreFile;
    const matcher = file ? createMatcher(parseDockerignore(file.text)) : undefined;
    excluded = (r) => matcher?.isExcluded(r) ?? false;
    MATCHERS.set(context, excluded);
  }
  return !excluded(rel);
}

/** Where COPY/ADD instructions of a stage chain put a lockfile: absolute path → the instructions. */
type Landings = Map<string, Instruction[]>;
const LANDINGS = new WeakMap<Stage, { context: BuildContext; map: Landings }>();

function landings(stage: Stage, context: BuildContext): Landings {
  const cached = LANDINGS.get(stage);
  if (cached && cached.context === context) return cached.map;
  const map: Landings = new Map();
  const add = (path: string, ins: Instruction): void => {
    const list = map.get(path);
    if (list) list.push(ins);
    else map.set(path, [ins]);
  };
  for (const c of chainInstructions(stage)) {
    const info = copyInfo(c);
    if (!info || info.from !== undefined || info.heredoc || !info.dest) continue;
    const dest = destPath(info);
    if (!dest) continue;
    const inDest = (name: string): string => `${dest === '/' ? '' : dest}/${name}`;
    const destIsDir = info.dest.text.endsWith('/') || info.sources.length > 1;
    for (const word of info.sources) {
      const src = unquote(word.text);
      const base = src.slice(src.lastIndexOf('/') + 1);
      for (const lock of LOCKFILES) {
        // A folder (`.`, `./`, `app/`, or `frontend` known from the context): its contents land in dest.
        const folder = src === '.' || src === './' || src.endsWith('/');
        if (folder || !globMatch(base, lock)) {
          if (inContext(context, joinRel(src, lock))) add(inDest(lock), c);
          continue;
        }
        const glob = /[*?[]/.test(base);
        if (!glob || inContext(context, joinRel(dirOf(src), lock))) {
          add(destIsDir || glob ? inDest(lock) : dest, c);
        }
      }
    }
  }
  LANDINGS.set(stage, { context, map });
  return map;
}

/**
 * Whether a lockfile sits in `dir` when the RUN runs: a COPY/ADD from the context put one there
 * (named explicitly, or matched by a glob or a copied folder and present in the context), or a
 * bind mount provides it.
 */
function lockfileIn(ins: Instruction, dir: string, context: BuildContext): boolean {
  const wanted = LOCKFILES.map((l) => `${dir === '/' ? '' : dir}/${l}`);
  for (const m of ins.run?.mounts ?? []) {
    if (m.type === 'bind' && m.target && wanted.includes(resolvePath(ins.workdir, m.target)))
      return true;
  }
  const map = landings(ins.stage, context);
  return wanted.some((w) =>
    (map.get(w) ?? []).some((c) => c.stage !== ins.stage || c.index < ins.index),
  );
}

function isPlainInstall(u: ToolUse): boolean {
  if (u.tool !== 'npm' || (u.verb !== 'install' && u.verb !== 'i') || !u.verbWord) return false;
  if (positionals(u, NPM_VALUE_OPTIONS).length > 0) return false;
  return !hasArg(
    u,
    '-g',
    '--global',
    '--prefix',
    '-C',
    '--no-package-lock',
    '--package-lock',
    '--package-lock-only',
  );
}

export const rule: DockerfileRule = {
  meta: {
    id: 'npm-install-not-ci',
    category: 'speed',
    severity: 'warning',
    appliesTo: 'dockerfile',
    // A development image installs as the developer does.
    roles: ['application', 'base', 'toolchain', 'test'],
    fixable: true,
    aliases: [],
    docs: {
      summary:
        '`npm install` runs where a `package-lock.json` is available: `npm ci` is meant for this.',
      why: '`npm ci` installs exactly what the lockfile says, fails if it disagrees with `package.json`, and skips the dependency resolution `npm install` does, so builds are faster and reproducible. `npm install` may rewrite the lockfile and install different versions from one build to the next.',
      before:
        'FROM node:20-slim\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm install\n',
      after:
        'FROM node:20-slim\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm ci\n',
      fix: '**Use npm ci** replaces `install` with `ci`, keeping every flag. Safe: the lockfile is in the directory (the COPY names it, or it is in the build context and copied there), so `npm ci` installs the versions it lists. Only offered for `npm install` without package names, `-g` or `--prefix`.',
    },
  },
  check({ model, context, report }) {
    for (const use of toolUses(model.instructions)) {
      if (!isPlainInstall(use)) continue;
      const ins = use.instruction;
      if (!lockfileIn(ins, resolvePath('/', ins.workdir), context)) continue;
      const verb = use.verbWord!;
      const exec = ins.run?.form === 'exec';
      const edits = [{ start: verb.start, end: verb.end, newText: exec ? '"ci"' : 'ci' }];
      report({
        message: `A package-lock.json is in ${ins.workdir}: use \`npm ci\` for a faster, reproducible install.`,
        start: use.head[0]!.start,
        end: verb.end,
        fixes: [
          {
            title: 'Use npm ci',
            safety: 'safe',
            kind: 'quickfix',
            edits,
            preferred: true,
            changes: declaredFor(model, ins, use.command, edits, [
              {
                kind: 'replaces-word',
                command: declaredName(model, use.command),
                from: model.text.slice(verb.start, verb.end),
                to: 'ci',
              },
            ]),
          },
        ],
      });
    }
  },
};
