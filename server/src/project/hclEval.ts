/**
 * Evaluates HCL expressions over known values. Anything that cannot be known without running the
 * build (an environment override, `timestamp()`, another target's attributes, an unknown function)
 * is `UNKNOWN`, and so is every result computed from it.
 */
import type { Expr } from './hcl';

export const UNKNOWN: unique symbol = Symbol('unknown');

export type Value =
  string | number | boolean | null | typeof UNKNOWN | Value[] | { [key: string]: Value };

export type HclFunction = (args: Value[]) => Value;

export interface Scope {
  /** Variable value; undefined when there is no such variable. */
  variable(name: string): Value | undefined;
  fn(name: string): HclFunction | undefined;
}

const MAX_DEPTH = 64;
const MAX_ITEMS = 1000;

export function isObject(v: Value): v is { [key: string]: Value } {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Text of a value in a template or a build arg; undefined for lists, objects and unknowns. */
export function asString(v: Value): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}

export function evaluate(e: Expr, scope: Scope, depth = 0): Value {
  if (depth > MAX_DEPTH) return UNKNOWN;
  const ev = (x: Expr): Value => evaluate(x, scope, depth + 1);
  switch (e.t) {
    case 'lit':
      return e.v;
    case 'unknown':
      return UNKNOWN;
    case 'tpl': {
      if (e.parts.length === 1 && typeof e.parts[0] !== 'string') return ev(e.parts[0]!);
      let out = '';
      for (const p of e.parts) {
        if (typeof p === 'string') out += p;
        else {
          const v = ev(p);
          if (v === null) continue;
          const s = asString(v);
          if (s === undefined) return UNKNOWN;
          out += s;
        }
      }
      return out;
    }
    case 'var': {
      const v = scope.variable(e.name);
      return v === undefined ? UNKNOWN : v;
    }
    case 'get': {
      const obj = ev(e.obj);
      const key = ev(e.key);
      if (Array.isArray(obj) && typeof key === 'number') return obj[key] ?? UNKNOWN;
      if (isObject(obj) && (typeof key === 'string' || typeof key === 'number'))
        return obj[String(key)] ?? UNKNOWN;
      return UNKNOWN;
    }
    case 'call': {
      const fn = scope.fn(e.name);
      if (!fn) return UNKNOWN;
      let args = e.args.map(ev);
      if (e.expand) {
        const last = args[args.length - 1];
        if (!Array.isArray(last)) return UNKNOWN;
        args = [...args.slice(0, -1), ...last];
      }
      return fn(args);
    }
    case 'list':
      return e.items.map(ev);
    case 'obj': {
      const out: { [key: string]: Value } = {};
      for (const item of e.items) {
        const k = asString(ev(item.key));
        if (k === undefined) return UNKNOWN;
        out[k] = ev(item.value);
      }
      return out;
    }
    case 'cond': {
      const c = ev(e.c);
      if (typeof c !== 'boolean') return UNKNOWN;
      return c ? ev(e.a) : ev(e.b);
    }
    case 'un': {
      const v = ev(e.e);
      if (e.op === '!') return typeof v === 'boolean' ? !v : UNKNOWN;
      return typeof v === 'number' ? -v : UNKNOWN;
    }
    case 'bin':
      return binary(e.op, ev(e.l), () => ev(e.r));
    case 'for':
      return forExpr(e, scope, depth);
  }
}

function binary(op: string, l: Value, right: () => Value): Value {
  // `false && x` and `true || x` are known whatever x is.
  if (op === '&&' && l === false) return false;
  if (op === '||' && l === true) return true;
  const r = right();
  if (op === '&&' || op === '||') {
    if (typeof l !== 'boolean' || typeof r !== 'boolean') return UNKNOWN;
    return op === '&&' ? l && r : l || r;
  }
  if (l === UNKNOWN || r === UNKNOWN) return UNKNOWN;
  if (op === '==' || op === '!=') {
    if (typeof l === 'object' && l !== null) return UNKNOWN;
    if (typeof r === 'object' && r !== null) return UNKNOWN;
    // HCL converts numbers and strings to compare them only when both are primitive of one type.
    const same = l === r;
    return op === '==' ? same : !same;
  }
  const a = typeof l === 'string' && l.trim() !== '' ? Number(l) : l;
  const b = typeof r === 'string' && r.trim() !== '' ? Number(r) : r;
  if (typeof a !== 'number' || typeof b !== 'number' || Number.isNaN(a) || Number.isNaN(b))
    return UNKNOWN;
  switch (op) {
    case '<':
      return a < b;
    case '>':
      return a > b;
    case '<=':
      return a <= b;
    case '>=':
      return a >= b;
    case '+':
      return a + b;
    case '-':
      return a - b;
    case '*':
      return a * b;
    case '/':
      return b === 0 ? UNKNOWN : a / b;
    case '%':
      return b === 0 ? UNKNOWN : a % b;
  }
  return UNKNOWN;
}

