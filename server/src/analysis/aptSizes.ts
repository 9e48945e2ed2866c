/**
 * What `apt-get install` adds to an image, in bytes, from the Debian archive data (knowledge/apt,
 * docs/apt-data.md) — for the size findings, the image-size lens and hover, and `layerwise size`.
 *
 * An image gets Debian figures only when its tag names a Debian release and a base package set
 * of that release is known: `debian:12-slim`, `debian:bookworm-slim`, `python:3.12-slim-bookworm`,
 * `node:20-bookworm-slim`, … Everything else — Ubuntu, RHEL, Alpine, an official image whose tag
 * does not say which Debian it is built on, a private image — is unknown (undefined), never sized
 * with Debian's packages.
 *
 * Mapping an image is a look-up in a short list; only resolving an install reads the archive
 * (once, on first use), so nothing here runs unless a finding, lens, hover or command asks.
 */
import {
  APT_BASE_IMAGES,
  aptArgumentName,
  aptBaseSet,
  prefetchArchive,
  resolveAptInstall,
  type AptInstallResult,
  type DebianRelease,
} from '../knowledge/apt';
import { parseImageRef } from '../knowledge/imageRef';
import { parseLibraryTag } from '../knowledge/images/common';
import { APT_LISTS } from '../knowledge/packageSizes';
import type { SourceRef } from '../knowledge/images/types';
import type { DockerfileModel, Instruction, Stage } from '../parse/model';
import type { ShellWord } from '../parse/shell';
import { detectTool, hasArg, positionals, type ToolUse } from './tools';

export type { DebianRelease } from '../knowledge/apt';

/** A Debian-based image whose installed packages are known. */
export interface AptImageBase {
  /** The image reference (ARG-resolved). */
  image: string;
  release: DebianRelease;
  /** The base package set that counts as installed (one of APT_BASE_IMAGES). */
  baseKey: string;
  /**
   * False when the image is built on `baseKey` and adds packages of its own (python, node, ruby
   * and rust slim images): any of those an install needs is counted again, so figures are upper
   * bounds.
   */
  exact: boolean;
}

const RELEASES: Readonly<Record<string, DebianRelease>> = {
  '12': 'bookworm',
  bookworm: 'bookworm',
  '13': 'trixie',
  trixie: 'trixie',
};

/** Official images whose `-slim-<suite>` / `<suite>-slim` variants are built FROM `debian:<suite>-slim`. */
const SLIM_ON_DEBIAN: Readonly<Record<string, (suite: string) => string>> = {
  python: (suite) => `python:slim-${suite}`,
  ruby: (suite) => `ruby:slim-${suite}`,
  rust: (suite) => `rust:slim-${suite}`,
  node: (suite) => `node:${suite}-slim`,
};

const imageBases = new Map<string, AptImageBase | null>();

/**
 * The Debian release and base package set of an image reference, or undefined (unknown) when
 * the reference does not name a release that has a known package set. Reads no archive data.
 */
export function aptImageBase(image: string): AptImageBase | undefined {
  let cached = imageBases.get(image);
  if (cached === undefined) {
    cached = mapImage(image) ?? null;
    if (imageBases.size > 500) imageBases.clear();
    imageBases.set(image, cached);
  }
  return cached ?? undefined;
}

function mapImage(image: string): AptImageBase | undefined {
  const ref = parseImageRef(image);
  if (!ref || (ref.registry !== undefined && ref.registry !== 'docker.io')) return undefined;
  const repo = ref.repository.toLowerCase();
  const tag = ref.tag?.toLowerCase();
  if (!tag) return undefined;
  const known = (key: string): boolean => APT_BASE_IMAGES.includes(key);
  if (repo === 'debian') {
    // `12-slim`, `12.7-slim`, `bookworm-slim`, `bookworm-20240110-slim`; not `stable-slim` (it moves).
    const tokens = tag.split('-');
    const release = RELEASES[tokens[0]!.split('.')[0]!];
    if (!release || tokens.some((t, i) => i > 0 && t !== 'slim' && !/^\d{8}$/.test(t)))
      return undefined;
    const key = `debian:${release}${tokens.includes('slim') ? '-slim' : ''}`;
    return known(key) ? { image, release, baseKey: key, exact: true } : undefined;
  }
  const ownKey = SLIM_ON_DEBIAN[repo];
  if (!ownKey) return undefined;
  const t = parseLibraryTag(tag);
  const release = t.suite ? RELEASES[t.suite] : undefined;
  // Only a tag that names its Debian release: an unsuffixed `3.12-slim` moves to each new release.
  if (!release || !t.slim || t.alpine || t.windows || t.flags.size > 0) return undefined;
  const own = ownKey(release);
  if (known(own)) return { image, release, baseKey: own, exact: true };
  const debian = `debian:${release}-slim`;
  return known(debian) ? { image, release, baseKey: debian, exact: false } : undefined;
}

