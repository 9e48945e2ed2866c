import { commandName } from '../analysis/commands';
import type { BuildContext } from '../analysis/context';
import { shippedStages } from '../analysis/copies';
import { declaredFor, declaredName, insertArgAfter } from '../analysis/edits';
import { chainInstructions } from '../analysis/stages';
import {
  detectTool,
  hasArg,
  NPM_VALUE_OPTIONS,
  positionals,
  toolUses,
  type ToolUse,
} from '../analysis/tools';
import {
  installedPackageJson,
  resolvedEnv,
  runtimeNeedsDevDependencies,
} from '../analysis/nodeRuntime';
import type { Instruction } from '../parse/model';
import { unquote } from '../parse/words';
import type { ShellCommand } from '../parse/shell';
import type { DockerfileModel, DockerfileRule } from './types';

/** The flag that leaves devDependencies out, per tool. */
const OMIT_FLAG: Record<string, string> = {
  npm: '--omit=dev',
  yarn: '--production',
  pnpm: '--prod',
  bun: '--production',
};
/** Flags that already leave them out. */
const PROD_FLAGS: Record<string, string[]> = {
  npm: ['--production', '--only=prod', '--only=production'],
  yarn: ['--production', '--prod'],
  pnpm: ['--prod', '-P', '--production'],
  bun: ['--production', '-p'],
};
/** Programs that usually need devDependencies (compilers, bundlers, test runners). */
const DEV_TOOLS = new Set(['npx', 'tsc', 'vite', 'webpack', 'next', 'nest', 'ng', 'jest', 'tsx']);

function isDependencyInstall(u: ToolUse, context: BuildContext): boolean {
  switch (u.tool) {
    case 'npm':
      return (
        u.verb === 'ci' ||
        ((u.verb === 'install' || u.verb === 'i') &&
          positionals(u, NPM_VALUE_OPTIONS).length === 0 &&
          !hasArg(u, '-g', '--global'))
      );
    case 'yarn':
      // Yarn 2+ has no --production; its `workspaces focus --production` is another command.
      return (
        (u.verb === '' || u.verb === 'install') &&
        !hasArg(u, '--immutable') &&
        !context.exists('.yarnrc.yml')
      );
    case 'pnpm':
    case 'bun':
      return (u.verb === 'install' || u.verb === 'i') && positionals(u).length === 0;
    default:
      return false;
  }
}

function omitsDev(u: ToolUse): boolean {
  if (hasArg(u, ...PROD_FLAGS[u.tool]!)) return true;
  const args = [...u.head, ...u.args].map((w) => w.value);
  return args.some((a, i) => a === '--omit=dev' || (a === '--omit' && args[i + 1] === 'dev'));
}

/** NODE_ENV=production (or the tool's production setting) in effect for the command. */
function productionEnv(u: ToolUse): boolean {
  const prefix = new Map(
    u.command.assignments.map((a) => [
      a.value.slice(0, a.value.indexOf('=')),
      a.value.slice(a.value.indexOf('=') + 1),
    ]),
  );
  const get = (name: string): string | undefined => {
    const v = prefix.get(name);
    return v === undefined ? resolvedEnv(u.instruction, name) : unquote(v);
  };
  return (
    get('NODE_ENV') === 'production' ||
    /^(true|1)$/i.test(get('NPM_CONFIG_PRODUCTION') ?? get('npm_config_production') ?? '') ||
    (get('NPM_CONFIG_OMIT') ?? get('npm_config_omit')) === 'dev' ||
    /^(true|1)$/i.test(get('YARN_PRODUCTION') ?? '')
  );
}

/** Commands after the install in the same RUN. */
function laterInRun(use: ToolUse): ShellCommand[] {
  return (use.instruction.run?.commands ?? []).filter((c) => c.start > use.command.start);
}

/** `npm prune --omit=dev` (or the tool's equivalent) after the install in the same RUN. */
function prunedInSameRun(use: ToolUse): boolean {
  return laterInRun(use).some((cmd) => {
    const u = detectTool(cmd, use.instruction);
    return !!u && u.verb === 'prune' && (omitsDev(u) || u.tool === 'yarn');
  });
}

/** A command that runs scripts or build tools, which usually need the devDependencies. */
function builds(cmd: ShellCommand, ins: Instruction): boolean {
  if (DEV_TOOLS.has(commandName(cmd))) return true;
  const u = detectTool(cmd, ins);
  if (!u || !['npm', 'yarn', 'pnpm', 'bun'].includes(u.tool)) return false;
  return !['install', 'i', 'ci', 'add', 'cache', 'config', 'prune', ''].includes(u.verb);
}

