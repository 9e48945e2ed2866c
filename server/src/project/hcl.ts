/**
 * A parser of the HCL that bake files are written in: blocks with labels, attributes, and
 * expressions (strings with `${…}` interpolation, heredocs, numbers, booleans, null, lists,
 * objects, variables and `.attr`/`[i]` traversals, function calls, `!`/`-`, arithmetic,
 * comparisons, `&&`/`||`, conditionals, `for` expressions). Comments: `#`, `//`, `/* … *\/`.
 * Template directives (`%{ if }`) and splats parse as unknown values. It never runs anything.
 *
 * The npm HCL parsers were measured first: each is HashiCorp's Go parser compiled to GopherJS or
 * WebAssembly (1.6–4 MB, no source positions), which is far more than this needs.
 */

import { HclError, closingLine, type Body, type Expr } from './hclAst';
import { HclCursor } from './hclCursor';

export type { Attribute, Block, Body, Expr } from './hclAst';
export { HclError } from './hclAst';

const BINARY: [string[], number][] = [
  [['||'], 1],
  [['&&'], 2],
  [['==', '!='], 3],
  [['<=', '>=', '<', '>'], 4],
  [['+', '-'], 5],
  [['*', '/', '%'], 6],
];

export function parseHcl(text: string): Body {
  return new HclParser(text).file();
}

/** A template string's parts (bake JSON strings are HCL templates). */
export function parseTemplate(text: string): Expr {
  return new HclParser(text).templateText();
}

class HclParser extends HclCursor {
  file(): Body {
    const body = this.body();
    this.space(true);
    if (this.i < this.s.length) this.fail(`unexpected '${this.s[this.i]}'`);
    return body;
  }

  templateText(): Expr {
    return this.template(() => this.i >= this.s.length, false);
  }

  /** Attributes and blocks, to the end of the text or a `}`. */
  private body(): Body {
    const body: Body = { attributes: [], blocks: [] };
    const saved = this.newlinesAreSpace;
    this.newlinesAreSpace = 0;
    for (;;) {
      this.space(true);
      if (this.i >= this.s.length || this.peek('}')) break;
      const line = this.line;
      const name =
        this.ident() ?? this.fail(`expected an attribute or a block, found '${this.s[this.i]}'`);
      this.space(false);
      if (this.peek('=') && !this.peek('==')) {
        this.advance();
        const expr = this.expr();
        body.attributes.push({ name, expr, line });
        this.endOfItem();
        continue;
      }
      const labels: string[] = [];
      for (;;) {
        this.space(false);
        if (this.peek('"')) {
          this.advance();
          const label = this.template(() => this.peek('"'), true);
          this.advance();
          labels.push(
            label.t === 'tpl'
              ? label.parts.map((p) => (typeof p === 'string' ? p : '')).join('')
              : '',
          );
        } else {
          const label = this.ident();
          if (label === undefined) break;
          labels.push(label);
        }
      }
      this.expect('{');
      const inner = this.nest(() => this.body());
      this.expect('}');
      body.blocks.push({ type: name, labels, body: inner, line });
      this.endOfItem();
    }
    this.newlinesAreSpace = saved;
    return body;
  }

  private endOfItem(): void {
    this.space(false);
    if (this.i < this.s.length && !this.peek('\n') && !this.peek('}'))
      this.fail(`unexpected '${this.s[this.i]}' after an attribute`);
  }

  expr(): Expr {
    return this.nest(() => {
      const c = this.binary(1);
      if (!this.eat('?')) return c;
      const a = this.expr();
      this.expect(':');
      const b = this.expr();
      return { t: 'cond', c, a, b };
    });
  }

  private binary(level: number): Expr {
    if (level > BINARY.length) return this.unary();
    let l = this.binary(level + 1);
    const ops = BINARY[level - 1]![0];
    for (;;) {
      this.space();
      const op = ops.find((o) => this.peek(o) && !(o === '<' && this.peek('<<')));
      if (!op || (op === '/' && (this.peek('//') || this.peek('/*')))) return l;
      this.advance(op.length);
      l = { t: 'bin', op, l, r: this.binary(level + 1) };
    }
  }

  private unary(): Expr {
    this.space();
    if (this.peek('!') || (this.peek('-') && !/[0-9]/.test(this.s[this.i + 1] ?? ''))) {
      const op = this.s[this.i]!;
      this.advance();
      return this.nest(() => ({ t: 'un', op, e: this.unary() }));
    }
    return this.postfix(this.primary());
  }