/** The image a stage's files start from: the FROM image at the root of its `FROM <stage>` chain. */
export function rootImage(stage: Stage): string | undefined {
  const seen = new Set<Stage>();
  let s = stage;
  while (s.parent && !seen.has(s.parent)) {
    seen.add(s);
    s = s.parent;
  }
  return s.from?.image;
}

/** A stage and the stages it is built FROM, base first: whose files the stage's image holds. */
export function stageChain(stage: Stage): Stage[] {
  const chain: Stage[] = [];
  for (let s: Stage | undefined = stage; s && !chain.includes(s); s = s.parent) chain.unshift(s);
  return chain;
}

/** `/var/lib/apt/lists` after `apt-get update` with the release's default sources, when measured. */
export function aptListsBytes(
  release: DebianRelease,
): { bytes: number; source: SourceRef } | undefined {
  return release === 'bookworm' ? { bytes: APT_LISTS.bytes, source: APT_LISTS.source } : undefined;
}

/** `312 MB`, `1.2 GB`, `4.5 MB`, `85 kB`: decimal units, as image sizes are given; never `0 MB` for a few bytes. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1e9) return `${trim((bytes / 1e9).toFixed(1))} GB`;
  if (bytes >= 1e8) return `${Number((bytes / 1e6).toPrecision(2))} MB`;
  if (bytes >= 1e7) return `${Math.round(bytes / 1e6)} MB`;
  if (bytes >= 1e5) return `${trim((bytes / 1e6).toFixed(1))} MB`;
  if (bytes === 0) return '0 MB';
  return `${Math.max(1, Math.round(bytes / 1e3))} kB`;
}

const trim = (s: string): string => (s.endsWith('.0') ? s.slice(0, -2) : s);

const APT_VALUE_OPTS = ['-o', '-t', '-c', '--option', '--target-release', '--config-file'];

/** An `apt-get install` / `apt install` in a RUN, and what it adds. */
export interface AptInstallStep {
  ins: Instruction;
  use: ToolUse;
  /** The package arguments, `$VAR` words replaced by the ENV/ARG values the Dockerfile sets. */
  names: string[];
  /** Whether apt installs recommended packages here (no `--no-install-recommends`, not configured off). */
  recommends: boolean;
  /**
   * What it adds to the base and every earlier install of the stage chain (undefined: unknown —
   * not a known Debian base, an ONBUILD trigger, or no archive data).
   */
  result: AptInstallResult | undefined;
}

/** What the apt installs of a stage's chain add, in build order. */
export interface AptChain {
  /** undefined: the chain's image is not a known Debian base (every result is then unknown). */
  base: AptImageBase | undefined;
  steps: AptInstallStep[];
}

/** Whether an earlier RUN (or this one) writes `APT::Install-Recommends "false"` to apt's config. */
function recommendsConfiguredOff(model: DockerfileModel): boolean {
  return model.instructions.some(
    (i) => !!i.run && /Install-Recommends\s*"?(false|0)/i.test(model.text.slice(i.start, i.end)),
  );
}

/** Whether this `apt-get install` installs recommended packages (apt's default). */
export function aptInstallsRecommends(model: DockerfileModel, use: ToolUse): boolean {
  if (hasArg(use, '--no-install-recommends')) return false;
  if ([...use.head, ...use.args].some((w) => /APT::Install-Recommends=(false|0)/i.test(w.value)))
    return false;
  return !recommendsConfiguredOff(model);
}

/** `$PKGS` / `${PKGS}` → the words of the value the Dockerfile sets; the word itself otherwise. */
function expandWord(ins: Instruction, word: ShellWord): string[] {
  const m = /^\$(?:\{([A-Za-z_]\w*)\}|([A-Za-z_]\w*))$/.exec(word.value);
  const value = m ? ins.env.get(m[1] ?? m[2]!) : undefined;
  return value === undefined ? [word.value] : value.split(/\s+/).filter(Boolean);
}

