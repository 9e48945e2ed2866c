import type { DockerfileModel, Instruction } from '../parse/model';
import { substituteArgs } from '../parse/substitute';
import { unquote, trimTrailingSlashes } from '../parse/words';
import type { BuildContext } from './context';
import { copyInfo, destPath, resolvePath } from './copies';
import { readPackageJson, type PackageJson } from './projectFiles';
import { chainInstructions } from './stages';

/**
 * The context path of the `package.json` an install in `ins`'s WORKDIR reads: the last COPY of
 * the stage chain before it that put one there (`COPY package*.json ./`, `COPY . .`,
 * `COPY web/ ./`). Undefined when no such COPY is seen.
 */
export function installedManifestPath(context: BuildContext, ins: Instruction): string | undefined {
  const target = resolvePath(ins.workdir, 'package.json');
  let found: string | undefined;
  for (const i of chainInstructions(ins.stage)) {
    if (i === ins) break;
    const info = copyInfo(i);
    if (!info || info.from !== undefined || info.heredoc || !info.dest) continue;
    const dest = destPath(info)!;
    const destIsDir =
      info.sources.length > 1 || /\/$|^\.$/.test(unquote(info.dest.text)) || dest === ins.workdir;
    for (const word of info.sources) {
      const src = trimTrailingSlashes(unquote(word.text).replace(/^(\.\/)+/, ''));
      const dir = src.includes('/') ? src.slice(0, src.lastIndexOf('/')) : '';
      const base = src.slice(src.lastIndexOf('/') + 1);
      const rel = (f: string): string => (dir ? `${dir}/${f}` : f);
      if (src === '' || src === '.' || src === '*') {
        if (dest === ins.workdir) found = 'package.json';
      } else if (base === 'package.json' || /^package[*?[][^/]*json$/.test(base)) {
        if ((destIsDir && dest === ins.workdir) || dest === target) found = rel('package.json');
      } else if (context.isDirectory?.(src) === true && dest === ins.workdir) {
        found = `${src}/package.json`;
      }
    }
  }
  return found;
}

/** The installed `package.json`, when its COPY is seen and its text is known. */
export function installedPackageJson(
  context: BuildContext,
  ins: Instruction,
): PackageJson | undefined {
  const rel = installedManifestPath(context, ins);
  return rel === undefined ? undefined : readPackageJson(context, rel);
}

/** Programs of dev tools whose package name differs from the program. */
const PROGRAMS: Record<string, string[]> = {
  typescript: ['tsc'],
  '@playwright/test': ['playwright'],
  '@nestjs/cli': ['nest'],
  '@angular/cli': ['ng'],
  '@vue/cli-service': ['vue-cli-service'],
  '@remix-run/dev': ['remix'],
  '@sveltejs/kit': ['svelte-kit'],
  'webpack-cli': ['webpack'],
  'webpack-dev-server': ['webpack-dev-server', 'webpack'],
};

/** Programs that are dev tools when nothing is known about the project. */
const USUAL_DEV_PROGRAMS = new Set([
  'vite',
  'nodemon',
  'ts-node',
  'ts-node-dev',
  'tsx',
  'jest',
  'vitest',
  'playwright',
  'cypress',
  'webpack-dev-server',
  'ng',
  'nest',
]);
/** Scripts that, by name, run dev tools (`npm run dev`, `npm test`). */
const USUAL_DEV_SCRIPTS = new Set(['dev', 'develop', 'test', 'e2e', 'storybook', 'watch']);

function devPrograms(pkg: PackageJson): Set<string> {
  const out = new Set<string>();
  for (const name of Object.keys(pkg.devDependencies)) {
    if (pkg.dependencies[name] !== undefined) continue;
    for (const p of PROGRAMS[name] ?? []) out.add(p);
    if (!name.startsWith('@')) out.add(name);
  }
  return out;
}

const RUNNERS = new Set(['npm', 'yarn', 'pnpm', 'bun']);

/**
 * Whether a command line (CMD, ENTRYPOINT, or a script it runs) starts a dev tool: a program of a
 * devDependency, `npx <dev tool>`, or `npm run <script>` whose script does.
 */
function startsDevTool(line: string, pkg: PackageJson | undefined, depth = 0): boolean {
  if (depth > 3) return false;
  const programs = pkg ? devPrograms(pkg) : USUAL_DEV_PROGRAMS;
  for (const segment of line.split(/&&|\|\||;|\|/)) {
    const words = segment
      .trim()
      .split(/\s+/)
      .filter((w) => w && !/^[A-Za-z_][A-Za-z0-9_]*=/.test(w))
      .map((w) => w.replace(/^["']|["']$/g, ''));
    const prog = (words[0] ?? '').replace(/^.*\//, '');
    if (programs.has(prog)) return true;
    if (prog === 'npx' || (RUNNERS.has(prog) && ['exec', 'x', 'dlx'].includes(words[1] ?? ''))) {
      const tool = words.slice(prog === 'npx' ? 1 : 2).find((w) => !w.startsWith('-')) ?? '';
      if (programs.has(tool.replace(/@[^/]*$/, '').replace(/^.*\//, ''))) return true;
      continue;
    }
    if (!RUNNERS.has(prog)) continue;
    const positional = words.slice(1).filter((w) => !w.startsWith('-'));
    const verb = positional[0] ?? '';
    let script: string;
    if (verb === 'run' || verb === 'run-script') script = positional[1] ?? '';
    else if (prog !== 'npm' || verb === 'start' || verb === 'test') script = verb;
    else continue;
    if (!pkg) {
      if (USUAL_DEV_SCRIPTS.has(script)) return true;
      continue;
    }
    const body = pkg.scripts[script];
    if (body !== undefined && startsDevTool(body, pkg, depth + 1)) return true;
  }
  return false;
}

/** The text of the shipped image's last CMD and ENTRYPOINT, joined. */
function runtimeCommand(model: DockerfileModel): string {
  const chain = model.finalStage ? chainInstructions(model.finalStage) : [];
  const last = (k: string) => [...chain].reverse().find((i) => i.keyword === k && !i.onbuild);
  const text = (i: Instruction | undefined): string => {
    if (!i) return '';
    if (i.json) {
      // `["sh", "-c", "npm run dev"]`: the script is the command.
      const shell = ['sh', 'bash', '/bin/sh', '/bin/bash'].includes(i.json[0] ?? '');
      return shell && i.json[1] === '-c' ? (i.json[2] ?? '') : i.json.join(' ');
    }
    return i.words.map((w) => unquote(w.text)).join(' ');
  };
  return `${text(last('ENTRYPOINT'))} ${text(last('CMD'))}`.trim();
}

/** Whether the image, as it runs, starts a dev tool (dev server, test runner, build CLI). */
export function runtimeNeedsDevDependencies(
  model: DockerfileModel,
  pkg: PackageJson | undefined,
): boolean {
  const line = runtimeCommand(model);
  return line !== '' && startsDevTool(line, pkg);
}

/**
 * A variable's value for a command, following `ENV NODE_ENV=$NODE_ENV` back to the ARG (or ENV)
 * it copies. Undefined when not set.
 */
export function resolvedEnv(ins: Instruction, name: string): string | undefined {
  let value = ins.env.get(name);
  if (value === undefined || !value.includes('$'))
    return value === undefined ? value : unquote(value);
  // The instruction that set it, and what was in effect when it ran.
  const chain = chainInstructions(ins.stage);
  for (let k = chain.indexOf(ins) - 1, hops = 0; k >= 0 && hops < 4; k--) {
    const i = chain[k]!;
    if (i.onbuild || !i.properties.some((p) => p.name === name && p.value !== undefined)) continue;
    value = substituteArgs(unquote(value), i.env);
    if (!value.includes('$')) return value;
    hops++;
  }
  return unquote(value);
}
