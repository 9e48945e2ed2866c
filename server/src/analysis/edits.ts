import type { DockerfileModel, Instruction } from '../parse/model';
import type { ShellCommand, ShellWord } from '../parse/shell';
import { offsetAt } from '../parse/scanner';
import { appendPlace, parseShellScript, type ShScript } from '../parse/shellTree';
import type { DeclaredChange, Edit } from '../rules/types';

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
 * Appends a command to a RUN so it runs in the same layer, last, matching the RUN's layout: a
 * new line in a heredoc script; a new continuation line (`&&` leading or trailing, as the RUN
 * already does) in a multi-line RUN; ` && cmd` on a one-line RUN. The place comes from the
 * script's structure (see {@link appendPlace}): after the whole last item of the top-level list,
 * its redirections, the here-documents it reads and its closing keyword. Undefined where no
 * place keeps the script's meaning: exec form, a script that does not parse, a last command that
 * is backgrounded or is `exec`/`exit`, a here-document script for another interpreter.
 */
export function appendToRun(
  model: DockerfileModel,
  ins: Instruction,
  command: string,
): Edit | undefined {
  const place = runAppendPlace(model, ins);
  if (!place) return undefined;
  const eol = model.lines.eol;
  if (place.heredoc) {
    const { indent, trailingBreak } = place.heredoc;
    return insert(place.at, `${trailingBreak ? '' : eol}${indent}${command}${eol}`);
  }
  const at = place.at;
  const escape = model.scan.escape;
  if (place.oneLine) return insert(at, ` && ${command}`);
  const lastLine = model.lines.lineAt(at);
  const lineText = model.text.slice(model.lines.lineStart(lastLine), model.lines.lineEnd(lastLine));
  const indent = /^[ \t]*/.exec(lineText)![0] || '    ';
  const leading = /^[ \t]*(&&|\|\|)/.test(lineText);
  return leading
    ? insert(at, ` ${escape}${eol}${indent}&& ${command}`)
    : insert(at, ` && ${escape}${eol}${indent}${command}`);
}

/** Where {@link appendToRun} puts a command. */
interface RunPlace {
  /** Document offset. */
  at: number;
  /** The RUN's command line is one physical line. */
  oneLine: boolean;
  /** A heredoc script: a new line at the body's end. */
  heredoc?: { indent: string; trailingBreak: boolean };
}

/** Several fixes append to the same RUN: its place is found once. */
const places = new WeakMap<Instruction, RunPlace | null>();

function runAppendPlace(model: DockerfileModel, ins: Instruction): RunPlace | undefined {
  let place = places.get(ins);
  if (place === undefined) {
    place = findRunPlace(model, ins) ?? null;
    places.set(ins, place);
  }
  return place ?? undefined;
}

const SHELL_NAMES = /^(sh|bash|dash|ash|zsh|ksh|mksh|busybox)$/;

