/**
 * Questions several rules ask about a RUN's commands and the instructions around it: which
 * commands are the script (not the `sh -c` or heredoc wrapper), which words are paths, what an
 * `rm` removes, and the instruction sequences of a stage.
 */
import type { Instruction, Stage } from '../parse/model';
import type { ShellCommand, ShellWord } from '../parse/shell';
import { ownInstructions, resolvePath } from './copies';
import { basename } from './tools';

const SHELLS = /^(sh|bash|dash|ash|zsh|ksh)$/;

/**
 * The commands a RUN executes, without the shell that runs them: the `bash` of `RUN bash <<EOF`
 * and the `sh -c '…'` wrapper whose script is split into its own commands.
 */
export function scriptCommands(ins: Instruction): ShellCommand[] {
  const run = ins.run;
  if (!run) return [];
  const heredoc = ins.raw.heredocs[0];
  return run.commands.filter((c, i) => {
    const shell = SHELLS.test(basename(c.words[0]));
    if (!shell) return true;
    if (run.form === 'heredoc' && heredoc && c.start < heredoc.bodyStart) return false;
    const next = run.commands[i + 1];
    return !(next && next.depth > c.depth);
  });
}

/** The top-level list of a RUN (what `removeCommand` can cut from): depth 0, wrappers excluded. */
export function topLevelCommands(ins: Instruction): ShellCommand[] {
  return scriptCommands(ins).filter((c) => c.depth === 0);
}

/** Operators between the top-level commands of a RUN. */
export function topLevelOperators(ins: Instruction): string[] {
  return topLevelCommands(ins)
    .slice(1)
    .map((c) => c.prev);
}

/** Positional words of a command (after argv0), skipping options; `--` ends the options. */
export function operands(cmd: ShellCommand): ShellWord[] {
  const out: ShellWord[] = [];
  let options = true;
  for (const w of cmd.words.slice(1)) {
    if (options && w.value === '--') options = false;
    else if (options && w.value.startsWith('-') && w.value.length > 1) continue;
    else out.push(w);
  }
  return out;
}

/** Options of a command (words starting with `-` before `--`). */
export function options(cmd: ShellCommand): string[] {
  const out: string[] = [];
  for (const w of cmd.words.slice(1)) {
    if (w.value === '--') break;
    if (w.value.startsWith('-') && w.value.length > 1) out.push(w.value);
  }
  return out;
}

/** Whether a short-option cluster or long option turns on a letter/name (`-rf` has `r`). */
export function hasOption(cmd: ShellCommand, short: string, long?: string): boolean {
  return options(cmd).some((o) =>
    o.startsWith('--') ? o === long || o.startsWith(`${long}=`) : o.slice(1).includes(short),
  );
}

export function commandName(cmd: ShellCommand): string {
  return basename(cmd.words[0]);
}

/** An absolute path for a path word (relative ones against the WORKDIR); undefined for non-paths. */
export function pathOf(ins: Instruction, value: string): string | undefined {
  if (value === '' || value.includes('$') || /^[a-z][a-z0-9+.-]*:\/\//i.test(value))
    return undefined;
  if (value === '~' || value.startsWith('~/')) return undefined;
  return resolvePath(ins.workdir, value);
}

/** Whether `inner` is `outer` or lies below it. */
export function isUnder(inner: string, outer: string): boolean {
  return inner === outer || outer === '/' || inner.startsWith(`${outer}/`);
}

/** The two paths overlap: one contains the other. */
export function overlaps(a: string, b: string): boolean {
  return isUnder(a, b) || isUnder(b, a);
}

/** The instruction sequences of a stage that run one after another: its own, then its ONBUILD triggers. */
export function sequences(stage: Stage): Instruction[][] {
  const own = ownInstructions(stage);
  const onbuild = stage.instructions.filter((i) => i.onbuild);
  return onbuild.length > 0 ? [own, onbuild] : [own];
}

/** The text of a command list as written, from its first word to its last. */
export function commandsText(text: string, cmds: readonly ShellCommand[]): string {
  return cmds.length ? text.slice(cmds[0]!.start, cmds[cmds.length - 1]!.end) : '';
}
