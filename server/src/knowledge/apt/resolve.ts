import {
  loadArchive,
  nameIndex,
  type Archive,
  type DebianRelease,
  type ReleaseArchive,
} from './archive';

export interface AptAddedPackage {
  name: string;
  /** Installed-Size from the archive index, in bytes (the field is in KiB). */
  bytes: number;
  /** 'recommends' when `--no-install-recommends` would not install it. */
  via: 'depends' | 'recommends';
}

export interface AptInstallResult {
  /** What apt would add to the base, in the order it reaches them. */
  added: AptAddedPackage[];
  /** Sum of `added`. */
  bytes: number;
  /**
   * Names that are not in the release's archive (nor provided by one package), globs, variables
   * and virtual names with several providers (apt refuses those on the command line).
   */
  unknown: string[];
  /**
   * What the same install with recommends adds beyond the one without: what
   * `--no-install-recommends` saves (the same whether `opts.recommends` is on or off).
   */
  recommendsDropped: { packages: { name: string; bytes: number }[]; bytes: number };
}

const KIB = 1024;

/** An argument of `apt-get install` reduced to a package name, or undefined when it is not one. */
export function aptArgumentName(arg: string): string | undefined {
  if (/[$`*?[\]{}\\]/.test(arg)) return undefined;
  // `pkg=1.2-3`, `pkg/bookworm-backports`, `pkg:amd64`: the package is the name before them.
  const name = arg.replace(/[=/].*$/, '').replace(/:[a-z0-9]+$/, '');
  return /^[a-z0-9][a-z0-9+.-]+$/.test(name) ? name : undefined;
}

/** Picks one of several providers the way apt ranks them: Essential, then Priority, then name. */
function bestProvider(rel: ReleaseArchive, slots: readonly number[]): number {
  let best = slots[0]!;
  for (const s of slots) {
    const rank = (x: number) => (rel.flags[x]! & 1 ? -1 : rel.flags[x]! >> 1);
    if (rank(s) < rank(best)) best = s;
  }
  return best;
}

/** One resolution: the marked slots in the order apt reaches them. */
class Solver {
  readonly marked = new Set<number>();
  readonly order: number[] = [];

  constructor(
    private readonly rel: ReleaseArchive,
    private readonly installed: ReadonlySet<number>,
    private readonly recommends: boolean,
  ) {}

  has(slot: number): boolean {
    return this.installed.has(slot) || this.marked.has(slot);
  }

  /** Whether a name is a package that is there, or is provided by one. */
  satisfied(name: number): boolean {
    const slot = this.rel.slotOf[name]!;
    if (slot >= 0 && this.has(slot)) return true;
    return this.rel.providers.get(name)?.some((p) => this.has(p)) ?? false;
  }

  /** The package apt installs for a name: the real one, else the best of its providers. */
  candidate(name: number): number | undefined {
    const slot = this.rel.slotOf[name]!;
    if (slot >= 0) return slot;
    const providers = this.rel.providers.get(name);
    return providers ? bestProvider(this.rel, providers) : undefined;
  }

  mark(slot: number): boolean {
    if (this.has(slot)) return false;
    this.marked.add(slot);
    this.order.push(slot);
    return true;
  }

  /** Depth first, like apt's MarkInstall: each unsatisfied group gets its first installable alternative. */
  installDependencies(slot: number): void {
    const { rel } = this.rel;
    let at = this.rel.relStart[slot]!;
    for (let field = 0; field < 2; field++) {
      const groups = rel[at++]!;
      for (let g = 0; g < groups; g++) {
        const alts = rel[at++]!;
        const from = at;
        at += alts;
        if (field === 1 && !this.recommends) continue;
        let done = false;
        for (let a = from; a < at && !done; a++) done = this.satisfied(rel[a]!);
        if (done) continue;
        for (let a = from; a < at; a++) {
          const chosen = this.candidate(rel[a]!);
          if (chosen === undefined) continue;
          if (this.mark(chosen)) this.installDependencies(chosen);
          break;
        }
      }
    }
  }
}

function installedSlots(rel: ReleaseArchive, archive: Archive, base: ReadonlySet<string>) {
  const installed = new Set<number>();
  for (const name of base) {
    const i = nameIndex(archive, name);
    const slot = i === undefined ? -1 : rel.slotOf[i]!;
    if (slot >= 0) installed.add(slot);
  }
  // Every Debian image has the Essential packages.
  for (let slot = 0; slot < rel.flags.length; slot++) if (rel.flags[slot]! & 1) installed.add(slot);
  return installed;
}

function solve(
  rel: ReleaseArchive,
  installed: ReadonlySet<number>,
  roots: readonly number[],
  recommends: boolean,
): number[] {
  const solver = new Solver(rel, installed, recommends);
  // apt-get marks every named package first, then installs their dependencies.
  const fresh = roots.filter((slot) => solver.mark(slot));
  for (const slot of fresh) solver.installDependencies(slot);
  return solver.order;
}

/**
 * What `apt-get install [--no-install-recommends] <names>` adds to a system that has `base` (the
 * package names of a base image), from the release's archive data; undefined without the data.
 */
export function resolveAptInstall(
  release: DebianRelease,
  base: ReadonlySet<string>,
  names: readonly string[],
  opts: { recommends: boolean },
): AptInstallResult | undefined {
  const archive = loadArchive();
  const rel = archive?.release(release);
  if (!archive || !rel) return undefined;
  const installed = installedSlots(rel, archive, base);
  const unknown: string[] = [];
  const roots: number[] = [];
  for (const arg of names) {
    const name = aptArgumentName(arg);
    const i = name === undefined ? undefined : nameIndex(archive, name);
    const slot = i === undefined ? -1 : rel.slotOf[i]!;
    const providers = i === undefined ? undefined : rel.providers.get(i);
    if (slot >= 0) roots.push(slot);
    else if (providers?.length === 1) roots.push(providers[0]!);
    else unknown.push(arg);
  }
  const withoutRecommends = solve(rel, installed, roots, false);
  const withRecommends = solve(rel, installed, roots, true);
  const required = new Set(withoutRecommends);
  const describe = (slot: number): AptAddedPackage => ({
    name: archive.names[rel.nameOf[slot]!]!,
    bytes: rel.kib[slot]! * KIB,
    via: required.has(slot) ? 'depends' : 'recommends',
  });
  const added = (opts.recommends ? withRecommends : withoutRecommends).map(describe);
  const dropped = withRecommends
    .filter((slot) => !required.has(slot))
    .map(describe)
    .map(({ name, bytes }) => ({ name, bytes }));
  return {
    added,
    bytes: added.reduce((sum, p) => sum + p.bytes, 0),
    unknown,
    recommendsDropped: { packages: dropped, bytes: dropped.reduce((s, p) => s + p.bytes, 0) },
  };
}
