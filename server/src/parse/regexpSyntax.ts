/**
 * The syntax of Go regular expressions (RE2, with the Perl flags regexp.Compile uses): a parser
 * from source text to a small tree, for regexp.ts to run. It covers what a Docker ignore pattern
 * can turn into (parse/ignorePattern.ts), which is most of RE2: alternation, groups, repeats,
 * classes (bracket, Perl, POSIX and Unicode), escapes, `\Q…\E` and the assertions. Not covered,
 * because the translation never produces them: flags `(?i)`, named and non-capturing groups.
 */

/** The source is not a valid Go regexp; the message is Go's. */
export class RegexpSyntaxError extends Error {}

/** Parses a Go regexp (Perl flags). Throws RegexpSyntaxError. */
export function parseRegexp(source: string): Node {
  return new Re2Parser(Array.from(source, (c) => c.codePointAt(0)!)).parse();
}

/** A set of code points: ranges, plus Unicode property tests, optionally complemented. */
export interface CharSet {
  ranges: number[];
  props: { re: RegExp; negated: boolean }[];
  negated: boolean;
}

export type Node =
  | { t: 'set'; set: CharSet }
  | { t: 'seq'; items: Node[] }
  | { t: 'alt'; alts: Node[] }
  | { t: 'star' | 'plus' | 'quest'; sub: Node }
  | { t: 'repeat'; sub: Node; min: number; max: number }
  | { t: 'assert'; kind: Assertion };

export type Assertion = 'begin' | 'end' | 'word' | 'notWord';

export const MAX_RUNE = 0x10ffff;

const PERL_CLASSES: Record<string, number[]> = {
  d: [48, 57],
  s: [9, 10, 12, 13, 32, 32],
  w: [48, 57, 65, 90, 95, 95, 97, 122],
};

const POSIX_CLASSES: Record<string, number[]> = {
  alnum: [48, 57, 65, 90, 97, 122],
  alpha: [65, 90, 97, 122],
  ascii: [0, 127],
  blank: [9, 9, 32, 32],
  cntrl: [0, 31, 127, 127],
  digit: [48, 57],
  graph: [33, 126],
  lower: [97, 122],
  print: [32, 126],
  punct: [33, 47, 58, 64, 91, 96, 123, 126],
  space: [9, 13, 32, 32],
  upper: [65, 90],
  word: [48, 57, 65, 90, 95, 95, 97, 122],
  xdigit: [48, 57, 65, 70, 97, 102],
};

/** Go's unicode.Categories keys; other names are looked up as scripts. */
const CATEGORIES = new Set(
  'C Cc Cf Co Cs L Ll Lm Lo Lt Lu M Mc Me Mn N Nd Nl No P Pc Pd Pe Pf Pi Po Ps S Sc Sk Sm So Z Zl Zp Zs'.split(
    ' ',
  ),
);

function complement(ranges: number[]): number[] {
  const sorted: [number, number][] = [];
  for (let i = 0; i < ranges.length; i += 2) sorted.push([ranges[i]!, ranges[i + 1]!]);
  sorted.sort((a, b) => a[0] - b[0]);
  const out: number[] = [];
  let next = 0;
  for (const [lo, hi] of sorted) {
    if (lo > next) out.push(next, lo - 1);
    next = Math.max(next, hi + 1);
  }
  if (next <= MAX_RUNE) out.push(next, MAX_RUNE);
  return out;
}

export function rangeSet(ranges: number[], negated = false): CharSet {
  return { ranges, props: [], negated };
}

export function setHas(set: CharSet, c: number): boolean {
  let hit = false;
  for (let i = 0; i < set.ranges.length && !hit; i += 2) {
    hit = c >= set.ranges[i]! && c <= set.ranges[i + 1]!;
  }
  for (let i = 0; i < set.props.length && !hit; i++) {
    const prop = set.props[i]!;
    hit = prop.re.test(String.fromCodePoint(c)) !== prop.negated;
  }
  return hit !== set.negated;
}

/** Parses a regexp as Go's regexp/syntax does with the Perl flags. */
class Re2Parser {
  private i = 0;

  constructor(private readonly s: number[]) {}

