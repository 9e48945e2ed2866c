/**
 * `single-stage-build`: recognising a final stage that both builds and runs, and the
 * **Convert to a multi-stage build** refactor. The builder is today's file, untouched apart from
 * `AS builder` (and, for Node, a prune of dev dependencies after the build); a runtime stage chosen
 * by ecosystem is appended. Every original line, comment and directive stays where it was.
 */
import type { DockerfileModel, Instruction, Stage } from '../parse/model';
import type { ShellCommand } from '../parse/shell';
import { unquote } from '../parse/words';
import { copyInfo, ownInstructions, resolvePath } from './copies';
import { insert } from './edits';
import { cgoSetting, goBuilds, linksStatically, outputOf, setCgoDisabledEdit } from './golang';
import { isBuildTool, packageInstalls, removedLater } from './packages';
import { baseImage, chainInstructions, lastStage, runUser, type BaseImage } from './stages';
import { basename, detectTool, positionals, toolUses, type ToolUse } from './tools';
import type { DeclaredChange, Edit, Fix } from '../rules/types';

export type Ecosystem = 'go' | 'rust' | 'java' | 'dotnet' | 'node' | 'python' | 'native';

export interface SingleStageBuild {
  stage: Stage;
  ecosystem: Ecosystem;
  base: BaseImage;
  /** The command that builds (for the message). */
  build: ShellCommand;
  buildIns: Instruction;
  /** Build tools installed and kept in the stage, if any. */
  tools: string[];
}

const JDK_REPOS = new Set(['eclipse-temurin', 'openjdk', 'amazoncorretto', 'sapmachine']);
const NATIVE = new Set(['make', 'cmake', 'ninja', 'gcc', 'g++', 'cc', 'c++', 'clang', 'configure']);

/** The ecosystem a RUN command builds for, if it is a build command. */
function buildKind(
  cmd: ShellCommand,
  ins: Instruction,
): Ecosystem | 'pip' | 'npm-install' | undefined {
  const use = detectTool(cmd, ins);
  if (use) return toolBuildKind(use);
  const argv0 = basename(cmd.words[0]);
  if (NATIVE.has(argv0)) return 'native';
  return undefined;
}

function toolBuildKind(use: ToolUse): Ecosystem | 'pip' | 'npm-install' | undefined {
  const v = use.verb;
  const script = positionals(use)[0]?.value ?? '';
  switch (use.tool) {
    case 'go':
      return v === 'build' || v === 'install' ? 'go' : undefined;
    case 'cargo':
      return v === 'build' || v === 'install' ? 'rust' : undefined;
    case 'maven':
      return positionals(use).some((w) => ['package', 'install', 'verify'].includes(w.value)) ||
        ['package', 'install', 'verify'].includes(v)
        ? 'java'
        : undefined;
    case 'gradle':
      return [v, ...positionals(use).map((w) => w.value)].some((g) =>
        /^(build|assemble|bootJar|shadowJar|installDist|jar)$/.test(g),
      )
        ? 'java'
        : undefined;
    case 'dotnet':
      return v === 'publish' || v === 'build' ? 'dotnet' : undefined;
    case 'npm':
    case 'pnpm':
    case 'bun':
    case 'yarn':
      if ((v === 'run' || v === 'run-script') && /^build/.test(script)) return 'node';
      if ((use.tool === 'yarn' || use.tool === 'pnpm') && /^build/.test(v)) return 'node';
      if (v === 'ci' || v === 'install' || v === 'i' || (use.tool === 'yarn' && v === ''))
        return 'npm-install';
      return undefined;
    case 'pip':
    case 'uv':
    case 'poetry':
      return v === 'install' || v === 'sync' ? 'pip' : undefined;
    default:
      return undefined;
  }
}

function isJdk(base: BaseImage): boolean {
  const repo = base.ref?.repository ?? '';
  if (repo === 'maven' || repo === 'gradle') return true;
  return JDK_REPOS.has(repo) && !/jre/i.test(base.ref?.tag ?? '');
}

