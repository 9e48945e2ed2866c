import type { DockerfileModel, Instruction } from '../parse/model';
import type { ShellCommand, ShellWord } from '../parse/shell';
import type { Edit } from '../rules/types';

/** Leading blanks of the line holding `offset`. */
export function indentAt(model: DockerfileModel, offset: number): string {
  const start = model.lines.lineStart(model.lines.lineAt(offset));
  const m = /^[ \t]*/.exec(model.text.slice(start, start + 200));
  return m ? m[0] : '';
}

export function insert(offset: number, newText: string): Edit {
  return { start: offset, end: offset, newText };
}

/** Inserts ` text` right after a word. */
export function insertAfterWord(word: ShellWord, text: string): Edit {
  return insert(word.end, ` ${text}`);
}

/** Removes a word and the blanks before it. */
export function removeWord(model: DockerfileModel, word: ShellWord): Edit {
  let start = word.start;
  while (start > 0 && (model.text[start - 1] === ' ' || model.text[start - 1] === '\t')) start--;
  return { start, end: word.end, newText: '' };
}

/**
 * Appends a command to a RUN so it runs in the same layer, matching the RUN's layout: a new line
 * in a heredoc script; a new continuation line (`&&` leading or trailing, as the RUN already
 * does) in a multi-line RUN; ` && cmd` on a one-line RUN. Undefined for exec-form RUNs.
 */
export function appendToRun(
  model: DockerfileModel,
  ins: Instruction,
  command: string,
): Edit | undefined {
  const run = ins.run;
  if (!run || run.form === 'exec') return undefined;
  // An unterminated heredoc runs to the end of the file: anything appended would join its body.
  if (ins.raw.heredocs.some((h) => !h.terminated)) return undefined;
  const eol = model.lines.eol;
  const heredoc = ins.raw.heredocs[0];
  if (run.form === 'heredoc' && heredoc?.terminated) {
    const body = model.text.slice(heredoc.bodyStart, heredoc.bodyEnd);
    if (leavesQuoteOpen(body)) return undefined;
    // trimEnd, not /\s+$/: that regex is quadratic on long runs of blanks.
    const lastLine =
      body
        .trimEnd()
        .split(/\r\n|\r|\n/)
        .pop() ?? '';
    const indent = /^[ \t]*/.exec(lastLine)![0];
    const trailingBreak = /[\r\n]$/.test(body) || body === '';
    return insert(heredoc.bodyEnd, `${trailingBreak ? '' : eol}${indent}${command}${eol}`);
  }
  const top = run.commands.filter((c) => c.depth === 0);
  const last = top[top.length - 1];
  if (!last || last.next === '&') return undefined;
  // After an unclosed quote or backtick the new command would be part of that string.
  if (runLeavesQuoteOpen(ins)) return undefined;
  const escape = model.scan.escape;
  if (ins.raw.startLine === ins.raw.endLine && model.lines.lineAt(last.end) === ins.raw.startLine) {
    return insert(last.end, ` && ${command}`);
  }
  const lastLine = model.lines.lineAt(last.end);
  const lineText = model.text.slice(model.lines.lineStart(lastLine), model.lines.lineEnd(lastLine));
  const indent = /^[ \t]*/.exec(lineText)![0] || '    ';
  const leading = /^[ \t]*(&&|\|\|)/.test(lineText);
  return leading
    ? insert(last.end, ` ${escape}${eol}${indent}&& ${command}`)
    : insert(last.end, ` && ${escape}${eol}${indent}${command}`);
}

/**
 * True when shell text leaves a quote, a backtick, `$(` or `${` open at its end, so that text
 * appended after it would not be a command of its own.
 */
/** Several fixes append to the same RUN: its text is checked once. */
const openQuotes = new WeakMap<Instruction, boolean>();

function runLeavesQuoteOpen(ins: Instruction): boolean {
  let open = openQuotes.get(ins);
  if (open === undefined) {
    open = leavesQuoteOpen(ins.raw.logical.slice(ins.raw.keywordEnd - ins.raw.keywordStart));
    openQuotes.set(ins, open);
  }
  return open;
}

