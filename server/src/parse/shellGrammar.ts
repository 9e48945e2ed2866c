/**
 * The grammar half of the shell structure parser (see shellTree.ts): lists, and-or lists,
 * pipelines, simple and compound commands, on the lexer of shellLexer.ts.
 */
import { Lexer } from './shellLexer';
import type {
  ShAndOr,
  ShCommand,
  ShCompound,
  ShCompoundKind,
  ShList,
  ShPipeline,
  ShRedirect,
  ShToken,
} from './shellTreeTypes';

const RESERVED_END = new Set(['then', 'elif', 'else', 'fi', 'do', 'done', 'esac', '}']);
const BLANK = /[ \t]/;

export class Parser extends Lexer {
  // -------------------------------------------------------------------------------------------
  // Grammar

  /**
   * A list of and-or items, until EOF, one of `stops` (reserved words at a command's start),
   * `)` (in a subshell) or `;;` (in a case arm).
   */
  override list(
    stops: ReadonlySet<string>,
    where: 'top' | 'subshell' | 'case' | 'compound',
  ): ShList {
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
