import type { DockerfileModel, Instruction } from '../parse/model';
import { TOOL_CACHES, buildUser, resolveCachePath } from '../knowledge/cacheDirs';
import { addInstructionFlag, ensureSyntaxDirective, indentAt, insert, removeWord } from './edits';
import type { ToolUse } from './tools';
import type { Edit, Fix } from './types';

function trimSlash(p: string): string {
  return p.length > 1 ? p.replace(/\/+$/, '') : p;
}

/** Targets of `--mount=type=cache` and `type=tmpfs` on a RUN. */
export function cacheTargets(ins: Instruction): string[] {
  return (ins.run?.mounts ?? [])
    .filter((m) => (m.type === 'cache' || m.type === 'tmpfs') && m.target)
    .map((m) => trimSlash(m.target!));
}

/** Whether a mounted target covers a directory (the directory itself or a parent of it). */
export function covers(targets: readonly string[], dir: string): boolean {
  const d = trimSlash(dir);
  return targets.some((t) => d === t || d.startsWith(t === '/' ? '/' : `${t}/`));
}

/**
 * True when a cache or tmpfs mount on this RUN covers any of the tool's cache directories. When the
 * USER's home is unknown, a mount on any `…/.cache/pip`-style path counts (no false alarms).
 */
export function hasCacheMount(tool: string, ins: Instruction, extraDirs: string[] = []): boolean {
  const targets = cacheTargets(ins);
  if (targets.length === 0) return false;
  if (extraDirs.some((d) => covers(targets, d))) return true;
  const cache = TOOL_CACHES[tool];
  if (!cache) return false;
  const user = buildUser(ins.user);
  if (user) return cache.dirs.some((d) => covers(targets, resolveCachePath(d, user)));
  // Home unknown: compare the home-relative part (`/.cache/pip`) of each target.
  const homeRelative = targets.map((t) => t.slice(Math.max(0, t.indexOf('/.'))));
  return cache.dirs.some((d) => {
    const path = d.nonRootPath ?? d.path;
    if (!path.startsWith('~/')) return covers(targets, d.path);
    return covers(homeRelative, path.slice(1));
  });
}

const APT_KEEP_CACHE = `RUN rm -f /etc/apt/apt.conf.d/docker-clean; echo 'Binary::apt::APT::Keep-Downloaded-Packages "true";' > /etc/apt/apt.conf.d/keep-cache`;

/**
 * **Insert cache mount**: `--mount=type=cache,target=…` for each of the tool's cache dirs (USER-aware),
 * minus the flags that turn the cache off, plus the syntax directive; for apt, Docker's documented
 * docker-clean removal. Undefined when the USER's uid is unknown (the mount would be unwritable).
 */
export function insertCacheMountFix(model: DockerfileModel, use: ToolUse): Fix | undefined {
  const cache = TOOL_CACHES[use.tool];
  const ins = use.instruction;
  if (!cache || !ins.run || ins.run.form === 'exec') return undefined;
  const user = buildUser(ins.user);
  if (!user) return undefined;
  const targets = cacheTargets(ins);
  const edits: Edit[] = [];
  const flags: string[] = [];
  for (const dir of cache.dirs) {
    const path = resolveCachePath(dir, user);
    if (covers(targets, path)) continue;
    let flag = `--mount=type=cache,target=${path}`;
    if (dir.sharing) flag += `,sharing=${dir.sharing}`;
    if (user.uid !== undefined) flag += `,uid=${user.uid},gid=${user.gid ?? user.uid}`;
    flags.push(flag);
  }
  if (flags.length === 0) return undefined;
  edits.push(addInstructionFlag(ins, flags.join(' ')));
  for (const w of [...use.head, ...use.args]) {
    if (!cache.disablingFlags.includes(w.value)) continue;
    const replacement = cache.replaceFlags?.[w.value];
    edits.push(
      replacement ? { start: w.start, end: w.end, newText: replacement } : removeWord(model, w),
    );
  }
  const syntax = ensureSyntaxDirective(model);
  if (syntax) edits.push(syntax);
  if (use.tool === 'apt' && !keepsAptCache(model, ins)) {
    edits.push(
      insert(ins.start, `${APT_KEEP_CACHE}${model.lines.eol}${indentAt(model, ins.start)}`),
    );
  }
  return { title: 'Insert cache mount', safety: 'suggestion', kind: 'quickfix', edits };
}

/** Debian images delete downloaded packages after each install unless docker-clean is removed. */
function keepsAptCache(model: DockerfileModel, ins: Instruction): boolean {
  return ins.stage.instructions.some(
    (i) =>
      i.index < ins.index &&
      i.keyword === 'RUN' &&
      model.text.slice(i.start, i.end).includes('docker-clean'),
  );
}