/** For each instruction of the shipped chain: whether a later one builds (one pass from the end). */
function buildsLater(model: DockerfileModel): Map<Instruction, boolean> {
  const chain = model.finalStage ? chainInstructions(model.finalStage) : [];
  const out = new Map<Instruction, boolean>();
  let later = false;
  for (let k = chain.length - 1; k >= 0; k--) {
    const ins = chain[k]!;
    out.set(ins, later);
    if ((ins.run?.commands ?? []).some((c) => builds(c, ins))) later = true;
  }
  return out;
}

export const rule: DockerfileRule = {
  meta: {
    id: 'npm-dev-dependencies',
    category: 'size',
    severity: 'info',
    appliesTo: 'dockerfile',
    // Test runners and development images carry their devDependencies on purpose.
    roles: ['application', 'base'],
    fixable: true,
    aliases: [],
    docs: {
      summary:
        'The shipped image installs Node dependencies including devDependencies (no `--omit=dev`, no `NODE_ENV=production`).',
      why: 'devDependencies (compilers, bundlers, linters, test runners, type definitions) are needed to build and test, not to run. In the final image they often make up most of `node_modules`. Builder stages may install them; the stage that ships should not.',
      before:
        'FROM node:20-slim\nWORKDIR /app\nCOPY package*.json ./\nRUN npm ci\nCOPY . .\nCMD ["node", "server.js"]\n',
      after:
        'FROM node:20-slim\nWORKDIR /app\nCOPY package*.json ./\nRUN npm ci --omit=dev\nCOPY . .\nCMD ["node", "server.js"]\n',
      fix: '**Add --omit=dev** inserts `--omit=dev` after `npm ci`/`npm install` (`--production` for yarn classic and bun, `--prod` for pnpm). A suggestion: it changes what is installed, and a `prepare` script or a runtime `require` of a devDependency would then fail. Not offered when a later step of the shipped image runs scripts or build tools (`npm run build`, `npx tsc`), which need the devDependencies: build in a separate stage and copy the output instead. `NODE_ENV=production` in effect (also through `ENV NODE_ENV=$NODE_ENV` from an ARG default), `--production`, or an `npm prune --omit=dev` in the same RUN satisfy the rule. Not reported when the installed `package.json` (read from the build context) has no devDependencies, nor when the image’s CMD or ENTRYPOINT, or the script it runs (`npm run dev`), starts a devDependency (a dev server, a test runner such as Playwright or Jest, a build CLI). Yarn 2+ is not checked.',
    },
  },
  check({ model, context, report }) {
    const shipped = shippedStages(model);
    const later = buildsLater(model);
    let runtimeNeedsDev: boolean | undefined;
    for (const use of toolUses(model.instructions)) {
      const ins = use.instruction;
      if (!shipped.has(ins.stage) || !isDependencyInstall(use, context)) continue;
      if (omitsDev(use) || productionEnv(use) || prunedInSameRun(use)) continue;
      const pkg = installedPackageJson(context, ins);
      // Nothing to leave out, or the image runs a dev tool (dev server, test runner).
      if (pkg && Object.keys(pkg.devDependencies).length === 0) continue;
      runtimeNeedsDev ??= runtimeNeedsDevDependencies(model, pkg);
      if (runtimeNeedsDev) continue;
      const flag = OMIT_FLAG[use.tool]!;
      const anchor = use.verbWord ?? use.head[0]!;
      const buildsAfter = (later.get(ins) ?? false) || laterInRun(use).some((c) => builds(c, ins));
      const name = use.verbWord ? `${use.tool} ${use.verb}` : use.tool;
      const edits = [insertArgAfter(ins, anchor, flag)];
      report({
        message: buildsAfter
          ? `\`${name}\` installs devDependencies into the shipped image, and later steps build with them: build in a separate stage and install only production dependencies here.`
          : `\`${name}\` installs devDependencies into the shipped image: add \`${flag}\`.`,
        start: use.head[0]!.start,
        end: anchor.end,
        fixes: buildsAfter
          ? []
          : [
              {
                title: `Add ${flag}`,
                safety: 'suggestion',
                kind: 'quickfix',
                edits,
                preferred: true,
                changes: declaredFor(model, ins, use.command, edits, [
                  { kind: 'adds-flag', command: declaredName(model, use.command), flag },
                ]),
              },
            ],
      });
    }
  },
};
