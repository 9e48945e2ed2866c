/**
 * The structure of a shell script: lists, and-or lists, pipelines, simple and compound commands,
 * each with its redirections and here-documents, with exact spans in the script text. The
 * splitter in shell.ts answers "which commands run, with which words"; this answers "where does
 * a command end" — after its redirections, the here-document bodies it reads and the keyword
 * that closes it — so an edit can be placed without changing what the script means. It never
 * throws, runs in linear time, and reports the first syntax error instead of guessing past it.
 */

export interface ShToken {
  /** As written (quotes kept). */
  text: string;
  start: number;
  end: number;
}

export interface ShRedirect {
  /** `2` in `2>&1`; empty when the default descriptor applies. */
  fd: string;
  /** `>`, `>>`, `<`, `<<`, `<<-`, `<<<`, `>&`, `<&`, `&>`, `&>>`, `<>`, `>|`. */
  op: string;
  target: ShToken;
  /** Here-document body (between the marker's line and the delimiter line), for `<<`/`<<-`. */
  body?: { start: number; end: number };
  start: number;
  end: number;
}

export interface ShSimple {
  kind: 'simple';
  assigns: ShToken[];
  words: ShToken[];
  redirects: ShRedirect[];
  start: number;
  end: number;
}

export type ShCompoundKind =
  | 'group'
  | 'subshell'
  | 'if'
  | 'while'
  | 'until'
  | 'for'
  | 'select'
  | 'case'
  | 'function'
  | 'arith'
  | 'test';

export interface ShCompound {
  kind: ShCompoundKind;
  /** `for x in a b`, `case "$x" in`, the function's name, the `[[ … ]]` or `(( … ))` text. */
  header: string;
  /** The lists inside, labelled by their role: `cond`, `then`, `elif-cond`, `else`, `do`, `body`, case arm patterns. */
  parts: { label: string; list: ShList }[];
  redirects: ShRedirect[];
  start: number;
  end: number;
}

export type ShCommand = ShSimple | ShCompound;

export interface ShPipeline {
  negated: boolean;
  /** `time` before the pipeline. */
  timed: boolean;
  commands: ShCommand[];
  /** `|` or `|&` between commands. */
  ops: string[];
  start: number;
  end: number;
}

export interface ShAndOr {
  pipelines: ShPipeline[];
  /** `&&` or `||` between pipelines. */
  ops: string[];
  /** What ends the item: `;`, `&`, a newline as `\n`, or `` (end of the list). */
  terminator: string;
  start: number;
  end: number;
}

export interface ShList {
  items: ShAndOr[];
  start: number;
  end: number;
}

export interface ShScript {
  list: ShList;
  /** The first syntax error, if any: the tree is then incomplete. */
  error?: { message: string; at: number };
}

const RESERVED_END = new Set(['then', 'elif', 'else', 'fi', 'do', 'done', 'esac', '}']);
const BLANK = /[ \t]/;

class ParseFailure extends Error {
  constructor(
    message: string,
    readonly at: number,
  ) {
    super(message);
  }
}

interface Pending {
  redirect: ShRedirect;
  delimiter: string;
  strip: boolean;
}

/**
 * Parses a script. The text is what the shell reads: for a RUN, the instruction's joined line
 * (here-document bodies, when present, follow it after a newline).
 */
export function parseShellScript(text: string): ShScript {
  const p = new Parser(text);
  try {
    const list = p.list(new Set(), 'top');
    p.skipSeparators();
    if (p.i < text.length) p.fail(`unexpected ${JSON.stringify(text.slice(p.i, p.i + 8))}`);
    if (p.pending.length) p.fail('here-document without a body');
    return { list };
  } catch (e) {
    if (e instanceof ParseFailure) {
      return { list: { items: [], start: 0, end: 0 }, error: { message: e.message, at: e.at } };
    }
    throw e;
  }
}

class Parser {
  i = 0;
  pending: Pending[] = [];
  private depth = 0;

  constructor(readonly s: string) {}

  fail(message: string, at = this.i): never {
    throw new ParseFailure(message, at);
  }