/** The `apt-get install` / `apt install` commands of an instruction. */
export function aptInstallUses(ins: Instruction): ToolUse[] {
  const out: ToolUse[] = [];
  for (const cmd of ins.run?.commands ?? []) {
    const u = detectTool(cmd, ins);
    if (u?.tool === 'apt' && u.verb === 'install') out.push(u);
  }
  return out;
}

/** The package arguments of an `apt-get install`, with `$VAR` words expanded where known. */
export function aptInstallNames(use: ToolUse): string[] {
  return positionals(use, APT_VALUE_OPTS).flatMap((w) => expandWord(use.instruction, w));
}

const chains = new WeakMap<Stage, AptChain>();

/**
 * The apt installs of a stage and the stages it is built FROM, each resolved against the base
 * image plus what the installs before it added. Memoised per stage (a new model, new stages).
 */
export function aptChain(model: DockerfileModel, stage: Stage): AptChain {
  let chain = chains.get(stage);
  if (chain) return chain;
  const image = rootImage(stage);
  const base = image === undefined ? undefined : aptImageBase(image);
  const steps: AptInstallStep[] = [];
  const added: string[] = [];
  for (const s of stageChain(stage)) {
    for (const ins of s.instructions) {
      for (const use of aptInstallUses(ins)) {
        const names = aptInstallNames(use);
        const recommends = aptInstallsRecommends(model, use);
        let result: AptInstallResult | undefined;
        if (base && !ins.onbuild) {
          result = cachedResolve(base, added, names, recommends);
          if (result) added.push(...result.added.map((p) => p.name));
        }
        steps.push({ ins, use, names, recommends, result });
      }
    }
  }
  chain = { base, steps };
  chains.set(stage, chain);
  return chain;
}

/** The apt installs of one instruction, resolved in its stage's chain. */
export function aptInstallBytes(model: DockerfileModel, ins: Instruction): AptInstallStep[] {
  return aptChain(model, ins.stage).steps.filter((s) => s.ins === ins);
}

/**
 * What some of an install's packages cost on their own: the bytes the install adds minus what it
 * would add without `names` (dependencies they share with the rest of the install are not
 * counted). For `build-tools-in-final-stage`: the toolchain's share. Undefined when unknown.
 */
export function aptPackagesBytes(
  model: DockerfileModel,
  use: ToolUse,
  names: readonly string[],
): number | undefined {
  const chain = aptChain(model, use.instruction.stage);
  const at = chain.steps.findIndex((s) => s.use === use);
  const step = chain.steps[at];
  if (!step?.result || !chain.base) return undefined;
  const drop = new Set(names);
  const rest = step.names.filter((n) => !drop.has(aptArgumentName(n) ?? n));
  const before = chain.steps.slice(0, at).flatMap((s) => s.result?.added.map((p) => p.name) ?? []);
  const without = cachedResolve(chain.base, before, rest, step.recommends);
  return without ? Math.max(0, step.result.bytes - without.bytes) : undefined;
}

/** Resolutions by base, earlier installs, names and recommends: the same file analysed again. */
const resolved = new Map<string, AptInstallResult | undefined>();

function cachedResolve(
  base: AptImageBase,
  earlier: readonly string[],
  names: readonly string[],
  recommends: boolean,
): AptInstallResult | undefined {
  const key = `${base.baseKey}\n${earlier.join(' ')}\n${names.join(' ')}\n${recommends}`;
  if (resolved.has(key)) return resolved.get(key);
  const set = aptBaseSet(base.baseKey);
  const installed = set ? new Set([...set.packages, ...earlier]) : undefined;
  const result = installed
    ? resolveAptInstall(base.release, installed, names, { recommends })
    : undefined;
  if (resolved.size >= 200) resolved.clear();
  resolved.set(key, result);
  return result;
}

/**
 * Reads the archive data now (≈ 0.1 s once per process) so that the first analysis that needs
 * it does not wait: for a server to call when idle, off the typing path.
 */
export function warmAptData(): void {
  for (const key of APT_BASE_IMAGES) aptBaseSet(key);
}

/** Reads the data file ahead off the main thread, then decodes it: for a server when it starts. */
export async function prefetchAptData(): Promise<void> {
  await prefetchArchive();
  warmAptData();
}
