/** Position in HCL text: lines, blanks and comments, tokens; what the grammar in hcl.ts stands on. */
import { HclError } from './hclAst';

const MAX_NESTING = 64;

export class HclCursor {
  protected i = 0;
  protected line = 1;
  /** Inside `(`, `[`, `${`: newlines are plain space. */
  protected newlinesAreSpace = 0;
  protected nesting = 0;

  constructor(protected readonly s: string) {
    if (s.charCodeAt(0) === 0xfeff) this.i = 1;
  }

  protected fail(message: string): never {
    throw new HclError(message, this.line);
  }

  protected advance(n = 1): void {
    for (let k = 0; k < n && this.i < this.s.length; k++) {
      if (this.s.charCodeAt(this.i) === 10) this.line++;
      this.i++;
    }
  }

  /** Skips blanks and comments; newlines too when `newlines` (or inside brackets). */
  protected space(newlines = this.newlinesAreSpace > 0): void {
    const s = this.s;
    while (this.i < s.length) {
      const c = s[this.i]!;
      if (c === ' ' || c === '\t' || c === '\r') this.advance();
      else if (c === '\n' && newlines) this.advance();
      else if (c === '#' || (c === '/' && s[this.i + 1] === '/')) {
        while (this.i < s.length && s[this.i] !== '\n') this.advance();
      } else if (c === '/' && s[this.i + 1] === '*') {
        const end = s.indexOf('*/', this.i + 2);
        if (end < 0) this.fail('unterminated comment');
        this.advance(end + 2 - this.i);
      } else if (c === '\\' && s[this.i + 1] === '\n') this.advance(2);
      else break;
    }
  }

  protected peek(tok: string): boolean {
    return this.s.startsWith(tok, this.i);
  }

  protected eat(tok: string): boolean {
    this.space();
    if (!this.peek(tok)) return false;
    this.advance(tok.length);
    return true;
  }

  protected expect(tok: string): void {
    if (!this.eat(tok)) this.fail(`expected '${tok}'`);
  }

  protected ident(): string | undefined {
    const m = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(this.s.slice(this.i, this.i + 256));
    if (!m) return undefined;
    this.advance(m[0].length);
    return m[0];
  }

  protected nest<T>(f: () => T): T {
    if (++this.nesting > MAX_NESTING) this.fail('nested too deeply');
    try {
      return f();
    } finally {
      this.nesting--;
    }
  }
}
