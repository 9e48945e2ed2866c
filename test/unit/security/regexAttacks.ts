/**
 * Attack strings for a regular expression, built from its own structure: for every quantifier, a
 * text that matches everything before it, then one iteration of its body pumped many times, then a
 * character that makes the match fail. Catastrophic (exponential or polynomial) backtracking shows
 * up as time that grows with the pump; a linear regex answers in microseconds.
 *
 * The parser covers the syntax JavaScript regex literals in this repository use (groups,
 * lookarounds, classes, escapes, quantifiers, alternation); anything else is treated as a literal.
 */

type Node =
  | { t: 'seq'; items: Node[] }
  | { t: 'alt'; options: Node[] }
  | { t: 'group'; body: Node; zeroWidth: boolean }
  | { t: 'class'; reps: string[] }
  | { t: 'char'; c: string }
  | { t: 'empty' }
  | { t: 'quant'; body: Node; min: number; max: number };

const CLASS_ESCAPES: Record<string, string[]> = {
  d: ['0', '7'],
  D: ['a', ' ', '-'],
  w: ['a', 'Z', '0', '_'],
  W: [' ', '-', '/', '.'],
  s: [' ', '\t', '\n'],
  S: ['a', '-', '/', '0'],
};
const CHAR_ESCAPES: Record<string, string> = {
  n: '\n',
  r: '\r',
  t: '\t',
  f: '\f',
  v: '\v',
  '0': '\0',
};

/** Characters tried in classes: the regex's own literals first, then common ones. */
const COMMON = [
  ' ',
  'a',
  'A',
  'z',
  '0',
  '9',
  '-',
  '_',
  '.',
  '/',
  ':',
  '=',
  '$',
  '{',
  '}',
  '"',
  "'",
  '\\',
  '\t',
  '\n',
  '#',
  '*',
  '<',
  'c',
  'é',
];

class Parser {
  private i = 0;
  readonly literals = new Set<string>();
  constructor(private readonly s: string) {}

  parse(): Node {
    const n = this.alt();
    return n;
  }

  private alt(): Node {
    const options = [this.seq()];
    while (this.s[this.i] === '|') {
      this.i++;
      options.push(this.seq());
    }
    return options.length === 1 ? options[0]! : { t: 'alt', options };
  }

  private seq(): Node {
    const items: Node[] = [];
    while (this.i < this.s.length && this.s[this.i] !== '|' && this.s[this.i] !== ')') {
      let atom = this.atom();
      atom = this.quantifier(atom);
      items.push(atom);
    }
    return { t: 'seq', items };
  }

  private quantifier(atom: Node): Node {
    const s = this.s;
    let min = -1;
    let max = -1;
    const c = s[this.i];
    if (c === '*') [min, max] = [0, Infinity];
    else if (c === '+') [min, max] = [1, Infinity];
    else if (c === '?') [min, max] = [0, 1];
    else if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(s.slice(this.i));
      if (m) {
        min = Number(m[1]);
        max = m[2] === undefined ? min : m[3] ? Number(m[3]) : Infinity;
        this.i += m[0].length - 1;
      }
    }
    if (min < 0) return atom;
    this.i++;
    if (s[this.i] === '?') this.i++; // lazy: same attack surface
    return { t: 'quant', body: atom, min, max };
  }

  private atom(): Node {
    const s = this.s;
    const c = s[this.i++]!;
    if (c === '(') {
      let zeroWidth = false;
      if (s[this.i] === '?') {
        const m = /^\?(?::|=|!|<=|<!|<[A-Za-z_][A-Za-z0-9_]*>)/.exec(s.slice(this.i));
        if (m) {
          zeroWidth = /^\?(=|!|<=|<!)$/.test(m[0]);
          this.i += m[0].length;
        }
      }
      const body = this.alt();
      if (s[this.i] === ')') this.i++;
      return { t: 'group', body, zeroWidth };
    }
    if (c === '[') return this.charClass();
    if (c === '.') return { t: 'class', reps: ['a', ' ', '-', '/', '0', '"'] };
    if (c === '^' || c === '$') return { t: 'empty' };
    if (c === '\\') return this.escape(false);
    this.literals.add(c);
    return { t: 'char', c };
  }

  private escape(inClass: boolean): Node {
    const s = this.s;
    const e = s[this.i++]!;
    if (CLASS_ESCAPES[e]) return { t: 'class', reps: CLASS_ESCAPES[e]! };
    if (!inClass && (e === 'b' || e === 'B')) return { t: 'empty' };
    if (e === 'u' && /^[0-9a-fA-F]{4}/.test(s.slice(this.i))) {
      const ch = String.fromCharCode(parseInt(s.slice(this.i, this.i + 4), 16));
      this.i += 4;
      return { t: 'char', c: ch };
    }
    if (e === 'x' && /^[0-9a-fA-F]{2}/.test(s.slice(this.i))) {
      const ch = String.fromCharCode(parseInt(s.slice(this.i, this.i + 2), 16));
      this.i += 2;
      return { t: 'char', c: ch };
    }
    if (/[1-9]/.test(e)) return { t: 'empty' }; // backreference: matches what its group matched
    const ch = CHAR_ESCAPES[e] ?? e;
    this.literals.add(ch);
    return { t: 'char', c: ch };
  }

  /** A class becomes a few characters it accepts (and, when negated, a few it does not list). */
  private charClass(): Node {
    const s = this.s;
    const negated = s[this.i] === '^';
    if (negated) this.i++;
    const members: ((ch: string) => boolean)[] = [];
    const named: string[] = [];
    let first = true;
    while (this.i < s.length && (s[this.i] !== ']' || first)) {
      first = false;
      let lo: string;
      if (s[this.i] === '\\') {
        this.i++;
        const e = s[this.i++]!;
        if (CLASS_ESCAPES[e]) {
          const re = new RegExp(`\\${e}`);
          members.push((ch) => re.test(ch));
          named.push(...CLASS_ESCAPES[e]!);
          continue;
        }
        lo = CHAR_ESCAPES[e] ?? e;
      } else lo = s[this.i++]!;
      if (s[this.i] === '-' && s[this.i + 1] !== ']' && this.i + 1 < s.length) {
        this.i++;
        let hi = s[this.i++]!;
        if (hi === '\\') {
          hi = CHAR_ESCAPES[s[this.i]!] ?? s[this.i]!;
          this.i++;
        }
        const [a, b] = [lo.charCodeAt(0), hi.charCodeAt(0)];
        members.push((ch) => ch.charCodeAt(0) >= a && ch.charCodeAt(0) <= b);
        named.push(lo, hi);
      } else {
        members.push((ch) => ch === lo);
        named.push(lo);
      }
    }
    this.i++; // ]
    const accepts = (ch: string) => members.some((m) => m(ch)) !== negated;
    const pool = [...named, ...this.literals, ...COMMON];
    const reps = [...new Set(pool.filter(accepts))].slice(0, 6);
    return { t: 'class', reps: reps.length ? reps : ['a'] };
  }
}

