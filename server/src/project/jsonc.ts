/**
 * JSON with comments and trailing commas (dev containers, VS Code settings), read with the strict
 * parser after blanking the comments and the trailing commas: offsets stay the same.
 */
import { JsonSyntaxError, parseJson, type JsonNode } from '../config/json';
import { Lines } from './paths';

export type JsoncResult =
  { ok: true; node: JsonNode; lines: Lines } | { ok: false; message: string; line: number };

export function parseJsonc(text: string): JsoncResult {
  const lines = new Lines(text);
  try {
    return { ok: true, node: parseJson(blankComments(text)), lines };
  } catch (e) {
    const offset = e instanceof JsonSyntaxError ? e.offset : 0;
    return { ok: false, message: (e as Error).message, line: lines.lineAt(offset) };
  }
}

function blankComments(text: string): string {
  const out = text.split('');
  const blank = (from: number, to: number): void => {
    for (let k = from; k < to; k++) if (out[k] !== '\n' && out[k] !== '\r') out[k] = ' ';
  };
  let lastComma = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"') {
      i++;
      while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
      lastComma = -1;
    } else if (c === '/' && text[i + 1] === '/') {
      const end = text.indexOf('\n', i);
      const to = end < 0 ? text.length : end;
      blank(i, to);
      i = to - 1;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      const to = end < 0 ? text.length : end + 2;
      blank(i, to);
      i = to - 1;
    } else if (c === ',') lastComma = i;
    else if ((c === '}' || c === ']') && lastComma >= 0) {
      out[lastComma] = ' ';
      lastComma = -1;
    } else if (!/\s/.test(c)) lastComma = -1;
  }
  return out.join('');
}

/** The property of an object node, if any. */
export function prop(
  node: JsonNode | undefined,
  key: string,
): { value: JsonNode; keyStart: number } | undefined {
  if (node?.type !== 'object') return undefined;
  const p = node.props.find((x) => x.key === key);
  return p ? { value: p.value, keyStart: p.keyStart } : undefined;
}

/** A string node's value (numbers and booleans as text). */
export function text(node: JsonNode | undefined): string | undefined {
  if (!node) return undefined;
  if (node.type === 'string') return node.value;
  if (node.type === 'number' || node.type === 'boolean') return String(node.value);
  return undefined;
}