  // -------------------------------------------------------------------------------------------
  // Blanks, comments, line breaks

  /** Skips blanks, `\`-newline joins and a comment; stops at a newline. */
  skipBlanks(): void {
    const s = this.s;
    for (;;) {
      const c = s[this.i];
      if (c === ' ' || c === '\t') this.i++;
      else if (c === '\\' && s[this.i + 1] === '\n') this.i += 2;
      else if (c === '\\' && s[this.i + 1] === '\r' && s[this.i + 2] === '\n') this.i += 3;
      else if (c === '\r' && s[this.i + 1] === '\n') this.i++;
      else if (c === '#') {
        while (this.i < s.length && s[this.i] !== '\n') this.i++;
      } else return;
    }
  }

  /** At a newline: consumes it and reads the bodies of pending here-documents. */
  newline(): boolean {
    this.skipBlanks();
    if (this.s[this.i] !== '\n') return false;
    this.i++;
    this.readBodies();
    return true;
  }

  /** Skips blanks, comments and newlines (a `linebreak` in the grammar). */
  linebreaks(): void {
    while (this.newline());
    this.skipBlanks();
  }

  /** Skips `;` and newlines between items (used only at the very end). */
  skipSeparators(): void {
    for (;;) {
      this.linebreaks();
      if (this.s[this.i] === ';' && this.s[this.i + 1] !== ';') this.i++;
      else return;
    }
  }

  private readBodies(): void {
    const s = this.s;
    for (const h of this.pending) {
      const start = this.i;
      for (;;) {
        if (this.i >= s.length)
          this.fail(`here-document '${h.delimiter}' is not terminated`, start);
        let eol = s.indexOf('\n', this.i);
        if (eol < 0) eol = s.length;
        let line = s.slice(this.i, eol);
        if (line.endsWith('\r')) line = line.slice(0, -1);
        if ((h.strip ? line.replace(/^\t+/, '') : line) === h.delimiter) {
          h.redirect.body = { start, end: this.i };
          this.i = Math.min(eol + 1, s.length);
          break;
        }
        this.i = eol + 1;
      }
    }
    this.pending = [];
  }

  // -------------------------------------------------------------------------------------------
  // Grammar

  /**
   * A list of and-or items, until EOF, one of `stops` (reserved words at a command's start),
   * `)` (in a subshell) or `;;` (in a case arm).
   */
  list(stops: ReadonlySet<string>, where: 'top' | 'subshell' | 'case' | 'compound'): ShList {
    if (++this.depth > 200) this.fail('nested too deeply');
    const items: ShAndOr[] = [];
    this.linebreaks();
    const start = this.i;
    let end = start;
    for (;;) {
      this.linebreaks();
      if (this.i >= this.s.length) break;
      const c = this.s[this.i];
      if (c === ')' && where !== 'top') break;
      if (c === ';' && this.s[this.i + 1] === ';') break;
      if (c === ';' && this.s[this.i + 1] === '&') break;
      const word = this.peekWord();
      if (word !== undefined && stops.has(word)) break;
      if (word !== undefined && RESERVED_END.has(word)) this.fail(`unexpected '${word}'`);
      const item = this.andOr();
      items.push(item);
      end = item.end;
      this.skipBlanks();
      const t = this.s[this.i];
      if (t === ';' && this.s[this.i + 1] !== ';' && this.s[this.i + 1] !== '&') {
        item.terminator = ';';
        this.i++;
      } else if (t === '&' && this.s[this.i + 1] !== '&' && this.s[this.i + 1] !== '>') {
        item.terminator = '&';
        this.i++;
      } else if (t === '\n') {
        item.terminator = '\n';
        this.newline();
      } else break;
    }
    this.depth--;
    return { items, start, end };
  }

  private andOr(): ShAndOr {
    const pipelines = [this.pipeline()];
    const ops: string[] = [];
    for (;;) {
      this.skipBlanks();
      const two = this.s.slice(this.i, this.i + 2);
      if (two !== '&&' && two !== '||') break;
      this.i += 2;
      ops.push(two);
      this.linebreaks();
      pipelines.push(this.pipeline());
    }
    return {
      pipelines,
      ops,
      terminator: '',
      start: pipelines[0]!.start,
      end: pipelines[pipelines.length - 1]!.end,
    };
  }

