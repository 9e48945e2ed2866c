import type { ShellCommand, ShellWord } from '../parse/shell';
import type { Instruction } from '../parse/model';

/** A package-manager (or toolchain) invocation found in a RUN. */
export interface ToolUse {
  /** Key into TOOL_CACHES: pip, uv, poetry, pipenv, npm, yarn, pnpm, bun, go, apt, apk, yum, cargo, maven, gradle, bundler, composer, dotnet, mix. */
  tool: string;
  /** The subcommand: install, ci, update, add, download, build, … ('' for bare `yarn`). */
  verb: string;
  verbWord: ShellWord | undefined;
  /** Words after the verb. */
  args: ShellWord[];
  /** Words before the verb (the program, and options such as `-m pip`). */
  head: ShellWord[];
  command: ShellCommand;
  instruction: Instruction;
}

const APT = new Set(['apt-get', 'apt', 'aptitude']);
const RPM = new Set(['yum', 'dnf', 'microdnf', 'zypper']);
/** Options of these tools that take a separate value word before the verb. */
const VALUE_OPTIONS: Record<string, Set<string>> = {
  apt: new Set(['-o', '-t', '-c', '--option', '--target-release', '--config-file']),
  apk: new Set(['-X', '--repository', '-p', '--root', '--arch', '--cache-dir', '--keys-dir']),
  yum: new Set(['-c', '--config', '--installroot', '--releasever', '--setopt', '-d', '-e', '-x']),
  pip: new Set(['--cache-dir', '--log', '--proxy', '--timeout', '--retries', '-r']),
  npm: new Set(['--prefix', '-C', '--cache', '--registry', '--userconfig', '-w', '--workspace']),
  yarn: new Set(['--cwd', '--cache-folder', '--modules-folder']),
  pnpm: new Set(['-C', '--dir', '--filter', '-F', '--store-dir']),
  go: new Set(['-C']),
  cargo: new Set(['--manifest-path', '--config', '-Z', '-C']),
  maven: new Set(['-f', '--file', '-s', '--settings', '-pl', '--projects', '-D']),
  gradle: new Set(['-p', '--project-dir', '-b', '--build-file', '-x']),
};

/** cargo plugins whose next word is the real subcommand (`cargo auditable build`, `cargo chef cook`). */
const CARGO_WRAPPERS = new Set(['auditable', 'chef', 'xwin', 'careful']);

/** npm options that take a separate value word (so that value is not a package name). */
export const NPM_VALUE_OPTIONS: readonly string[] = [...VALUE_OPTIONS['npm']!];

export function basename(word: ShellWord | undefined): string {
  return word ? word.value.slice(word.value.lastIndexOf('/') + 1) : '';
}

/** Finds the first non-option word at or after `from`, skipping options that take a value. */
function verbIndex(words: ShellWord[], from: number, valueOpts: Set<string> | undefined): number {
  for (let i = from; i < words.length; i++) {
    const v = words[i]!.value;
    if (!v.startsWith('-')) return i;
    if (valueOpts?.has(v)) i++;
  }
  return -1;
}

function use(
  tool: string,
  words: ShellWord[],
  verbAt: number,
  cmd: ShellCommand,
  ins: Instruction,
): ToolUse {
  return {
    tool,
    verb: verbAt >= 0 ? words[verbAt]!.value : '',
    verbWord: verbAt >= 0 ? words[verbAt] : undefined,
    args: verbAt >= 0 ? words.slice(verbAt + 1) : [],
    head: verbAt >= 0 ? words.slice(0, verbAt) : words,
    command: cmd,
    instruction: ins,
  };
}

/** Strips `sudo`, `env A=b`, `nice`, `xargs`-free wrappers so argv0 is the tool. */
function unwrap(words: ShellWord[]): ShellWord[] {
  let i = 0;
  for (;;) {
    const name = basename(words[i]);
    if (name === 'sudo' || name === 'nice' || name === 'nohup' || name === 'time') i++;
    else if (name === 'env') {
      i++;
      while (i < words.length && (words[i]!.value.includes('=') || words[i]!.value.startsWith('-')))
        i++;
    } else break;
  }
  return i ? words.slice(i) : words;
}

/**
 * Most rules ask about the same commands: the answer is kept per command. A command reused by an
 * incremental parse belongs to a new instruction object, so the instruction is part of the key.
 * Callers treat the result as read-only.
 */
const detected = new WeakMap<ShellCommand, { ins: Instruction; use: ToolUse | undefined }>();

export function detectTool(cmd: ShellCommand, ins: Instruction): ToolUse | undefined {
  const memo = detected.get(cmd);
  if (memo?.ins === ins) return memo.use;
  const found = detect(cmd, ins);
  const use = found && !installsNothing(found) ? found : undefined;
  detected.set(cmd, { ins, use });
  return use;
}

/** Options that only print the tool's version or help (`yarn --version`, `pip -V`, `apk -h`). */
const INFO_OPTIONS = new Set(['--version', '-v', '-V', '--help', '-h']);

/** apt options that simulate: apt prints what it would do and changes nothing. */
const APT_SIMULATE = ['--simulate', '--just-print', '--dry-run', '--recon', '--no-act'];

/**
 * Invocations that are not uses of the tool: a smoke test after installing it (`yarn --version`:
 * no verb, and every option is a version or help option) and an apt simulation (`apt-get install
 * -s curl`, also as part of a group of short options such as `-sy`).
 */
