import { LineIndex } from './text';
import {
  flatCopy,
  offsetAt,
  scanDockerfile,
  type RawInstruction,
  type ScanResult,
} from './scanner';
import { parseArgs, unquote, type Flag, type Word } from './words';
import { splitShell, type ShellCommand } from './shell';
import { parseMount, type Mount } from './mounts';
import { parseProperties, type Property } from './properties';
import { Reuse, type Parsed } from './reuse';
import { substituteArgs } from './substitute';

export interface RunInfo {
  /** `shell`: shell-form text; `exec`: JSON array; `heredoc`: the script is a heredoc body. */
  form: 'shell' | 'exec' | 'heredoc';
  commands: ShellCommand[];
  mounts: Mount[];
}

export interface Instruction {
  index: number;
  /** Upper-cased; for `ONBUILD RUN x` this is `RUN` with `onbuild` set. */
  keyword: string;
  onbuild: boolean;
  raw: RawInstruction;
  start: number;
  end: number;
  flags: Flag[];
  words: Word[];
  json: string[] | undefined;
  stage: Stage;
  run: RunInfo | undefined;
  /** ARG/ENV properties. */
  properties: Property[];
  /** USER in effect when this instruction runs (undefined: the base image's user). */
  user: string | undefined;
  workdir: string;
  /** ENV and ARG names with values in effect when this instruction runs. */
  env: ReadonlyMap<string, string>;
}

export interface FromInfo {
  /** The image as written, e.g. `python:${PY}-slim`. */
  imageText: string;
  /** With global ARG defaults substituted; equals imageText when there is nothing to resolve. */
  image: string;
  imageStart: number;
  imageEnd: number;
  platform: Flag | undefined;
  /** `AS name`: the name word's span. */
  nameStart: number | undefined;
  nameEnd: number | undefined;
}

export interface Stage {
  index: number;
  /** Lower-cased `AS` name. */
  name: string | undefined;
  /** Undefined for instructions before the first FROM. */
  from: FromInfo | undefined;
  fromInstruction: Instruction | undefined;
  instructions: Instruction[];
  /** `FROM <earlier stage>`. */
  parent: Stage | undefined;
  /** Stages this one reads through `COPY --from` or `RUN --mount=from=`. */
  copiesFrom: Stage[];
  isFinal: boolean;
}

export interface DockerfileModel {
  text: string;
  lines: LineIndex;
  scan: ScanResult;
  instructions: Instruction[];
  /** Real stages (from FROM instructions), in order. */
  stages: Stage[];
  /** The stage holding instructions written before the first FROM, if any. */
  preamble: Stage | undefined;
  finalStage: Stage | undefined;
  globalArgs: ReadonlyMap<string, string>;
}

export interface ModelOptions {
  /** Build target: the stage treated as final. */
  target?: string | undefined;
  /**
   * A model of an earlier version of the same document, built with `incremental`: instructions
   * whose text did not change reuse its parse (moved to their new offsets) instead of being
   * parsed again. The result is exactly what a fresh build gives.
   */
  previous?: DockerfileModel | undefined;
  /** Keep what a later build needs to reuse this model's parse (implied by `previous`). */
  incremental?: boolean | undefined;
}

function newStage(index: number, name: string | undefined, from: FromInfo | undefined): Stage {
  return {
    index,
    name,
    from,
    fromInstruction: undefined,
    instructions: [],
    parent: undefined,
    copiesFrom: [],
    isFinal: false,
  };
}

