/**
 * Bake files: targets with `context`, `dockerfile`, `target`, `args`, `contexts`, `platforms`,
 * `inherits` and `matrix`, over variables (their defaults: the environment that overrides them is
 * not known here), user functions and groups. The default files of a folder
 * (`docker-bake.json`, `docker-bake.hcl`, `docker-bake.override.json`, `docker-bake.override.hcl`)
 * are merged as `docker buildx bake` merges them, and reported by the first that exists; any other
 * `docker-bake.*.hcl|json` is read alone. Paths are relative to the bake file's folder, where bake
 * runs; `dockerfile` is relative to `context`, as bake joins them.
 */
import * as path from 'node:path';
import type { Block, Expr } from './hcl';
import {
  STANDARD_FUNCTIONS,
  UNKNOWN,
  asString,
  evaluate,
  isObject,
  type HclFunction,
  type Scope,
  type Value,
} from './hclEval';
import { parseBakeText } from './bakeSyntax';
import { isRemoteContext, resolveFrom } from './paths';
import { roleOfTarget } from './role';
import { maskedValue } from './secrets';
import type { BuildConfig, ParseHelpers, ParseResult, ProjectProblem } from './types';

export const BAKE_DEFAULT_NAMES = [
  'docker-bake.json',
  'docker-bake.hcl',
  'docker-bake.override.json',
  'docker-bake.override.hcl',
];

export function isBakeFileName(name: string): boolean {
  return /^docker-bake(\.[\w-]+)*\.(hcl|json)$/i.test(name);
}

const MAX_MATRIX = 64;
const MAX_INHERIT_DEPTH = 16;

interface TargetDef {
  name: string;
  blocks: { block: Block; file: string }[];
}

export function parseBake(file: string, text: string, helpers: ParseHelpers): ParseResult {
  const dir = path.dirname(file);
  const name = path.basename(file);
  const problems: ProjectProblem[] = [];
  let files: { file: string; text: string }[] = [{ file, text }];
  if (BAKE_DEFAULT_NAMES.includes(name)) {
    const set = BAKE_DEFAULT_NAMES.map((n) => path.join(dir, n));
    const index = set.indexOf(file);
    // The first default file that exists reports the merged set.
    if (set.slice(0, index).some((f) => helpers.exists(f))) return { configs: [], problems };
    files = set.flatMap((f) => {
      const t = f === file ? text : helpers.readFile(f);
      return t === undefined ? [] : [{ file: f, text: t }];
    });
  }
  const blocks: { block: Block; file: string }[] = [];
  const topAttributes = new Map<string, Expr>();
  for (const f of files) {
    const syntax = parseBakeText(f.file, f.text);
    if (!syntax.ok) {
      problems.push({ file: f.file, line: syntax.line, message: syntax.message });
      continue;
    }
    for (const a of syntax.body.attributes) topAttributes.set(a.name, a.expr);
    for (const b of syntax.body.blocks) blocks.push({ block: b, file: f.file });
  }
  const scope = makeScope(blocks, topAttributes);
  const targets = new Map<string, TargetDef>();
  const grouped = new Set<string>();
  for (const { block, file: f } of blocks) {
    const label = block.labels[0];
    if (label === undefined) continue;
    if (block.type === 'target') {
      const def = targets.get(label) ?? { name: label, blocks: [] };
      def.blocks.push({ block, file: f });
      targets.set(label, def);
    } else if (block.type === 'group') {
      const list = evaluate(attr(block, 'targets') ?? { t: 'lit', v: null }, scope);
      if (Array.isArray(list)) for (const t of list) if (typeof t === 'string') grouped.add(t);
    }
  }
  const inherited = new Set<string>();
  for (const def of targets.values()) for (const p of ownInherits(def, scope)) inherited.add(p);
  const configs: BuildConfig[] = [];
  for (const def of targets.values()) {
    // A base other targets inherit from (and that no group names) is not a build of its own.
    if (def.name.startsWith('_') || (inherited.has(def.name) && !grouped.has(def.name))) continue;
    for (const combo of matrixCombos(def, scope, problems)) {
      const attrs = resolveTarget(def.name, targets, combo.scope, 0);
      const c = toConfig(def, combo.name, attrs, dir, problems);
      if (c) configs.push(c);
    }
  }
  return { configs, problems };
}

/**
 * `output = ["type=cacheonly"]`, `["./bin"]`, `["type=local,dest=out"]`: the build exports files
 * or nothing, never an image someone runs, so shipped-image findings do not apply.
 */
function exportsFilesOnly(output: Value): boolean {
  if (!Array.isArray(output) || output.length === 0) return false;
  return output.every((o) => {
    const s = asString(o);
    if (s === undefined) return false;
    const type = /(?:^|,)type=([^,]+)/.exec(s)?.[1];
    return type === undefined ? !s.includes('=') : ['cacheonly', 'local', 'tar'].includes(type);
  });
}

