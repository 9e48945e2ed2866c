/**
 * Bake files as HCL bodies: `docker-bake.hcl` through the HCL parser, `docker-bake.json` turned
 * into the same blocks and attributes (its strings are HCL templates, as bake reads them).
 */
import { parseJson, JsonSyntaxError, type JsonNode } from '../config/json';
import { HclError, parseHcl, parseTemplate, type Body, type Expr } from './hcl';
import { Lines } from './paths';

export type BakeSyntax = { ok: true; body: Body } | { ok: false; message: string; line?: number };

export function parseBakeText(file: string, text: string): BakeSyntax {
  try {
    return {
      ok: true,
      body: file.toLowerCase().endsWith('.json') ? jsonBody(text) : parseHcl(text),
    };
  } catch (e) {
    if (e instanceof HclError)
      return { ok: false, message: `invalid HCL: ${e.message}`, line: e.line };
    if (e instanceof JsonSyntaxError)
      return {
        ok: false,
        message: `invalid JSON: ${e.message}`,
        line: new Lines(text).lineAt(e.offset),
      };
    return { ok: false, message: `unreadable bake file: ${(e as Error).message}` };
  }
}

/** `{ "target": { "app": { … } }, "variable": { … }, "group": { … } }` as blocks. */
function jsonBody(text: string): Body {
  const lines = new Lines(text);
  const root = parseJson(text);
  const body: Body = { attributes: [], blocks: [] };
  if (root.type !== 'object') throw new JsonSyntaxError('expected an object', root.start);
  for (const kind of root.props) {
    if (kind.value.type !== 'object') {
      body.attributes.push({
        name: kind.key,
        expr: toExpr(kind.value),
        line: lines.lineAt(kind.keyStart),
      });
      continue;
    }
    for (const item of kind.value.props) {
      const attrs = item.value.type === 'object' ? item.value.props : [];
      body.blocks.push({
        type: kind.key,
        labels: [item.key],
        line: lines.lineAt(item.keyStart),
        body: {
          attributes: attrs.map((a) => ({
            name: a.key,
            expr: toExpr(a.value),
            line: lines.lineAt(a.keyStart),
          })),
          blocks: [],
        },
      });
    }
  }
  return body;
}

function toExpr(n: JsonNode): Expr {
  switch (n.type) {
    case 'string':
      try {
        return parseTemplate(n.value);
      } catch {
        return { t: 'lit', v: n.value };
      }
    case 'number':
    case 'boolean':
      return { t: 'lit', v: n.value };
    case 'null':
      return { t: 'lit', v: null };
    case 'array':
      return { t: 'list', items: n.items.map(toExpr) };
    case 'object':
      return {
        t: 'obj',
        items: n.props.map((p) => ({ key: { t: 'lit', v: p.key }, value: toExpr(p.value) })),
      };
  }
}