  private pipeline(): ShPipeline {
    this.skipBlanks();
    const start = this.i;
    let negated = false;
    let timed = false;
    for (;;) {
      const w = this.peekWord();
      if (w === '!') {
        negated = !negated;
        this.i++;
      } else if (w === 'time') {
        timed = true;
        this.i += 4;
        this.skipBlanks();
        if (this.s.startsWith('-p', this.i) && BLANK.test(this.s[this.i + 2] ?? ' ')) this.i += 2;
      } else break;
      this.skipBlanks();
    }
    const commands = [this.command()];
    const ops: string[] = [];
    for (;;) {
      this.skipBlanks();
      const c = this.s[this.i];
      if (c !== '|' || this.s[this.i + 1] === '|') break;
      const op = this.s[this.i + 1] === '&' ? '|&' : '|';
      this.i += op.length;
      ops.push(op);
      this.linebreaks();
      commands.push(this.command());
    }
    return { negated, timed, commands, ops, start, end: commands[commands.length - 1]!.end };
  }

  private command(): ShCommand {
    this.skipBlanks();
    const start = this.i;
    const s = this.s;
    if (this.i >= s.length) this.fail('a command is missing');
    const w = this.peekWord();
    let compound: ShCompound | undefined;
    if (s[this.i] === '(' && s[this.i + 1] === '(') compound = this.arith(start);
    else if (s[this.i] === '(') compound = this.subshell(start);
    else if (w === '{') compound = this.group(start);
    else if (w === 'if') compound = this.ifClause(start);
    else if (w === 'while' || w === 'until') compound = this.loop(start, w);
    else if (w === 'for' || w === 'select') compound = this.forClause(start, w);
    else if (w === 'case') compound = this.caseClause(start);
    else if (w === '[[') compound = this.testClause(start);
    else if (w === 'function') compound = this.functionDef(start, true);
    if (compound) {
      compound.redirects = this.trailingRedirects();
      if (compound.redirects.length) compound.end = compound.redirects.at(-1)!.end;
      return compound;
    }
    return this.simple(start);
  }

