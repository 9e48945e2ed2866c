/**
 * Set reasoning over .dockerignore patterns: can two patterns match a common path, does one cover
 * everything another matches. The .dockerignore rules use it to judge patterns without a file list.
 *
 * Each pattern becomes a small NFA over path characters, built from Docker's own translation of it
 * (parse/ignorePattern.ts: its match kind and the pieces of its regexp): `segment` = any run
 * without '/', `segmentChar` = one character but '/', `folders` = any folders, `rest` = anything,
 * plus the exact, prefix and suffix kinds. Classes are widened to "any character", so a language
 * is marked `exact: false` then; a regexp with `syntax` pieces (RE2 operators such as `|`, `{}`,
 * `^`, `\d`, which we do not model) gets no NFA at all, and callers must assume the worst.
 */
import type { IgnorePattern } from '../parse/dockerignore';
import { translatePattern } from '../parse/ignorePattern';

type Pred = { t: 'lit'; c: string } | { t: 'nonslash' } | { t: 'any' };

export interface PatternLanguage {
  edges: { pred: Pred; to: number }[][];
  eps: number[][];
  start: number;
  accept: Set<number>;
  /** Literal characters used, for the alphabet of representatives. */
  lits: Set<string>;
  /** False when the NFA accepts more than Docker's pattern would (widened classes). */
  exact: boolean;
  /** Every accepted path starts with this (a cheap test before the automata). */
  prefix: string;
  /** The one path a wildcard-free pattern matches (then `prefix`), and whether `/…` may follow. */
  literal?: { below: boolean };
}

class Builder {
  readonly edges: { pred: Pred; to: number }[][] = [];
  readonly eps: number[][] = [];
  readonly lits = new Set<string>();
  exact = true;

  state(): number {
    this.edges.push([]);
    this.eps.push([]);
    return this.edges.length - 1;
  }

  edge(from: number, pred: Pred, to: number): void {
    if (pred.t === 'lit') this.lits.add(pred.c);
    this.edges[from]!.push({ pred, to });
  }

  /** Appends a literal string after `from`; returns the state reached. */
  literal(from: number, s: string): number {
    let at = from;
    for (const c of s) {
      // Code units, as JavaScript strings (and the paths we test) index them.
      for (let k = 0; k < c.length; k++) {
        const next = this.state();
        this.edge(at, { t: 'lit', c: c[k]! }, next);
        at = next;
      }
    }
    return at;
  }

  /** A loop of `pred` at a fresh state reached from `from` by ε. */
  loop(from: number, pred: Pred): number {
    const s = this.state();
    this.eps[from]!.push(s);
    this.edge(s, pred, s);
    return s;
  }

  done(start: number, accept: number[], prefix: string): PatternLanguage {
    return {
      edges: this.edges,
      eps: this.eps,
      start,
      accept: new Set(accept),
      lits: this.lits,
      exact: this.exact,
      prefix,
    };
  }
}

/** The pattern's language, or undefined when it uses syntax this model does not cover. */
export function patternLanguage(p: IgnorePattern): PatternLanguage | undefined {
  if (p.error !== undefined || p.cleaned === '') return undefined;
  return cleanedLanguage(p.cleaned);
}

const languageCache = new Map<string, PatternLanguage | null>();

export function cleanedLanguage(cleaned: string): PatternLanguage | undefined {
  let lang = languageCache.get(cleaned);
  if (lang === undefined) {
    lang = build(cleaned) ?? null;
    if (languageCache.size > 2000) languageCache.clear();
    languageCache.set(cleaned, lang);
  }
  return lang ?? undefined;
}

