/**
 * What an ARG-built `FROM` can name. `FROM base-${TARGETARCH}` or `FROM app-${VARIANT:-cpu}` picks a
 * stage when the build runs: every value the variable can take — its ARG default, each value a build
 * configuration passes, BuildKit's automatic platform ARGs over the common platforms — may name one.
 */
import type { DockerfileModel, Stage } from '../parse/model';

/**
 * BuildKit's automatic platform ARGs, over the platforms images (and binaries cross-compiled in
 * them: `FROM binaries-$TARGETOS`) are built for.
 */
const PLATFORMS = [
  'linux/amd64',
  'linux/arm64',
  'linux/arm/v7',
  'linux/arm/v6',
  'linux/386',
  'linux/ppc64le',
  'linux/s390x',
  'linux/riscv64',
  'linux/mips64le',
  'linux/loong64',
  'windows/amd64',
  'windows/arm64',
  'darwin/amd64',
  'darwin/arm64',
  'freebsd/amd64',
  'netbsd/amd64',
  'openbsd/amd64',
  'illumos/amd64',
];
const ARCHES = [...new Set(PLATFORMS.map((p) => p.split('/')[1]!))];
const OSES = [...new Set(PLATFORMS.map((p) => p.split('/')[0]!))];
const VARIANTS = ['', 'v6', 'v7', 'v8'];
export const AUTOMATIC_ARGS: ReadonlyMap<string, readonly string[]> = new Map([
  ['TARGETPLATFORM', PLATFORMS],
  ['TARGETOS', OSES],
  ['TARGETARCH', ARCHES],
  ['TARGETVARIANT', VARIANTS],
  ['BUILDPLATFORM', PLATFORMS],
  ['BUILDOS', OSES],
  ['BUILDARCH', ARCHES],
  ['BUILDVARIANT', VARIANTS],
]);

/** More combinations than this are not expanded (the stage is then assumed reachable). */
const MAX_EXPANSIONS = 512;
const VARIABLE =
  /\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-+])([^}$]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g;

/**
 * Every text `text` can become, given the possible values of each variable; undefined when that is
 * more than MAX_EXPANSIONS or a variable has no known value at all.
 */
export function expandAll(
  text: string,
  values: (name: string) => readonly string[],
): string[] | undefined {
  let results = [''];
  let at = 0;
  for (const m of text.matchAll(VARIABLE)) {
    const literal = text.slice(at, m.index);
    at = m.index + m[0].length;
    const name = m[1] ?? m[4]!;
    const op = m[2];
    const word = m[3] ?? '';
    const known = values(name);
    let options: string[];
    if (op === ':+' || op === '+') options = [word, ''];
    else if (op === ':-' || op === '-') options = [...known.filter((v) => v !== ''), word];
    else options = [...known];
    if (options.length === 0) return undefined;
    const next: string[] = [];
    for (const r of results) for (const o of new Set(options)) next.push(r + literal + o);
    if (next.length > MAX_EXPANSIONS) return undefined;
    results = next;
  }
  return results.map((r) => r + text.slice(at));
}

/**
 * Stages that some expansion of another stage's ARG-built `FROM` names. `buildArgs`: values the
 * build configurations pass, by ARG name. A FROM whose variables have no known value may name any
 * earlier stage that fits its literal parts.
 */
export function stagesNamedByArgFrom(
  model: DockerfileModel,
  buildArgs: ReadonlyMap<string, readonly string[]> = new Map(),
): Set<Stage> {
  const stages = new Set<Stage>();
  const byName = new Map(model.stages.filter((s) => s.name).map((s) => [s.name!, s]));
  const values = (name: string): string[] => {
    const out = [...(buildArgs.get(name) ?? []), ...(AUTOMATIC_ARGS.get(name) ?? [])];
    const def = model.globalArgs.get(name);
    if (def !== undefined) out.push(def);
    return out;
  };
  for (const stage of model.stages) {
    const text = stage.from?.imageText;
    if (!text?.includes('$')) continue;
    const expansions = expandAll(text, values);
    if (!expansions) {
      // Unknown values: any earlier stage whose name fits the literal parts may be meant.
      const literals = text.split(VARIABLE).filter((_, i) => i % 5 === 0);
      for (const s of model.stages)
        if (s.index < stage.index && s.name && fitsLiterals(s.name, literals)) stages.add(s);
      continue;
    }
    for (const e of expansions) {
      const named = byName.get(e.toLowerCase());
      if (named && named.index < stage.index) stages.add(named);
    }
  }
  return stages;
}

/** Whether `name` is the literals in order with anything between them (case-insensitive). */
function fitsLiterals(name: string, literals: readonly string[]): boolean {
  const n = name.toLowerCase();
  const parts = literals.map((l) => l.toLowerCase());
  const first = parts[0] ?? '';
  const last = parts.length > 1 ? parts[parts.length - 1]! : '';
  if (!n.startsWith(first) || !n.endsWith(last) || n.length < first.length + last.length)
    return false;
  let at = first.length;
  for (const middle of parts.slice(1, -1)) {
    const i = n.indexOf(middle, at);
    if (i < 0 || i + middle.length > n.length - last.length) return false;
    at = i + middle.length;
  }
  return true;
}
