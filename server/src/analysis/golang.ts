/**
 * `go build` / `go install` invocations: how they link (cgo on or off, static or not) and their
 * `-ldflags`, for `go-cgo-static`, `go-strip-symbols` and the multi-stage conversion.
 */
import type { Instruction, Stage } from '../parse/model';
import type { ShellWord } from '../parse/shell';
import { chainInstructions } from './stages';
import { basename, toolUses, type ToolUse } from './tools';
import { insert } from './edits';
import type { Edit } from '../rules/types';

/** `go build` and `go install` in these instructions (ONBUILD triggers excluded). */
export function goBuilds(instructions: readonly Instruction[]): ToolUse[] {
  return toolUses(instructions.filter((i) => !i.onbuild)).filter(
    (u) => u.tool === 'go' && (u.verb === 'build' || u.verb === 'install'),
  );
}

export interface LdFlags {
  /** The word holding the value (`-ldflags=…` itself, or the word after `-ldflags`). */
  word: ShellWord;
  /** Index in `word.value` where the linker flags start (after `-ldflags=` and any `all=`). */
  at: number;
  /** The linker flags, split on blanks. */
  flags: string[];
}

/** The `-ldflags` that wins (Go keeps the last one), or undefined when there is none. */
export function ldflagsOf(use: ToolUse): LdFlags | undefined {
  let found: LdFlags | undefined;
  const args = use.args;
  for (let i = 0; i < args.length; i++) {
    const v = args[i]!.value;
    let word: ShellWord | undefined;
    let at = 0;
    if (v === '-ldflags' || v === '--ldflags') {
      word = args[i + 1];
      i++;
    } else if (v.startsWith('-ldflags=') || v.startsWith('--ldflags=')) {
      word = args[i];
      at = v.indexOf('=') + 1;
    }
    if (!word) continue;
    // `-ldflags=all=-s -w`: a package pattern before the flags.
    const pattern = /^[^\s=-][^\s=]*=/.exec(word.value.slice(at));
    if (pattern) at += pattern[0].length;
    found = { word, at, flags: word.value.slice(at).split(/\s+/).filter(Boolean) };
  }
  return found;
}

/** Which of `-s`/`-w` the build still needs; [] when it strips (or explicitly keeps DWARF). */
export function missingStripFlags(ld: LdFlags | undefined): string[] {
  if (!ld) return ['-s', '-w'];
  const has = (f: string) => ld.flags.some((x) => x === f || x === `${f}=true` || x === `${f}=1`);
  const off = (f: string) => ld.flags.some((x) => x === `${f}=false` || x === `${f}=0`);
  // Since Go 1.22 `-s` implies `-w` (and on Linux it always dropped DWARF too).
  if (has('-s') || off('-s') || off('-w')) return [];
  return has('-w') ? ['-s'] : ['-s', '-w'];
}

