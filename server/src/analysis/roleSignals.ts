/**
 * What a stage's own instructions say about the kind of image it makes: does it copy a program
 * in, what does it start, does it run a test runner, does it keep a toolchain. `roles.ts` weighs
 * these into a role.
 */
import type { Instruction, Stage } from '../parse/model';
import { unquote } from '../parse/words';
import { copyInfo } from './copies';
import { isBuildTool, packageInstalls, removedLater } from './packages';
import { baseImage, chainInstructions } from './stages';

/** Words of a stage name or path, split on separators: `e2e-tests` → e2e, tests. */
export function nameWords(text: string | undefined): string[] {
  return (text ?? '')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/** The command the image starts: ENTRYPOINT then CMD, as argv (shell form split on blanks). */
export interface StartCommand {
  entrypoint: string[] | undefined;
  cmd: string[] | undefined;
  /** The instruction that says it (for hovers), the CMD when both are set. */
  instruction: Instruction | undefined;
}

function argvOf(ins: Instruction): string[] {
  if (ins.json) return ins.json;
  return ins.words.map((w) => unquote(w.text));
}

export function startCommand(stage: Stage): StartCommand {
  let entrypoint: Instruction | undefined;
  let cmd: Instruction | undefined;
  for (const ins of chainInstructions(stage)) {
    if (ins.keyword === 'ENTRYPOINT') {
      entrypoint = ins;
      cmd = undefined; // an ENTRYPOINT resets the CMD inherited from a parent stage
    } else if (ins.keyword === 'CMD') cmd = ins;
  }
  return {
    entrypoint: entrypoint && argvOf(entrypoint),
    cmd: cmd && argvOf(cmd),
    instruction: cmd ?? entrypoint,
  };
}

const base = (p: string | undefined): string => (p ?? '').replace(/^.*[\\/]/, '').toLowerCase();

/** Shells and interactive interpreters: what official base images start by default. */
const GENERIC_PROGRAMS = new Set([
  'bash',
  'sh',
  'ash',
  'dash',
  'zsh',
  'fish',
  'pwsh',
  'powershell',
  'powershell.exe',
  'cmd',
  'cmd.exe',
  'python',
  'python2',
  'python3',
  'node',
  'irb',
  'jshell',
  'ghci',
  'iex',
  'erl',
  'julia',
  'r',
  'php',
  'bun',
  'deno',
  'pypy',
  'pypy3',
  'swift',
  'clojure',
  'groovysh',
]);

/** An entrypoint script of the official-image kind: it sets up, then runs the CMD. */
function isWrapperScript(argv0: string | undefined): boolean {
  return /(^|[-_.])entrypoint([-_.]|$)|^(tini|dumb-init|docker-init)$/.test(base(argv0));
}

/**
 * `CMD ["bash"]`, `CMD ["python3"]`, `CMD ["php", "-a"]`, or nothing at all, behind at most a
 * wrapper entrypoint (`docker-entrypoint.sh`, tini): the image starts no program of its own.
 */
export function startsNoProgram(start: StartCommand): boolean {
  const argv = [...(start.entrypoint ?? []), ...(start.cmd ?? [])];
  let i = 0;
  while (i < argv.length && isWrapperScript(argv[i])) {
    i++;
    if (argv[i] === '--') i++;
  }
  const rest = argv.slice(i);
  if (rest.length === 0) return true;
  return GENERIC_PROGRAMS.has(base(rest[0])) && rest.slice(1).every((a) => a.startsWith('-'));
}

/** Files that set an image up without being its program: scripts, configuration, keys. */
const SUPPORT_FILE =
  /\.(sh|bash|ps1|cmd|bat|conf|cfg|ini|list|repo|gpg|asc|key|pem|crt|cert|patch|diff|properties|env|rc)$|(^|[-_.])(entrypoint|healthcheck|init|docker-entrypoint)([-_.]|$)|^(gosu|su-exec|tini|dumb-init)$/i;

/** `ADD rootfs.tar.xz /`: the file system of an OS base image. */
function isRootfs(ins: Instruction, sources: string[], dest: string | undefined): boolean {
  return (
    ins.keyword === 'ADD' &&
    dest === '/' &&
    sources.every((s) => /\.(tar(\.\w+)?|tgz|txz)$/i.test(s) || /^https?:/i.test(s))
  );
}

/**
 * The first COPY/ADD of the stage chain that brings in something other than scripts,
 * configuration or an OS root file system: taken to be the program the image runs.
 */
export function programCopy(stage: Stage): Instruction | undefined {
  for (const ins of chainInstructions(stage)) {
    const info = copyInfo(ins);
    if (!info || info.heredoc) continue;
    const sources = info.sources.map((w) => unquote(w.text));
    const dest = info.dest && unquote(info.dest.text);
    if (sources.length === 0 || isRootfs(ins, sources, dest)) continue;
    if (sources.every((s) => /^https?:/i.test(s) || SUPPORT_FILE.test(base(s)))) continue;
    return ins;
  }
  return undefined;
}

/** Test runners as the program an image starts (argv words, not RUN steps of a build). */
const TEST_RUNNERS = new Set([
  'playwright',
  'cypress',
  'pytest',
  'py.test',
  'jest',
  'vitest',
  'mocha',
  'karma',
  'ava',
  'tap',
  'tox',
  'nox',
  'phpunit',
  'pest',
  'rspec',
  'cucumber',
  'cucumber-js',
  'behave',
  'robot',
  'newman',
  'wdio',
  'testcafe',
  'nightwatch',
  'gotestsum',
  'ginkgo',
]);
/** `go test`, `npm test`, `cargo test`, `dotnet test`, `mvn test`, `npm run test:e2e`. */
const TEST_VERBS = new Set([
  'go',
  'npm',
  'yarn',
  'pnpm',
  'bun',
  'cargo',
  'dotnet',
  'mvn',
  'gradle',
]);

/** The test runner a command line runs, if any. */
export function testRunnerIn(argv: readonly string[]): string | undefined {
  const words = argv.flatMap((a) => a.split(/\s+/)).filter(Boolean);
  for (let i = 0; i < words.length; i++) {
    const w = base(words[i]);
    if (TEST_RUNNERS.has(w) || /^(jest|vitest|playwright|cypress)\b/.test(w)) return w;
    if (TEST_VERBS.has(w)) {
      const next = words[i + 1] === 'run' ? words[i + 2] : words[i + 1];
      if (next && /^(test|tests|e2e)([:-].*)?$/.test(next)) return `${w} ${words[i + 1]}`;
    }
  }
  return undefined;
}

/** Images whose purpose is running browser or API tests. */
const TEST_IMAGE = /(^|\/)(playwright(\/[\w.-]+)?|cypress\/[\w.-]+|selenium\/[\w.-]+)(:|@|$)/i;

export function testBaseImage(stage: Stage): string | undefined {
  const image = baseImage(stage)?.image;
  return image && TEST_IMAGE.test(image) ? image : undefined;
}

/** `npx playwright install --with-deps`, `cypress install`: browsers for tests. */
export function installsTestBrowsers(stage: Stage): Instruction | undefined {
  return chainInstructions(stage).find((ins) =>
    (ins.run?.commands ?? []).some((c) => {
      const v = c.words.map((w) => w.value);
      const i = v.findIndex((w) => /^(playwright(-core)?|cypress)$/.test(base(w)));
      return i >= 0 && /^install(-deps)?$/.test(v[i + 1] ?? '');
    }),
  );
}

/** Downloads or installers that put a whole toolchain in place (not a system package). */
const TOOLCHAIN_SETUP =
  /\b(rustup(-init)?|dotnet-install\.sh|sdkman|get-pip|nvm install|go\d[\d.]*\.linux|gradle-[\d.]+-bin|apache-maven|zig-linux|android-sdk|cmdline-tools|emsdk)\b/;

/**
 * A build tool (compiler, build system, headers) the stage installs and keeps, or a toolchain it
 * sets up by download: the first one found, for evidence.
 */
export function keptToolchain(stage: Stage): string | undefined {
  for (const ins of chainInstructions(stage)) {
    for (const install of packageInstalls(ins)) {
      const kept = install.packages.find((p) => isBuildTool(p.name) && !removedLater(install, p));
      if (kept) return kept.name;
    }
    for (const c of ins.run?.commands ?? []) {
      const m = TOOLCHAIN_SETUP.exec(c.words.map((w) => w.value).join(' '));
      if (m) return m[1]!;
    }
  }
  return undefined;
}
