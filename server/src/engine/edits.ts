import type { DockerfileModel, Instruction } from '../parse/model';
import type { ShellWord } from '../parse/shell';
import type { Edit } from './types';

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
  const eol = model.lines.eol;
  const heredoc = ins.raw.heredocs[0];
  if (run.form === 'heredoc' && heredoc?.terminated) {
    const body = model.text.slice(heredoc.bodyStart, heredoc.bodyEnd);
    const lastLine = body.replace(/\s+$/, '').split(/\r?\n/).pop() ?? '';
    const indent = /^[ \t]*/.exec(lastLine)![0];
    const trailingBreak = /\r?\n$/.test(body) || body === '';
    return insert(heredoc.bodyEnd, `${trailingBreak ? '' : eol}${indent}${command}${eol}`);
  }
  const top = run.commands.filter((c) => c.depth === 0);
  const last = top[top.length - 1];
  if (!last || last.next === '&') return undefined;
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

/** Inserts a flag after the RUN keyword (after existing flags), e.g. `--mount=type=cache,…`. */
export function addInstructionFlag(ins: Instruction, flag: string): Edit {
  const after = ins.flags.length > 0 ? ins.flags[ins.flags.length - 1]!.end : ins.raw.keywordEnd;
  return insert(after, ` ${flag}`);
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