function forExpr(e: Extract<Expr, { t: 'for' }>, scope: Scope, depth: number): Value {
  const coll = evaluate(e.coll, scope, depth + 1);
  let entries: [Value, Value][];
  if (Array.isArray(coll)) entries = coll.map((v, i) => [i, v]);
  else if (isObject(coll)) entries = Object.entries(coll);
  else return UNKNOWN;
  if (entries.length > MAX_ITEMS) return UNKNOWN;
  const list: Value[] = [];
  const obj: { [key: string]: Value } = {};
  for (const [k, v] of entries) {
    const inner: Scope = {
      variable: (name) =>
        name === e.v ? v : e.k !== undefined && name === e.k ? k : scope.variable(name),
      fn: (name) => scope.fn(name),
    };
    if (e.cond) {
      const c = evaluate(e.cond, inner, depth + 1);
      if (c === false) continue;
      if (c !== true) return UNKNOWN;
    }
    const value = evaluate(e.value, inner, depth + 1);
    if (!e.object) {
      list.push(value);
      continue;
    }
    const key = asString(evaluate(e.key!, inner, depth + 1));
    if (key === undefined) return UNKNOWN;
    obj[key] = value;
  }
  return e.object ? obj : list;
}

const str = (v: Value): string | undefined => asString(v);

/** The few standard functions bake files use to pick paths, targets and args. */
export const STANDARD_FUNCTIONS: Record<string, HclFunction> = {
  equal: ([a, b]) => binary('==', a ?? null, () => b ?? null),
  notequal: ([a, b]) => binary('!=', a ?? null, () => b ?? null),
  and: (args) => args.reduce<Value>((acc, v) => binary('&&', acc, () => v), true),
  or: (args) => args.reduce<Value>((acc, v) => binary('||', acc, () => v), false),
  not: ([a]) => (typeof a === 'boolean' ? !a : UNKNOWN),
  lower: ([a]) => str(a ?? null)?.toLowerCase() ?? UNKNOWN,
  upper: ([a]) => str(a ?? null)?.toUpperCase() ?? UNKNOWN,
  trimspace: ([a]) => str(a ?? null)?.trim() ?? UNKNOWN,
  trimprefix: ([a, p]) => {
    const s = str(a ?? null);
    const pre = str(p ?? null);
    if (s === undefined || pre === undefined) return UNKNOWN;
    return s.startsWith(pre) ? s.slice(pre.length) : s;
  },
  trimsuffix: ([a, p]) => {
    const s = str(a ?? null);
    const suf = str(p ?? null);
    if (s === undefined || suf === undefined) return UNKNOWN;
    return suf && s.endsWith(suf) ? s.slice(0, -suf.length) : s;
  },
  replace: ([a, f, t]) => {
    const [s, from, to] = [str(a ?? null), str(f ?? null), str(t ?? null)];
    if (s === undefined || from === undefined || to === undefined || /^\/.+\/$/.test(from))
      return UNKNOWN;
    return from ? s.split(from).join(to) : s;
  },
  join: ([sep, list]) => {
    const s = str(sep ?? null);
    if (s === undefined || !Array.isArray(list)) return UNKNOWN;
    const parts = list.map((v) => str(v));
    return parts.every((p) => p !== undefined) ? parts.join(s) : UNKNOWN;
  },
  split: ([sep, text]) => {
    const s = str(sep ?? null);
    const t = str(text ?? null);
    return s === undefined || t === undefined ? UNKNOWN : t.split(s);
  },
  concat: (args) => (args.every(Array.isArray) ? (args as Value[][]).flat() : UNKNOWN),
  coalesce: (args) => {
    for (const a of args) {
      if (a === UNKNOWN) return UNKNOWN;
      if (a !== null && a !== '') return a;
    }
    return UNKNOWN;
  },
  length: ([a]) =>
    Array.isArray(a)
      ? a.length
      : isObject(a ?? null)
        ? Object.keys(a as object).length
        : typeof a === 'string'
          ? a.length
          : UNKNOWN,
  contains: ([list, v]) =>
    Array.isArray(list) && v !== UNKNOWN && !list.includes(UNKNOWN)
      ? list.includes(v ?? null)
      : UNKNOWN,
};