/** RULES.md `single-stage-build`: the last stage is a toolchain image (or installs build tools) and builds. */
export function detectSingleStageBuild(model: DockerfileModel): SingleStageBuild | undefined {
  let found = detected.get(model);
  if (found === undefined) {
    found = detect(model) ?? null;
    detected.set(model, found);
  }
  return found ?? undefined;
}

/** Two rules ask (single-stage-build and build-tools-in-final-stage): once per model. */
const detected = new WeakMap<DockerfileModel, SingleStageBuild | null>();

function detect(model: DockerfileModel): SingleStageBuild | undefined {
  const stage = model.finalStage;
  if (!stage?.from || stage !== lastStage(model)) return undefined;
  const base = baseImage(stage);
  if (!base?.ref || base.scratch || base.info?.variant === 'windows') return undefined;
  const chain = chainInstructions(stage);
  if (!chain.some((i) => i.keyword === 'CMD' || i.keyword === 'ENTRYPOINT')) return undefined;
  const tools: string[] = [];
  for (const ins of chain) {
    for (const install of packageInstalls(ins)) {
      for (const p of install.packages)
        if (isBuildTool(p.name) && p.name !== 'git' && !removedLater(install, p))
          tools.push(p.name);
    }
  }
  const repo = base.ref.repository;
  const family = base.info?.family ?? repo;
  const found = (ecosystem: Ecosystem, cmd: ShellCommand, ins: Instruction): SingleStageBuild => ({
    stage,
    ecosystem,
    base,
    build: cmd,
    buildIns: ins,
    tools: [...new Set(tools)],
  });
  let fallback: SingleStageBuild | undefined;
  for (const ins of chain) {
    for (const cmd of ins.run?.commands ?? []) {
      const kind = buildKind(cmd, ins);
      if (!kind) continue;
      if (kind === 'go' && family === 'golang') return found('go', cmd, ins);
      if (kind === 'rust' && family === 'rust') return found('rust', cmd, ins);
      if (kind === 'java' && isJdk(base)) return found('java', cmd, ins);
      if (kind === 'dotnet' && repo === 'mcr.microsoft.com/dotnet/sdk')
        return found('dotnet', cmd, ins);
      if (kind === 'node' && family === 'node') return found('node', cmd, ins);
      // With compilers installed, installs that compile native code count as builds too.
      if (tools.length === 0 || fallback) continue;
      if (family === 'python' && kind === 'pip') fallback = found('python', cmd, ins);
      else if (family === 'node' && kind === 'npm-install') fallback = found('node', cmd, ins);
      else if (kind === 'native' || kind === 'go' || kind === 'rust')
        fallback = found('native', cmd, ins);
    }
  }
  return fallback;
}

// ---------------------------------------------------------------------------------------------
// The refactor

interface Runtime {
  lines: string[];
  /** Extra edits in the builder (CGO_ENABLED=0, npm prune). */
  edits: Edit[];
  /** What the builder edits change in its RUNs (see DeclaredChange). */
  changes?: DeclaredChange[];
}

/** `CMD`/`ENTRYPOINT` in effect at the end of the stage chain (the last of each). */
function startup(chain: Instruction[]): { cmd?: Instruction; entrypoint?: Instruction } {
  const out: { cmd?: Instruction; entrypoint?: Instruction } = {};
  for (const i of chain) {
    if (i.keyword === 'CMD') out.cmd = i;
    if (i.keyword === 'ENTRYPOINT') out.entrypoint = i;
  }
  return out;
}