export function buildModel(text: string, options: ModelOptions = {}): DockerfileModel {
  const lines = new LineIndex(text);
  const scan = scanDockerfile(text, lines);
  const reuse =
    options.incremental || options.previous
      ? new Reuse(text, scan.escape, options.previous)
      : undefined;
  const instructions: Instruction[] = [];
  const stages: Stage[] = [];
  const globalArgs = new Map<string, string>();
  let preamble: Stage | undefined;
  let stage: Stage | undefined;
  let user: string | undefined;
  let workdir = '/';
  let env = new Map<string, string>();
  const byName = new Map<string, Stage>();
  // USER, WORKDIR and ENV after each stage's last instruction, for stages built FROM it.
  const stageEnd = new Map<
    Stage,
    { user: string | undefined; workdir: string; env: Map<string, string> }
  >();

  for (const raw of scan.instructions) {
    const parsed = reuse
      ? reuse.parse(raw, () => parseInstruction(text, raw, scan.escape))
      : parseInstruction(text, raw, scan.escape);
    const { keyword, onbuild } = parsed;
    if (keyword === 'FROM' && !onbuild) {
      const from = fromInfo(parsed.flags, parsed.words, globalArgs, raw.keywordEnd);
      const name = from.nameStart !== undefined ? parsed.words[2]!.text.toLowerCase() : undefined;
      stage = newStage(stages.length, name, from);
      stages.push(stage);
      const base = byName.get(from.image.toLowerCase());
      const inherited = base && stageEnd.get(base);
      if (base) stage.parent = base;
      if (inherited) {
        // The state after the base stage's last instruction, not before it.
        user = inherited.user;
        workdir = inherited.workdir;
        env = inherited.env; // never changed in place: ARG and ENV below make a new map
      } else {
        user = undefined;
        workdir = '/';
        env = new Map();
      }
      if (name) byName.set(name, stage);
    }
    if (!stage) preamble = stage = preamble ?? newStage(-1, undefined, undefined);
    const ins: Instruction = {
      index: instructions.length,
      keyword,
      onbuild,
      raw,
      start: raw.start,
      end: raw.end,
      flags: parsed.flags,
      words: parsed.words,
      json: parsed.json,
      stage,
      run: parsed.run,
      properties: parsed.properties,
      user,
      workdir,
      env,
    };
    if (keyword === 'FROM' && !onbuild) stage.fromInstruction = ins;
    if (keyword === 'ARG' || keyword === 'ENV') {
      if (!onbuild) {
        // Copy on write, and only when a value changes: ARG-heavy stages would copy on every line.
        const current = env;
        if (ins.properties.some((p) => p.value !== undefined && current.get(p.name) !== p.value)) {
          const next = new Map<string, string>();
          env.forEach((v, k) => next.set(k, v));
          for (const p of ins.properties) if (p.value !== undefined) next.set(p.name, p.value);
          env = next;
        }
        for (const p of ins.properties) {
          if (keyword === 'ARG' && stage === preamble && p.value !== undefined) {
            globalArgs.set(p.name, p.value);
          }
        }
      }
    }
    if (!onbuild && keyword === 'USER' && parsed.words[0]) user = unquote(parsed.words[0].text);
    if (!onbuild && keyword === 'WORKDIR' && parsed.words[0]) {
      const dir = unquote(parsed.words[0].text);
      // `C:\app` and `c:/app` are absolute on Windows images.
      workdir =
        dir.startsWith('/') || /^[A-Za-z]:[\\/]/.test(dir)
          ? dir
          : `${workdir.replace(/[\\/]$/, '')}/${dir}`;
    }
    stage.instructions.push(ins);
    instructions.push(ins);
    if (!onbuild) stageEnd.set(stage, { user, workdir, env });
  }

  linkStages(stages, instructions, byName);
  const finalStage = pickFinal(stages, options.target);
  if (finalStage) finalStage.isFinal = true;
  const model = { text, lines, scan, instructions, stages, preamble, finalStage, globalArgs };
  reuse?.remember(model);
  return model;
}

/** Everything about one instruction that depends only on its own text. */
function parseInstruction(text: string, raw: RawInstruction, escape: string): Parsed {
  let keyword = raw.keyword;
  let onbuild = false;
  // A RUN's words are its shell commands (run.commands): only its flags are read here.
  let args = parseArgs(raw, raw.keywordEnd, keyword === 'RUN');
  if (keyword === 'ONBUILD' && args.words.length > 0) {
    onbuild = true;
    const inner = args.words[0]!;
    keyword = inner.text.toUpperCase();
    args = parseArgs(raw, raw.keywordStart + inner.lend, keyword === 'RUN');
  }
  const { flags, words, json, restStart } = args;
  return {
    keyword,
    onbuild,
    flags,
    words,
    json,
    run: keyword === 'RUN' ? runInfo(text, raw, flags, json, restStart) : undefined,
    properties: keyword === 'ARG' || keyword === 'ENV' ? parseProperties(text, raw, escape) : [],
  };
}

