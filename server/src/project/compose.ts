/**
 * Compose files: `services.*.build` (a string or an object) with Compose's interpolation from the
 * project folder's `.env`. An override or `-f` variant (`compose.override.yaml`,
 * `docker-compose.prod.yml`) is read merged onto the folder's base file, as `docker compose -f base
 * -f variant` does; `extends` is followed.
 */
import * as path from 'node:path';
import { interpolate, parseDotEnv } from './interpolate';
import { isRemoteContext, resolveFrom } from './paths';
import { roleOfTarget } from './role';
import { maskedValue } from './secrets';
import type { BuildConfig, ParseHelpers, ParseResult, ProjectProblem } from './types';
import { asMap, asText, parseYaml } from './yaml';

/** In the order Compose looks for them. */
export const COMPOSE_BASE_NAMES = [
  'compose.yaml',
  'compose.yml',
  'docker-compose.yaml',
  'docker-compose.yml',
];

/** `compose.yaml`, `docker-compose.override.yml`, `docker-compose.dev.yml`, `docker-compose-prod.yaml`. */
export function isComposeFileName(name: string): boolean {
  return /^(?:docker-)?compose(?:[.-][\w.-]+)?\.ya?ml$/i.test(name);
}

const BUILD_KEYS = new Set([
  'context',
  'dockerfile',
  'dockerfile_inline',
  'args',
  'ssh',
  'cache_from',
  'cache_to',
  'additional_contexts',
  'entitlements',
  'extra_hosts',
  'isolation',
  'privileged',
  'labels',
  'no_cache',
  'pull',
  'network',
  'shm_size',
  'target',
  'secrets',
  'tags',
  'ulimits',
  'platforms',
  'provenance',
  'sbom',
]);

const MAX_EXTENDS = 5;

type Build = Record<string, unknown>;

export function parseCompose(file: string, text: string, helpers: ParseHelpers): ParseResult {
  const problems: ProjectProblem[] = [];
  const parsed = parseYaml(text);
  if (!parsed.ok) {
    problems.push({ file, line: parsed.line, message: `invalid YAML: ${parsed.message}` });
    return { configs: [], problems };
  }
  const services = asMap(asMap(parsed.value)?.['services']);
  if (!services) return { configs: [], problems };
  const dir = path.dirname(file);
  const vars = parseDotEnv(helpers.readFile(path.join(dir, '.env')) ?? '');
  const base = baseServices(file, helpers);
  const development = dir.split(path.sep).includes('.devcontainer');
  const configs: BuildConfig[] = [];
  for (const [name, raw] of Object.entries(services)) {
    const own = buildOf(name, services, file, helpers, 0);
    if (!own) continue;
    const build = base?.[name] ? mergeBuild(buildOf(name, base, file, helpers, 0), own) : own;
    const line = parsed.lines.lineOf(['services', name, 'build']);
    const at = { file, line: parsed.lines.lineOf(['services', name]) };
    for (const key of Object.keys(asMap(asMap(raw)?.['build']) ?? {})) {
      if (!BUILD_KEYS.has(key) && !key.startsWith('x-'))
        problems.push({ file, line, message: `service '${name}': unknown build key '${key}'` });
    }
    const config = toConfig(name, build, dir, vars, problems, at);
    if (!config) continue;
    if (development) config.role = 'development';
    configs.push(config);
  }
  return { configs, problems };
}

/** The services of the folder's base file, for an override or `-f` variant. */
function baseServices(file: string, helpers: ParseHelpers): Record<string, unknown> | undefined {
  const name = path.basename(file);
  if (COMPOSE_BASE_NAMES.includes(name)) return undefined;
  const dir = path.dirname(file);
  for (const b of COMPOSE_BASE_NAMES) {
    const text = helpers.readFile(path.join(dir, b));
    if (text === undefined) continue;
    const parsed = parseYaml(text);
    return parsed.ok ? asMap(asMap(parsed.value)?.['services']) : undefined;
  }
  return undefined;
}