/** argv of a CMD/ENTRYPOINT: the exec-form array, or shell words without shell syntax. */
function argvOf(ins: Instruction): string[] | undefined {
  if (ins.json) return ins.json;
  const words = ins.words.map((w) => w.text);
  if (words.some((w) => /[$&|;<>()`'"*?\\]/.test(w))) return undefined;
  return words;
}

function lastSegment(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

function textOf(model: DockerfileModel, ins: Instruction): string {
  return model.text.slice(ins.start, ins.end);
}

/** EXPOSE lines of the builder, which describe the program, not the build. */
function exposeLines(model: DockerfileModel, chain: Instruction[]): string[] {
  return chain.filter((i) => i.keyword === 'EXPOSE').map((i) => textOf(model, i));
}

/**
 * ENV lines that configure the program: no references to build-time variables (`$PATH` aside)
 * and no names the build alone needs.
 */
function envLines(
  model: DockerfileModel,
  chain: Instruction[],
  buildOnly: (name: string) => boolean,
): string[] {
  return chain
    .filter((i) => i.keyword === 'ENV' && !i.properties.some((p) => buildOnly(p.name)))
    .map((i) => textOf(model, i))
    .filter((t) => !/\$(?!\{?PATH\b)/.test(t));
}

function goRuntime(
  model: DockerfileModel,
  found: SingleStageBuild,
  builder: string,
): Runtime | undefined {
  const chain = chainInstructions(found.stage);
  const { cmd, entrypoint } = startup(chain);
  const uses = goBuilds(chain);
  // The build whose output the container starts, else the last one.
  const start = entrypoint ?? cmd;
  const argv = start ? argvOf(start) : undefined;
  if (!start || !argv || argv.length === 0) return undefined;
  const program = argv[0]!;
  const binaryOf = (u: ToolUse): string | undefined => {
    const out = outputOf(u);
    if (out !== undefined) {
      const path = resolvePath(u.instruction.workdir, unquote(out));
      return out.endsWith('/') ? resolvePath(path, lastSegment(program)) : path;
    }
    if (u.verb === 'install' && !program.includes('/')) return `/go/bin/${program}`;
    return undefined;
  };
  const runs = (path: string) =>
    program.includes('/')
      ? resolvePath(start.workdir, program) === path
      : lastSegment(path) === program;
  const use = uses
    .filter((u) => {
      const b = binaryOf(u);
      return b !== undefined && runs(b);
    })
    .at(-1);
  const binary = use
    ? binaryOf(use)
    : program.includes('/')
      ? resolvePath(start.workdir, program)
      : undefined;
  if (!binary) return undefined;
  const build = use ?? uses.at(-1);
  if (!build) return undefined;
  const edits: Edit[] = [];
  // distroless/static has no libc: the binary must be static.
  if (cgoSetting(build, build.instruction.stage) !== '0' && !linksStatically(build)) {
    const edit = setCgoDisabledEdit(build);
    if (!edit) return undefined;
    edits.push(edit);
  }
  const target = `/${lastSegment(binary)}`;
  const swap = (args: string[], replace: boolean) =>
    JSON.stringify(replace && args[0] === program ? [target, ...args.slice(1)] : args).replace(
      /","/g,
      '", "',
    );
  const lines = [
    'FROM gcr.io/distroless/static:nonroot',
    `COPY --from=${builder} ${binary} ${target}`,
    ...envLines(model, chain, (n) => /^(GO|CGO_)|^PATH$/.test(n)),
    ...exposeLines(model, chain),
    'USER nonroot:nonroot',
  ];
  const entryArgv = entrypoint ? argvOf(entrypoint) : undefined;
  const cmdArgv = cmd ? argvOf(cmd) : undefined;
  if (entrypoint && !entryArgv) return undefined;
  if (entryArgv) lines.push(`ENTRYPOINT ${swap(entryArgv, true)}`);
  if (cmd) {
    if (!cmdArgv) return undefined;
    lines.push(`CMD ${swap(cmdArgv, !entrypoint)}`);
  }
  const changes: DeclaredChange[] = edits.length
    ? [{ kind: 'sets-variable', command: 'go', assignment: 'CGO_ENABLED=0' }]
    : [];
  return { lines, edits, changes };
}

/** The runtime variant of the builder's image: itself when already slim or Alpine. */
function runtimeImage(base: BaseImage, imageText: string): string | undefined {
  const info = base.info;
  if (!info) return undefined;
  if (info.variant === 'slim' || info.variant === 'alpine') return imageText;
  if (info.variant !== 'full' || !info.slimRef) return undefined;
  if (imageText === base.image) return info.slimRef;
  // ARG-built (`node:${NODE_VERSION}`): global ARGs work in every FROM, so keep the reference.
  return info.slimRef === `${base.image}-slim` ? `${imageText}-slim` : undefined;
}

function nodeRuntime(
  model: DockerfileModel,
  found: SingleStageBuild,
  builder: string,
): Runtime | undefined {
  const chain = chainInstructions(found.stage);
  const build = detectTool(found.build, found.buildIns);
  if (!build || toolBuildKind(build) !== 'node') return undefined;
  const prune =
    build.tool === 'npm'
      ? 'npm prune --omit=dev'
      : build.tool === 'pnpm'
        ? 'pnpm prune --prod'
        : undefined;
  if (!prune) return undefined;
  const image = runtimeImage(found.base, found.base.root.from!.imageText);
  if (!image) return undefined;
  const { cmd, entrypoint } = startup(chain);
  const workdir = found.buildIns.workdir;
  // The build output the start command runs (`node dist/index.js`), else `dist`.
  const scripts = [entrypoint, cmd].flatMap((i) => (i ? (argvOf(i) ?? []) : []));
  const script = scripts.find((a) => /\.(c|m)?js$/.test(a));
  let out = 'dist';
  if (script) {
    const rel = resolvePath(workdir, script);
    const inside = rel.startsWith(`${workdir === '/' ? '' : workdir}/`)
      ? rel.slice(workdir === '/' ? 1 : workdir.length + 1)
      : undefined;
    if (!inside?.includes('/')) return undefined; // not a build output folder
    out = inside.slice(0, inside.indexOf('/'));
  }
  const own = ownInstructions(found.stage);
  const lastRun = own.filter((i) => i.keyword === 'RUN').at(-1);
  if (!lastRun) return undefined;
  const eol = model.lines.eol;
  const base = workdir === '/' ? '' : workdir;
  const lines = [
    `FROM ${image}`,
    'ENV NODE_ENV=production',
    `WORKDIR ${workdir}`,
    `COPY --from=${builder} ${base}/package.json ./`,
    `COPY --from=${builder} ${base}/node_modules ./node_modules`,
    `COPY --from=${builder} ${base}/${out} ./${out}`,
    ...envLines(model, chain, (n) => n === 'NODE_ENV' || n === 'PATH'),
    ...exposeLines(model, chain),
    ...[entrypoint, cmd].filter((i): i is Instruction => !!i).map((i) => textOf(model, i)),
  ];
  return {
    lines,
    edits: [insert(lastRun.end, `${eol}RUN ${prune}`)],
    changes: [{ kind: 'adds-command', command: prune }],
  };
}

function pythonRuntime(
  model: DockerfileModel,
  found: SingleStageBuild,
  builder: string,
): Runtime | undefined {
  const chain = chainInstructions(found.stage);
  const image = runtimeImage(found.base, found.base.root.from!.imageText);
  if (!image) return undefined;
  const installs = toolUses(chain).filter((u) => u.tool === 'pip' && u.verb === 'install');
  if (
    installs.length === 0 ||
    installs.length !==
      toolUses(chain).filter(
        (u) => ['pip', 'uv', 'poetry', 'pipenv'].includes(u.tool) && u.verb !== 'cache',
      ).length
  )
    return undefined;
  const packages: string[] = [];
  const venv = venvDir(chain);
  const user = installs.filter((u) => u.args.some((w) => w.value === '--user'));
  if (venv) {
    packages.push(`COPY --from=${builder} ${venv} ${venv}`, `ENV PATH="${venv}/bin:$PATH"`);
  } else if (user.length > 0) {
    const home = user.length === installs.length ? runUser(user[0]!.instruction) : undefined;
    if (!home) return undefined;
    const local = `${home.home.replace(/\/$/, '')}/.local`;
    packages.push(`COPY --from=${builder} ${local} ${local}`, `ENV PATH="${local}/bin:$PATH"`);
  } else {
    const minor = /^(\d+\.\d+)/.exec(found.base.info?.version ?? '')?.[1];
    if (!minor) return undefined;
    const site = `/usr/local/lib/python${minor}/site-packages`;
    packages.push(
      `COPY --from=${builder} ${site} ${site}`,
      `COPY --from=${builder} /usr/local/bin /usr/local/bin`,
    );
  }
  const devPackages = found.tools.filter((t) => /-(dev|devel)$/.test(t));
  const { cmd, entrypoint } = startup(chain);
  // The program's files: the builder's WORKDIRs and context COPY/ADDs, replayed in order.
  const sources = chain.filter((i) => {
    if (i.keyword === 'WORKDIR') return true;
    const info = copyInfo(i);
    return info !== undefined && info.from === undefined;
  });
  // A `--chown` to a user the builder created would fail in the new stage.
  const chown = sources.flatMap((i) => i.flags.filter((f) => f.name === 'chown'));
  if (chown.some((f) => !/^(root|0)?(:(root|0))?$|^\d+(:\d+)?$/.test(unquote(f.value ?? ''))))
    return undefined;
  const lines = [
    `FROM ${image}`,
    ...(devPackages.length
      ? [
          `# Packages were built against ${devPackages.join(', ')}: install the matching runtime libraries here.`,
        ]
      : []),
    ...packages,
    ...envLines(model, chain, (n) => n === 'PATH' || n.startsWith('PIP_')),
    ...sources.map((i) => textOf(model, i)),
    ...exposeLines(model, chain),
    ...[entrypoint, cmd].filter((i): i is Instruction => !!i).map((i) => textOf(model, i)),
  ];
  return { lines, edits: [] };
}