  parse(): Node {
    const node = this.alternation(0);
    if (this.i < this.s.length) throw new RegexpSyntaxError('unexpected )');
    return node;
  }

  private peek(k = 0): number | undefined {
    return this.s[this.i + k];
  }

  /** Alternatives separated by '|'. */
  private alternation(depth: number): Node {
    const alts = [this.sequence(depth)];
    while (this.peek() === 0x7c) {
      this.i++;
      alts.push(this.sequence(depth));
    }
    return alts.length === 1 ? alts[0]! : { t: 'alt', alts };
  }

  private sequence(depth: number): Node {
    const items: Node[] = [];
    let lastWasRepeat = false;
    while (this.i < this.s.length) {
      const c = this.s[this.i]!;
      if (c === 0x7c /* | */) break;
      if (c === 0x29 /* ) */) {
        if (depth === 0) throw new RegexpSyntaxError('unexpected )');
        break;
      }
      const counts = c === 0x7b /* { */ ? this.repeatCounts() : undefined;
      if (c === 0x2a || c === 0x2b || c === 0x3f /* * + ? */ || counts !== undefined) {
        this.repeat(items, c, counts, lastWasRepeat);
        lastWasRepeat = true;
        continue;
      }
      lastWasRepeat = false;
      items.push(this.atom(depth));
    }
    return { t: 'seq', items };
  }

  private repeat(
    items: Node[],
    op: number,
    counts: [number, number] | undefined,
    lastWasRepeat: boolean,
  ): void {
    if (counts === undefined) this.i++;
    // A '?' right after an operator makes it non-greedy, which does not change what matches.
    if (this.peek() === 0x3f) this.i++;
    // Perl rejects stacked operators such as a**.
    if (lastWasRepeat) throw new RegexpSyntaxError('invalid nested repetition operator');
    const sub = items.pop();
    if (sub === undefined) throw new RegexpSyntaxError('missing argument to repetition operator');
    if (counts !== undefined) {
      const [min, max] = counts;
      if (min > 1000 || (max !== Infinity && max > 1000) || min > max) {
        throw new RegexpSyntaxError('invalid repeat count');
      }
      items.push({ t: 'repeat', sub, min, max });
    } else items.push({ t: op === 0x2a ? 'star' : op === 0x2b ? 'plus' : 'quest', sub });
  }

  /** parseRepeat: {n}, {n,} (max Infinity) or {n,m}, consumed; else '{' stays a literal. */
  private repeatCounts(): [number, number] | undefined {
    let k = this.i + 1;
    const int = (): number | undefined => {
      const from = k;
      while (this.s[k] !== undefined && this.s[k]! >= 0x30 && this.s[k]! <= 0x39) k++;
      if (k === from || (k - from > 1 && this.s[from] === 0x30)) return undefined;
      return Number(String.fromCharCode(...this.s.slice(from, k)));
    };
    const min = int();
    if (min === undefined) return undefined;
    let max = min;
    if (this.s[k] === 0x2c /* , */) {
      k++;
      const m = this.s[k] === 0x7d ? Infinity : int();
      if (m === undefined) return undefined;
      max = m;
    }
    if (this.s[k] !== 0x7d /* } */) return undefined;
    this.i = k + 1;
    return [min, max];
  }

  private atom(depth: number): Node {
    const c = this.s[this.i]!;
    switch (c) {
      case 0x28 /* ( */: {
        this.i++;
        if (this.peek() === 0x3f) throw new RegexpSyntaxError('unsupported group syntax');
        const sub = this.alternation(depth + 1);
        if (this.peek() !== 0x29) throw new RegexpSyntaxError('missing closing )');
        this.i++;
        return sub;
      }
      case 0x5b /* [ */:
        return { t: 'set', set: this.bracket() };
      case 0x5c /* \ */:
        return this.topEscape();
      case 0x2e /* . */:
        this.i++;
        return { t: 'set', set: rangeSet([10, 10], true) };
      case 0x5e /* ^ */:
        this.i++;
        return { t: 'assert', kind: 'begin' };
      case 0x24 /* $ */:
        this.i++;
        return { t: 'assert', kind: 'end' };
      default:
        this.i++;
        return { t: 'set', set: rangeSet([c, c]) };
    }
  }

