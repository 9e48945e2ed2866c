import { appendCommandFix, uncleanedInstalls } from '../analysis/cacheCleanup';
import { cacheTargets, covers } from '../analysis/cacheMounts';
import { commandName, operands } from '../analysis/commands';
import { isUnshippedBuilder, shippedStages } from '../analysis/copies';
import type { ToolUse } from '../analysis/tools';
import type { ShellCommand } from '../parse/shell';
import type { DockerfileRule } from './types';

const RPM = new Set(['yum', 'dnf', 'microdnf']);
/** Subcommands that download metadata and packages (dnf's `in` alias and upgrades included). */
const DNF_INSTALLS = ['install', 'in', 'groupinstall', 'localinstall', 'reinstall', 'update'];
const INSTALL_VERBS: Record<string, readonly string[]> = {
  yum: ['install', 'groupinstall', 'localinstall', 'reinstall', 'update', 'upgrade'],
  dnf: [...DNF_INSTALLS, 'upgrade', 'upgrade-minimal', 'distro-sync'],
  microdnf: ['install', 'reinstall', 'update', 'upgrade'],
  zypper: ['install', 'in', 'update', 'up', 'dist-upgrade', 'dup'],
};

/**
 * Where each tool keeps repository metadata and packages: yum and dnf share RHEL 8+'s dnf, and
 * dnf5 (Fedora 41+, where `dnf` and `microdnf` may be dnf5) uses /var/cache/libdnf5.
 */
const RPM_DIRS = ['/var/cache/dnf', '/var/cache/yum', '/var/cache/libdnf5'];
const CACHE_DIRS: Record<string, readonly string[]> = {
  yum: RPM_DIRS,
  dnf: RPM_DIRS,
  microdnf: RPM_DIRS,
  zypper: ['/var/cache/zypp'],
};

const CLEAN_COMMAND: Record<string, string> = {
  yum: 'yum clean all',
  dnf: 'dnf clean all',
  microdnf: 'microdnf clean all',
  zypper: 'zypper clean --all',
};

function isInstall(u: ToolUse | undefined): u is ToolUse {
  return !!u && (INSTALL_VERBS[u.tool]?.includes(u.verb) ?? false);
}

/** `yum clean all` (any of the rpm tools), `zypper clean`/`cc`, or `rm` of the cache directory. */
function cleans(cmd: ShellCommand, u: ToolUse | undefined, tool: string): boolean {
  if (u && RPM.has(tool) && RPM.has(u.tool) && u.verb === 'clean') {
    return u.args.some((w) => w.value === 'all' || w.value === 'packages');
  }
  if (u && tool === 'zypper' && u.tool === 'zypper') return u.verb === 'clean' || u.verb === 'cc';
  if (commandName(cmd) !== 'rm') return false;
  const dirs = CACHE_DIRS[tool]!;
  return operands(cmd).some((w) => dirs.includes(w.value.replace(/\/\*?$/, '')));
}

export const rule: DockerfileRule = {
  meta: {
    id: 'pkg-cache-not-cleaned',
    category: 'size',
    severity: 'warning',
    appliesTo: 'dockerfile',
    platforms: ['linux'],
    fixable: true,
    aliases: [
      'hadolint DL3032',
      'hadolint DL3040',
      'hadolint DL3036',
      'Trivy DS-0015',
      'Trivy DS-0019',
      'Trivy DS-0020',
      'Trivy DS-0027',
    ],
    docs: {
      summary:
        '`yum`, `dnf`, `microdnf` or `zypper` installs packages without cleaning the package cache in the same RUN.',
      why: 'These package managers download repository metadata (and, depending on `keepcache`, the packages) into `/var/cache/yum`, `/var/cache/dnf`, `/var/cache/libdnf5` (dnf5) or `/var/cache/zypp`. None of it is used at run time, yet it ships in the layer. Cleaning in a later RUN does not shrink the image: the bytes stay in the earlier layer.',
      before: 'FROM rockylinux:9\nRUN dnf install -y nginx\n',
      after: 'FROM rockylinux:9\nRUN dnf install -y nginx && dnf clean all\n',
      fix: '**Append the clean command** adds `yum clean all`, `dnf clean all`, `microdnf clean all` or `zypper clean --all` (matching the install) at the end of the same RUN, following its layout (a new `&&` continuation line, or a new line in a heredoc script). Safe: only caches are removed. Not offered for exec-form RUNs. Installs and upgrades count (`dnf in`, `dnf upgrade`, `upgrade-minimal`, `microdnf install`, `zypper up`); a clean that runs before the install does not (the install fills the cache again). A cache or tmpfs mount on the cache directory also satisfies the rule. In a builder stage that is not shipped, the finding is information only.',
    },
  },
  check({ model, report }) {
    const shipped = shippedStages(model);
    for (const ins of model.instructions) {
      if (!ins.run) continue;
      const uncleaned = uncleanedInstalls(
        ins,
        isInstall,
        (u) => CACHE_DIRS[u.tool]!.some((d) => covers(cacheTargets(ins), d)),
        cleans,
      );
      for (const use of uncleaned) {
        const clean = CLEAN_COMMAND[use.tool]!;
        const builder = isUnshippedBuilder(ins.stage, shipped);
        report({
          message: `\`${use.head[0]!.value} ${use.verb}\` leaves the package cache in this layer: end the same RUN with \`${clean}\`.`,
          start: use.head[0]!.start,
          end: use.verbWord!.end,
          severity: builder ? 'info' : undefined,
          fixes: appendCommandFix(model, ins, clean),
        });
      }
    }
  },
};
