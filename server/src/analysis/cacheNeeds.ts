/**
 * Which commands really fetch packages or compile into a tool's cache (RULES.md's
 * `missing-cache-mount` row), so that only those are reported: a command that works offline, or
 * finds its packages already in an earlier layer of the stage, repeats nothing a cache would save.
 */
import type { CacheRole } from '../knowledge/cacheDirs';
import type { BuildContext } from './context';
import { copyInfo, isContextWide } from './copies';
import { chainInstructions } from './stages';
import { detectTool, hasArg, positionals, type ToolUse } from './tools';
import { unquote } from '../parse/words';
import type { Instruction } from '../parse/model';

/** Variables in effect for a command (see envFor in cacheMounts). */
type Env = (name: string) => string | undefined;

const CARGO_BUILDS = ['build', 'check', 'test', 'run', 'bench', 'doc', 'clippy', 'rustc'];
const GO_COMPILES = ['build', 'install', 'test', 'run', 'vet'];
const DOTNET_RESTORES = ['restore', 'build', 'publish', 'test', 'pack', 'run'];

/** What a rebuild of this command repeats that a cache mount would save; empty when nothing. */
export function cacheNeeds(u: ToolUse, env: Env, context?: BuildContext): CacheRole[] {
  const v = u.verb;
  const offline = (...flags: string[]) => hasArg(u, ...flags);
  switch (u.tool) {
    case 'pip':
      return ['install', 'download', 'wheel'].includes(v) && !offline('--no-index')
        ? ['download']
        : [];
    case 'uv':
      return ['install', 'sync', 'add', 'lock'].includes(v) && !offline('--offline')
        ? ['download']
        : [];
    case 'poetry':
      return ['install', 'add', 'update', 'lock'].includes(v) ? ['download'] : [];
    case 'npm':
      return ['ci', 'install', 'i', 'add'].includes(v) && !offline('--offline') ? ['download'] : [];
    case 'yarn':
      return ['', 'install', 'add'].includes(v) && !offline('--offline') ? ['download'] : [];
    case 'pnpm':
      if (!['install', 'i', 'add', 'fetch'].includes(v) || offline('--offline')) return [];
      // `pnpm fetch` filled the store in an earlier layer: the install links from it.
      return v !== 'fetch' && preloaded(u, (p) => p.verb === 'fetch') ? [] : ['download'];
    case 'go':
      return goNeeds(u, env, context);
    case 'apt':
      return ['install', 'upgrade', 'dist-upgrade', 'full-upgrade'].includes(v) &&
        !hasArg(u, '--print-uris', '-s', '--simulate', '--dry-run')
        ? ['download', 'index']
        : [];
    case 'apk':
      return v === 'add' ? ['download'] : [];
    case 'cargo': {
      const builds = CARGO_BUILDS.includes(v) || v === 'zigbuild' || v === 'cook';
      if (!builds && v !== 'fetch' && v !== 'install') return [];
      if (offline('--offline', '--frozen') || /^true$/i.test(env('CARGO_NET_OFFLINE') ?? ''))
        return [];
      // An earlier `cargo fetch` (or build) left the crates in the layer.
      if (builds && preloaded(u, (p) => p.verb === 'fetch' || p.verb === 'cook')) return [];
      return ['download'];
    }
    case 'maven': {
      if (positionals(u).length === 0 && v === '') return [];
      if (offline('-o', '--offline')) return [];
      const goal = (p: ToolUse) =>
        [p.verb, ...positionals(p).map((w) => w.value)].some((g) =>
          /^dependency:(go-offline|resolve)$/.test(g),
        );
      return !goal(u) && preloaded(u, goal) ? [] : ['download'];
    }
    case 'gradle':
      return (v !== '' || positionals(u).length > 0) && !offline('--offline') ? ['download'] : [];
    case 'bundler':
      return (v === 'install' || v === '') && !offline('--local') ? ['download'] : [];
    case 'composer':
      return ['install', 'require', 'update'].includes(v) ? ['download'] : [];
    case 'dotnet':
      if (v === 'restore') return ['download'];
      if (!DOTNET_RESTORES.includes(v) || offline('--no-restore')) return [];
      // The implicit restore finds what an earlier restore left in the layer.
      return preloaded(u, (p) => DOTNET_RESTORES.includes(p.verb) && !hasArg(p, '--no-restore'))
        ? []
        : ['download'];
    default:
      return [];
  }
}

function goNeeds(u: ToolUse, env: Env, context?: BuildContext): CacheRole[] {
  const v = u.verb;
  if (v === 'download' || v === 'get') return ['download'];
  if (!GO_COMPILES.includes(v)) return [];
  // `go install pkg@version` and `go run pkg@version` fetch that module whatever else is there.
  const remote = positionals(u).some((w) => /@/.test(w.value));
  const flags = `${env('GOFLAGS') ?? ''}`;
  const noNetwork =
    !remote &&
    (hasArg(u, '-mod=vendor') ||
      u.args.some((w, i) => w.value === '-mod' && u.args[i + 1]?.value === 'vendor') ||
      /(^|\s)-mod=vendor(\s|$)/.test(flags) ||
      env('GOPROXY') === 'off' ||
      vendorCopied(u.instruction, context) ||
      preloaded(u, (p) => p.verb === 'download' && positionals(p).length === 0));
  return noNetwork ? ['build'] : ['download', 'build'];
}

/** A `vendor/` folder is in the stage: copied by name, or by a context-wide COPY that holds one. */
function vendorCopied(ins: Instruction, context?: BuildContext): boolean {
  return chainInstructions(ins.stage).some((i) => {
    if (i.index >= ins.index) return false;
    const info = copyInfo(i);
    if (!info || info.from !== undefined) return false;
    if (info.sources.some((s) => /^(\.\/)?vendor\/?$/.test(unquote(s.text)))) return true;
    return isContextWide(info) && (context?.exists('vendor/modules.txt') ?? false);
  });
}

/**
 * Whether an earlier RUN of the stage chain ran a use of the same tool matching `pred` without a
 * cache mount, so that what it fetched is in the layer this command starts from.
 */
function preloaded(u: ToolUse, pred: (p: ToolUse) => boolean): boolean {
  const ins = u.instruction;
  return chainInstructions(ins.stage).some(
    (i) =>
      i.index < ins.index &&
      !(i.run?.mounts ?? []).some((m) => m.type === 'cache') &&
      (i.run?.commands ?? []).some((c) => {
        const p = detectTool(c, i);
        return p?.tool === u.tool && pred(p);
      }),
  );
}

/** A context-wide COPY/ADD earlier in the stage chain: the step re-runs on every source change. */
export function afterBroadCopy(ins: Instruction): boolean {
  if (ins.onbuild) return false;
  return chainInstructions(ins.stage).some((i) => {
    if (i.index >= ins.index) return false;
    const info = copyInfo(i);
    return info !== undefined && isContextWide(info);
  });
}