/** `at`: where an image-less `FROM` reports (after its keyword), not offset 0 of the file. */
function fromInfo(
  flags: Flag[],
  words: Word[],
  args: ReadonlyMap<string, string>,
  at: number,
): FromInfo {
  const image = words[0];
  const hasName = words.length >= 3 && words[1]!.text.toLowerCase() === 'as';
  const imageText = image?.text ?? '';
  return {
    imageText,
    image: substituteArgs(imageText, args),
    imageStart: image?.start ?? at,
    imageEnd: image?.end ?? at,
    platform: flags.find((f) => f.name === 'platform'),
    nameStart: hasName ? words[2]!.start : undefined,
    nameEnd: hasName ? words[2]!.end : undefined,
  };
}

function runInfo(
  text: string,
  raw: RawInstruction,
  flags: Flag[],
  json: string[] | undefined,
  restStart: number,
): RunInfo {
  const mounts = flags.filter((f) => f.name === 'mount').map(parseMount);
  if (json) {
    const words = jsonWords(raw, restStart, json);
    const cmd = words.length
      ? [
          {
            words,
            assignments: [],
            start: words[0]!.start,
            end: words.at(-1)!.end,
            prev: '',
            next: '',
            depth: 0,
          },
        ]
      : [];
    return { form: 'exec', commands: cmd, mounts };
  }
  const rest = raw.logical.slice(restStart);
  const commands = splitShell({ text: rest, offset: (i) => offsetAt(raw, restStart + i)! });
  const heredoc = raw.heredocs[0];
  if (!heredoc) return { form: 'shell', commands, mounts };
  // `RUN <<EOF` or `RUN bash <<EOF`: the body is the script; `RUN python3 <<EOF` is not shell.
  const head = commands.filter((c) => c.depth === 0 && c.words.length > 0);
  const argv0 = head[0]?.words[0]?.value.replace(/^.*\//, '');
  const isShellBody =
    head.length === 0 || (argv0 !== undefined && /^(sh|bash|dash|ash)$/.test(argv0));
  if (!isShellBody) return { form: 'shell', commands, mounts };
  const body = flatCopy(text.slice(heredoc.bodyStart, heredoc.bodyEnd));
  const bodyCommands = splitShell({ text: body, offset: (i) => heredoc.bodyStart + i });
  return { form: 'heredoc', commands: [...commands, ...bodyCommands], mounts };
}

function linkStages(
  stages: Stage[],
  instructions: Instruction[],
  byName: Map<string, Stage>,
): void {
  const resolve = (ref: string | undefined, before: number): Stage | undefined => {
    if (!ref) return undefined;
    // A name only refers to a stage defined earlier; otherwise BuildKit reads it as an image.
    const named = byName.get(unquote(ref).toLowerCase());
    if (named) return named.index < before ? named : undefined;
    const n = Number(ref);
    return Number.isInteger(n) && n >= 0 && n < before ? stages[n] : undefined;
  };
  for (const ins of instructions) {
    if (ins.stage.index < 0 || ins.onbuild) continue;
    const refs: (string | undefined)[] = [];
    if (ins.keyword === 'COPY' || ins.keyword === 'ADD') {
      refs.push(ins.flags.find((f) => f.name === 'from')?.value);
    }
    for (const m of ins.run?.mounts ?? []) refs.push(m.from);
    for (const ref of refs) {
      const s = resolve(ref, ins.stage.index);
      if (s && s !== ins.stage && !ins.stage.copiesFrom.includes(s)) ins.stage.copiesFrom.push(s);
    }
  }
}

function pickFinal(stages: Stage[], target: string | undefined): Stage | undefined {
  if (target) {
    const t = stages.find((s) => s.name === target.toLowerCase());
    if (t) return t;
  }
  return stages.at(-1);
}

/** Document spans of the string literals of an exec-form array, in order. */
function jsonWords(raw: RawInstruction, from: number, values: string[]): ShellCommand['words'] {
  const words: ShellCommand['words'] = [];
  const s = raw.logical;
  let i = from;
  for (const value of values) {
    while (i < s.length && s[i] !== '"') i++;
    const begin = i++;
    while (i < s.length && s[i] !== '"') i += s[i] === '\\' ? 2 : 1;
    i++;
    const end = Math.min(i, s.length);
    words.push({
      value,
      start: offsetAt(raw, begin) ?? raw.end,
      end: offsetAt(raw, end - 1)! + 1,
      offsets: [],
    });
  }
  return words;
}
