import type { BuildContext } from '../engine/context';
import { copyInfo, destPath, resolvePath, type CopyInfo } from '../engine/copies';
import { chainInstructions } from '../engine/stages';
import { hasArg, positionals, toolUses, type ToolUse } from '../engine/tools';
import { createMatcher, parseDockerignore } from '../parse/dockerignore';
import type { Instruction, Stage } from '../parse/model';
import { unquote } from '../parse/words';
import type { DockerfileRule } from '../engine/types';

const LOCKFILES = ['package-lock.json', 'npm-shrinkwrap.json'];
const NPM_VALUE_OPTS = [
  '--prefix',
  '-C',
  '--cache',
  '--registry',
  '--userconfig',
  '-w',
  '--workspace',
];

function globToRegExp(glob: string): RegExp {
  let re = '';
  for (const c of glob) {
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^${}()|\\\]\[]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

function dirOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
}

function joinRel(dir: string, name: string): string {
  const d = dir.replace(/^\.\/?/, '').replace(/\/+$/, '');
  return d ? `${d}/${name}` : name;
}

/** Whether a context file is in the context the builder sees (exists and is not ignored). */
function inContext(context: BuildContext, rel: string): boolean {
  if (!context.known || !context.exists(rel)) return false;
  if (!context.ignoreFile) return true;
  return !createMatcher(parseDockerignore(context.ignoreFile.text)).isExcluded(rel);
}

/**
 * Whether a lockfile sits in `dir` when the RUN runs: a COPY/ADD from the context put one there
 * (named explicitly, or matched by a glob or a copied folder and present in the context), or a
 * bind mount provides it.
 */
function lockfileIn(ins: Instruction, dir: string, context: BuildContext): boolean {
  for (const m of ins.run?.mounts ?? []) {
    if (m.type !== 'bind' || !m.target) continue;
    const target = resolvePath(ins.workdir, m.target);
    if (LOCKFILES.some((l) => target === `${dir === '/' ? '' : dir}/${l}`)) return true;
  }
  for (const { ins: c, info, dest } of contextCopies(ins.stage)) {
    if (c.stage === ins.stage && c.index > ins.index) break;
    if (!info.dest) continue;
    const destIsDir = info.dest.text.endsWith('/') || info.sources.length > 1;
    for (const word of info.sources) {
      const src = unquote(word.text);
      const base = src.slice(src.lastIndexOf('/') + 1);
      for (const lock of LOCKFILES) {
        const wanted = `${dir === '/' ? '' : dir}/${lock}`;
        // A folder (`.`, `./`, `app/`): its contents land in the destination.
        if (src === '.' || src === './' || src.endsWith('/')) {
          if (dest === dir && inContext(context, joinRel(src, lock))) return true;
          continue;
        }
        if (!globToRegExp(base).test(lock)) {
          // `COPY frontend /app`: a folder named without a slash, known from the context.
          if (dest === dir && inContext(context, joinRel(src, lock))) return true;
          continue;
        }
        const glob = /[*?[]/.test(base);
        const lands = destIsDir || glob ? `${dest === '/' ? '' : dest}/${lock}` : dest;
        if (lands !== wanted) continue;
        if (!glob || inContext(context, joinRel(dirOf(src), lock))) return true;
      }
    }
  }
  return false;
}

const COPIES = new WeakMap<Stage, { ins: Instruction; info: CopyInfo; dest: string }[]>();

/** COPY/ADD from the build context in the stage chain, in build order (computed once per stage). */
function contextCopies(stage: Stage): { ins: Instruction; info: CopyInfo; dest: string }[] {
  let list = COPIES.get(stage);
  if (!list) {
    list = chainInstructions(stage).flatMap((c) => {
      const info = copyInfo(c);
      if (!info || info.from !== undefined || info.heredoc) return [];
      const dest = destPath(info);
      return dest ? [{ ins: c, info, dest }] : [];
    });
    COPIES.set(stage, list);
  }
  return list;
}

function isPlainInstall(u: ToolUse): boolean {
  if (u.tool !== 'npm' || (u.verb !== 'install' && u.verb !== 'i') || !u.verbWord) return false;
  if (positionals(u, NPM_VALUE_OPTS).length > 0) return false;
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
      report({
        message: `A package-lock.json is in ${ins.workdir}: use \`npm ci\` for a faster, reproducible install.`,
        start: use.head[0]!.start,
        end: verb.end,
        fixes: [
          {
            title: 'Use npm ci',
            safety: 'safe',
            kind: 'quickfix',
            edits: [{ start: verb.start, end: verb.end, newText: exec ? '"ci"' : 'ci' }],
            preferred: true,
          },
        ],
      });
    }
  },
};