function build(cleaned: string): PatternLanguage | undefined {
  const { kind, literal, pieces } = translatePattern(cleaned);
  const b = new Builder();
  const start = b.state();
  switch (kind) {
    case 'exact':
      return { ...b.done(start, [b.literal(start, literal)], literal), literal: { below: false } };
    case 'prefix':
      return b.done(start, [b.loop(b.literal(start, literal), { t: 'any' })], literal);
    case 'suffix': {
      // strings.HasSuffix(path, literal), and "**/foo" also matches "foo".
      const accept = [b.literal(b.loop(start, { t: 'any' }), literal)];
      if (literal.startsWith('/')) accept.push(b.literal(start, literal.slice(1)));
      return b.done(start, accept, '');
    }
    case 'regexp': {
      let at = start;
      for (const piece of pieces) {
        switch (piece.t) {
          case 'syntax':
            return undefined;
          case 'char':
            at = b.literal(at, piece.c);
            break;
          case 'segment':
            at = b.loop(at, { t: 'nonslash' });
            break;
          case 'segmentChar': {
            const next = b.state();
            b.edge(at, { t: 'nonslash' }, next);
            at = next;
            break;
          }
          case 'class': {
            // Widened: a class may even match '/' (`[^x]`).
            b.exact = false;
            const next = b.state();
            b.edge(at, { t: 'any' }, next);
            at = next;
            break;
          }
          case 'folders': {
            // Nothing, or anything ending with '/'.
            const after = b.state();
            b.eps[at]!.push(after);
            const body = b.loop(at, { t: 'any' });
            b.edge(body, { t: 'lit', c: '/' }, after);
            at = after;
            break;
          }
          case 'rest':
            at = b.loop(at, { t: 'any' });
            break;
        }
      }
      return b.done(start, [at], literal);
    }
  }
}

const descendantsCache = new WeakMap<PatternLanguage, PatternLanguage>();

/** L · (ε | '/' anything): the paths a pattern excludes, its matches and everything below them. */
export function withDescendants(l: PatternLanguage): PatternLanguage {
  let d = descendantsCache.get(l);
  if (!d) {
    d = buildDescendants(l);
    descendantsCache.set(l, d);
  }
  return d;
}

function buildDescendants(l: PatternLanguage): PatternLanguage {
  const n = l.edges.length;
  const below = n;
  const tail = n + 1;
  const edges = [...l.edges.map((e) => [...e]), [], []];
  const eps = [...l.eps.map((e) => [...e]), [], []];
  for (const a of l.accept) edges[a]!.push({ pred: { t: 'lit', c: '/' }, to: below });
  eps[below]!.push(tail);
  edges[tail]!.push({ pred: { t: 'any' }, to: tail });
  return {
    edges,
    eps,
    start: l.start,
    accept: new Set([...l.accept, tail]),
    lits: new Set([...l.lits, '/']),
    exact: l.exact,
    prefix: l.prefix,
    ...(l.literal ? { literal: { below: true } } : {}),
  };
}

/** Paths accepted by a literal language: the word, and with `below` everything under it. */
function literalMeets(a: PatternLanguage, b: PatternLanguage): boolean {
  const under = (x: string, y: string) => x === y || x.startsWith(`${y}/`);
  return (
    a.prefix === b.prefix ||
    (a.literal!.below && under(b.prefix, a.prefix)) ||
    (b.literal!.below && under(a.prefix, b.prefix))
  );
}

/** Can two paths start with these prefixes? Only when one prefix starts with the other. */
function compatible(a: PatternLanguage, b: PatternLanguage): boolean {
  return a.prefix.startsWith(b.prefix) || b.prefix.startsWith(a.prefix);
}

const closures = new WeakMap<PatternLanguage, number[][]>();

/** ε-closure of each state, computed once per language. */
function stateClosures(l: PatternLanguage): number[][] {
  let c = closures.get(l);
  if (!c) {
    c = l.eps.map((_, s0) => {
      const seen = new Set<number>();
      const stack = [s0];
      while (stack.length) {
        const s = stack.pop()!;
        if (seen.has(s)) continue;
        seen.add(s);
        for (const t of l.eps[s]!) stack.push(t);
      }
      return [...seen];
    });
    closures.set(l, c);
  }
  return c;
}

function closure(l: PatternLanguage, states: Iterable<number>): number[] {
  const c = stateClosures(l);
  const out = new Set<number>();
  for (const s of states) for (const t of c[s]!) out.add(t);
  return [...out].sort((a, b) => a - b);
}

function holds(pred: Pred, c: string): boolean {
  return pred.t === 'any' || (pred.t === 'nonslash' ? c !== '/' : pred.c === c);
}

function step(l: PatternLanguage, states: readonly number[], c: string): number[] {
  const next: number[] = [];
  for (const s of states) for (const e of l.edges[s]!) if (holds(e.pred, c)) next.push(e.to);
  return closure(l, next);
}