/** `python -m venv /opt/venv`, `virtualenv /opt/venv`, `uv venv /opt/venv`. */
function venvDir(chain: Instruction[]): string | undefined {
  for (const ins of chain) {
    for (const cmd of ins.run?.commands ?? []) {
      const w = cmd.words.map((x) => x.value);
      const name = basename(cmd.words[0]);
      let dir: string | undefined;
      if (/^python(\d(\.\d+)?)?$/.test(name) && w[1] === '-m' && w[2] === 'venv')
        dir = w.slice(3).find((x) => !x.startsWith('-'));
      else if (name === 'virtualenv') dir = w.slice(1).find((x) => !x.startsWith('-'));
      else if (name === 'uv' && w[1] === 'venv') dir = w.slice(2).find((x) => !x.startsWith('-'));
      if (dir && !dir.includes('$')) return resolvePath(ins.workdir, dir);
    }
  }
  return undefined;
}

function builderName(model: DockerfileModel, stage: Stage): string {
  if (stage.name) return stage.name;
  const taken = new Set(model.stages.map((s) => s.name));
  for (const n of ['builder', 'build', 'build-stage']) if (!taken.has(n)) return n;
  let i = 2;
  while (taken.has(`builder-${i}`)) i++;
  return `builder-${i}`;
}