  private topEscape(): Node {
    const next = this.peek(1);
    const simple: Record<number, Assertion> = {
      0x41: 'begin',
      0x62: 'word',
      0x42: 'notWord',
      0x7a: 'end',
    };
    if (next !== undefined && simple[next] !== undefined) {
      this.i += 2;
      return { t: 'assert', kind: simple[next]! };
    }
    if (next === 0x43 /* C */) throw new RegexpSyntaxError('invalid escape sequence: `\\C`');
    if (next === 0x51 /* Q */) return this.quoted();
    const unicode = this.unicodeClass();
    if (unicode !== undefined)
      return { t: 'set', set: { ranges: [], props: [unicode], negated: false } };
    const perl = this.perlClass();
    if (perl !== undefined) return { t: 'set', set: rangeSet(perl) };
    const r = this.escape();
    return { t: 'set', set: rangeSet([r, r]) };
  }

  /** \Q...\E: literal text up to \E or the end, which can swallow the closing '$'. */
  private quoted(): Node {
    this.i += 2;
    const items: Node[] = [];
    while (this.i < this.s.length) {
      if (this.s[this.i] === 0x5c && this.peek(1) === 0x45) {
        this.i += 2;
        break;
      }
      const c = this.s[this.i++]!;
      items.push({ t: 'set', set: rangeSet([c, c]) });
    }
    return { t: 'seq', items };
  }

  private perlClass(): number[] | undefined {
    if (this.peek() !== 0x5c) return undefined;
    const name = this.peek(1);
    if (name === undefined) return undefined;
    const letter = String.fromCodePoint(name);
    const ranges = PERL_CLASSES[letter.toLowerCase()];
    if (ranges === undefined || !/[dswDSW]/.test(letter)) return undefined;
    this.i += 2;
    return letter === letter.toLowerCase() ? ranges : complement(ranges);
  }

  /** \pL, \p{Greek}, \P{...}, \p{^...}. Membership uses Node's Unicode data. */
  private unicodeClass(): { re: RegExp; negated: boolean } | undefined {
    const kind = this.peek(1);
    if (this.peek() !== 0x5c || (kind !== 0x70 && kind !== 0x50)) return undefined;
    let negated = kind === 0x50;
    this.i += 2;
    let name: string;
    if (this.peek() === 0x7b /* { */) {
      const close = this.s.indexOf(0x7d, this.i);
      if (close < 0) throw new RegexpSyntaxError('invalid character class range: missing }');
      name = String.fromCodePoint(...this.s.slice(this.i + 1, close));
      this.i = close + 1;
    } else {
      const c = this.peek();
      name = c === undefined ? '' : String.fromCodePoint(c);
      this.i++;
    }
    if (name.startsWith('^')) [negated, name] = [!negated, name.slice(1)];
    return { re: unicodeProperty(name), negated };
  }

  /** parseEscape: one escaped character. */
  private escape(): number {
    this.i++; // the backslash
    const c = this.s[this.i++];
    if (c === undefined) throw new RegexpSyntaxError('trailing backslash at end of expression');
    const bad = (): RegexpSyntaxError =>
      new RegexpSyntaxError(`invalid escape sequence: \`\\${String.fromCodePoint(c)}\``);
    if (c < 0x80 && !isAsciiAlnum(c)) return c;
    const isOctal = (d: number | undefined): boolean => d !== undefined && d >= 0x30 && d <= 0x37;
    // \1-\7 alone would be a backreference, which RE2 does not support.
    if (c === 0x30 || (c >= 0x31 && c <= 0x37 && isOctal(this.peek()))) {
      let r = c - 0x30;
      for (let k = 1; k < 3 && isOctal(this.peek()); k++) r = r * 8 + this.s[this.i++]! - 0x30;
      return r;
    }
    if (c === 0x78 /* x */) return this.hexEscape(bad);
    const controls: Record<number, number> = {
      0x61: 7,
      0x66: 12,
      0x6e: 10,
      0x72: 13,
      0x74: 9,
      0x76: 11,
    };
    if (controls[c] !== undefined) return controls[c]!;
    throw bad();
  }