  private postfix(e: Expr): Expr {
    for (;;) {
      if (this.peek('.') && !this.peek('...')) {
        this.advance();
        if (this.peek('*')) {
          this.advance();
          e = { t: 'unknown' };
          continue;
        }
        const name = this.ident() ?? /^[0-9]+/.exec(this.s.slice(this.i))?.[0];
        if (name === undefined) this.fail("expected a name after '.'");
        if (/^[0-9]/.test(name)) this.advance(name.length);
        e = { t: 'get', obj: e, key: { t: 'lit', v: /^[0-9]+$/.test(name) ? Number(name) : name } };
      } else if (this.peek('[')) {
        this.advance();
        this.newlinesAreSpace++;
        const key = this.peek('*') ? (this.advance(), { t: 'unknown' } as Expr) : this.expr();
        this.expect(']');
        this.newlinesAreSpace--;
        e = key.t === 'unknown' ? key : { t: 'get', obj: e, key };
      } else return e;
    }
  }

  private primary(): Expr {
    this.space();
    const s = this.s;
    const c = s[this.i];
    if (c === undefined) this.fail('unexpected end of file');
    if (c === '"') {
      this.advance();
      const e = this.template(() => this.peek('"'), true);
      this.advance();
      return e;
    }
    if (this.peek('<<')) return this.heredoc();
    const num = /^-?[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(s.slice(this.i, this.i + 64));
    if (num) {
      this.advance(num[0].length);
      return { t: 'lit', v: Number(num[0]) };
    }
    if (c === '(') {
      this.advance();
      this.newlinesAreSpace++;
      const e = this.expr();
      this.expect(')');
      this.newlinesAreSpace--;
      return e;
    }
    if (c === '[') return this.list();
    if (c === '{') return this.object();
    const name = this.ident();
    if (name === undefined)
      this.fail(
        c === '\n' || c === '\r'
          ? 'expected a value before the end of the line'
          : `unexpected '${c}'`,
      );
    if (name === 'true' || name === 'false') return { t: 'lit', v: name === 'true' };
    if (name === 'null') return { t: 'lit', v: null };
    if (this.peek('(')) return this.call(name);
    return { t: 'var', name };
  }

  private call(name: string): Expr {
    this.advance();
    this.newlinesAreSpace++;
    const args: Expr[] = [];
    let expand = false;
    while (!this.eat(')')) {
      args.push(this.expr());
      if (this.eat('...')) expand = true;
      if (!this.eat(',')) {
        this.expect(')');
        break;
      }
    }
    this.newlinesAreSpace--;
    return { t: 'call', name, args, expand };
  }

  private list(): Expr {
    this.advance();
    this.newlinesAreSpace++;
    const e = this.forExpr(false) ?? this.listItems();
    this.newlinesAreSpace--;
    return e;
  }

  private listItems(): Expr {
    const items: Expr[] = [];
    while (!this.eat(']')) {
      items.push(this.expr());
      if (!this.eat(',')) {
        this.expect(']');
        break;
      }
    }
    return { t: 'list', items };
  }

  private object(): Expr {
    this.advance();
    const saved = this.newlinesAreSpace;
    this.newlinesAreSpace = 1;
    const f = this.forExpr(true);
    if (f) {
      this.newlinesAreSpace = saved;
      return f;
    }
    const items: { key: Expr; value: Expr }[] = [];
    for (;;) {
      this.space(true);
      if (this.eat('}')) break;
      this.newlinesAreSpace = 1;
      const key = this.objectKey();
      if (!this.eat('=') && !this.eat(':')) this.fail("expected '=' or ':' in an object");
      this.newlinesAreSpace = 0;
      const value = this.expr();
      items.push({ key, value });
      this.space(false);
      if (this.peek(',')) this.advance();
      else if (!this.peek('\n') && !this.peek('}'))
        this.fail(`unexpected '${this.s[this.i]}' in an object`);
    }
    this.newlinesAreSpace = saved;
    return { t: 'obj', items };
  }

  /** A bare name is a literal key; anything else is an expression. */
  private objectKey(): Expr {
    this.space();
    const start = this.i;
    const startLine = this.line;
    const name = this.ident();
    if (name !== undefined) {
      this.space();
      if (this.peek('=') || this.peek(':')) return { t: 'lit', v: name };
      this.i = start;
      this.line = startLine;
    }
    return this.expr();
  }

  /** `for k, v in coll : value if cond` (list) or `… : key => value …` (object), after the bracket. */
  private forExpr(object: boolean): Expr | undefined {
    this.space();
    if (!/^for\s/.test(this.s.slice(this.i, this.i + 4))) return undefined;
    this.advance(3);
    this.space();
    const first = this.ident() ?? this.fail("expected a name after 'for'");
    let k: string | undefined;
    let v = first;
    if (this.eat(',')) {
      this.space();
      k = first;
      v = this.ident() ?? this.fail("expected a name after ','");
    }
    this.space();
    if (!this.peek('in')) this.fail("expected 'in'");
    this.advance(2);
    const coll = this.expr();
    this.expect(':');
    let key: Expr | undefined;
    let value = this.expr();
    if (object) {
      this.expect('=>');
      key = value;
      value = this.expr();
      this.eat('...');
    }
    let cond: Expr | undefined;
    this.space();
    if (this.peek('if') && /\s/.test(this.s[this.i + 2] ?? '')) {
      this.advance(2);
      cond = this.expr();
    }
    this.expect(object ? '}' : ']');
    return { t: 'for', k, v, coll, key, value, cond, object };
  }

  /** Template text up to `end()` (not consumed): literal runs and `${…}` interpolations. */
  private template(end: () => boolean, quoted: boolean): Expr {
    const parts: (string | Expr)[] = [];
    let lit = '';
    const s = this.s;
    while (this.i < s.length && !end()) {
      const c = s[this.i]!;
      if (quoted && c === '\n') this.fail('unterminated string');
      if (quoted && c === '\\') {
        const e = s[this.i + 1] ?? '';
        const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', '"': '"', '\\': '\\' };
        if (simple[e] !== undefined) {
          lit += simple[e];
          this.advance(2);
        } else if (e === 'u' && /^[0-9a-fA-F]{4}/.test(s.slice(this.i + 2, this.i + 6))) {
          lit += String.fromCharCode(parseInt(s.slice(this.i + 2, this.i + 6), 16));
          this.advance(6);
        } else this.fail('invalid escape in string');
        continue;
      }
      if ((c === '$' || c === '%') && s[this.i + 1] === c && s[this.i + 2] === '{') {
        lit += `${c}{`;
        this.advance(3);
        continue;
      }
      if ((c === '$' || c === '%') && s[this.i + 1] === '{') {
        if (lit) parts.push(lit);
        lit = '';
        this.advance(2);
        this.newlinesAreSpace++;
        this.eat('~');
        if (c === '$') parts.push(this.expr());
        else {
          this.skipDirective();
          parts.push({ t: 'unknown' });
        }
        this.eat('~');
        this.expect('}');
        this.newlinesAreSpace--;
        continue;
      }
      lit += c;
      this.advance();
    }
    if (quoted && this.i >= s.length) this.fail('unterminated string');
    if (lit || parts.length === 0) parts.push(lit);
    return { t: 'tpl', parts };
  }

  private skipDirective(): void {
    while (this.i < this.s.length && this.s[this.i] !== '}') this.advance();
    if (this.s[this.i - 1] === '~') this.i--;
  }

  /** `<<EOT` / `<<-EOT` … `EOT`: a template; `<<-` strips the common indentation. */
  private heredoc(): Expr {
    const m = /^<<(-?)([A-Za-z_][A-Za-z0-9_-]*)[ \t]*\r?\n/.exec(
      this.s.slice(this.i, this.i + 300),
    );
    if (!m) this.fail('invalid heredoc');
    const startLine = this.line;
    this.advance(m[0].length);
    const marker = m[2]!;
    const rest = this.s.slice(this.i);
    const close = closingLine(rest, marker);
    if (!close) throw new HclError(`heredoc without its closing '${marker}'`, startLine);
    let bodyText = rest.slice(0, close.start);
    if (m[1]) {
      const lines = bodyText.split('\n');
      const indents = lines.filter((l) => l.trim()).map((l) => /^[ \t]*/.exec(l)![0].length);
      const cut = indents.length ? Math.min(...indents) : 0;
      bodyText = lines.map((l) => l.slice(cut)).join('\n');
    }
    const e = new HclParser(bodyText).templateText();
    this.advance(close.end);
    return e;
  }
}
