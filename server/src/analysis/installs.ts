import type { Instruction } from '../parse/model';
import type { ShellCommand } from '../parse/shell';
import { detectTool, hasArg, NPM_VALUE_OPTIONS, positionals, type ToolUse } from './tools';

/** How a manifest-driven install relates to the sources. */
export interface DependencyInstall {
  use: ToolUse;
  /** Key into MANIFESTS, or the tool when no fix is offered. */
  tool: string;
  /** `-r` files of pip (as written); undefined for tools with a fixed manifest set. */
  requirementFiles?: string[];
  /**
   * `move`: the install reads only the manifests, so the broad COPY can move below it.
   * `prefetch`: the command also needs the sources (go build, poetry install without --no-root):
   * a dependency-only step is inserted before the broad COPY instead.
   * `none`: no safe fix (cargo needs a dummy build; gradle/dotnet/mix manifests vary).
   */
  shape: 'move' | 'prefetch' | 'none';
  /** For `prefetch`: the command to run after copying the manifests. */
  prefetchCommand?: string;
}

function requirementFiles(u: ToolUse): string[] {
  const files: string[] = [];
  const words = u.args;
  for (let i = 0; i < words.length; i++) {
    const v = words[i]!.value;
    if (v === '-r' || v === '--requirement') {
      if (words[i + 1]) files.push(words[i + 1]!.value);
    } else if (v.startsWith('--requirement=')) files.push(v.slice('--requirement='.length));
    else if (/^-r[^-]/.test(v)) files.push(v.slice(2));
  }
  return files;
}

/** Recognises the dependency installs of RULES.md's `copy-all-before-install` row. */
export function dependencyInstall(
  u: ToolUse,
  text: string,
  goModDownloaded: boolean,
  goModInContext: boolean,
): DependencyInstall | undefined {
  const v = u.verb;
  switch (u.tool) {
    case 'pip':
    case 'uv': {
      if (u.tool === 'uv' && v === 'sync') {
        return hasArg(u, '--no-install-project')
          ? { use: u, tool: 'uv', shape: 'move' }
          : {
              use: u,
              tool: 'uv',
              shape: 'prefetch',
              prefetchCommand: `${commandText(u, text)} --no-install-project`,
            };
      }
      if (v !== 'install') return undefined;
      const files = requirementFiles(u);
      return files.length
        ? { use: u, tool: 'pip', requirementFiles: files, shape: 'move' }
        : undefined;
    }
    case 'poetry':
      if (v !== 'install') return undefined;
      return hasArg(u, '--no-root', '--only-root')
        ? { use: u, tool: 'poetry', shape: 'move' }
        : {
            use: u,
            tool: 'poetry',
            shape: 'prefetch',
            prefetchCommand: `${commandText(u, text)} --no-root`,
          };
    case 'pipenv':
      return v === 'install' && positionals(u).length === 0
        ? { use: u, tool: 'pipenv', shape: 'move' }
        : undefined;
    case 'npm':
      if (
        v === 'ci' ||
        ((v === 'install' || v === 'i') && positionals(u, NPM_VALUE_OPTIONS).length === 0)
      ) {
        return { use: u, tool: 'npm', shape: 'move' };
      }
      return undefined;
    case 'yarn':
      return v === '' || v === 'install' ? { use: u, tool: 'yarn', shape: 'move' } : undefined;
    case 'pnpm':
      // `pnpm fetch` reads only the lockfile (then `pnpm install --offline` after the sources).
      return ((v === 'install' || v === 'i') && positionals(u).length === 0) || v === 'fetch'
        ? { use: u, tool: 'pnpm', shape: 'move' }
        : undefined;
    case 'bun':
      return v === 'install' && positionals(u).length === 0
        ? { use: u, tool: 'bun', shape: 'move' }
        : undefined;
    case 'go':
      if (v === 'download') return { use: u, tool: 'go', shape: 'move' };
      if (
        (v === 'build' || v === 'test' || v === 'install') &&
        goModInContext &&
        !goModDownloaded
      ) {
        return { use: u, tool: 'go', shape: 'prefetch', prefetchCommand: 'go mod download' };
      }
      return undefined;
    case 'bundler':
      return v === 'install' ? { use: u, tool: 'bundler', shape: 'move' } : undefined;
    case 'composer':
      return v === 'install' ? { use: u, tool: 'composer', shape: 'move' } : undefined;
    case 'maven': {
      const goals = positionals(u).map((w) => w.value);
      if (goals.includes('dependency:go-offline') || goals.includes('dependency:resolve')) {
        return { use: u, tool: 'maven', shape: 'move' };
      }
      if (goals.some((g) => g === 'package' || g === 'install' || g === 'verify')) {
        const mvn = u.head[0]!.value;
        return {
          use: u,
          tool: 'maven',
          shape: mvn === 'mvn' ? 'prefetch' : 'none',
          prefetchCommand: 'mvn dependency:go-offline',
        };
      }
      return undefined;
    }
    case 'gradle':
      return positionals(u).some((w) => w.value === 'build')
        ? { use: u, tool: 'gradle', shape: 'none' }
        : undefined;
    case 'dotnet':
      return v === 'restore' ? { use: u, tool: 'dotnet', shape: 'none' } : undefined;
    case 'cargo':
      return v === 'build' || v === 'fetch' ? { use: u, tool: 'cargo', shape: 'none' } : undefined;
    case 'mix':
      return v === 'deps.get' ? { use: u, tool: 'mix', shape: 'none' } : undefined;
    default:
      return undefined;
  }
}

/** The command as written, from its program to its last word, on one line. */
function commandText(u: ToolUse, text: string): string {
  const words = u.command.words;
  return text.slice(words[0]!.start, words[words.length - 1]!.end).replace(/\\\r?\n\s*/g, '');
}

/** Commands that only fetch or clean up, so a RUN made of them needs nothing but the manifests. */
export function isDependencyOnlyCommand(cmd: ShellCommand, ins: Instruction): boolean {
  const name = cmd.words[0]?.value.replace(/^.*\//, '') ?? '';
  if (SAFE_COMMANDS.has(name)) return true;
  const u = detectTool(cmd, ins);
  if (!u) return false;
  switch (u.tool) {
    case 'npm':
      return ['ci', 'install', 'i', 'cache', 'config'].includes(u.verb);
    case 'yarn':
      return ['', 'install', 'cache', 'config'].includes(u.verb);
    case 'pnpm':
    case 'bun':
      return ['install', 'i', 'fetch', 'store', 'config'].includes(u.verb);
    case 'pip':
      return (
        u.verb === 'install' &&
        !positionals(u).some((w) => w.value === '.' || w.value.startsWith('./'))
      );
    case 'go':
      return u.verb === 'download' || u.verb === 'verify';
    default:
      return (
        [
          'apt',
          'apk',
          'yum',
          'dnf',
          'microdnf',
          'zypper',
          'bundler',
          'composer',
          'pipenv',
        ].includes(u.tool) ||
        (u.tool === 'maven' && u.verb.startsWith('dependency:')) ||
        (u.tool === 'poetry' && hasArg(u, '--no-root')) ||
        (u.tool === 'uv' && hasArg(u, '--no-install-project'))
      );
  }
}

const SAFE_COMMANDS = new Set([
  'rm',
  'mkdir',
  'echo',
  'true',
  'set',
  'cd',
  'export',
  'chown',
  'chmod',
  'ls',
  'test',
  '[',
]);
