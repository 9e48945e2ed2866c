import { hasCacheMount } from '../analysis/cacheMounts';
import { commandName, operands, topLevelCommands } from '../analysis/commands';
import { isUnshippedBuilder, shippedStages } from '../analysis/copies';
import {
  commandText,
  declaredFor,
  declaredName,
  insertArgAfter,
  removeCommand,
  removeWord,
} from '../analysis/edits';
import { detectTool, hasArg, type ToolUse } from '../analysis/tools';
import type { Instruction } from '../parse/model';
import type { ShellCommand } from '../parse/shell';
import type { DeclaredChange, DockerfileModel, DockerfileRule, Edit, Fix } from './types';

/** `rm … /var/cache/apk/*` (or the directory itself) after `apk add` in the same RUN. */
const APK_CACHE = /^\/var\/cache\/apk(\/\*?)?$/;

/** The flags `--no-cache` makes redundant: it always fetches a fresh index. */
const UPDATE_FLAGS = new Set(['--update', '-U', '--update-cache']);

function apkUses(ins: Instruction): ToolUse[] {
  return (ins.run?.commands ?? []).flatMap((c) => {
    const u = detectTool(c, ins);
    return u?.tool === 'apk' ? [u] : [];
  });
}

function removesCache(cmds: readonly ShellCommand[], after: number): boolean {
  return cmds.some(
    (c) =>
      c.start > after &&
      commandName(c) === 'rm' &&
      operands(c).some((w) => APK_CACHE.test(w.value)),
  );
}

/**
 * `apk update` commands of the RUN that `--no-cache` makes useless: top-level, before the adds,
 * and with nothing but `apk add` after them that would read the index they fetched.
 */
function redundantUpdates(ins: Instruction, uses: ToolUse[]): ToolUse[] {
  const top = topLevelCommands(ins);
  const updates = uses.filter((u) => u.verb === 'update' && top.includes(u.command));
  const adds = uses.filter((u) => u.verb === 'add');
  if (updates.length === 0 || adds.length === 0) return [];
  const firstAdd = Math.min(...adds.map((u) => u.command.start));
  const others = uses.filter((u) => u.verb !== 'add' && u.verb !== 'update');
  if (others.length > 0 || updates.some((u) => u.command.start > firstAdd)) return [];
  return updates;
}

function fixFor(
  model: DockerfileModel,
  use: ToolUse,
  updates: ToolUse[],
  addNoCache: boolean,
): Fix | undefined {
  const ins = use.instruction;
  const edits: Edit[] = [];
  const changes: DeclaredChange[] = [];
  const command = declaredName(model, use.command);
  if (addNoCache) {
    edits.push(insertArgAfter(ins, use.verbWord!, '--no-cache'));
    changes.push({ kind: 'adds-flag', command, flag: '--no-cache' });
  }
  if (ins.run?.form !== 'exec') {
    for (const w of use.args) {
      if (!UPDATE_FLAGS.has(w.value)) continue;
      edits.push(removeWord(model, w));
      changes.push({ kind: 'removes-flag', command, flag: model.text.slice(w.start, w.end) });
    }
    const list = topLevelCommands(ins);
    for (const u of updates) {
      const e = removeCommand(model, u.command, list);
      if (!e) continue;
      edits.push(e);
      changes.push({ kind: 'removes-command', command: commandText(model, u.command) });
    }
  }
  if (edits.length === 0) return undefined;
  return {
    title: addNoCache ? 'Add --no-cache' : 'Remove the redundant apk update',
    safety: 'safe',
    kind: 'quickfix',
    edits,
    preferred: true,
    changes: declaredFor(model, ins, use.command, edits, changes),
  };
}

export const rule: DockerfileRule = {
  meta: {
    id: 'apk-no-cache',
    category: 'size',
    severity: 'warning',
    appliesTo: 'dockerfile',
    platforms: ['linux'],
    fixable: true,
    aliases: ['hadolint DL3019', 'Trivy DS-0025'],
    docs: {
      summary:
        '`apk add` without `--no-cache` leaves the package index in `/var/cache/apk` in the layer.',
      why: '`apk add` (and `apk update`) store the repository indexes under `/var/cache/apk`; the running container never needs them. `--no-cache` fetches the index into memory and writes nothing there, so the layer holds only the installed packages. Deleting the files in a later RUN does not help: the bytes stay in the earlier layer.',
      before: 'FROM alpine:3.20\nRUN apk update && apk add curl\n',
      after: 'FROM alpine:3.20\nRUN apk add --no-cache curl\n',
      fix: '**Add --no-cache** inserts the flag after `add`, drops a now-redundant `--update`/`-U` on that command and an `apk update` earlier in the same RUN (`--no-cache` fetches a fresh index itself). Safe: the same packages are installed. When `apk add --no-cache` already follows an `apk update` in the same RUN, **Remove the redundant apk update** drops the update, whose index would otherwise stay in the layer. A cache mount on `/var/cache/apk` or `/etc/apk/cache` (what **Insert cache mount** adds) also satisfies the rule. In a builder stage that is not shipped, the finding is information only.',
    },
  },
  check({ model, report }) {
    const shipped = shippedStages(model);
    for (const ins of model.instructions) {
      if (!ins.run) continue;
      const uses = apkUses(ins);
      const adds = uses.filter((u) => u.verb === 'add' && u.verbWord);
      if (adds.length === 0) continue;
      if (hasCacheMount('apk', ins, ['/var/cache/apk'])) continue;
      const updates = redundantUpdates(ins, uses);
      const builder = isUnshippedBuilder(ins.stage, shipped);
      const severity = builder ? ('info' as const) : undefined;
      let reported = false;
      for (const use of adds) {
        if (hasArg(use, '--no-cache') || removesCache(ins.run.commands, use.command.start))
          continue;
        const fix = fixFor(model, use, updates, true);
        report({
          message:
            '`apk add` keeps the package index in /var/cache/apk in this layer: add `--no-cache`.',
          start: use.head[0]!.start,
          end: use.verbWord!.end,
          severity,
          fixes: fix ? [fix] : [],
        });
        reported = true;
      }
      // `apk update && apk add --no-cache x`: the update's index is the only thing left behind.
      if (reported || updates.length === 0) continue;
      const first = adds[0]!;
      if (removesCache(ins.run.commands, first.command.start)) continue;
      const fix = fixFor(model, first, updates, false);
      if (!fix) continue;
      const update = updates[0]!;
      report({
        message:
          '`apk update` leaves the package index in /var/cache/apk in this layer, and `apk add --no-cache` fetches its own: remove the update.',
        start: update.head[0]!.start,
        end: update.verbWord!.end,
        severity,
        fixes: [fix],
      });
    }
  },
};
