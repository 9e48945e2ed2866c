/**
 * YAML with the line of every mapping key and sequence item, from js-yaml's node listener: each
 * node opens and closes in document order, so a stack rebuilds the tree of positions beside the
 * value js-yaml returns (flow style, quoted keys, anchors and merge keys included).
 */
import * as yaml from 'js-yaml';

interface PosNode {
  /** 1-based line where the node starts (for a mapping value: where its key is). */
  line: number;
  keys?: Map<string, PosNode>;
  items?: PosNode[];
}

/** Where each key and item of a parsed YAML document is. */
export class YamlLines {
  constructor(private readonly root: PosNode) {}

  /** 1-based line of the key or item at `path`; the nearest ancestor's when the path is not found. */
  lineOf(path: readonly (string | number)[]): number {
    let node = this.root;
    for (const seg of path) {
      const next = typeof seg === 'number' ? node.items?.[seg] : node.keys?.get(seg);
      if (!next) break;
      node = next;
    }
    return node.line;
  }
}

export type YamlResult =
  | { ok: true; value: unknown; lines: YamlLines }
  | { ok: false; message: string; line: number | undefined };

interface Open {
  line: number;
  children: { line: number; result: unknown; node: PosNode }[];
}

export function parseYaml(text: string): YamlResult {
  const stack: Open[] = [];
  let top: PosNode | undefined;
  const listener = (event: 'open' | 'close', state: { line: number; result: unknown }): void => {
    if (event === 'open') {
      stack.push({ line: state.line + 1, children: [] });
      return;
    }
    const open = stack.pop();
    if (!open) return;
    const result = state.result;
    const node: PosNode = { line: open.line };
    if (Array.isArray(result)) {
      node.items = open.children.map((c) => c.node);
    } else if (result !== null && typeof result === 'object') {
      // Children alternate key, value.
      node.keys = new Map();
      for (let k = 0; k + 1 < open.children.length; k += 2) {
        const key = open.children[k]!;
        const value = open.children[k + 1]!;
        if (typeof key.result === 'string' || typeof key.result === 'number') {
          node.keys.set(String(key.result), { ...value.node, line: key.line });
        }
      }
    }
    const parent = stack[stack.length - 1];
    // A scalar closes on its last line; a key is one line, so its close line is the key's line.
    const line = node.keys || node.items ? open.line : state.line + 1;
    if (parent) parent.children.push({ line, result, node });
    else top = node;
  };
  try {
    const value = yaml.load(text, { listener: listener as never, json: false });
    return { ok: true, value, lines: new YamlLines(top ?? { line: 1 }) };
  } catch (e) {
    const err = e as { reason?: string; message?: string; mark?: { line?: number } };
    const line = err.mark?.line;
    return {
      ok: false,
      message: (err.reason ?? err.message ?? 'invalid YAML').split('\n')[0]!,
      line: line === undefined ? undefined : line + 1,
    };
  }
}

/** A plain object (a YAML mapping), or undefined. */
export function asMap(v: unknown): Record<string, unknown> | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v)
    ? (v as Record<string, unknown>)
    : undefined;
}

/** A scalar as text (numbers and booleans as YAML wrote them), or undefined. */
export function asText(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}
