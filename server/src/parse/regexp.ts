/**
 * Go regular expressions (RE2 syntax, Perl flags), matched as Go's `MatchString` does: the source
 * is parsed (regexpSyntax.ts), compiled to a Thompson NFA and run on a lazily built DFA, so a
 * match costs time linear in the input, whatever the pattern. Docker's ignore patterns are
 * matched with it (parse/ignorePattern.ts); nothing here is about Docker.
 */

import {
  MAX_RUNE,
  isAsciiAlnum,
  parseRegexp,
  rangeSet,
  setHas,
  type Assertion,
  type CharSet,
  type Node,
} from './regexpSyntax';

export { RegexpSyntaxError } from './regexpSyntax';

/** A compiled Go regexp. */
export interface GoRegexp {
  /** Go's MatchString(s): does the regexp match somewhere in s. */
  test(s: string): boolean;
  /**
   * One pass for several prefixes of s: sets `out[base + k]` to 1 when MatchString would be true
   * for `s.slice(0, ends[k])`. `ends` must be ascending; other entries of `out` are left alone.
   */
  scan(s: string, ends: readonly number[], out: Uint8Array, base: number): void;
}

/** Compiles a Go regexp. Throws RegexpSyntaxError, with Go's message, when Go would reject it. */
export function compileGoRegexp(source: string): GoRegexp {
  const dfa = new LazyDfa(compileProgram(source));
  return {
    test: (s) => {
      const out = new Uint8Array(1);
      dfa.scan(s, [s.length], out, 0);
      return out[0] === 1;
    },
    scan: (s, ends, out, base) => dfa.scan(s, ends, out, base),
  };
}

const enum Op {
  Char,
  Split,
  Assert,
  Match,
}

interface Inst {
  op: Op;
  out: number;
  out1: number;
  set: number;
  assert: Assertion;
}

interface Program {
  insts: Inst[];
  sets: CharSet[];
  start: number;
  usesWordBoundary: boolean;
}

function compileProgram(source: string): Program {
  const ast = parseRegexp(source);
  const program: Program = { insts: [], sets: [], start: 0, usesWordBoundary: false };
  const body = emitNode(program, ast, emit(program, { op: Op.Match }));
  program.start = body;
  // MatchString looks for a match anywhere: unless the regexp starts with '^', let any prefix
  // come first.
  const first = ast.t === 'seq' ? ast.items[0] : undefined;
  if (first?.t !== 'assert' || first.kind !== 'begin') {
    program.sets.push(rangeSet([0, MAX_RUNE]));
    const loop = emit(program, { op: Op.Split, out: body });
    program.insts[loop]!.out1 = emit(program, {
      op: Op.Char,
      set: program.sets.length - 1,
      out: loop,
    });
    program.start = loop;
  }
  return program;
}

function emit(program: Program, inst: Partial<Inst> & { op: Op }): number {
  program.insts.push({ out: -1, out1: -1, set: -1, assert: 'begin', ...inst });
  return program.insts.length - 1;
}

/** Builds back to front: `next` is where the fragment continues. */
function emitNode(program: Program, node: Node, next: number): number {
  switch (node.t) {
    case 'set':
      program.sets.push(node.set);
      return emit(program, { op: Op.Char, set: program.sets.length - 1, out: next });
    case 'seq':
      return node.items.reduceRight((to, item) => emitNode(program, item, to), next);
    case 'alt':
      return node.alts
        .map((alt) => emitNode(program, alt, next))
        .reduceRight((rest, first) => emit(program, { op: Op.Split, out: first, out1: rest }));
    case 'repeat':
      return emitNode(program, expandRepeat(node.sub, node.min, node.max), next);
    case 'quest':
      return emit(program, { op: Op.Split, out: emitNode(program, node.sub, next), out1: next });
    case 'star':
    case 'plus': {
      const loop = emit(program, { op: Op.Split, out1: next });
      const body = emitNode(program, node.sub, loop);
      program.insts[loop]!.out = body;
      return node.t === 'star' ? loop : body;
    }
    case 'assert':
      if (node.kind === 'word' || node.kind === 'notWord') program.usesWordBoundary = true;
      return emit(program, { op: Op.Assert, assert: node.kind, out: next });
  }
}

/** x{n,m} as n copies of x and m-n optional ones (x* for no upper bound). */
function expandRepeat(sub: Node, min: number, max: number): Node {
  const items: Node[] = new Array<Node>(min).fill(sub);
  if (max === Infinity) items.push({ t: 'star', sub });
  else for (let k = min; k < max; k++) items.push({ t: 'quest', sub });
  return { t: 'seq', items };
}

interface Context {
  atStart: boolean;
  atEnd: boolean;
  prevWord: boolean;
  nextWord: boolean;
}

interface DState {
  /** NFA instructions waiting for input: Char, Match and not yet resolved Assert. */
  pcs: number[];
  atStart: boolean;
  prevWord: boolean;
  next: (DState | undefined)[];
  acceptsAtEnd?: boolean;
}

/** Caps memory for pathological patterns; past it transitions are recomputed, still in linear time. */
const MAX_DFA_STATES = 4096;

function isWordChar(c: number): boolean {
  return isAsciiAlnum(c) || c === 95;
}