function attr(block: Block, name: string): Expr | undefined {
  return block.body.attributes.find((a) => a.name === name)?.expr;
}

function makeScope(blocks: { block: Block }[], top: Map<string, Expr>): Scope {
  const varExprs = new Map<string, Expr | undefined>(top);
  const functions = new Map<string, HclFunction>();
  for (const { block } of blocks) {
    const label = block.labels[0];
    if (label === undefined) continue;
    if (block.type === 'variable') varExprs.set(label, attr(block, 'default'));
  }
  const values = new Map<string, Value>();
  const evaluating = new Set<string>();
  const scope: Scope = {
    variable(name) {
      if (values.has(name)) return values.get(name);
      if (name === 'BAKE_CMD_CONTEXT') return '.';
      if (!varExprs.has(name) || evaluating.has(name)) return undefined;
      evaluating.add(name);
      const e = varExprs.get(name);
      const v = e ? evaluate(e, scope) : '';
      evaluating.delete(name);
      values.set(name, v);
      return v;
    },
    fn: (name) => functions.get(name) ?? STANDARD_FUNCTIONS[name],
  };
  for (const { block } of blocks) {
    const label = block.labels[0];
    if (block.type !== 'function' || label === undefined) continue;
    const names = (e: Expr | undefined): string[] =>
      e?.t === 'list'
        ? e.items.map((i) => (i.t === 'var' ? i.name : (asString(evaluate(i, scope)) ?? '')))
        : [];
    const params = names(attr(block, 'params'));
    const variadic = names(attr(block, 'variadic_params'))[0];
    const result = attr(block, 'result');
    let depth = 0;
    functions.set(label, (args) => {
      if (!result || depth > 8) return UNKNOWN;
      const bound = new Map<string, Value>(params.map((p, i) => [p, args[i] ?? null]));
      if (variadic) bound.set(variadic, args.slice(params.length));
      depth++;
      try {
        return evaluate(result, {
          variable: (n) => (bound.has(n) ? bound.get(n) : scope.variable(n)),
          fn: scope.fn,
        });
      } finally {
        depth--;
      }
    });
  }
  return scope;
}

function ownInherits(def: TargetDef, scope: Scope): string[] {
  const out: string[] = [];
  for (const { block } of def.blocks) {
    const v = evaluate(attr(block, 'inherits') ?? { t: 'lit', v: null }, scope);
    if (Array.isArray(v)) for (const p of v) if (typeof p === 'string') out.push(p);
  }
  return out;
}

interface Combo {
  name: string;
  scope: Scope;
}

/** One combination per matrix entry (the target alone when it has no matrix). */
function matrixCombos(def: TargetDef, scope: Scope, problems: ProjectProblem[]): Combo[] {
  const blocks = def.blocks.map((b) => b.block);
  const matrixExpr = blocks
    .map((b) => attr(b, 'matrix'))
    .filter(Boolean)
    .pop();
  if (!matrixExpr) return [{ name: def.name, scope }];
  const m = evaluate(matrixExpr, scope);
  const first = def.blocks[0]!;
  if (!isObject(m) || !Object.values(m).every(Array.isArray)) {
    problems.push({
      file: first.file,
      line: first.block.line,
      message: `target '${def.name}': matrix not known; skipped`,
    });
    return [];
  }
  let combos: Record<string, Value>[] = [{}];
  for (const [k, values] of Object.entries(m)) {
    combos = combos.flatMap((c) => (values as Value[]).map((v) => ({ ...c, [k]: v })));
    if (combos.length > MAX_MATRIX) {
      problems.push({
        file: first.file,
        line: first.block.line,
        message: `target '${def.name}': matrix larger than ${MAX_MATRIX}; first ${MAX_MATRIX} kept`,
      });
      combos = combos.slice(0, MAX_MATRIX);
    }
  }
  const nameExpr = blocks
    .map((b) => attr(b, 'name'))
    .filter(Boolean)
    .pop();
  return combos.map((vars, i) => {
    const inner: Scope = {
      variable: (n) => (n in vars ? vars[n] : scope.variable(n)),
      fn: scope.fn,
    };
    const name = nameExpr ? asString(evaluate(nameExpr, inner)) : undefined;
    return { name: name ?? `${def.name}-${i}`, scope: inner };
  });
}

/** A target's attributes after `inherits` (parents first, later wins; `args` and `contexts` merge by key). */
type Attrs = Map<string, { value: Value; vars: Record<string, string[]> }>;

