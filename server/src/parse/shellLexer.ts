/**
 * The lexical half of the shell structure parser (see shellTree.ts): blanks, comments, line
 * breaks, here-document bodies, words (quotes, escapes, expansions and substitutions kept whole)
 * and redirections. The grammar (shellGrammar.ts) extends it with lists and commands.
 */
import type { ShList, ShRedirect, ShToken } from './shellTreeTypes';

export class ParseFailure extends Error {
  constructor(
    message: string,
    readonly at: number,
  ) {
    super(message);
  }
}

export interface Pending {
  redirect: ShRedirect;
  delimiter: string;
  strip: boolean;
}

export abstract class Lexer {
  i = 0;
  pending: Pending[] = [];
  protected depth = 0;

  constructor(readonly s: string) {}

  fail(message: string, at = this.i): never {
    throw new ParseFailure(message, at);
  }

  /**
   * A list of and-or items, until EOF, one of `stops` (reserved words at a command's start),
   * `)` (in a subshell) or `;;` (in a case arm): the grammar's, used here for `$(…)`.
   */
  abstract list(
    stops: ReadonlySet<string>,
    where: 'top' | 'subshell' | 'case' | 'compound',
  ): ShList;

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
  protected skipParens(open: number): number {
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