/** `-ldflags '-linkmode external -extldflags "-static"'`: static even with cgo. */
export function linksStatically(use: ToolUse): boolean {
  const ld = ldflagsOf(use);
  return (
    ld !== undefined &&
    /-extldflags(?:[= ]+["']|[= ])[^"']*-static/.test(ld.word.value.slice(ld.at))
  );
}

/** `-gcflags "all=-N -l"`: a build for a debugger. */
export function isDebugBuild(use: ToolUse): boolean {
  return use.args.some(
    (w, i) =>
      (w.value.startsWith('-gcflags') || use.args[i - 1]?.value === '-gcflags') &&
      /(^|[\s=])-N(\s|$)/.test(w.value),
  );
}

/** CGO_ENABLED as the build command sees it: '0', '1', or undefined (the toolchain's default). */
export function cgoSetting(use: ToolUse, stage: Stage): string | undefined {
  const cmd = use.command;
  const ins = use.instruction;
  const assigned = (words: readonly ShellWord[]) => {
    let value: string | undefined;
    for (const w of words) {
      const m = /^CGO_ENABLED=(.*)$/.exec(w.value);
      if (m) value = m[1];
    }
    return value;
  };
  // `CGO_ENABLED=0 go build`, `env CGO_ENABLED=0 go build`.
  const inline = assigned([...cmd.assignments, ...cmd.words]);
  if (inline !== undefined) return inline;
  // `export CGO_ENABLED=0` earlier in the same RUN.
  const cmds = ins.run?.commands ?? [];
  let exported: string | undefined;
  for (const c of cmds.slice(0, cmds.indexOf(cmd))) {
    if (basename(c.words[0]) === 'export') exported = assigned(c.words.slice(1)) ?? exported;
  }
  if (exported !== undefined) return exported;
  const env = ins.env.get('CGO_ENABLED');
  if (env !== undefined) return env;
  // `go env -w CGO_ENABLED=0` in an earlier RUN of the stage (or the stages it is built on).
  let persisted: string | undefined;
  for (const i of chainInstructions(stage)) {
    if (i.index >= ins.index) break;
    for (const c of i.run?.commands ?? []) {
      if (basename(c.words[0]) !== 'go' || c.words[1]?.value !== 'env') continue;
      if (c.words.some((w) => w.value === '-w')) persisted = assigned(c.words) ?? persisted;
    }
  }
  return persisted;
}

/** Inserts `CGO_ENABLED=0 ` before the command; undefined when that would not reach `go`. */
export function setCgoDisabledEdit(use: ToolUse): Edit | undefined {
  const cmd = use.command;
  if (use.instruction.run?.form === 'exec') return undefined;
  const first = cmd.assignments[0] ?? cmd.words[0];
  // `sudo` resets the environment, so an assignment before it would not reach go.
  if (!first || basename(cmd.words[0]) === 'sudo') return undefined;
  const existing = [...cmd.assignments, ...cmd.words].find((w) =>
    w.value.startsWith('CGO_ENABLED='),
  );
  if (existing) return { start: existing.start, end: existing.end, newText: 'CGO_ENABLED=0' };
  return insert(first.start, 'CGO_ENABLED=0 ');
}

/** The `-o` output of a build, as written (undefined when Go picks the name). */
export function outputOf(use: ToolUse): string | undefined {
  const args = use.args;
  for (let i = 0; i < args.length; i++) {
    const v = args[i]!.value;
    if (v === '-o') return args[i + 1]?.value;
    if (v.startsWith('-o=')) return v.slice(3);
  }
  return undefined;
}

/** True when `offset` lies inside a quoted part of the text starting at `from` (shell rules). */
function insideQuotes(text: string, from: number, offset: number): boolean {
  let quote = '';
  for (let i = from; i < offset; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === quote) quote = '';
      else if (c === '\\' && quote === '"') i++;
    } else if (c === '\\') i++;
    else if (c === '"' || c === "'") quote = c;
  }
  return quote !== '';
}

/**
 * Adds the missing `-s`/`-w` to the build: a new `-ldflags="-s -w"` after the verb, or merged into
 * the existing `-ldflags` value (Go would ignore all but the last `-ldflags`). Undefined when the
 * value cannot be edited without changing how the shell splits it.
 */
export function stripFlagsEdit(text: string, use: ToolUse, missing: string[]): Edit | undefined {
  const ld = ldflagsOf(use);
  const exec = use.instruction.run?.form === 'exec';
  const add = missing.join(' ');
  if (!ld) {
    const verb = use.verbWord;
    if (!verb) return undefined;
    return insert(verb.end, exec ? `, "-ldflags=${add}"` : ` -ldflags="${add}"`);
  }
  const word = ld.word;
  const raw = text.slice(word.start, word.end);
  if (exec) {
    if (raw.includes('\\')) return undefined;
    return insert(word.start + 1 + ld.at, `${add}${ld.at < word.value.length ? ' ' : ''}`);
  }
  if (ld.at >= word.value.length) {
    // `-ldflags=""`: write into the empty quotes.
    return /(""|'')$/.test(raw) ? insert(word.end - 1, add) : undefined;
  }
  const at = word.offsets[ld.at];
  if (at === undefined) return undefined;
  if (insideQuotes(text, word.start, at)) return insert(at, `${add} `);
  const rest = text.slice(at, word.end);
  if (!/^[\w.:/=-]+$/.test(rest)) return undefined;
  return { start: at, end: word.end, newText: `"${add} ${rest}"` };
}
