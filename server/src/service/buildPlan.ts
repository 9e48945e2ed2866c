/**
 * How a Dockerfile is built, for its analysis: the user's settings first, then the build
 * configurations the workspace holds (compose, bake, CI workflows, dev containers, scripts), then a
 * context inferred from where its COPY sources are, then its own folder (project/resolve.ts has the
 * order). The first build in that order is the one analysed — its context, ignore file and target;
 * every build's target counts as used, and the image is a development image only when every build
 * of it is one.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { BuildFacts } from '../analysis/buildFacts';
import type { RoleFacts } from '../analysis/roles';
import {
  confinedProjectFs,
  effectiveBuilds,
  inferContext,
  type EffectiveBuild,
  type ProjectFs,
} from '../project';
import type { Fix } from '../rules/types';
import type { FileSettings, ProjectHost } from './types';

export interface BuildPlan {
  /** Every build of the Dockerfile, in the documented order (at least one). */
  builds: EffectiveBuild[];
  /** The build analysed: the first one. */
  chosen: EffectiveBuild;
  facts: BuildFacts;
  roleFacts: RoleFacts;
  /** One line saying how the analysed build was chosen (FROM hover and lens). */
  description: string;
  /** The workspace folder holding the Dockerfile, when known. */
  root?: string;
}

const MAX_DOCKERFILE_BYTES = 1024 * 1024;

/** Where the COPY sources are, asked without leaving the workspace (links are not followed out). */
function inferFrom(dockerfile: string, root: string, host: ProjectHost, text: string | undefined) {
  const disk = confinedProjectFs(root);
  const open = (p: string) => host.overlay?.(p);
  const own = text ?? open(dockerfile) ?? readSmall(disk, dockerfile);
  if (own === undefined) return undefined;
  return inferContext(dockerfile, own, root, (p) => open(p) !== undefined || !!disk.stat(p));
}

function readSmall(disk: ProjectFs, p: string): string | undefined {
  const st = disk.stat(p);
  return st?.kind === 'file' && st.size <= MAX_DOCKERFILE_BYTES ? disk.readFile(p) : undefined;
}

export function planBuilds(
  dockerfile: string,
  settings: Pick<FileSettings, 'target' | 'role'>,
  host: ProjectHost,
  text?: string,
): BuildPlan {
  const explicit = { context: host.explicitContext(dockerfile), target: settings.target };
  const discovered = host.discovered?.(dockerfile) ?? [];
  const root = host.workspaceRoot?.(dockerfile);
  const infer = () => (root ? inferFrom(dockerfile, root, host, text) : undefined);
  const builds = effectiveBuilds(dockerfile, explicit, discovered, infer);
  const chosen = builds[0]!;
  const targets = new Set<string>();
  const args = new Map<string, string[]>();
  for (const b of builds) {
    if (b.target) targets.add(b.target.toLowerCase());
    for (const [k, v] of Object.entries(b.args)) args.set(k, [...(args.get(k) ?? []), v]);
  }
  const development = builds.every((b) => b.role === 'development');
  const roleFacts: RoleFacts = {
    buildRole: development ? 'development' : 'shipped',
    ...(chosen.config ? { buildSource: describeSource(chosen, root) } : {}),
    ...(settings.role ? { configRole: settings.role } : {}),
  };
  const plan = {
    builds,
    chosen,
    facts: { targets, args },
    roleFacts,
    description: '',
    ...(root ? { root } : {}),
  };
  plan.description = describeBuild(plan, dockerfile, root);
  return plan;
}

/** `compose.yaml › api` (relative to the workspace root). */
export function describeSource(build: EffectiveBuild, root: string | undefined): string {
  const c = build.config;
  if (!c) return '';
  const file = root
    ? path.relative(root, c.source.file) || path.basename(c.source.file)
    : path.basename(c.source.file);
  return c.source.name ? `${file} › ${c.source.name}` : `${file}:${c.source.line}`;
}

/** One line saying how the analysed build was chosen, for the FROM hover and lens. */
export function describeBuild(
  plan: BuildPlan,
  dockerfile: string,
  root: string | undefined,
): string {
  const b = plan.chosen;
  const rel = (p: string) => {
    const r = path.relative(path.dirname(dockerfile), p);
    return r === '' ? '.' : r;
  };
  const target = b.target ? `, target \`${b.target}\`` : '';
  const more =
    plan.builds.length > 1
      ? ` (and ${plan.builds.length - 1} other build${plan.builds.length > 2 ? 's' : ''})`
      : '';
  switch (b.origin) {
    case 'discovered':
      return `Built by ${describeSource(b, root)}: context \`${rel(b.context)}\`${target}${more}`;
    case 'explicit':
      return `Built with your settings: context \`${rel(b.context)}\`${target}${b.config ? `, over ${describeSource(b, root)}` : ''}${more}`;
    case 'inferred':
      return `Build context inferred: \`${rel(b.context)}\` (${b.inference!.found} of ${b.inference!.total} COPY sources are there, not here); no compose, bake, CI or script build names this Dockerfile — set it in .layerwise.json`;
    default:
      return `Build context assumed: this folder${target}; no compose, bake, CI or script build names this Dockerfile`;
  }
}

/** The build context folder a Dockerfile is analysed with (of its first build). */
export function contextDirOf(dockerfile: string, host: ProjectHost): string {
  return planBuilds(dockerfile, {}, host).chosen.context;
}

/**
 * "Record the build context in .layerwise.json": when no configuration named how the Dockerfile is
 * built (the context was inferred or assumed), a config file at the workspace root that says so —
 * offered only where none exists yet (editing one is the user's).
 */
export function recordContextFix(plan: BuildPlan, dockerfile: string): Fix | undefined {
  const b = plan.chosen;
  if (!plan.root || (b.origin !== 'inferred' && b.origin !== 'default')) return undefined;
  const config = path.join(plan.root, '.layerwise.json');
  if (fs.existsSync(config)) return undefined;
  const rel = (p: string) => path.relative(plan.root!, p).split(path.sep).join('/') || '.';
  const entry = { context: rel(b.context) };
  const text = `${JSON.stringify({ dockerfiles: { [rel(dockerfile)]: entry } }, null, 2)}\n`;
  return {
    title: `Record the build context \`${entry.context}\` in .layerwise.json`,
    safety: 'suggestion',
    kind: 'refactor.rewrite',
    edits: [],
    files: [{ path: config, create: text }],
  };
}
