import * as path from 'node:path';
import { REPO } from '../../helpers/lspClient';
import type { BuildConfig, ParseResult } from '../../../server/src/project/types';

export const FIXTURES = path.join(REPO, 'test', 'fixtures', 'project');

/** A configuration with paths relative to `root`, for compact expectations. */
export function brief(c: BuildConfig, root: string): Record<string, unknown> {
  const rel = (p: string): string => path.relative(root, p).split(path.sep).join('/') || '.';
  const out: Record<string, unknown> = {
    line: c.source.line,
    name: c.source.name,
    context: rel(c.context),
    dockerfile: rel(c.dockerfile),
    role: c.role,
  };
  if (c.target !== undefined) out['target'] = c.target;
  if (Object.keys(c.args).length) out['args'] = c.args;
  if (c.platforms) out['platforms'] = c.platforms;
  if (c.additionalContexts)
    out['contexts'] = Object.fromEntries(
      Object.entries(c.additionalContexts).map(([k, v]) => [k, path.isAbsolute(v) ? rel(v) : v]),
    );
  return out;
}

export function briefAll(r: ParseResult, root: string): Record<string, unknown>[] {
  return r.configs.map((c) => brief(c, root));
}

export const messages = (r: { problems: { message: string }[] }): string[] =>
  r.problems.map((p) => p.message);