/** One character per class of characters the two languages tell apart. */
function alphabet(a: PatternLanguage, b: PatternLanguage): string[] {
  const set = new Set<string>([...a.lits, ...b.lits, '/']);
  let other = 1;
  while (set.has(String.fromCharCode(other))) other++;
  return [...set, String.fromCharCode(other)];
}

/** Past this many product states the answer is "not proven" (never reached by real patterns). */
const MAX_PRODUCT_STATES = 50000;

/** Is there a path both languages accept? Undecided (too large) counts as yes. */
/**
 * Answers per pair of languages, kept across analyses: while a file is edited one line at a time,
 * almost every pair was already decided. Languages are cached per pattern text, so ids are stable.
 */
const ids = new WeakMap<PatternLanguage, number>();
let nextId = 0;
const memo = new Map<string, boolean>();
const MAX_MEMO = 100_000;

function memoized(op: string, a: PatternLanguage, b: PatternLanguage, f: () => boolean): boolean {
  const id = (l: PatternLanguage) => {
    let n = ids.get(l);
    if (n === undefined) ids.set(l, (n = nextId++));
    return n;
  };
  const key = `${op}${id(a)},${id(b)}`;
  let v = memo.get(key);
  if (v === undefined) {
    v = f();
    if (memo.size >= MAX_MEMO) memo.clear();
    memo.set(key, v);
  }
  return v;
}

export function intersects(a: PatternLanguage, b: PatternLanguage): boolean {
  if (!compatible(a, b)) return false;
  if (a.literal && b.literal) return literalMeets(a, b);
  return memoized('i', a, b, () => productNonEmpty(a, b));
}

function productNonEmpty(a: PatternLanguage, b: PatternLanguage): boolean {
  const sigma = alphabet(a, b);
  const seen = new Set<string>();
  const queue: [number, number][] = [];
  for (const x of closure(a, [a.start])) for (const y of closure(b, [b.start])) queue.push([x, y]);
  while (queue.length) {
    const [x, y] = queue.pop()!;
    const key = `${x},${y}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (seen.size > MAX_PRODUCT_STATES) return true;
    if (a.accept.has(x) && b.accept.has(y)) return true;
    for (const c of sigma) {
      const nx = step(a, [x], c);
      if (nx.length === 0) continue;
      const ny = step(b, [y], c);
      for (const p of nx) for (const q of ny) queue.push([p, q]);
    }
  }
  return false;
}

/**
 * Does `sup` accept every path `sub` accepts? Only "yes" is trusted: a widened `sup` or an
 * undecided search answers no.
 */
export function covers(sup: PatternLanguage, sub: PatternLanguage): boolean {
  if (!sup.exact) return false;
  // A non-empty `sub` has a path starting with its prefix, which `sup` cannot accept then.
  if (!compatible(sup, sub)) return false;
  if (sup.literal && sub.literal) {
    if (sub.literal.below && !sup.literal.below) return false;
    return (
      sub.prefix === sup.prefix || (sup.literal.below && sub.prefix.startsWith(`${sup.prefix}/`))
    );
  }
  return memoized('c', sup, sub, () => subsetOf(sub, sup));
}

function subsetOf(sub: PatternLanguage, sup: PatternLanguage): boolean {
  const sigma = alphabet(sup, sub);
  const seen = new Set<string>();
  const start = closure(sup, [sup.start]);
  const queue: [number, number[]][] = closure(sub, [sub.start]).map((s) => [s, start]);
  while (queue.length) {
    const [s, set] = queue.pop()!;
    const key = `${s}|${set.join(',')}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (seen.size > MAX_PRODUCT_STATES) return false;
    if (sub.accept.has(s) && !set.some((x) => sup.accept.has(x))) return false;
    for (const c of sigma) {
      const ns = step(sub, [s], c);
      if (ns.length === 0) continue;
      const nset = step(sup, set, c);
      for (const t of ns) queue.push([t, nset]);
    }
  }
  return true;
}

/** Does the language accept this path (tests and diagnostics). */
export function accepts(l: PatternLanguage, path: string): boolean {
  let states = closure(l, [l.start]);
  for (let i = 0; i < path.length && states.length > 0; i++) states = step(l, states, path[i]!);
  return states.some((s) => l.accept.has(s));
}