/** The shortest text a node matches (first option, fewest repetitions). */
function sample(n: Node): string {
  switch (n.t) {
    case 'seq':
      return n.items.map(sample).join('');
    case 'alt':
      return sample(n.options[0]!);
    case 'group':
      return n.zeroWidth ? '' : sample(n.body);
    case 'class':
      return n.reps[0]!;
    case 'char':
      return n.c;
    case 'empty':
      return '';
    case 'quant':
      return sample(n.body).repeat(n.min);
  }
}

/** A few different one-iteration texts for a node. */
function variants(n: Node): string[] {
  switch (n.t) {
    case 'seq': {
      // Vary one item at a time, the others at their sample.
      const out = new Set<string>([sample(n)]);
      n.items.forEach((item, k) => {
        for (const v of variants(item).slice(0, 3))
          out.add(n.items.map((x, j) => (j === k ? v : sample(x))).join(''));
      });
      return [...out].filter(Boolean).slice(0, 6);
    }
    case 'alt':
      return n.options.flatMap((o) => variants(o).slice(0, 2)).slice(0, 6);
    case 'group':
      return n.zeroWidth ? [''] : variants(n.body);
    case 'class':
      return n.reps;
    case 'char':
      return [n.c];
    case 'empty':
      return [''];
    case 'quant': {
      const body = variants(n.body);
      return body.map((b) => b.repeat(Math.max(1, n.min)));
    }
  }
}

interface Site {
  before: string;
  quant: Extract<Node, { t: 'quant' }>;
}

/** Every quantifier that can repeat, with a text matching what precedes it. */
function sites(n: Node, before: string, out: Site[]): void {
  switch (n.t) {
    case 'seq': {
      let b = before;
      for (const item of n.items) {
        sites(item, b, out);
        b += sample(item);
      }
      return;
    }
    case 'alt':
      for (const o of n.options) sites(o, before, out);
      return;
    case 'group':
      sites(n.body, before, out);
      return;
    case 'quant':
      if (n.max > 1) out.push({ before, quant: n });
      sites(n.body, before, out);
      return;
    default:
      return;
  }
}

export interface Attack {
  /** How it was built, for the failure message. */
  label: string;
  text: string;
}

const FAILERS = ['\u0000', '!', '\n'];

/** Attack strings of about `size` characters for a regex source. */
export function attacks(source: string, size: number): Attack[] {
  const p = new Parser(source);
  const tree = p.parse();
  const found: Site[] = [];
  sites(tree, '', found);
  const out: Attack[] = [];
  const seen = new Set<string>();
  const add = (label: string, text: string) => {
    const key = text.slice(0, 200) + text.length;
    if (seen.has(key)) return;
    seen.add(key);
    out.push({ label, text });
  };
  for (const s of found) {
    const pumps = [...new Set(variants(s.quant.body).filter((v) => v.length > 0))].slice(0, 5);
    for (const pump of pumps) {
      const n = Math.max(1, Math.floor(size / pump.length));
      for (const fail of FAILERS) {
        add(
          `${JSON.stringify(s.before)} + ${JSON.stringify(pump)}×${n} + ${JSON.stringify(fail)}`,
          s.before + pump.repeat(n) + fail,
        );
      }
      // Unanchored and global regexes retry at every offset: repeat the whole prefix too.
      const unit = s.before + pump;
      if (s.before) {
        const k = Math.max(1, Math.floor(size / unit.length));
        add(`(${JSON.stringify(unit)})×${k} + "\\u0000"`, unit.repeat(k) + '\u0000');
      }
    }
  }
  return out;
}
