/**
 * Finds the files that say how images are built, under a workspace root: a bounded walk (skipped
 * folders, depth, entry count, file size, link loops) that reads nothing outside the root.
 */
import * as path from 'node:path';
import { isBakeFileName, parseBake } from './bake';
import { isComposeFileName, parseCompose } from './compose';
import { isDevcontainerFile, parseDevcontainer } from './devcontainer';
import type { ProjectFs } from './fs';
import { isInside } from './paths';
import {
  isMakefileName,
  isShellScriptName,
  parseMakefile,
  parsePackageJson,
  parseShellScript,
} from './scripts';
import type { Parser, ProjectProblem } from './types';
import { isWorkflowFile, parseWorkflow } from './workflow';

export type ConfigFileKind =
  'compose' | 'bake' | 'workflow' | 'devcontainer' | 'package' | 'makefile' | 'shell';

export const PARSERS: Record<ConfigFileKind, Parser> = {
  compose: parseCompose,
  bake: parseBake,
  workflow: parseWorkflow,
  devcontainer: parseDevcontainer,
  package: parsePackageJson,
  makefile: parseMakefile,
  shell: parseShellScript,
};

export interface DiscoveryLimits {
  /** Folder depth below the root (the root's own files are at depth 0). */
  maxDepth: number;
  /** Build scripts (package.json, Makefiles, shell scripts) are looked for this deep only. */
  maxScriptDepth: number;
  /** Directory entries looked at, in all. */
  maxEntries: number;
  maxFileBytes: number;
}

export const DEFAULT_LIMITS: DiscoveryLimits = {
  maxDepth: 6,
  maxScriptDepth: 3,
  maxEntries: 5000,
  maxFileBytes: 1024 * 1024,
};

/** Dependency, VCS, cache and build-output folders: never configuration a build is started from. */
const SKIP_DIRS = new Set([
  '.git',
  '.hg',
  '.svn',
  'node_modules',
  'bower_components',
  'vendor',
  'dist',
  'target',
  '__pycache__',
  '.venv',
  'venv',
  '.tox',
  '.next',
  '.nuxt',
  '.cache',
  'coverage',
  '.terraform',
  '.gradle',
  '.yarn',
  '.pnpm-store',
]);

/** What kind of build configuration a file is, from its path; undefined when it is none. */
export function classify(
  file: string,
  depth = 0,
  limits: DiscoveryLimits = DEFAULT_LIMITS,
): ConfigFileKind | undefined {
  const name = path.basename(file);
  if (isWorkflowFile(file)) return 'workflow';
  if (isDevcontainerFile(file)) return 'devcontainer';
  if (isComposeFileName(name)) return 'compose';
  if (isBakeFileName(name)) return 'bake';
  if (depth > limits.maxScriptDepth) return undefined;
  if (name === 'package.json') return 'package';
  if (isMakefileName(name)) return 'makefile';
  if (isShellScriptName(name)) return 'shell';
  return undefined;
}

export interface DiscoveredFile {
  path: string;
  kind: ConfigFileKind;
}

export interface Discovery {
  files: DiscoveredFile[];
  problems: ProjectProblem[];
}

export function discoverConfigFiles(
  root: string,
  fs: ProjectFs,
  limits: DiscoveryLimits = DEFAULT_LIMITS,
): Discovery {
  const files: DiscoveredFile[] = [];
  const problems: ProjectProblem[] = [];
  const realRoot = fs.realpath(root) ?? root;
  const visited = new Set<string>([realRoot]);
  let entries = 0;
  let stopped = false;
  const walk = (dir: string, real: string, depth: number): void => {
    const list = fs.readdir(dir);
    if (!list) return;
    list.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of list) {
      if (++entries > limits.maxEntries) {
        if (!stopped)
          problems.push({
            file: root,
            message: `stopped looking for build files after ${limits.maxEntries} entries`,
          });
        stopped = true;
        return;
      }
      const p = path.join(dir, e.name);
      let kind = e.kind;
      let realPath = path.join(real, e.name);
      if (kind === 'symlink') {
        const target = fs.realpath(p);
        if (target === undefined) {
          if (fs.stat(p) === undefined && !e.name.startsWith('.'))
            problems.push({ file: p, message: 'link that loops or points nowhere; skipped' });
          continue;
        }
        if (!isInside(realRoot, target)) continue;
        realPath = target;
        kind = fs.stat(p)?.kind ?? 'other';
      }
      if (kind === 'dir') {
        if (SKIP_DIRS.has(e.name) || depth + 1 > limits.maxDepth) continue;
        if (visited.has(realPath)) {
          if (isInside(realPath, real))
            problems.push({ file: p, message: 'symlink loop; skipped' });
          continue;
        }
        visited.add(realPath);
        walk(p, realPath, depth + 1);
        if (stopped) return;
        continue;
      }
      if (kind !== 'file') continue;
      const fileKind = classify(p, depth, limits);
      if (!fileKind) continue;
      const size = fs.stat(p)?.size ?? 0;
      if (size > limits.maxFileBytes) {
        problems.push({
          file: p,
          message: `larger than ${Math.round(limits.maxFileBytes / 1024)} KB; skipped`,
        });
        continue;
      }
      files.push({ path: p, kind: fileKind });
    }
  };
  walk(root, realRoot, 0);
  return { files, problems };
}