/** **Convert to a multi-stage build**, or undefined when the runtime stage cannot be derived. */
export function convertToMultiStage(
  model: DockerfileModel,
  found: SingleStageBuild,
): Fix | undefined {
  if (model.scan.escape !== '\\') return undefined; // Windows images: no runtime stage known
  const stage = found.stage;
  const from = stage.from!;
  const builder = builderName(model, stage);
  const runtime =
    found.ecosystem === 'go'
      ? goRuntime(model, found, builder)
      : found.ecosystem === 'node'
        ? nodeRuntime(model, found, builder)
        : found.ecosystem === 'python'
          ? pythonRuntime(model, found, builder)
          : undefined;
  if (!runtime) return undefined;
  const eol = model.lines.eol;
  const text = model.text;
  const edits: Edit[] = [...runtime.edits];
  if (!stage.name) edits.push(insert(from.imageEnd, ` AS ${builder}`));
  const lead = text.length === 0 || /\r?\n$/.test(text) ? '' : eol;
  edits.push(insert(text.length, `${lead}${eol}${runtime.lines.join(eol)}${eol}`));
  return {
    title: 'Convert to a multi-stage build',
    safety: 'suggestion',
    kind: 'refactor.rewrite',
    edits,
    changes: runtime.changes ?? [],
  };
}