function installsNothing(u: ToolUse): boolean {
  if (!u.verbWord) {
    // The words after the program (after `-m pip` for `python -m pip`, `pip` for `uv pip`).
    const program = u.head.findIndex((w) => basename(w) === 'pip');
    const options = u.head.slice(program > 0 ? program + 1 : 1);
    if (options.length > 0 && options.every((w) => INFO_OPTIONS.has(w.value))) return true;
  }
  if (u.tool === 'apt') {
    const simulates = (w: ShellWord): boolean =>
      (/^-[a-z]+$/.test(w.value) && w.value.includes('s')) ||
      APT_SIMULATE.some((o) => w.value === o || w.value === `${o}=true`);
    return u.head.slice(1).some(simulates) || optionWords(u.args).some(simulates);
  }
  return false;
}

/** The option words of an argument list, before a `--` that ends the options. */
function optionWords(args: ShellWord[]): ShellWord[] {
  const end = args.findIndex((w) => w.value === '--');
  return (end >= 0 ? args.slice(0, end) : args).filter((w) => w.value.startsWith('-'));
}

function detect(cmd: ShellCommand, ins: Instruction): ToolUse | undefined {
  const words = unwrap(cmd.words);
  const name = basename(words[0]);
  if (!name) return undefined;
  if (APT.has(name)) return use('apt', words, verbIndex(words, 1, VALUE_OPTIONS['apt']), cmd, ins);
  if (name === 'apk') return use('apk', words, verbIndex(words, 1, VALUE_OPTIONS['apk']), cmd, ins);
  if (RPM.has(name))
    return use(
      name === 'zypper' ? 'zypper' : name,
      words,
      verbIndex(words, 1, VALUE_OPTIONS['yum']),
      cmd,
      ins,
    );
  if (/^pip(\d(\.\d+)?)?$/.test(name))
    return use('pip', words, verbIndex(words, 1, VALUE_OPTIONS['pip']), cmd, ins);
  if (/^python(\d(\.\d+)?)?$/.test(name)) {
    const m = words.findIndex((w) => w.value === '-m');
    if (m > 0 && words[m + 1]?.value === 'pip')
      return use('pip', words, verbIndex(words, m + 2, VALUE_OPTIONS['pip']), cmd, ins);
    return undefined;
  }
  if (name === 'uv') {
    const v = verbIndex(words, 1, undefined);
    if (words[v]?.value === 'pip')
      return use('uv', words, verbIndex(words, v + 1, VALUE_OPTIONS['pip']), cmd, ins);
    return use('uv', words, v, cmd, ins);
  }
  if (name === 'npm' || name === 'yarn' || name === 'pnpm' || name === 'bun') {
    return use(name, words, verbIndex(words, 1, VALUE_OPTIONS[name]), cmd, ins);
  }
  if (name === 'go') {
    const v = verbIndex(words, 1, VALUE_OPTIONS['go']);
    if (words[v]?.value === 'mod')
      return use('go', words, verbIndex(words, v + 1, undefined), cmd, ins);
    return use('go', words, v, cmd, ins);
  }
  if (name === 'cargo') {
    const v = verbIndex(words, 1, VALUE_OPTIONS['cargo']);
    // `cargo auditable build`, `cargo chef cook`: the plugin's own subcommand is the verb.
    if (CARGO_WRAPPERS.has(words[v]?.value ?? ''))
      return use('cargo', words, verbIndex(words, v + 1, VALUE_OPTIONS['cargo']), cmd, ins);
    return use('cargo', words, v, cmd, ins);
  }
  if (name === 'mvn' || name === 'mvnw')
    return use('maven', words, verbIndex(words, 1, VALUE_OPTIONS['maven']), cmd, ins);
  if (name === 'gradle' || name === 'gradlew')
    return use('gradle', words, verbIndex(words, 1, VALUE_OPTIONS['gradle']), cmd, ins);
  if (name === 'bundle' || name === 'bundler')
    return use('bundler', words, verbIndex(words, 1, undefined), cmd, ins);
  if (name === 'composer' || name === 'composer.phar')
    return use('composer', words, verbIndex(words, 1, undefined), cmd, ins);
  if (name === 'dotnet') return use('dotnet', words, verbIndex(words, 1, undefined), cmd, ins);
  if (name === 'poetry' || name === 'pipenv' || name === 'mix')
    return use(name, words, verbIndex(words, 1, undefined), cmd, ins);
  return undefined;
}

/** Every tool use in the RUN instructions of the document (ONBUILD triggers included). */
export function toolUses(instructions: readonly Instruction[]): readonly ToolUse[] {
  let uses = usesOf.get(instructions);
  if (!uses) {
    uses = collectUses(instructions);
    usesOf.set(instructions, uses);
  }
  return uses;
}

/** Keyed by the array: a model's (or a stage's) instruction list is built once and not changed. */
const usesOf = new WeakMap<readonly Instruction[], readonly ToolUse[]>();

function collectUses(instructions: readonly Instruction[]): ToolUse[] {
  const uses: ToolUse[] = [];
  for (const ins of instructions) {
    for (const cmd of ins.run?.commands ?? []) {
      const u = detectTool(cmd, ins);
      if (u) uses.push(u);
    }
  }
  return uses;
}

export function hasArg(u: ToolUse, ...flags: string[]): boolean {
  const is = (w: ShellWord): boolean =>
    flags.some(
      (f) => w.value.startsWith(f) && (w.value.length === f.length || w.value[f.length] === '='),
    );
  return u.head.some(is) || u.args.some(is);
}

/** Positional (non-option) words after the verb. */
export function positionals(u: ToolUse, valueOpts: readonly string[] = []): ShellWord[] {
  const out: ShellWord[] = [];
  for (let i = 0; i < u.args.length; i++) {
    const v = u.args[i]!.value;
    if (v.startsWith('-')) {
      if (valueOpts.includes(v)) i++;
      continue;
    }
    out.push(u.args[i]!);
  }
  return out;
}