function resolveTarget(
  name: string,
  targets: Map<string, TargetDef>,
  scope: Scope,
  depth: number,
): Attrs {
  const out: Attrs = new Map();
  const def = targets.get(name);
  if (!def || depth > MAX_INHERIT_DEPTH) return out;
  for (const parent of ownInherits(def, scope)) {
    if (parent !== name) merge(out, resolveTarget(parent, targets, scope, depth + 1));
  }
  for (const { block } of def.blocks) {
    const own: Attrs = new Map();
    for (const a of block.body.attributes) {
      if (a.name === 'inherits' || a.name === 'matrix' || a.name === 'name') continue;
      own.set(a.name, { value: evaluate(a.expr, scope), vars: keyVars(a.expr) });
    }
    merge(out, own);
  }
  return out;
}

function merge(into: Attrs, from: Attrs): void {
  for (const [k, v] of from) {
    const old = into.get(k);
    if ((k === 'args' || k === 'contexts') && old && isObject(old.value) && isObject(v.value)) {
      into.set(k, { value: { ...old.value, ...v.value }, vars: { ...old.vars, ...v.vars } });
    } else into.set(k, v);
  }
}

/** For an object literal: the variables each key's value reads (to mask args read from secrets). */
function keyVars(e: Expr): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  if (e.t !== 'obj') return out;
  for (const item of e.items) {
    const k = item.key.t === 'lit' ? String(item.key.v) : undefined;
    if (k !== undefined) out[k] = varsOf(item.value);
  }
  return out;
}

function varsOf(e: Expr, out: string[] = []): string[] {
  const walk = (x: Expr | undefined): void => {
    if (x) varsOf(x, out);
  };
  switch (e.t) {
    case 'var':
      out.push(e.name);
      break;
    case 'tpl':
      for (const p of e.parts) if (typeof p !== 'string') walk(p);
      break;
    case 'get':
      walk(e.obj);
      walk(e.key);
      break;
    case 'call':
      e.args.forEach(walk);
      break;
    case 'list':
      e.items.forEach(walk);
      break;
    case 'obj':
      for (const i of e.items) {
        walk(i.key);
        walk(i.value);
      }
      break;
    case 'cond':
      walk(e.c);
      walk(e.a);
      walk(e.b);
      break;
    case 'bin':
      walk(e.l);
      walk(e.r);
      break;
    case 'un':
      walk(e.e);
      break;
    case 'for':
      walk(e.coll);
      walk(e.key);
      walk(e.value);
      walk(e.cond);
      break;
    default:
      break;
  }
  return out;
}

function toConfig(
  def: TargetDef,
  name: string,
  attrs: Attrs,
  dir: string,
  problems: ProjectProblem[],
): BuildConfig | undefined {
  const at = def.blocks[0]!;
  const where = { file: at.file, line: at.block.line };
  const get = (k: string): Value => attrs.get(k)?.value ?? null;
  if (get('dockerfile-inline') !== null) return undefined;
  const ctx = get('context');
  const df = get('dockerfile');
  if (ctx === UNKNOWN || df === UNKNOWN || (ctx !== null && asString(ctx) === undefined)) {
    problems.push({
      ...where,
      message: `target '${name}': context or dockerfile not known without running bake; skipped`,
    });
    return undefined;
  }
  const ctxText = (asString(ctx) ?? '.').replace(/^cwd:\/\//, '');
  if (isRemoteContext(ctxText)) return undefined;
  const context = resolveFrom(dir, ctxText || '.');
  const dfText = asString(df) ?? 'Dockerfile';
  const dockerfile = dfText.startsWith('cwd://')
    ? resolveFrom(dir, dfText.slice(6))
    : resolveFrom(context, dfText);
  const t = get('target');
  if (t === UNKNOWN)
    problems.push({
      ...where,
      message: `target '${name}': stage not known; taken as the last stage`,
    });
  const target = asString(t) || undefined;
  const args: Record<string, string> = {};
  const argAttr = attrs.get('args');
  if (argAttr && isObject(argAttr.value)) {
    for (const [k, v] of Object.entries(argAttr.value)) {
      const s = asString(v);
      if (s !== undefined) args[k] = maskedValue(k, s, argAttr.vars[k] ?? []);
    }
  }
  const config: BuildConfig = {
    source: { kind: 'bake', file: at.file, line: at.block.line, name },
    context,
    dockerfile,
    args,
    role: exportsFilesOnly(get('output')) ? 'development' : roleOfTarget(target),
  };
  if (target) config.target = target;
  const contexts = get('contexts');
  if (isObject(contexts)) {
    const extra: Record<string, string> = {};
    for (const [k, v] of Object.entries(contexts)) {
      const s = asString(v);
      if (s !== undefined)
        extra[k] = isRemoteContext(s) ? s : resolveFrom(dir, s.replace(/^cwd:\/\//, ''));
    }
    if (Object.keys(extra).length) config.additionalContexts = extra;
  }
  const platforms = get('platforms');
  if (Array.isArray(platforms)) {
    const list = platforms.map(asString).filter((p): p is string => !!p);
    if (list.length) config.platforms = list;
  }
  return config;
}
