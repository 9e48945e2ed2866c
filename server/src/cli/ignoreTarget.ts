/** `check` on a `.dockerignore`: the same setup and findings as in the editor. */
import * as path from 'node:path';
import type { ConfigLoader } from '../config/load';
import { lintIgnoreFile } from '../disk/lintIgnoreFile';
import type { AnalysisFlags, Prepared } from './analyze';

export function lintIgnoreTarget(
  p: Prepared,
  flags: AnalysisFlags,
  loader: ConfigLoader | undefined,
  cwd: string,
) {
  const override = flags.context ? path.resolve(cwd, flags.context) : undefined;
  // Standard input stands at --stdin-filename (else in the working folder).
  const abs = p.target.abs ?? path.resolve(cwd, flags.stdinFilename ?? '.dockerignore');
  return lintIgnoreFile(abs, p.text, {
    // --context, then the config's `dockerfiles` entry, then the Dockerfile's folder.
    contextDirFor: (dockerfile) =>
      override ?? loader?.forFile(dockerfile).context ?? path.dirname(dockerfile),
    contextOverride: override,
    rules: p.lintOptions.rules,
  });
}
