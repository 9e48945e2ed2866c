import * as fs from 'node:fs';
import * as path from 'node:path';
import { isDockerfileName, isIgnoreFileName } from '../parse/fileKind';

export { isDockerfileName, isIgnoreFileName };

/**
 * Folders the scan does not enter: VCS data, installed and vendored third-party code, and test
 * data (parser fixtures are deliberately odd Dockerfiles no build uses). Named explicitly, any file
 * is still analysed.
 */
const SKIP_DIRS = new Set([
  '.git',
  'node_modules',
  'vendor',
  'testdata',
  'testfiles',
  '__fixtures__',
]);

/** Names that only look like variants: documentation, templates, backups. */
const NOT_DOCKERFILE =
  /\.(md|txt|json|ya?ml|j2|jinja2?|tpl|tmpl|template|sh|bak|orig|swp|rej|patch|go|py|js|ts|rs|java|rb|c|h|cc|cpp|cs|php|pl|toml|xml|html|mod|sum)$/i;

/**
 * What the folder scan analyses: the names every tool knows, plus variants projects use for one
 * folder's several builds (`Dockerfile-dev`, `Dockerfile_prod`, `Containerfile-ci`).
 */
export function isScannedDockerfileName(name: string): boolean {
  if (isDockerfileName(name))
    return !NOT_DOCKERFILE.test(name) || /^(docker|container)file$/i.test(name);
  if (isIgnoreFileName(name)) return false;
  // `Dockerfile-dev`, `Dockerfile_prod`: a suffix without an extension (`dockerfile_test.go` is
  // source code).
  return /^(docker|container)file[-_][^/.]+$/i.test(name);
}

/**
 * Files to analyse under a folder, sorted, without following symlinks. `skip` prunes files and
 * folders (the config's `ignore` patterns).
 */
export function discover(dir: string, skip?: (entryPath: string) => boolean): string[] {
  const found: string[] = [];
  const walk = (d: string): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) {
        if (!SKIP_DIRS.has(e.name) && !skip?.(p)) walk(p);
      } else if (
        e.isFile() &&
        (isScannedDockerfileName(e.name) || isIgnoreFileName(e.name)) &&
        !skip?.(p)
      ) {
        found.push(p);
      }
    }
  };
  walk(dir);
  return found.sort();
}
