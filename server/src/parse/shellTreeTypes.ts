/**
 * The nodes of a shell script's structure (see shellTree.ts): lists, and-or lists, pipelines,
 * simple and compound commands, redirections, with exact spans in the script text.
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