/** The service's `build` as an object, following `extends`; undefined when it has none. */
function buildOf(
  name: string,
  services: Record<string, unknown>,
  file: string,
  helpers: ParseHelpers,
  depth: number,
): Build | undefined {
  const svc = asMap(services[name]);
  if (!svc) return undefined;
  const own = normalize(svc['build']);
  const ext = svc['extends'];
  if (ext === undefined || depth >= MAX_EXTENDS) return own;
  const extMap = asMap(ext);
  const target = typeof ext === 'string' ? ext : asText(extMap?.['service']);
  if (!target) return own;
  let from = services;
  let fromFile = file;
  const other = asText(extMap?.['file']);
  if (other) {
    fromFile = resolveFrom(path.dirname(file), other);
    const parsed = parseYaml(helpers.readFile(fromFile) ?? '');
    from = (parsed.ok && asMap(asMap(parsed.value)?.['services'])) || {};
  } else if (target === name) return own;
  const inherited = buildOf(target, from, fromFile, helpers, depth + 1);
  if (!inherited) return own;
  // Paths of a service extended from another file are relative to that file.
  if (fromFile !== file) {
    const ctx = asText(inherited['context']) ?? '.';
    inherited['context'] = isRemoteContext(ctx) ? ctx : resolveFrom(path.dirname(fromFile), ctx);
  }
  return own ? mergeBuild(inherited, own) : inherited;
}

function normalize(v: unknown): Build | undefined {
  if (typeof v === 'string') return { context: v };
  const m = asMap(v);
  return m ? { ...m } : undefined;
}

function mergeBuild(base: Build | undefined, over: Build): Build {
  if (!base) return over;
  const out: Build = { ...base, ...over };
  for (const key of ['args', 'additional_contexts']) {
    if (base[key] !== undefined && over[key] !== undefined)
      out[key] = { ...pairs(base[key]), ...pairs(over[key]) };
  }
  return out;
}

/** A map or a `K=V` / `K` list as entries; `null` for a name with no value. */
function pairs(v: unknown): Record<string, unknown> {
  if (Array.isArray(v)) {
    const out: Record<string, unknown> = {};
    for (const item of v) {
      const s = asText(item);
      if (s === undefined) continue;
      const eq = s.indexOf('=');
      if (eq < 0) out[s] = null;
      else out[s.slice(0, eq)] = s.slice(eq + 1);
    }
    return out;
  }
  return asMap(v) ?? {};
}

function toConfig(
  name: string,
  build: Build,
  dir: string,
  vars: ReadonlyMap<string, string>,
  problems: ProjectProblem[],
  at: { file: string; line: number },
): BuildConfig | undefined {
  const field = (key: string): string | undefined => {
    const raw = asText(build[key]);
    if (raw === undefined) return undefined;
    const r = interpolate(raw, vars);
    for (const v of r.unset)
      problems.push({
        ...at,
        message: `service '${name}': \${${v}} in ${key} is not set in .env; taken as empty, as Compose does`,
      });
    return r.value;
  };
  if (build['dockerfile_inline'] !== undefined && build['dockerfile'] === undefined)
    return undefined;
  const ctxText = field('context') || '.';
  if (isRemoteContext(ctxText)) {
    problems.push({ ...at, message: `service '${name}': remote build context; skipped` });
    return undefined;
  }
  const context = resolveFrom(dir, ctxText);
  const dockerfile = resolveFrom(context, field('dockerfile') || 'Dockerfile');
  const target = field('target') || undefined;
  const args: Record<string, string> = {};
  for (const [k, v] of Object.entries(pairs(build['args']))) {
    if (v === null || v === undefined) {
      const fromEnv = vars.get(k);
      if (fromEnv !== undefined) args[k] = maskedValue(k, fromEnv);
      continue;
    }
    const text = asText(v);
    if (text === undefined) continue;
    const r = interpolate(text, vars);
    args[k] = maskedValue(k, r.value, r.used);
  }
  const config: BuildConfig = {
    source: { kind: 'compose', file: at.file, line: at.line, name },
    context,
    dockerfile,
    args,
    role: roleOfTarget(target),
  };
  if (target) config.target = target;
  const extra = pairs(build['additional_contexts']);
  if (Object.keys(extra).length > 0) {
    config.additionalContexts = {};
    for (const [k, v] of Object.entries(extra)) {
      const value = interpolate(asText(v) ?? '', vars).value;
      config.additionalContexts[k] = isRemoteContext(value) ? value : resolveFrom(dir, value);
    }
  }
  const platforms = build['platforms'];
  if (Array.isArray(platforms)) {
    config.platforms = platforms
      .map((p) => interpolate(asText(p) ?? '', vars).value)
      .filter(Boolean);
  }
  return config;
}