  private hexEscape(bad: () => RegexpSyntaxError): number {
    if (this.peek() === 0x7b) {
      this.i++;
      let r = 0;
      let digits = 0;
      for (let c = this.s[this.i++]; c !== 0x7d; c = this.s[this.i++]) {
        const v = c === undefined ? -1 : hexValue(c);
        if (v < 0) throw bad();
        r = r * 16 + v;
        digits++;
        if (r > MAX_RUNE) throw bad();
      }
      if (digits === 0) throw bad();
      return r;
    }
    const a = hexValue(this.s[this.i++] ?? -1);
    const b = hexValue(this.s[this.i++] ?? -1);
    if (a < 0 || b < 0) throw bad();
    return a * 16 + b;
  }

  /** parseClass. ']' first is a literal; '-' is a literal anywhere a range cannot start. */
  private bracket(): CharSet {
    const start = this.i;
    this.i++;
    const set: CharSet = { ranges: [], props: [], negated: false };
    if (this.peek() === 0x5e) {
      set.negated = true;
      this.i++;
    }
    for (let first = true; first || this.peek() !== 0x5d; first = false) {
      if (this.i >= this.s.length) {
        const text = String.fromCodePoint(...this.s.slice(start));
        throw new RegexpSyntaxError(`missing closing ]: \`${text}\``);
      }
      this.classItem(set);
    }
    this.i++;
    return set;
  }

  private classItem(set: CharSet): void {
    const named = this.posixClass();
    if (named !== undefined) return void set.ranges.push(...named);
    const unicode = this.unicodeClass();
    if (unicode !== undefined) return void set.props.push(unicode);
    const perl = this.perlClass();
    if (perl !== undefined) return void set.ranges.push(...perl);
    const lo = this.classChar();
    let hi = lo;
    if (this.s.length - this.i >= 2 && this.peek() === 0x2d && this.peek(1) !== 0x5d) {
      this.i++;
      hi = this.classChar();
      if (hi < lo) {
        const range = `${String.fromCodePoint(lo)}-${String.fromCodePoint(hi)}`;
        throw new RegexpSyntaxError(`invalid character class range: \`${range}\``);
      }
    }
    set.ranges.push(lo, hi);
  }

  private classChar(): number {
    const c = this.peek();
    if (c === undefined) throw new RegexpSyntaxError('missing closing ]');
    if (c === 0x5c) return this.escape();
    this.i++;
    return c;
  }

  /** [:alpha:] and [:^alpha:]; Go looks for the closing ':]' anywhere further on. */
  private posixClass(): number[] | undefined {
    if (this.peek() !== 0x5b || this.peek(1) !== 0x3a || this.s.length - this.i <= 2)
      return undefined;
    let close = -1;
    for (let k = this.i + 2; k + 1 < this.s.length; k++) {
      if (this.s[k] === 0x3a && this.s[k + 1] === 0x5d) {
        close = k;
        break;
      }
    }
    if (close < 0) return undefined;
    const inner = String.fromCodePoint(...this.s.slice(this.i + 2, close));
    const negated = inner.startsWith('^');
    const ranges = POSIX_CLASSES[negated ? inner.slice(1) : inner];
    if (ranges === undefined || inner === '^' || /[^a-z^]/.test(inner)) {
      throw new RegexpSyntaxError(`invalid character class range: \`[:${inner}:]\``);
    }
    this.i = close + 2;
    return negated ? complement(ranges) : ranges;
  }
}

export function isAsciiAlnum(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 65 && c <= 70) return c - 55;
  if (c >= 97 && c <= 102) return c - 87;
  return -1;
}

function unicodeProperty(name: string): RegExp {
  if (name === 'Any') return /[^]/u;
  const source = CATEGORIES.has(name) ? `\\p{${name}}` : `\\p{Script=${name}}`;
  try {
    return new RegExp(`^${source}$`, 'u');
  } catch {
    throw new RegexpSyntaxError(`invalid character class range: \`\\p{${name}}\``);
  }
}
