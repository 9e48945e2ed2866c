/**
 * Dev containers (`.devcontainer/devcontainer.json`, `.devcontainer/<name>/devcontainer.json`,
 * `.devcontainer.json`): `build.dockerfile`, `build.context` (both relative to the file's folder;
 * the context defaults to it), `build.target`, `build.args`, and the older top-level `dockerFile`
 * and `context`. Their images are development images. A `dockerComposeFile` + `service` names the
 * compose service the dev container runs: that service's builds are development images too.
 */
import * as path from 'node:path';
import type { JsonNode } from '../config/json';
import { parseJsonc, prop, text } from './jsonc';
import { resolveFrom } from './paths';
import { maskedValue } from './secrets';
import type { BuildConfig, ParseHelpers, ParseResult, ProjectProblem } from './types';

export function isDevcontainerFile(file: string): boolean {
  const parts = file.split(/[\\/]/);
  const name = parts[parts.length - 1];
  if (name === '.devcontainer.json') return true;
  if (name !== 'devcontainer.json') return false;
  return parts[parts.length - 2] === '.devcontainer' || parts[parts.length - 3] === '.devcontainer';
}

export function parseDevcontainer(
  file: string,
  source: string,
  helpers: ParseHelpers,
): ParseResult {
  const problems: ProjectProblem[] = [];
  const parsed = parseJsonc(source);
  if (!parsed.ok) {
    problems.push({ file, line: parsed.line, message: `invalid JSON: ${parsed.message}` });
    return { configs: [], problems };
  }
  const root = parsed.node;
  const dir = path.dirname(file);
  // `${localWorkspaceFolder}` is the folder opened in the editor: the workspace root.
  const expand = (s: string): string | undefined => {
    const out = s
      .replace(/\$\{localWorkspaceFolder\}/g, helpers.root)
      .replace(/\$\{localWorkspaceFolderBasename\}/g, path.basename(helpers.root));
    return /\$\{/.test(out) ? undefined : out;
  };
  const developmentServices = composeServices(root, dir, expand);
  const build = prop(root, 'build');
  const buildNode: JsonNode | undefined = build?.value.type === 'object' ? build.value : undefined;
  const dfProp =
    prop(buildNode, 'dockerfile') ??
    prop(buildNode, 'dockerFile') ??
    prop(root, 'dockerFile') ??
    prop(root, 'dockerfile');
  const dockerfileText = text(dfProp?.value);
  if (dockerfileText === undefined) return { configs: [], problems, developmentServices };
  const line = parsed.lines.lineAt((build ?? dfProp)!.keyStart);
  const ctxText =
    text(prop(buildNode, 'context')?.value) ?? text(prop(root, 'context')?.value) ?? '.';
  const ctx = expand(ctxText);
  const df = expand(dockerfileText);
  if (ctx === undefined || df === undefined) {
    problems.push({
      file,
      line,
      message: 'dev container: context or Dockerfile uses a variable not known here; skipped',
    });
    return { configs: [], problems, developmentServices };
  }
  const context = resolveFrom(dir, ctx);
  const config: BuildConfig = {
    source: {
      kind: 'devcontainer',
      file,
      line,
      name: text(prop(root, 'name')?.value) ?? path.basename(dir),
    },
    context,
    dockerfile: resolveFrom(dir, df),
    args: {},
    role: 'development',
  };
  const target = text(prop(buildNode, 'target')?.value);
  if (target) config.target = target;
  const args = prop(buildNode, 'args')?.value;
  if (args?.type === 'object') {
    for (const p of args.props) {
      const v = text(p.value);
      const value = v === undefined ? undefined : expand(v);
      if (value !== undefined) config.args[p.key] = maskedValue(p.key, value);
    }
  }
  return { configs: [config], problems, developmentServices };
}

function composeServices(
  root: JsonNode,
  dir: string,
  expand: (s: string) => string | undefined,
): { composeFile: string; service: string }[] {
  const service = text(prop(root, 'service')?.value);
  const files = prop(root, 'dockerComposeFile')?.value;
  if (!service || !files) return [];
  const list = files.type === 'array' ? files.items.map(text) : [text(files)];
  return list.flatMap((f) => {
    const e = f === undefined ? undefined : expand(f);
    return e === undefined ? [] : [{ composeFile: resolveFrom(dir, e), service }];
  });
}
