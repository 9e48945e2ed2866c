import { appendCommandFix, uncleanedInstalls } from '../analysis/cacheCleanup';
import { hasCacheMount } from '../analysis/cacheMounts';
import { commandName, operands } from '../analysis/commands';
import type { BuildContext } from '../analysis/context';
import { shippedStages } from '../analysis/copies';
import { hasArg, type ToolUse } from '../analysis/tools';
import type { ShellCommand } from '../parse/shell';
import type { DockerfileRule } from './types';

const CLEAN: Record<string, string> = { npm: 'npm cache clean --force', yarn: 'yarn cache clean' };
/** Where the caches live: `~/.npm`; yarn classic's `/usr/local/share/.cache/yarn` or `~/.cache/yarn`. */
const CACHE_PATH: Record<string, RegExp> = {
  npm: /(^|\/)\.npm(\/_cacache)?\/?\*?$/,
  yarn: /(^|\/)\.cache\/yarn(\/.*)?$/,
};

function installs(u: ToolUse | undefined, context: BuildContext): u is ToolUse {
  if (!u) return false;
  if (u.tool === 'npm') return ['install', 'i', 'ci', 'add'].includes(u.verb);
  if (u.tool !== 'yarn' || !['', 'install', 'add'].includes(u.verb)) return false;
  // Yarn 2+ keeps its cache in the project (or a global cache it manages): classic only.
  return !hasArg(u, '--immutable', '--immutable-cache') && !context.exists('.yarnrc.yml');
}

function cleans(cmd: ShellCommand, u: ToolUse | undefined, tool: string): boolean {
  if (u?.tool === tool && u.verb === 'cache') return u.args[0]?.value === 'clean';
  return commandName(cmd) === 'rm' && operands(cmd).some((w) => CACHE_PATH[tool]!.test(w.value));
}

export const rule: DockerfileRule = {
  meta: {
    id: 'npm-cache-not-cleaned',
    category: 'size',
    severity: 'info',
    appliesTo: 'dockerfile',
    fixable: true,
    aliases: ['hadolint DL3060'],
    docs: {
      summary:
        '`npm install`/`npm ci` or `yarn install` in the shipped image leaves the package cache in the layer.',
      why: 'npm keeps a copy of every package tarball it downloads in `~/.npm/_cacache`, and yarn classic in `/usr/local/share/.cache/yarn` (as root); together about the compressed size of everything installed again. The running application never reads it. In a builder stage that is not shipped it does no harm, so only the final image is checked.',
      before: 'FROM node:20-slim\nWORKDIR /app\nCOPY package*.json ./\nRUN npm ci --omit=dev\n',
      after:
        'FROM node:20-slim\nWORKDIR /app\nCOPY package*.json ./\nRUN npm ci --omit=dev && npm cache clean --force\n',
      fix: '**Append the clean command** adds `npm cache clean --force` or `yarn cache clean` at the end of the same RUN, following its layout. Safe: only the cache is removed. Not offered for exec-form RUNs. A cache mount on the cache directory (what **Insert cache mount** adds) also satisfies the rule and is faster on rebuilds. Yarn 2+ (a `.yarnrc.yml` in the context, or `--immutable`) manages its cache differently and is not checked.',
    },
  },
  check({ model, context, report }) {
    const shipped = shippedStages(model);
    for (const ins of model.instructions) {
      if (!ins.run || !shipped.has(ins.stage)) continue;
      const uncleaned = uncleanedInstalls(
        ins,
        (u): u is ToolUse => installs(u, context),
        (u) => hasCacheMount(u.tool, ins, [], u.command),
        cleans,
      );
      for (const use of uncleaned) {
        const clean = CLEAN[use.tool]!;
        const name = use.verbWord ? `${use.tool} ${use.verb}` : use.tool;
        report({
          message: `\`${name}\` leaves the package cache in the shipped image: end the same RUN with \`${clean}\` (or mount a cache).`,
          start: use.head[0]!.start,
          end: use.verbWord?.end ?? use.head[0]!.end,
          fixes: appendCommandFix(model, ins, clean),
        });
      }
    }
  },
};
