/**
 * Reuse of per-instruction parses between versions of one document (`buildModel`'s `previous`).
 *
 * What an instruction's parse holds (flags, words, shell commands, mounts, ARG/ENV properties)
 * depends only on its own text and the escape character, at offsets that move with it. So an
 * instruction whose text is unchanged takes the earlier parse: as is when it did not move, else
 * moved by the difference. Found without hashing in the usual case, one edit: walking both
 * versions in order, an unchanged instruction is either where it was (before the edit) or where
 * it was plus the change in length (after it).
 */
import type { DockerfileModel, RunInfo } from './model';
import type { Property } from './properties';
import { flatCopy, type RawInstruction } from './scanner';
import { shiftCommand } from './shell';
import type { Flag, Word } from './words';

/** What an instruction's own text (and the escape character) determines, at its offsets. */
export interface Parsed {
  keyword: string;
  onbuild: boolean;
  flags: Flag[];
  words: Word[];
  json: string[] | undefined;
  run: RunInfo | undefined;
  properties: Property[];
}

interface Entry {
  /** The instruction's text: an own copy, since a slice would keep the old document alive. */
  chunk: string;
  start: number;
  parsed: Parsed;
}

/** What a later build reuses: one entry per instruction, in document order. */
class Index {
  readonly entries: Entry[] = [];
  private byChunk: Map<string, Entry> | undefined;

  constructor(
    readonly escape: string,
    readonly textLength: number,
  ) {}

  /** Any entry with this text (built on first use: only when edits were not a single one). */
  withChunk(chunk: string): Entry | undefined {
    if (!this.byChunk) {
      this.byChunk = new Map();
      for (const e of this.entries) this.byChunk.set(e.chunk, e);
    }
    return this.byChunk.get(chunk);
  }
}

const indexes = new WeakMap<DockerfileModel, Index>();

/** One build's side of reuse: looks parses up in the previous model, records its own. */
export class Reuse {
  private readonly index: Index;
  private readonly old: Index | undefined;
  private readonly delta: number;
  private same = 0;
  private moved = 0;
  private misses = 0;

  constructor(
    private readonly text: string,
    escape: string,
    previous: DockerfileModel | undefined,
  ) {
    this.index = new Index(escape, text.length);
    const old = previous && indexes.get(previous);
    this.old = old && old.escape === escape ? old : undefined;
    this.delta = this.old ? text.length - this.old.textLength : 0;
  }

  /** The parse of `raw`: reused when its text is unchanged, else from `parse()`. */
  parse(raw: RawInstruction, parse: () => Parsed): Parsed {
    const found = this.find(raw);
    const entry: Entry = found
      ? found.start === raw.start
        ? found
        : {
            chunk: found.chunk,
            start: raw.start,
            parsed: shiftParsed(found.parsed, raw.start - found.start),
          }
      : { chunk: flatCopy(this.text.slice(raw.start, raw.end)), start: raw.start, parsed: parse() };
    this.index.entries.push(entry);
    return entry.parsed;
  }

  /** Makes this build's parses available to a build with `previous: model`. */
  remember(model: DockerfileModel): void {
    indexes.set(model, this.index);
  }

  private find(raw: RawInstruction): Entry | undefined {
    const old = this.old;
    if (!old) return undefined;
    const entries = old.entries;
    const length = raw.end - raw.start;
    const matches = (e: Entry | undefined, at: number): e is Entry =>
      e !== undefined &&
      e.start === at &&
      e.chunk.length === length &&
      this.text.startsWith(e.chunk, raw.start);
    while (this.same < entries.length && entries[this.same]!.start < raw.start) this.same++;
    if (matches(entries[this.same], raw.start)) return entries[this.same];
    if (this.delta !== 0) {
      const at = raw.start - this.delta;
      while (this.moved < entries.length && entries[this.moved]!.start < at) this.moved++;
      if (matches(entries[this.moved], at)) return entries[this.moved];
    }
    // The edited instruction itself misses; more misses mean several edits or moved text.
    if (++this.misses < 2) return undefined;
    return old.withChunk(this.text.slice(raw.start, raw.end));
  }
}

/** The same parse for the same text `delta` characters further on. */
function shiftParsed(p: Parsed, delta: number): Parsed {
  // Explicit literals (not spreads): a moved instruction is copied on every keystroke.
  const flags: Flag[] = p.flags.map((f) => ({
    text: f.text,
    start: f.start + delta,
    end: f.end + delta,
    lstart: f.lstart,
    lend: f.lend,
    name: f.name,
    value: f.value,
    valueStart: f.valueStart + delta,
  }));
  const run: RunInfo | undefined = p.run && {
    form: p.run.form,
    commands: p.run.commands.map((c) => shiftCommand(c, delta)),
    // A mount points at its flag: keep it pointing at the moved one.
    mounts: p.run.mounts.map((m) => ({ ...m, flag: flags[p.flags.indexOf(m.flag)] ?? m.flag })),
  };
  return {
    keyword: p.keyword,
    onbuild: p.onbuild,
    flags,
    words: p.words.map((w) => ({
      text: w.text,
      start: w.start + delta,
      end: w.end + delta,
      lstart: w.lstart,
      lend: w.lend,
    })),
    json: p.json,
    run,
    properties: p.properties.map((q) => ({
      name: q.name,
      value: q.value,
      nameStart: q.nameStart + delta,
      nameEnd: q.nameEnd + delta,
    })),
  };
}