/**
 * Runs the program the way Go's MatchString does, one DFA step per code point. States are sets
 * of NFA positions, built on first use and remembered per input class.
 */
class LazyDfa {
  private readonly states = new Map<string, DState>();
  private readonly dead: DState = { pcs: [], atStart: false, prevWord: false, next: [] };
  private readonly accept: DState = { pcs: [], atStart: false, prevWord: false, next: [] };
  private readonly start: DState;
  private readonly asciiClass = new Int32Array(128).fill(-1);
  private readonly otherClass = new Map<number, number>();
  private readonly classBySignature = new Map<string, number>();
  private readonly classSample: number[] = [];

  constructor(private readonly program: Program) {
    this.start = this.state(this.closure([program.start], undefined), true, false);
  }

  /** See GoRegexp.scan. */
  scan(path: string, ends: readonly number[], out: Uint8Array, base: number): void {
    let s = this.start;
    let k = 0;
    for (let i = 0; ;) {
      for (; k < ends.length && ends[k] === i; k++) if (this.acceptsAtEnd(s)) out[base + k] = 1;
      if (i >= path.length || k >= ends.length) return;
      let c = path.charCodeAt(i++);
      if (isHighSurrogate(c) && i < path.length) {
        const low = path.charCodeAt(i);
        if (low >= 0xdc00 && low <= 0xdfff) {
          c = 0x10000 + ((c - 0xd800) << 10) + (low - 0xdc00);
          i++;
        }
      }
      const cls = c < 128 ? this.asciiClass[c]! : (this.otherClass.get(c) ?? -1);
      const known = cls >= 0 ? cls : this.classify(c);
      const n = s.next[known] ?? this.step(s, known);
      // A match already found holds for every longer string; a dead state never matches.
      if (n === this.accept) return void out.fill(1, base + k, base + ends.length);
      if (n === this.dead) return;
      s = n;
    }
  }

  private acceptsAtEnd(s: DState): boolean {
    s.acceptsAtEnd ??= this.closure(s.pcs, { ...this.ctx(s), atEnd: true, nextWord: false }).some(
      (pc) => this.program.insts[pc]!.op === Op.Match,
    );
    return s.acceptsAtEnd;
  }

  /** Characters that every set (and the word test) treats alike share one class. */
  private classify(c: number): number {
    let signature = this.program.sets.map((set) => (setHas(set, c) ? '1' : '0')).join('');
    if (this.program.usesWordBoundary) signature += isWordChar(c) ? 'w' : '-';
    let cls = this.classBySignature.get(signature);
    if (cls === undefined) {
      cls = this.classSample.length;
      this.classSample.push(c);
      this.classBySignature.set(signature, cls);
    }
    if (c < 128) this.asciiClass[c] = cls;
    else this.otherClass.set(c, cls);
    return cls;
  }

  private ctx(s: DState): Context {
    return { atStart: s.atStart, atEnd: false, prevWord: s.prevWord, nextWord: false };
  }

  private step(s: DState, cls: number): DState {
    const c = this.classSample[cls]!;
    const word = isWordChar(c);
    const ready = this.closure(s.pcs, { ...this.ctx(s), nextWord: word });
    let result: DState;
    if (ready.some((pc) => this.program.insts[pc]!.op === Op.Match)) result = this.accept;
    else {
      const targets: number[] = [];
      for (const pc of ready) {
        const inst = this.program.insts[pc]!;
        if (inst.op === Op.Char && setHas(this.program.sets[inst.set]!, c)) targets.push(inst.out);
      }
      const pcs = this.closure(targets, undefined);
      result =
        pcs.length === 0
          ? this.dead
          : this.state(pcs, false, word && this.program.usesWordBoundary);
    }
    if (this.states.size < MAX_DFA_STATES) s.next[cls] = result;
    return result;
  }

  /** Follows splits; follows assertions only when a context is given and they hold in it. */
  private closure(from: number[], ctx: Context | undefined): number[] {
    const seen = new Set<number>();
    const out: number[] = [];
    const stack = [...from];
    while (stack.length > 0) {
      const pc = stack.pop()!;
      if (seen.has(pc)) continue;
      seen.add(pc);
      const inst = this.program.insts[pc]!;
      if (inst.op === Op.Split) stack.push(inst.out, inst.out1);
      else if (inst.op !== Op.Assert || ctx === undefined) out.push(pc);
      else if (assertionHolds(inst.assert, ctx)) stack.push(inst.out);
    }
    return out.sort((a, b) => a - b);
  }

  private state(pcs: number[], atStart: boolean, prevWord: boolean): DState {
    const key = `${atStart ? 's' : ''}${prevWord ? 'w' : ''}:${pcs.join(',')}`;
    let s = this.states.get(key);
    if (s === undefined) {
      s = { pcs, atStart, prevWord, next: [] };
      if (this.states.size < MAX_DFA_STATES) this.states.set(key, s);
    }
    return s;
  }
}

function assertionHolds(kind: Assertion, ctx: Context): boolean {
  switch (kind) {
    case 'begin':
      return ctx.atStart;
    case 'end':
      return ctx.atEnd;
    case 'word':
      return ctx.prevWord !== ctx.nextWord;
    case 'notWord':
      return ctx.prevWord === ctx.nextWord;
  }
}

function isHighSurrogate(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}