export function leavesQuoteOpen(s: string): boolean {
  const open: string[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    const top = open[open.length - 1];
    if (top === "'") {
      if (c === "'") open.pop();
      continue;
    }
    if (c === '\\') {
      i++;
      continue;
    }
    if (top === '"') {
      if (c === '"') open.pop();
      else if (c === '`') open.push('`');
      else if (c === '$' && (s[i + 1] === '(' || s[i + 1] === '{')) open.push(s[++i]!);
      continue;
    }
    if (c === '#' && top !== '`' && top !== '{' && (i === 0 || /[ \t\r\n;&|(]/.test(s[i - 1]!))) {
      // A comment, to the end of its line: quotes in it do not count.
      while (i + 1 < s.length && s[i + 1] !== '\n' && s[i + 1] !== '\r') i++;
      continue;
    }
    if (c === "'" || c === '"') open.push(c);
    else if (c === '`') {
      if (top === '`') open.pop();
      else open.push('`');
    } else if (c === '$' && (s[i + 1] === '(' || s[i + 1] === '{')) open.push(s[++i]!);
    else if (c === '(' && top === '(') open.push('(');
    else if (c === ')' && top === '(') open.pop();
    else if (c === '}' && top === '{') open.pop();
  }
  return open.length > 0;
}

/** Inserts a flag after the RUN keyword (after existing flags), e.g. `--mount=type=cache,…`. */
export function addInstructionFlag(ins: Instruction, flag: string): Edit {
  const after = ins.flags.length > 0 ? ins.flags[ins.flags.length - 1]!.end : keywordEnd(ins);
  return insert(after, ` ${flag}`);
}

/** End of the instruction's keyword; for `ONBUILD RUN …`, of the `RUN`. */
export function keywordEnd(ins: Instruction): number {
  const raw = ins.raw;
  if (!ins.onbuild) return raw.keywordEnd;
  const m = /^\s*\S+/.exec(raw.logical.slice(raw.keywordEnd - raw.keywordStart));
  const end = raw.keywordEnd - raw.keywordStart + (m ? m[0].length : 0);
  return raw.map[end - 1]! + 1;
}

/** `# syntax=docker/dockerfile:1` at the top when the file has no syntax directive. */
export function ensureSyntaxDirective(model: DockerfileModel): Edit | undefined {
  if (model.scan.directives.some((d) => d.name === 'syntax')) return undefined;
  return insert(model.scan.bom ? 1 : 0, `# syntax=docker/dockerfile:1${model.lines.eol}`);
}

/** Text of the instruction, from its keyword to its last character. */
export function instructionText(model: DockerfileModel, ins: Instruction): string {
  return model.text.slice(ins.start, ins.end);
}

/** Removes an instruction's whole lines (continuations and heredoc bodies included). */
export function deleteInstruction(model: DockerfileModel, ins: Instruction): Edit {
  return {
    // Never the byte-order mark before the first line.
    start: Math.max(model.lines.lineStart(ins.raw.startLine), model.scan.bom ? 1 : 0),
    end: model.lines.nextLineStart(ins.raw.endLine),
    newText: '',
  };
}

/** Operators a command can be cut out of without changing how the rest of the list fails. */
const CUTTABLE = new Set(['&&', ';', '\n']);

/**
 * Removes commands of a RUN's top-level list with the operators that join them to their neighbours
 * (`a && b && c` → `a && c`). Undefined when that would drop a comment, when a removed command is
 * piped or joined by `||` or `&`, or when nothing would be left (delete the instruction instead).
 */
export function removeCommands(
  model: DockerfileModel,
  cmds: readonly ShellCommand[],
  list: readonly ShellCommand[],
): Edit[] | undefined {
  const gone = new Set(cmds);
  if (cmds.length === 0 || cmds.some((c) => c.depth !== 0 || !list.includes(c))) return undefined;
  // A command with an unclosed quote or backtick runs on to the end of the text, and one that
  // spans lines may hold comment lines: cutting either would cut more than the command.
  const risky = (c: ShellCommand) => {
    const t = model.text.slice(c.start, c.end);
    return leavesQuoteOpen(t) || /[\r\n][ \t]*#/.test(t);
  };
  if (cmds.some(risky)) return undefined;
  if (list.every((c) => gone.has(c))) return undefined;
  const edits: Edit[] = [];
  for (let i = 0; i < list.length; i++) {
    if (!gone.has(list[i]!)) continue;
    let j = i;
    while (j + 1 < list.length && gone.has(list[j + 1]!)) j++;
    const run = list.slice(i, j + 1);
    const after = list[j + 1];
    const before = list[i - 1];
    let edit: Edit | undefined;
    // `x | a && y` must not become `x | y`: the command's own left operator has to be cuttable too.
    const first = list[i]!;
    if (after && run.every((c) => CUTTABLE.has(c.next)) && (!before || CUTTABLE.has(first.prev))) {
      edit = { start: list[i]!.start, end: after.start, newText: '' };
    } else if (before && !after && run.every((c) => CUTTABLE.has(c.prev))) {
      edit = { start: before.end, end: list[j]!.end, newText: '' };
    }
    if (!edit) return undefined;
    let gaps = model.text.slice(edit.start, edit.end);
    for (const c of run) gaps = gaps.replace(model.text.slice(c.start, c.end), '');
    if (gaps.includes('#')) return undefined;
    edits.push(edit);
    i = j;
  }
  return edits;
}

/** {@link removeCommands} for one command. */
export function removeCommand(
  model: DockerfileModel,
  cmd: ShellCommand,
  list: readonly ShellCommand[],
): Edit | undefined {
  return removeCommands(model, [cmd], list)?.[0];
}

/** Inserts an argument after a word: ` arg` in shell form, `, "arg"` in an exec-form (JSON) RUN. */
export function insertArgAfter(ins: Instruction, word: ShellWord, arg: string): Edit {
  return ins.run?.form === 'exec'
    ? insert(word.end, `, ${JSON.stringify(arg)}`)
    : insertAfterWord(word, arg);
}
