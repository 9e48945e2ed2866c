import { hasCacheMount, insertCacheMountFix } from '../engine/cacheMounts';
import { hasArg, positionals, toolUses, type ToolUse } from '../engine/tools';
import type { DockerfileRule } from '../engine/types';

/** Which invocations download packages, per tool (RULES.md's `missing-cache-mount` row). */
function downloads(u: ToolUse): boolean {
  const v = u.verb;
  switch (u.tool) {
    case 'pip':
      return v === 'install';
    case 'uv':
      return v === 'install' || v === 'sync' || v === 'add';
    case 'poetry':
      return v === 'install';
    case 'npm':
      return v === 'ci' || v === 'install' || v === 'i' || v === 'add';
    case 'yarn':
      return v === '' || v === 'install' || v === 'add';
    case 'pnpm':
      return v === 'install' || v === 'i' || v === 'add';
    case 'go':
      return v === 'download' || v === 'build' || v === 'install';
    case 'apt':
      return v === 'install' && !hasArg(u, '--print-uris');
    case 'apk':
      return v === 'add';
    case 'cargo':
      return v === 'build' || v === 'fetch' || v === 'install';
    case 'maven':
      return positionals(u).length > 0 || v !== '';
    case 'gradle':
      return true;
    case 'bundler':
      return v === 'install';
    case 'composer':
      return v === 'install' || v === 'require' || v === 'update';
    case 'dotnet':
      return v === 'restore' || v === 'publish' || v === 'build';
    default:
      return false;
  }
}

export const rule: DockerfileRule = {
  meta: {
    id: 'missing-cache-mount',
    category: 'speed',
    severity: 'info',
    appliesTo: 'dockerfile',
    fixable: true,
    aliases: [],
    docs: {
      summary:
        'A package download runs without a BuildKit cache mount on the tool’s cache directory.',
      why: 'When the layer is rebuilt, every package is downloaded again. A `RUN --mount=type=cache` keeps the package manager’s cache between builds, outside the image, so a rebuild fetches only what changed — and the cache never ends up in a layer.',
      before: 'FROM node:20-slim\nWORKDIR /app\nCOPY package*.json ./\nRUN npm ci\n',
      after:
        '# syntax=docker/dockerfile:1\nFROM node:20-slim\nWORKDIR /app\nCOPY package*.json ./\nRUN --mount=type=cache,target=/root/.npm npm ci\n',
      fix: "**Insert cache mount** adds `--mount=type=cache,target=<dir>` for the tool's documented cache directories (e.g. npm `/root/.npm`, pip `/root/.cache/pip`, Go `/go/pkg/mod` and `/root/.cache/go-build`, apt `/var/cache/apt` and `/var/lib/apt` with `sharing=locked`), in the build user's home with `uid=`/`gid=` for known non-root users, removes flags that turn the cache off (`--no-cache-dir`), adds `# syntax=docker/dockerfile:1` when the file has no syntax directive, and for apt inserts Docker's documented removal of `docker-clean`. A suggestion: it needs BuildKit. Not offered when the USER's uid is unknown (the mount would not be writable). Sources: https://docs.docker.com/build/cache/optimize/#use-cache-mounts and each tool's documentation (see `server/src/knowledge/cacheDirs.ts`).",
    },
  },
  check({ model, report }) {
    const seen = new Set<string>();
    for (const use of toolUses(model.instructions)) {
      if (!downloads(use)) continue;
      const key = `${use.instruction.index}:${use.tool}`;
      if (seen.has(key)) continue;
      seen.add(key);
      if (hasCacheMount(use.tool, use.instruction, use.tool === 'apk' ? ['/var/cache/apk'] : []))
        continue;
      const fix = insertCacheMountFix(model, use);
      const end = use.verbWord?.end ?? use.command.words.at(-1)!.end;
      report({
        message: fix
          ? `\`${use.command.words[0]!.value}\` downloads packages again on every rebuild: mount a BuildKit cache on its cache directory.`
          : `\`${use.command.words[0]!.value}\` downloads packages again on every rebuild. A cache mount needs the build user's uid (USER ${use.instruction.user ?? ''}): add one with \`uid=\` by hand.`,
        start: use.command.words[0]!.start,
        end,
        fixes: fix ? [fix] : [],
      });
    }
  },
};