  private simple(start: number): ShCommand {
    const assigns: ShToken[] = [];
    const words: ShToken[] = [];
    const redirects: ShRedirect[] = [];
    let end = start;
    for (;;) {
      this.skipBlanks();
      const r = this.redirect();
      if (r) {
        redirects.push(r);
        end = r.end;
        continue;
      }
      if (this.atOperator()) break;
      const tok = this.word();
      if (!tok) break;
      // `name() { …; }`: a function definition.
      if (words.length === 0 && assigns.length === 0 && redirects.length === 0) {
        const save = this.i;
        this.skipBlanks();
        if (this.s[this.i] === '(') {
          this.i++;
          this.skipBlanks();
          if (this.s[this.i] === ')') {
            this.i++;
            return this.functionBody(start, tok.text);
          }
        }
        this.i = save;
      }
      if (words.length === 0 && /^[A-Za-z_][A-Za-z0-9_]*(\[[^\]]*\])?\+?=/.test(tok.text))
        assigns.push(tok);
      else words.push(tok);
      end = tok.end;
    }
    if (!words.length && !assigns.length && !redirects.length) {
      this.fail(`unexpected ${JSON.stringify(this.s.slice(this.i, this.i + 8) || 'end')}`);
    }
    return { kind: 'simple', assigns, words, redirects, start, end };
  }

  private trailingRedirects(): ShRedirect[] {
    const out: ShRedirect[] = [];
    for (;;) {
      this.skipBlanks();
      const r = this.redirect();
      if (!r) return out;
      out.push(r);
    }
  }

  private expectWord(word: string): number {
    this.linebreaks();
    if (this.peekWord() !== word) this.fail(`'${word}' expected`);
    const at = this.i;
    this.i += word.length;
    return at;
  }

  private compoundOf(
    kind: ShCompoundKind,
    header: string,
    parts: ShCompound['parts'],
    start: number,
    end: number,
  ): ShCompound {
    return { kind, header, parts, redirects: [], start, end };
  }

  private subshell(start: number): ShCompound {
    this.i++;
    const list = this.list(new Set(), 'subshell');
    this.linebreaks();
    if (this.s[this.i] !== ')') this.fail("')' expected");
    this.i++;
    return this.compoundOf('subshell', '', [{ label: 'body', list }], start, this.i);
  }

  private arith(start: number): ShCompound {
    const close = this.skipParens(this.i);
    const text = this.s.slice(start, close);
    if (!text.endsWith('))')) this.fail("'))' expected");
    this.i = close;
    return this.compoundOf('arith', text, [], start, close);
  }

  private group(start: number): ShCompound {
    this.i++;
    const list = this.list(new Set(['}']), 'compound');
    this.expectWord('}');
    this.i++;
    return this.compoundOf('group', '', [{ label: 'body', list }], start, this.i);
  }

  private ifClause(start: number): ShCompound {
    this.i += 2;
    const parts: ShCompound['parts'] = [];
    const stops = new Set(['then', 'elif', 'else', 'fi']);
    parts.push({ label: 'cond', list: this.list(new Set(['then']), 'compound') });
    this.i = this.expectWord('then') + 4;
    parts.push({ label: 'then', list: this.list(stops, 'compound') });
    for (;;) {
      this.linebreaks();
      const w = this.peekWord();
      if (w === 'elif') {
        this.i += 4;
        parts.push({ label: 'elif-cond', list: this.list(new Set(['then']), 'compound') });
        this.i = this.expectWord('then') + 4;
        parts.push({ label: 'elif-then', list: this.list(stops, 'compound') });
      } else if (w === 'else') {
        this.i += 4;
        parts.push({ label: 'else', list: this.list(new Set(['fi']), 'compound') });
      } else break;
    }
    this.i = this.expectWord('fi') + 2;
    return this.compoundOf('if', '', parts, start, this.i);
  }

  private loop(start: number, w: string): ShCompound {
    this.i += w.length;
    const cond = this.list(new Set(['do']), 'compound');
    const body = this.doGroup();
    return this.compoundOf(
      w as 'while' | 'until',
      '',
      [
        { label: 'cond', list: cond },
        { label: 'do', list: body },
      ],
      start,
      this.i,
    );
  }

  private doGroup(): ShList {
    this.i = this.expectWord('do') + 2;
    const body = this.list(new Set(['done']), 'compound');
    this.i = this.expectWord('done') + 4;
    return body;
  }

  private forClause(start: number, w: string): ShCompound {
    this.i += w.length;
    this.skipBlanks();
    let headerEnd: number;
    if (this.s.startsWith('((', this.i)) {
      this.i = this.skipParens(this.i);
      headerEnd = this.i;
    } else {
      if (!this.word()) this.fail('a loop variable is expected');
      headerEnd = this.i;
      this.linebreaks();
      if (this.peekWord() === 'in') {
        this.i += 2;
        for (;;) {
          this.skipBlanks();
          if (this.atOperator() || this.s[this.i] === '\n' || this.i >= this.s.length) break;
          if (!this.word()) break;
          headerEnd = this.i;
        }
      }
    }
    const header = this.s.slice(start, headerEnd);
    this.skipBlanks();
    if (this.s[this.i] === ';') this.i++;
    this.linebreaks();
    // `for x in a; { …; }` (bash) is rare; only `do … done` is read.
    const body = this.doGroup();
    return this.compoundOf(
      w as 'for' | 'select',
      header,
      [{ label: 'do', list: body }],
      start,
      this.i,
    );
  }

  private caseClause(start: number): ShCompound {
    this.i += 4;
    this.skipBlanks();
    if (!this.word()) this.fail('a case word is expected');
    this.linebreaks();
    if (this.peekWord() !== 'in') this.fail("'in' expected");
    this.i += 2;
    const header = this.s.slice(start, this.i);
    const parts: ShCompound['parts'] = [];
    for (;;) {
      this.linebreaks();
      if (this.peekWord() === 'esac') break;
      if (this.i >= this.s.length) this.fail("'esac' expected");
      if (this.s[this.i] === '(') this.i++;
      const patterns: string[] = [];
      for (;;) {
        this.skipBlanks();
        const tok = this.word();
        if (!tok) this.fail('a case pattern is expected');
        patterns.push(tok.text);
        this.skipBlanks();
        if (this.s[this.i] === '|') {
          this.i++;
          continue;
        }
        if (this.s[this.i] === ')') {
          this.i++;
          break;
        }
        this.fail("')' expected after a case pattern");
      }
      const list = this.list(new Set(['esac']), 'case');
      this.skipBlanks();
      let sep = '';
      for (const t of [';;&', ';;', ';&']) {
        if (this.s.startsWith(t, this.i)) {
          sep = t;
          this.i += t.length;
          break;
        }
      }
      parts.push({ label: `arm ${patterns.join('|')} ${sep}`.trimEnd(), list });
      if (!sep) {
        this.linebreaks();
        if (this.peekWord() !== 'esac') this.fail("';;' expected");
        break;
      }
    }
    this.i = this.expectWord('esac') + 4;
    return this.compoundOf('case', header, parts, start, this.i);
  }

  private testClause(start: number): ShCompound {
    const s = this.s;
    this.i += 2;
    for (;;) {
      this.skipBlanks();
      if (this.i >= s.length || s[this.i] === '\n') this.fail("']]' expected");
      if (this.peekWord() === ']]') {
        this.i += 2;
        break;
      }
      // Inside `[[ ]]`, `<`, `>`, `&&`, `||` and parentheses are operators of the test.
      const c = s[this.i]!;
      if ('<>()|&!'.includes(c)) {
        this.i++;
        continue;
      }
      if (!this.word()) this.i++;
    }
    return this.compoundOf('test', s.slice(start, this.i), [], start, this.i);
  }

  private functionDef(start: number, keyword: boolean): ShCompound {
    if (keyword) this.i += 8;
    this.skipBlanks();
    const name = this.word();
    if (!name) this.fail('a function name is expected');
    this.skipBlanks();
    if (this.s[this.i] === '(') {
      this.i++;
      this.skipBlanks();
      if (this.s[this.i] !== ')') this.fail("')' expected");
      this.i++;
    }
    return this.functionBody(start, name.text);
  }

  private functionBody(start: number, name: string): ShCompound {
    this.linebreaks();
    const body = this.command();
    if (body.kind === 'simple') this.fail('a function body must be a compound command');
    return this.compoundOf(
      'function',
      name,
      [{ label: 'body', list: wrap(body) }],
      start,
      body.end,
    );
  }

  // -------------------------------------------------------------------------------------------
  // Tokens

  /** The word at the cursor if it is a plain word (for reserved-word checks), without moving. */
  peekWord(): string | undefined {
    const s = this.s;
    let j = this.i;
    while (j < s.length && !/[\s;&|()<>'"`$\\]/.test(s[j]!)) j++;
    if (j === this.i) return undefined;
    // A reserved word only when it ends there (`done;` yes, `done'x'` no).
    if (j < s.length && /['"`$\\]/.test(s[j]!)) return undefined;
    return s.slice(this.i, j);
  }

  /** At `;`, `&`, `|`, `(`, `)`, a newline or the end: no word starts here. */
  atOperator(): boolean {
    const c = this.s[this.i];
    return (
      c === undefined || c === ';' || c === '&' || c === '|' || c === '(' || c === ')' || c === '\n'
    );
  }

  /** A redirection at the cursor, with its target; undefined (cursor kept) if none. */
  redirect(): ShRedirect | undefined {
    const s = this.s;
    const start = this.i;
    let j = this.i;
    let fd = '';
    const m = /^(\d+|\{[A-Za-z_][A-Za-z0-9_]*\})(?=[<>])/.exec(s.slice(j, j + 40));
    if (m) {
      fd = m[0];
      j += fd.length;
    }
    let op = '';
    for (const o of ['&>>', '&>', '<<<', '<<-', '<<', '<>', '<&', '<', '>>', '>&', '>|', '>']) {
      if (s.startsWith(o, j)) {
        op = o;
        break;
      }
    }
    if (!op) return undefined;
    // Process substitution `<(…)`/`>(…)` is a word, not a redirection.
    if ((op === '<' || op === '>') && s[j + 1] === '(') return undefined;
    j += op.length;
    this.i = j;
    this.skipBlanks();
    const target = this.word();
    if (!target) this.fail(`a target is expected after '${op}'`);
    const r: ShRedirect = { fd, op, target, start, end: target.end };
    if (op === '<<' || op === '<<-') {
      const delimiter = target.text.replace(/\\(.)/g, '$1').replace(/["']/g, '');
      this.pending.push({ redirect: r, delimiter, strip: op === '<<-' });
    }
    return r;
  }

  /** One word (quotes, escapes, expansions and substitutions kept whole); undefined if none. */
  word(): ShToken | undefined {
    const s = this.s;
    const start = this.i;
    let i = this.i;
    while (i < s.length) {
      const c = s[i]!;
      if (c === ' ' || c === '\t' || c === '\n' || c === ';' || c === '&' || c === '|') break;
      if (c === ')' || c === '(') {
        // Extended globs and process substitutions: `@(a|b)`, `<(cmd)`.
        if (c === '(' && i > start && /[@!?*+<>]/.test(s[i - 1]!)) {
          i = this.skipParens(i);
          continue;
        }
        break;
      }
      if (c === '<' || c === '>') {
        if (s[i + 1] === '(') {
          i = this.skipParens(i + 1);
          continue;
        }
        break;
      }
      if (c === '\r' && s[i + 1] === '\n') break;
      if (c === '\\') {
        i += 2;
        continue;
      }
      if (c === "'") {
        const close = s.indexOf("'", i + 1);
        if (close < 0) this.fail('unclosed single quote', i);
        i = close + 1;
        continue;
      }
      if (c === '"') {
        i = this.skipDouble(i);
        continue;
      }
      if (c === '`') {
        i = this.skipBackticks(i);
        continue;
      }
      if (c === '$') {
        i = this.skipDollar(i);
        continue;
      }
      i++;
    }
    if (i > s.length) this.fail('unexpected end after an escape', s.length);
    if (i === start) return undefined;
    this.i = i;
    return { text: s.slice(start, i), start, end: i };
  }

  private skipDouble(open: number): number {
    const s = this.s;
    let i = open + 1;
    while (i < s.length) {
      const c = s[i]!;
      if (c === '"') return i + 1;
      if (c === '\\') i += 2;
      else if (c === '`') i = this.skipBackticks(i);
      else if (c === '$') i = this.skipDollar(i);
      else i++;
    }
    return this.fail('unclosed double quote', open);
  }

  private skipBackticks(open: number): number {
    const s = this.s;
    let i = open + 1;
    while (i < s.length) {
      const c = s[i]!;
      if (c === '`') return i + 1;
      if (c === '\\') i += 2;
      else i++;
    }
    return this.fail('unclosed backtick', open);
  }

  /**
   * `$x`, `${…}`, `$(…)`, `$((…))`, `$'…'`, `$"…"`: the index after it. Every nesting of
   * expansions and quotes (`${"${…}"}`) passes through here or through {@link list}, so both
   * count the same depth: `${${${…` thousands deep fails instead of overflowing the stack.
   */
  private skipDollar(at: number): number {
    const s = this.s;
    const n = s[at + 1];
    if (n !== '(' && n !== '{' && n !== '"') {
      if (n !== "'") return at + 1;
      let i = at + 2;
      while (i < s.length && s[i] !== "'") i += s[i] === '\\' ? 2 : 1;
      if (i >= s.length) this.fail("unclosed $' quote", at);
      return i + 1;
    }
    if (++this.depth > 200) this.fail('nested too deeply', at);
    const end =
      n === '('
        ? this.skipParens(at + 1)
        : n === '{'
          ? this.skipBraces(at + 1)
          : this.skipDouble(at + 1);
    this.depth--;
    return end;
  }

  /** From `{` of `${` to after its `}`, with quotes and nested expansions inside. */
  private skipBraces(open: number): number {
    const s = this.s;
    let i = open + 1;
    while (i < s.length) {
      const c = s[i]!;
      if (c === '}') return i + 1;
      if (c === '\\') i += 2;
      else if (c === "'") {
        const close = s.indexOf("'", i + 1);
        if (close < 0) this.fail('unclosed single quote', i);
        i = close + 1;
      } else if (c === '"') i = this.skipDouble(i);
      else if (c === '`') i = this.skipBackticks(i);
      else if (c === '$') i = this.skipDollar(i);
      else i++;
    }
    return this.fail("unclosed '${'", open);
  }

  /**
   * From a `(` to after its matching `)`: a command substitution's script is parsed as a
   * script, so its quotes, comments, case patterns and here-documents are read as the shell
   * reads them. `((` arithmetic is balanced by parentheses.
   */
  private skipParens(open: number): number {
    const s = this.s;
    if (s[open + 1] === '(') {
      let depth = 0;
      let i = open;
      while (i < s.length) {
        const c = s[i]!;
        if (c === '(') depth++;
        else if (c === ')' && --depth === 0) return i + 1;
        else if (c === '\\') i++;
        else if (c === '"') {
          i = this.skipDouble(i);
          continue;
        } else if (c === "'") {
          const close = s.indexOf("'", i + 1);
          if (close < 0) this.fail('unclosed single quote', i);
          i = close;
        } else if (c === '$' && s[i + 1] !== '(') {
          i = this.skipDollar(i);
          continue;
        }
        i++;
      }
      return this.fail("unclosed '(('", open);
    }
    const save = this.i;
    const pending = this.pending;
    this.pending = [];
    this.i = open + 1;
    this.list(new Set(), 'subshell');
    this.linebreaks();
    if (this.s[this.i] !== ')') this.fail("unclosed '('", open);
    const end = this.i + 1;
    if (this.pending.length) this.fail('here-document in a substitution without a body', open);
    this.pending = pending;
    this.i = save;
    return end;
  }
}

function wrap(cmd: ShCommand): ShList {
  const pipeline: ShPipeline = {
    negated: false,
    timed: false,
    commands: [cmd],
    ops: [],
    start: cmd.start,
    end: cmd.end,
  };
  return {
    items: [{ pipelines: [pipeline], ops: [], terminator: '', start: cmd.start, end: cmd.end }],
    start: cmd.start,
    end: cmd.end,
  };
}

/** Where a command can be appended to a script so that it runs last, after everything else. */
export type AppendPlace =
  | {
      /** Index in the text right after the last item (its redirections and closing keyword included). */
      at: number;
      /** The script's last item, as parsed. */
      last: ShAndOr;
    }
  | { refused: string };

/**
 * The place after the whole last item of the script's top-level list. Refused when the script
 * does not parse, is empty, ends in a background command (`cmd &`: an appended command would
 * run alongside it), or its last command replaces or ends the shell (`exec`, `exit`), so that
 * an appended command would never run.
 */
export function appendPlace(script: ShScript): AppendPlace {
  if (script.error) return { refused: `the script does not parse: ${script.error.message}` };
  const last = script.list.items.at(-1);
  if (!last) return { refused: 'the script is empty' };
  if (last.terminator === '&') return { refused: 'the script ends with a background command' };
  const pipe = last.pipelines.at(-1)!;
  const cmd = pipe.commands.at(-1)!;
  if (pipe.commands.length === 1 && cmd.kind === 'simple') {
    const name = cmd.words[0]?.text;
    if (name === 'exec') return { refused: 'the script ends with exec' };
    if (name === 'exit' && last.ops.at(-1) !== '||')
      return { refused: 'the script ends with exit' };
  }
  return { at: last.end, last };
}
