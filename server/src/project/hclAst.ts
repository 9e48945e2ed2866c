/** What the HCL parser returns: bodies of blocks and attributes, and expression trees. */

export type Expr =
  | { t: 'lit'; v: string | number | boolean | null }
  | { t: 'tpl'; parts: (string | Expr)[] }
  | { t: 'var'; name: string }
  | { t: 'get'; obj: Expr; key: Expr }
  | { t: 'call'; name: string; args: Expr[]; expand: boolean }
  | { t: 'list'; items: Expr[] }
  | { t: 'obj'; items: { key: Expr; value: Expr }[] }
  | { t: 'cond'; c: Expr; a: Expr; b: Expr }
  | { t: 'bin'; op: string; l: Expr; r: Expr }
  | { t: 'un'; op: string; e: Expr }
  | {
      t: 'for';
      k: string | undefined;
      v: string;
      coll: Expr;
      key: Expr | undefined;
      value: Expr;
      cond: Expr | undefined;
      object: boolean;
    }
  | { t: 'unknown' };

export interface Attribute {
  name: string;
  expr: Expr;
  line: number;
}

export interface Block {
  type: string;
  labels: string[];
  body: Body;
  line: number;
}

export interface Body {
  attributes: Attribute[];
  blocks: Block[];
}

export class HclError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
  }
}

/** The first line of `text` that is the heredoc marker alone (blanks around it allowed). */
export function closingLine(
  text: string,
  marker: string,
): { start: number; end: number } | undefined {
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    if (text.slice(start, end).trim() === marker) {
      // Up to the end of the marker line, without its line break.
      return { start, end: text[end - 1] === '\r' ? end - 1 : end };
    }
    start = end + 1;
  }
  return undefined;
}
