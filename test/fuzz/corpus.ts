/**
 * The seed corpus: every Dockerfile under test/fixtures, with its folder as the build context.
 * Read at run time, so fixtures other people add are fuzzed too.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { contextFromList, type BuildContext } from '../../server/src/analysis/context';

/** The repository root: found from this file (compiled tests) or from the working directory (bundles). */
export function repoRoot(): string {
  for (const start of [__dirname, process.cwd()]) {
    let dir = start;
    for (;;) {
      const pkg = path.join(dir, 'package.json');
      if (fs.existsSync(pkg) && fs.existsSync(path.join(dir, 'test', 'fixtures'))) {
        try {
          if ((JSON.parse(fs.readFileSync(pkg, 'utf8')) as { name?: string }).name === 'layerwise')
            return dir;
        } catch {
          // not ours: keep walking up
        }
      }
      const up = path.dirname(dir);
      if (up === dir) break;
      dir = up;
    }
  }
  throw new Error('cannot find the layerwise repository root');
}

export interface Fixture {
  /** Path relative to the repository, for messages. */
  name: string;
  text: string;
  context: BuildContext;
  /** Files of the context folder, relative to it. */
  files: string[];
  /** The folder's .dockerignore, if any. */
  ignoreText: string | undefined;
}

function isDockerfileName(name: string): boolean {
  const n = name.toLowerCase();
  if (n.endsWith('.dockerignore')) return false;
  return n === 'dockerfile' || n.startsWith('dockerfile.') || n.endsWith('.dockerfile');
}

function walk(dir: string, rel = ''): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(r, ...walk(path.join(dir, e.name), r));
    else out.push(r);
  }
  return out;
}

let cached: Fixture[] | undefined;

/** Every Dockerfile of test/fixtures (sorted by path, so runs are reproducible). */
export function fixtures(): Fixture[] {
  if (cached) return cached;
  const root = path.join(repoRoot(), 'test', 'fixtures');
  const found: Fixture[] = [];
  for (const rel of walk(root).sort()) {
    if (!isDockerfileName(path.basename(rel))) continue;
    const file = path.join(root, rel);
    if (!fs.statSync(file).isFile()) continue;
    const dir = path.dirname(file);
    const files = walk(dir);
    const ignorePath = path.join(dir, '.dockerignore');
    const ignore = fs.existsSync(ignorePath)
      ? { path: '/ctx/.dockerignore', text: fs.readFileSync(ignorePath, 'utf8') }
      : undefined;
    found.push({
      name: `test/fixtures/${rel}`,
      text: fs.readFileSync(file, 'utf8'),
      context: contextFromList('/ctx', files, ignore),
      files,
      ignoreText: ignore?.text,
    });
  }
  cached = found;
  return found;
}
