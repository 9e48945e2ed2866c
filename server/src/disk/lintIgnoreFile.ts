/** Lints a `.dockerignore` on disk: finds its build context and Dockerfiles, then runs its rules. */
import type { BuildContext } from '../analysis/context';
import { lintDockerignore, type IgnoreLintResult } from '../engine/lintDockerignore';
import type { RuleSetting } from '../engine/lint';
import { buildModel } from '../parse/model';
import { ignoreFileSetup, type IgnoreSetupOptions } from './ignoreContext';

export interface IgnoreFileLintOptions extends IgnoreSetupOptions {
  rules?: Readonly<Record<string, RuleSetting>>;
  maxChars?: number;
}

export function lintIgnoreFile(
  ignorePath: string,
  text: string,
  options: IgnoreFileLintOptions,
): IgnoreLintResult & { context: BuildContext } {
  const setup = ignoreFileSetup(ignorePath, text, options);
  const result = lintDockerignore(text, {
    context: setup.context,
    dockerfiles: setup.dockerfiles.map((d) => buildModel(d.text)),
    rules: options.rules,
    maxChars: options.maxChars,
  });
  return { ...result, context: setup.context };
}