/** The interpreter a `#!` line names: `python3` for `#!/usr/bin/env -S python3 -u`. */
export function shebangInterpreter(body: string): string | undefined {
  const m = /^#![ \t]*(\S+)([^\r\n]*)/.exec(body);
  if (!m) return undefined;
  const name = m[1]!.replace(/^.*\//, '');
  if (name !== 'env') return name;
  const args = m[2]!.trim().split(/[ \t]+/);
  return (args.find((a) => a && !a.startsWith('-') && !a.includes('=')) ?? '').replace(/^.*\//, '');
}

/** A `#!` line naming something other than a POSIX-style shell. */
export function hasForeignShebang(body: string): boolean {
  const interpreter = shebangInterpreter(body);
  return interpreter !== undefined && !SHELL_NAMES.test(interpreter);
}

function findRunPlace(model: DockerfileModel, ins: Instruction): RunPlace | undefined {
  const run = ins.run;
  if (!run || run.form === 'exec') return undefined;
  const raw = ins.raw;
  // An unterminated heredoc runs to the end of the file: anything appended would join its body.
  if (raw.heredocs.some((h) => !h.terminated)) return undefined;
  // A lone CR ends a Dockerfile line but not a shell line: an appended line would join the last.
  if (/\r(?!\n)/.test(model.text.slice(ins.start, ins.end))) return undefined;
  const heredoc = raw.heredocs[0];
  if (run.form === 'heredoc' && heredoc) {
    const body = model.text.slice(heredoc.bodyStart, heredoc.bodyEnd);
    // `#!/usr/bin/env python`: BuildKit runs the body with that interpreter, not a shell.
    if (hasForeignShebang(body)) return undefined;
    // A body for `<<-` loses its leading tabs before the shell reads it.
    const script = heredoc.stripTabs ? body.replace(/^\t+/gm, '') : body;
    // trimEnd, not /\s+$/: that regex is quadratic on long runs of blanks.
    const trimmed = script.trimEnd();
    // A last line ending in a line continuation would join the appended one.
    if (trimmed.endsWith('\\')) return undefined;
    if ('refused' in appendPlace(parseShellScript(script))) return undefined;
    const lastLine = trimmed.split(/\r\n|\r|\n/).pop() ?? '';
    const indent = /^[ \t]*/.exec(lastLine)![0];
    const trailingBreak = /[\r\n]$/.test(body) || body === '';
    return { at: heredoc.bodyEnd, oneLine: false, heredoc: { indent, trailingBreak } };
  }
  const shell = runShellText(model, ins);
  const script = parseShellScript(shell.script);
  const place = appendPlace(script);
  if ('refused' in place || place.at === 0 || place.at > shell.text.length) return undefined;
  // `RUN python3 <<EOF`: the here-document is a program for another interpreter.
  if (raw.heredocs.length > 0 && readsProgramFromHeredoc(script)) return undefined;
  const at = shell.offset(place.at - 1) + 1;
  const lineOf = (o: number) => model.lines.lineAt(o);
  const oneLine =
    lineOf(shell.offset(0)) === lineOf(shell.offset(Math.max(0, shell.text.length - 1)));
  return { at, oneLine };
}

const INTERPRETERS =
  /^(python[0-9.]*|node|nodejs|deno|bun|perl|ruby|php[0-9.]*|Rscript|lua[0-9.]*|pwsh|powershell|tclsh|groovy)$/;

/** The script is one command: an interpreter that reads its program from a here-document. */
function readsProgramFromHeredoc(script: ShScript): boolean {
  const items = script.list.items;
  if (items.length !== 1 || items[0]!.pipelines.length !== 1) return false;
  return items[0]!.pipelines[0]!.commands.some(
    (c) =>
      c.kind === 'simple' &&
      INTERPRETERS.test((c.words[0]?.text ?? '').replace(/^.*\//, '')) &&
      c.redirects.some((r) => r.op === '<<' || r.op === '<<-'),
  );
}

/**
 * What a shell-form RUN hands to the shell, from after its flags: `text`, the joined line, and
 * `script`, the same followed by its here-document bodies as the shell reads them. `offset`
 * maps an index of `text` to its document offset.
 */
export function runShellText(
  model: DockerfileModel,
  ins: Instruction,
): { text: string; script: string; offset(i: number): number } {
  const raw = ins.raw;
  const from = ins.flags.length
    ? ins.flags[ins.flags.length - 1]!.lend
    : logicalIndexOf(raw, keywordEnd(ins));
  const text = raw.logical.slice(from);
  let script = text;
  for (const h of raw.heredocs) script += `\n${model.text.slice(h.bodyStart, h.terminatorEnd)}`;
  if (raw.heredocs.length) script += '\n';
  return { text, script, offset: (i) => offsetAt(raw, from + i)! };
}

/** The logical index of a document offset of the instruction (the first at or after it). */
function logicalIndexOf(raw: Instruction['raw'], doc: number): number {
  let lo = 0;
  let hi = raw.logical.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (offsetAt(raw, mid)! < doc) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * True when shell text leaves a quote, a backtick, `$(` or `${` open at its end, so that text
 * appended after it would not be a command of its own.
 */
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

/**
 * A command as the shell reads it, for a fix's declared changes: its assignments and words as
 * written, joined by one blank (line continuations gone).
 */
export function commandText(model: DockerfileModel, cmd: ShellCommand): string {
  return [...cmd.assignments, ...cmd.words].map((w) => model.text.slice(w.start, w.end)).join(' ');
}

/**
 * The name a declared change gives a command (`DeclaredChange.command`): the basename of its
 * first word as written, which the meaning check finds among the command's words.
 */
export function declaredName(model: DockerfileModel, cmd: ShellCommand): string {
  const w = cmd.words[0];
  const text = w ? model.text.slice(w.start, w.end) : '';
  return text.slice(text.lastIndexOf('/') + 1);
}

/**
 * A fix's declared changes for edits of `cmd`: as given when `cmd` is one of the RUN's own
 * commands; when it runs inside a word of one (`sh -c '…'`), each such word replaced instead.
 */
export function declaredFor(
  model: DockerfileModel,
  ins: Instruction,
  cmd: ShellCommand,
  edits: readonly Edit[],
  changes: DeclaredChange[],
): DeclaredChange[] {
  if (cmd.depth === 0) return changes;
  const out: DeclaredChange[] = [];
  for (const outer of ins.run?.commands ?? []) {
    if (outer.depth !== 0) continue;
    for (const w of outer.words) {
      const inside = edits
        .filter((e) => e.start > w.start && e.end < w.end)
        .sort((a, b) => b.start - a.start);
      if (inside.length === 0) continue;
      const body = ins.raw.heredocs.find((h) => w.start >= h.bodyStart && w.end <= h.bodyEnd);
      let text: string;
      let at: (doc: number) => number;
      let end: number;
      if (body) {
        // A here-document body as written; in a CR-only file a line's CR ends the word for us,
        // but not for the shell.
        ({ text, at } = { text: model.text, at: (doc: number) => doc });
        end = w.end;
        while (end < body.bodyEnd && text[end] === '\r' && text[end + 1] !== '\n') {
          end++;
          while (end < body.bodyEnd && !/[\s;&|<>()]/.test(text[end]!)) end++;
        }
      } else {
        // The joined line, line continuations gone.
        ({ text, at } = {
          text: ins.raw.logical,
          at: (doc: number) => logicalIndexOf(ins.raw, doc),
        });
        end = at(w.end);
      }
      const start = at(w.start);
      const from = text.slice(start, end);
      let to = from;
      for (const e of inside)
        to = to.slice(0, at(e.start) - start) + e.newText + to.slice(at(e.end) - start);
      out.push({ kind: 'replaces-word', command: declaredName(model, outer), from, to });
    }
  }
  return out;
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
    // Between two commands, the operators on both sides must be the same: `a; b && c` without b
    // would run c only when a succeeds.
    if (
      after &&
      run.every((c) => CUTTABLE.has(c.next)) &&
      (!before || (CUTTABLE.has(first.prev) && first.prev === list[j]!.next))
    ) {
      edit = { start: list[i]!.start, end: after.start, newText: '' };
    } else if (
      before &&
      !after &&
      run.every((c) => CUTTABLE.has(c.prev)) &&
      nothingAfter(model, list[j]!.end)
    ) {
      // Cut from the operator, not from the previous command's last word: its redirections
      // (`echo x >> /f && apt-get clean`) stay with it.
      const at = operatorBefore(model.text, before.end, first, model.scan.escape);
      if (at !== undefined) edit = { start: at, end: list[j]!.end, newText: '' };
    }
    if (!edit) return undefined;
    let gaps = model.text.slice(edit.start, edit.end);
    for (const c of run) gaps = gaps.replace(model.text.slice(c.start, c.end), '');
    // Only operators and blanks may go with the commands: not a comment, nor the bracket of a
    // subshell or group the next command starts.
    if (/[#(){}]/.test(gaps)) return undefined;
    edits.push(edit);
    i = j;
  }
  return edits;
}

/** Only blanks and line continuations follow `at` to the end of its instruction (no command the list left out). */
function nothingAfter(model: DockerfileModel, at: number): boolean {
  const ins = model.instructions.find((i) => at >= i.start && at <= i.end);
  if (!ins) return false;
  const esc = model.scan.escape;
  return (
    model.text.slice(at, ins.end).split(`${esc}\r\n`).join('').split(`${esc}\n`).join('').trim() ===
    ''
  );
}

/**
 * Where the operator joining `cmd` to the command before it begins (blanks before it included),
 * between `from` (the previous command's end) and `cmd`; undefined when quotes or escapes in
 * between make that unsure.
 */
function operatorBefore(
  text: string,
  from: number,
  cmd: ShellCommand,
  escape: string,
): number | undefined {
  const between = text.slice(from, cmd.start);
  // Line continuations (the Dockerfile's escape character before a line break) are blanks here.
  const plain = between.split(`${escape}\r\n`).join(' ').split(`${escape}\n`).join(' ');
  // Quotes, escapes or a comment line in between make the cut unsure.
  if (/['"`\\#]/.test(plain) || !cmd.prev) return undefined;
  const i = between.lastIndexOf(cmd.prev);
  if (i < 0) return undefined;
  let at = from + i;
  // Blanks and line continuations before the operator go with it.
  while (at > from && ` \t\r\n${escape}`.includes(text[at - 1]!)) at--;
  return at;
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
