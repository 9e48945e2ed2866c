import { detectTool } from '../../analysis/tools';
import type { Instruction } from '../../parse/model';

/** Package managers and the verbs that install packages (`yarn` alone installs too). */
export const INSTALLERS: Readonly<Record<string, readonly string[]>> = {
  apt: ['install'],
  apk: ['add'],
  pip: ['install'],
  uv: ['install', 'sync', 'add'],
  poetry: ['install'],
  pipenv: ['install'],
  conda: ['install', 'create'],
  mamba: ['install', 'create'],
  npm: ['ci', 'install', 'i'],
  yarn: ['', 'install', 'add'],
  pnpm: ['install', 'i', 'add'],
  bun: ['install', 'add'],
  yum: ['install'],
  dnf: ['install'],
  microdnf: ['install'],
  zypper: ['install', 'in'],
  bundler: ['install'],
  composer: ['install', 'require'],
  go: ['install', 'build'],
  cargo: ['install', 'build'],
};

/** Whether a RUN installs packages (or compiles): an expensive step when it re-runs. */
export function installsPackages(ins: Instruction): boolean {
  return (ins.run?.commands ?? []).some((cmd) => {
    const use = detectTool(cmd, ins);
    return !!use && !!INSTALLERS[use.tool]?.includes(use.verb);
  });
}
