import {
  commandName,
  hasOption,
  isUnder,
  operands,
  overlaps,
  pathOf,
  scriptCommands,
  sequences,
  topLevelCommands,
  topLevelOperators,
} from '../analysis/commands';
import { copyInfo, destPath } from '../analysis/copies';
import { addInstructionFlag, commandText, deleteInstruction, removeWord } from '../analysis/edits';
import { stageChain } from '../analysis/stages';
import type { Instruction } from '../parse/model';
import type { ShellCommand } from '../parse/shell';
import type { DockerfileModel, DockerfileRule, Edit, Fix } from './types';

interface Recursive {
  cmd: ShellCommand;
  kind: 'chown' | 'chmod';
  spec: string;
  paths: { value: string; abs: string }[];
}

/** `chown -R user:group path…` / `chmod -R 755 path…`. */
function recursive(cmd: ShellCommand, ins: Instruction): Recursive | undefined {
  const name = commandName(cmd);
  if (name !== 'chown' && name !== 'chmod') return undefined;
  if (!hasOption(cmd, 'R', '--recursive')) return undefined;
  const [spec, ...rest] = operands(cmd);
  if (!spec || rest.length === 0) return undefined;
  const paths = rest.flatMap((w) => {
    const abs = pathOf(ins, w.value);
    return abs && !/[*?[]/.test(w.value) ? [{ value: w.value, abs }] : [];
  });
  return { cmd, kind: name, spec: spec.value, paths };
}

/** Directories that base images often ship with content of their own. */
const POPULATED = /^\/((usr|etc|var|lib|lib64|bin|sbin|root|tmp|run)(\/.*)?|home\/[^/]+)?$/;
const USER_TOOLS = new Set(['useradd', 'adduser', 'groupadd', 'addgroup', 'usermod']);

const TEXTS = new WeakMap<Instruction, string>();

/** Whether an instruction may write below `path` (or it below an instruction's files). */
function writesInto(ins: Instruction, path: string, text: string): boolean {
  const info = copyInfo(ins);
  if (info) {
    const dest = destPath(info);
    return dest !== undefined && overlaps(dest, path);
  }
  if (!ins.run) return false;
  if (isUnder(ins.workdir, path)) return true;
  let own = TEXTS.get(ins);
  if (own === undefined) TEXTS.set(ins, (own = text.slice(ins.start, ins.end)));
  return own.includes(path);
}

/**
 * **Use COPY --chown= / --chmod=**: the flag goes on the COPY whose destination is exactly the
 * path, and the RUN is deleted — or, when WORKDIR created that directory first (owned by root, which
 * `COPY --chown` leaves alone), the RUN keeps a non-recursive change of the directory itself.
 */
function copyFlagFix(
  model: DockerfileModel,
  ins: Instruction,
  items: Recursive[],
  copy: Instruction,
  path: string,
  all: Instruction[],
  at: number,
): Fix | undefined {
  const text = model.text;
  if (copy.keyword !== 'COPY' || POPULATED.test(path)) return undefined;
  // The COPY must be edited in this stage, not in a stage others may build on.
  if (copy.stage !== ins.stage || copy.onbuild !== ins.onbuild) return undefined;
  const top = topLevelCommands(ins);
  if (top.length !== scriptCommands(ins).length || top.length !== items.length) return undefined;
  if (!topLevelOperators(ins).every((op) => op === '&&')) return undefined;
  if (text.slice(ins.start, ins.end).includes('#')) return undefined;
  for (const it of items) {
    if (it.paths.length !== 1 || it.cmd.words.length - 1 !== options(it.cmd) + 2) return undefined;
    if (it.spec.includes('$') || (it.kind === 'chmod' && !/^[0-7]{3,4}$/.test(it.spec)))
      return undefined;
    if (it.kind === 'chown' && !/^[A-Za-z0-9_-]+(:[A-Za-z0-9_-]+)?$/.test(it.spec))
      return undefined;
  }
  const kinds = items.map((i) => i.kind);
  if (new Set(kinds).size !== kinds.length) return undefined;
  const copyAt = all.lastIndexOf(copy, at);
  const before = all.slice(0, copyAt);
  const between = all.slice(copyAt + 1, at);
  if (between.some((i) => writesInto(i, path, text))) return undefined;
  if (before.some((i) => i.keyword !== 'WORKDIR' && writesInto(i, path, text))) return undefined;
  // A user created after the COPY would not exist yet for `COPY --chown=<name>`.
  const addsUsers = between.some((i) =>
    (i.run?.commands ?? []).some((c) => USER_TOOLS.has(commandName(c))),
  );
  if (addsUsers && items.some((i) => i.kind === 'chown' && !/^\d+(:\d+)?$/.test(i.spec)))
    return undefined;
  const workdirMade = before.some(
    (i) => i.keyword === 'WORKDIR' && pathOf(i, i.words[0]?.text ?? '') === path,
  );
  if (before.some((i) => i.keyword === 'WORKDIR' && isUnder(i.workdir, path) && i.workdir !== path))
    return undefined;
  const edits: Edit[] = [];
  for (const it of items) {
    const flag = `--${it.kind}=${it.spec}`;
    const existing = copy.flags.find((f) => f.name === it.kind);
    edits.push(
      existing
        ? { start: existing.start, end: existing.end, newText: flag }
        : addInstructionFlag(copy, flag),
    );
    if (workdirMade) {
      const r = dropRecursive(model, it.cmd);
      if (!r) return undefined;
      edits.push(r);
    }
  }
  if (!workdirMade) edits.push(deleteInstruction(model, ins));
  return {
    title: `Use COPY ${items.map((i) => `--${i.kind}=`).join(' ')}`,
    safety: 'safe',
    kind: 'quickfix',
    edits: mergeInserts(edits),
    preferred: true,
    changes: workdirMade
      ? items.flatMap((i) => [
          { kind: 'removes-flag' as const, command: i.kind, flag: '-R' },
          { kind: 'removes-flag' as const, command: i.kind, flag: '--recursive' },
        ])
      : top.map((c) => ({
          kind: 'removes-command' as const,
          command: commandText(model, c),
        })),
  };
}

function options(cmd: ShellCommand): number {
  return cmd.words.slice(1).filter((w) => w.value.startsWith('-')).length;
}

/** `-R` (alone, or in a cluster such as `-Rf`) or `--recursive` removed from a command. */
function dropRecursive(model: DockerfileModel, cmd: ShellCommand): Edit | undefined {
  for (const w of cmd.words.slice(1)) {
    if (w.value === '-R' || w.value === '--recursive') return removeWord(model, w);
    if (
      /^-[A-Za-z]+$/.test(w.value) &&
      w.value.includes('R') &&
      w.end - w.start === w.value.length
    ) {
      const at = w.start + w.value.indexOf('R');
      return { start: at, end: at + 1, newText: '' };
    }
  }
  return undefined;
}

/** Two flags added to the same COPY become one insertion (`--chown=… --chmod=…`). */
function mergeInserts(edits: Edit[]): Edit[] {
  const out: Edit[] = [];
  for (const e of edits) {
    const same = out.find((o) => o.start === e.start && o.end === e.start && e.start === e.end);
    if (same) same.newText += e.newText;
    else out.push({ ...e });
  }
  return out;
}

export const rule: DockerfileRule = {
  meta: {
    id: 'chown-in-separate-layer',
    category: 'size',
    severity: 'warning',
    appliesTo: 'dockerfile',
    fixable: true,
    aliases: [],
    docs: {
      summary:
        '`RUN chown -R` or `chmod -R` changes files that an earlier COPY/ADD brought in, in a layer of its own.',
      why: 'Changing a file’s owner or mode rewrites the whole file into the new layer, so every copied file is stored twice: a 300 MB application directory becomes 600 MB of image. `COPY --chown=` and `COPY --chmod=` set owner and mode while copying, in one layer.',
      before:
        'FROM node:20-slim\nCOPY . /app\nRUN chown -R node:node /app\nUSER node\nCMD ["node", "/app/server.js"]\n',
      after:
        'FROM node:20-slim\nCOPY --chown=node:node . /app\nUSER node\nCMD ["node", "/app/server.js"]\n',
      fix: '**Use COPY --chown=** (or `--chmod=` for an octal mode) moves the owner or mode onto the COPY whose destination is the changed directory and deletes the RUN. When `WORKDIR` created that directory before the COPY (as root, which `COPY --chown` leaves alone), the RUN stays with a non-recursive `chown`/`chmod` of the directory itself, so its owner is the same as before. Safe: the same files end up with the same owner and mode. Not offered when something else wrote into the directory before (a `chown -R` would change those files too), when the directory is a system or home directory that base images fill, when a RUN between the COPY and the `chown` creates users, for `ADD` (archives are extracted with their own owners), symbolic modes or `$VARIABLES`.',
    },
  },
  check({ model, report }) {
    for (const stage of model.stages) {
      const parents = stageChain(stage)
        .slice(1)
        .reverse()
        .flatMap((s) => s.instructions.filter((x) => !x.onbuild));
      for (const seq of sequences(stage)) {
        const base = seq[0]?.onbuild ? [] : parents;
        const all = [...base, ...seq];
        // COPY/ADD destinations in order, so each chown looks only at the copies before it.
        const copies = all.flatMap((x) => {
          const info = copyInfo(x);
          const dest = info && destPath(info);
          return dest === undefined ? [] : [{ ins: x, dest }];
        });
        seq.forEach((ins, i) => {
          if (!ins.run) return;
          const cmds = scriptCommands(ins);
          const items = cmds.flatMap((c) => recursive(c, ins) ?? []);
          if (items.length === 0) return;
          const found: { item: Recursive; copy: Instruction; path: string }[] = [];
          for (const item of items) {
            for (const p of item.paths) {
              // Created by the same RUN (mkdir, cp, tar -C …) before the chown: not a duplicate.
              const made = cmds.some(
                (c) =>
                  c.start < item.cmd.start &&
                  !recursive(c, ins) &&
                  operands(c).some((w) => {
                    const a = pathOf(ins, w.value);
                    return a !== undefined && overlaps(a, p.abs);
                  }),
              );
              if (made) continue;
              let copy: Instruction | undefined;
              for (let k = copies.length - 1; k >= 0 && !copy; k--) {
                const c = copies[k]!;
                const before = c.ins.stage !== ins.stage || c.ins.index < ins.index;
                if (before && overlaps(c.dest, p.abs)) copy = c.ins;
              }
              if (copy) {
                found.push({ item, copy, path: p.abs });
                break;
              }
            }
          }
          if (found.length === 0) return;
          const first = found[0]!;
          const samePlace = found.every((f) => f.copy === first.copy && f.path === first.path);
          const dest = destPath(copyInfo(first.copy)!);
          const fix =
            samePlace && found.length === items.length && dest === first.path
              ? copyFlagFix(model, ins, items, first.copy, first.path, all, base.length + i)
              : undefined;
          for (const f of found) {
            const line = model.lines.lineAt(f.copy.start) + 1;
            const cmd = f.item.cmd;
            report({
              message: `\`${f.item.kind} -R\` writes every file the ${f.copy.keyword} on line ${line} brought in again, into a new layer: set it with \`COPY --${f.item.kind}=\` instead.`,
              start: cmd.words[0]!.start,
              end: cmd.words.at(-1)!.end,
              fixes: fix ? [fix] : [],
            });
          }
        });
      }
    }
  },
};
