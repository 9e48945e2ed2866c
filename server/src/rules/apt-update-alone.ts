import {
  commandName,
  commandsText,
  scriptCommands,
  sequences,
  topLevelCommands,
  topLevelOperators,
} from '../analysis/commands';
import { commandText, deleteInstruction, indentAt, insert, runShellText } from '../analysis/edits';
import { parseShellScript } from '../parse/shellTree';
import { detectTool, type ToolUse } from '../analysis/tools';
import type { Instruction } from '../parse/model';
import type { DockerfileModel, DockerfileRule, Fix } from './types';

/** Package managers grouped by the index they share (yum and dnf share RHEL 8+'s). */
const FAMILY: Record<string, string> = {
  apt: 'apt',
  apk: 'apk',
  yum: 'rpm',
  dnf: 'rpm',
  microdnf: 'rpm',
  zypper: 'zypper',
};
const UPDATE_VERBS: Record<string, readonly string[]> = {
  apt: ['update'],
  apk: ['update'],
  rpm: ['makecache'],
  zypper: ['refresh', 'ref'],
};
const INSTALL_VERBS: Record<string, readonly string[]> = {
  apt: ['install', 'upgrade', 'dist-upgrade', 'full-upgrade'],
  apk: ['add', 'upgrade'],
  rpm: ['install', 'groupinstall', 'upgrade', 'update', 'reinstall'],
  zypper: ['install', 'in', 'update', 'up'],
};

function pmUses(ins: Instruction): ToolUse[] {
  return (ins.run?.commands ?? []).flatMap((c) => {
    const u = detectTool(c, ins);
    return u && FAMILY[u.tool] ? [u] : [];
  });
}

const isUpdate = (u: ToolUse): boolean => UPDATE_VERBS[FAMILY[u.tool]!]!.includes(u.verb);
const isInstall = (u: ToolUse): boolean => INSTALL_VERBS[FAMILY[u.tool]!]!.includes(u.verb);

/** Operators that keep "stop at the first failure" when `update && ` is put in front. */
const AND_LIST = new Set(['&&', '|']);

/**
 * **Merge with the next RUN**: the update's commands move to the front of the installing RUN
 * (`update && install`, or a first line of its heredoc script) and its own RUN is deleted.
 */
function mergeFix(
  model: DockerfileModel,
  alone: Instruction,
  target: Instruction,
): Fix | undefined {
  const run = alone.run!;
  if (run.form !== 'shell' || alone.raw.startLine !== alone.raw.endLine) return undefined;
  const cmds = topLevelCommands(alone);
  if (cmds.length === 0 || cmds.length !== scriptCommands(alone).length) return undefined;
  // Nothing may be lost with the deleted line: comments, or flags the target does not have.
  if (model.text.slice(cmds.at(-1)!.end, alone.end).trim() !== '') return undefined;
  const targetFlags = new Set(target.flags.map((f) => f.text));
  if (alone.flags.some((f) => !targetFlags.has(f.text))) return undefined;
  const text = commandsText(model.text, cmds);
  const edits = [deleteInstruction(model, alone)];
  const tRun = target.run!;
  if (tRun.form === 'exec') return undefined;
  // An unterminated heredoc runs to the end of the file: there is no script to edit.
  if (target.raw.heredocs.some((h) => !h.terminated)) return undefined;
  if (tRun.form === 'heredoc') {
    const heredoc = target.raw.heredocs[0]!;
    const first = scriptCommands(target).find(
      (c) => c.start >= heredoc.bodyStart && commandName(c) !== 'set',
    );
    if (!first) return undefined;
    const lineStart = model.lines.lineStart(model.lines.lineAt(first.start));
    edits.push(insert(lineStart, `${indentAt(model, first.start)}${text}${model.lines.eol}`));
  } else {
    const top = topLevelCommands(target);
    if (top.length === 0 || !topLevelOperators(target).every((op) => AND_LIST.has(op)))
      return undefined;
    // Before the first item as the shell reads it (a leading redirection belongs to it).
    const shell = runShellText(model, target);
    const first = parseShellScript(shell.script).list.items[0];
    if (!first) return undefined;
    edits.push(insert(shell.offset(first.start), `${text} && `));
  }
  return {
    title: 'Merge with the next RUN',
    safety: 'safe',
    kind: 'quickfix',
    edits,
    preferred: true,
    changes: cmds.map((c) => ({
      kind: 'moves-command' as const,
      command: commandText(model, c),
      at: 'start' as const,
    })),
  };
}

export const rule: DockerfileRule = {
  meta: {
    id: 'apt-update-alone',
    category: 'cache',
    severity: 'warning',
    appliesTo: 'dockerfile',
    fixable: true,
    aliases: ['Trivy DS-0017', 'Checkov CKV_DOCKER_5', 'droast DF028'],
    docs: {
      summary:
        '`apt-get update` (or `apk update`, `yum makecache`) runs alone in its RUN, and a later RUN installs packages.',
      why: 'The update layer is cached. When the install line changes later, Docker rebuilds only the install and reuses the old index from the cache: packages can fail to download (the index points at versions the mirror no longer has) or come out older than expected. Updating and installing in one RUN keeps the two together.',
      before:
        'FROM debian:12-slim\nRUN apt-get update\nRUN apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\n',
      after:
        'FROM debian:12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\n',
      fix: '**Merge with the next RUN** moves the update to the front of the RUN that installs (`apt-get update && apt-get install …`, or a first line of its heredoc script) and deletes the update’s own RUN. Safe: the same commands run, in the same order. Not offered when the update’s RUN spans lines, has comments or mount flags the installing RUN lacks, or when the installing RUN joins its commands with `;` or `||` (a failed update could then go unnoticed).',
    },
  },
  check({ model, report }) {
    for (const stage of [...model.stages, ...(model.preamble ? [model.preamble] : [])]) {
      for (const seq of sequences(stage)) {
        seq.forEach((ins, i) => {
          const uses = pmUses(ins);
          const updates = uses.filter(isUpdate);
          if (updates.length === 0 || updates.length !== uses.length) return;
          const family = FAMILY[updates[0]!.tool]!;
          const target = seq
            .slice(i + 1)
            .find((r) => pmUses(r).some((u) => FAMILY[u.tool] === family && isInstall(u)));
          if (!target) return;
          const targetUses = pmUses(target).filter((u) => FAMILY[u.tool] === family);
          const firstInstall = targetUses.find(isInstall)!;
          // The installing RUN refreshes the index itself: this update is only redundant.
          if (targetUses.some((u) => isUpdate(u) && u.command.start < firstInstall.command.start))
            return;
          const fix = mergeFix(model, ins, target);
          const update = updates[0]!;
          const line = model.lines.lineAt(target.start) + 1;
          report({
            message: `\`${update.head[0]!.value} ${update.verb}\` runs alone: its cached layer can hand a stale index to the install on line ${line}. Update and install in the same RUN.`,
            start: update.head[0]!.start,
            end: update.verbWord!.end,
            fixes: fix ? [fix] : [],
          });
        });
      }
    }
  },
};
