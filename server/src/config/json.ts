/**
 * A small strict-JSON parser that keeps each value's offsets, so a problem in `.layerwise.json`
 * can be shown on the exact key or value (JSON.parse only says "at position N", when it says
 * anything).
 */

export type JsonNode =
  | { type: 'object'; start: number; end: number; props: JsonProp[] }
  | { type: 'array'; start: number; end: number; items: JsonNode[] }
  | { type: 'string'; start: number; end: number; value: string }
  | { type: 'number'; start: number; end: number; value: number }
  | { type: 'boolean'; start: number; end: number; value: boolean }
  | { type: 'null'; start: number; end: number };

export interface JsonProp {
  key: string;
  keyStart: number;
  keyEnd: number;
  value: JsonNode;
}

export class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

const MAX_DEPTH = 64;

export function parseJson(text: string): JsonNode {
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;

  const fail = (what: string): never => {
    const found = i >= text.length ? 'the end of the file' : `'${text[i]}'`;
    throw new JsonSyntaxError(`expected ${what} but found ${found}`, i);
  };
  const ws = (): void => {
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 9 || c === 10 || c === 13) i++;
      else break;
    }
  };

  const str = (): { value: string; start: number; end: number } => {
    const start = i;
    i++; // opening quote
    let value = '';
    for (;;) {
      if (i >= text.length) throw new JsonSyntaxError('unterminated string', start);
      const c = text[i]!;
      if (c === '"') {
        i++;
        return { value, start, end: i };
      }
      if (c === '\\') {
        const e = text[i + 1];
        const simple: Record<string, string> = {
          '"': '"',
          '\\': '\\',
          '/': '/',
          b: '\b',
          f: '\f',
          n: '\n',
          r: '\r',
          t: '\t',
        };
        if (e !== undefined && simple[e] !== undefined) {
          value += simple[e];
          i += 2;
        } else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
          value += String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16));
          i += 6;
        } else throw new JsonSyntaxError('invalid escape in string', i);
        continue;
      }
      if (c.charCodeAt(0) < 0x20)
        throw new JsonSyntaxError('line break or control character in string', i);
      value += c;
      i++;
    }
  };

  const value = (depth: number): JsonNode => {
    if (depth > MAX_DEPTH) throw new JsonSyntaxError('nested too deeply', i);
    ws();
    const start = i;
    const c = text[i];
    if (c === '{') {
      i++;
      const props: JsonProp[] = [];
      ws();
      if (text[i] === '}') {
        i++;
        return { type: 'object', start, end: i, props };
      }
      for (;;) {
        ws();
        if (text[i] !== '"')
          fail(props.length ? 'a property name in double quotes' : "a property name or '}'");
        const key = str();
        ws();
        if (text[i] !== ':') fail("':'");
        i++;
        const v = value(depth + 1);
        props.push({ key: key.value, keyStart: key.start, keyEnd: key.end, value: v });
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') {
          i++;
          return { type: 'object', start, end: i, props };
        }
        fail("',' or '}'");
      }
    }
    if (c === '[') {
      i++;
      const items: JsonNode[] = [];
      ws();
      if (text[i] === ']') {
        i++;
        return { type: 'array', start, end: i, items };
      }
      for (;;) {
        items.push(value(depth + 1));
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          return { type: 'array', start, end: i, items };
        }
        fail("',' or ']'");
      }
    }
    if (c === '"') {
      const s = str();
      return { type: 'string', start: s.start, end: s.end, value: s.value };
    }
    const num = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 64));
    if (num && num[0].length) {
      i += num[0].length;
      return { type: 'number', start, end: i, value: Number(num[0]) };
    }
    for (const [word, v] of [
      ['true', true],
      ['false', false],
      ['null', null],
    ] as const) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return v === null
          ? { type: 'null', start, end: i }
          : { type: 'boolean', start, end: i, value: v };
      }
    }
    return fail('a value');
  };

  const root = value(0);
  ws();
  if (i < text.length) fail('the end of the file');
  return root;
}
