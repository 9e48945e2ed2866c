/** The `layerwise.buildContexts` setting: Dockerfile path pattern → build context folder. */
import * as path from 'node:path';
import { compileGlob } from '../config/glob';

function inside(dir: string, file: string): boolean {
  const rel = path.relative(dir, file);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

/**
 * The context folder the setting gives a Dockerfile, if any. Patterns and folders are relative to
 * the workspace folder holding the Dockerfile (its own folder outside any workspace folder);
 * `${workspaceFolder}` in a value stands for that folder. The first matching pattern wins.
 */
export function contextFromSetting(
  dockerfile: string,
  map: Readonly<Record<string, string>>,
  workspaceFolders: readonly string[],
): string | undefined {
  const entries = Object.entries(map);
  if (entries.length === 0) return undefined;
  const base =
    workspaceFolders.filter((f) => inside(f, dockerfile)).sort((a, b) => b.length - a.length)[0] ??
    path.dirname(dockerfile);
  const rel = path.relative(base, dockerfile).split(path.sep).join('/');
  for (const [pattern, folder] of entries) {
    if (!compileGlob(pattern).matches(rel)) continue;
    return path.resolve(base, folder.split('${workspaceFolder}').join(base));
  }
  return undefined;
}
