/**
 * The stage graph as the image-size and security rules need it: which external image a stage
 * starts from, which stages end up in the shipped image, and which feed it.
 */
import type { DockerfileModel, Instruction, Stage } from '../parse/model';
import { describeImage, type ImageInfo } from '../knowledge/baseImages';
import { buildUser, type BuildUser } from '../knowledge/cacheDirs';
import { parseImageRef, type ImageRef } from '../knowledge/imageRef';
import { ownInstructions } from './copies';

/** The stage and the stages it is built FROM (`FROM <stage>`), nearest first. */
export function stageChain(stage: Stage): Stage[] {
  const chain: Stage[] = [];
  for (let s: Stage | undefined = stage; s && !chain.includes(s); s = s.parent) chain.push(s);
  return chain;
}

/** Instructions that build the stage's file system, from the root of its chain (ONBUILD excluded). */
export function chainInstructions(stage: Stage): Instruction[] {
  return stageChain(stage)
    .reverse()
    .flatMap((s) => ownInstructions(s));
}

export interface BaseImage {
  /** The stage whose FROM names the external image. */
  root: Stage;
  /** ARG-resolved image text. */
  image: string;
  /** undefined when the reference is unresolved (`$VAR`) or malformed. */
  ref: ImageRef | undefined;
  /** undefined for images the knowledge base does not know. */
  info: ImageInfo | undefined;
  scratch: boolean;
}

/** The external image a stage is ultimately built on; undefined before the first FROM. */
/** Several rules ask about the same stage's base image: described once per stage. */
const baseImages = new WeakMap<Stage, BaseImage | null>();

export function baseImage(stage: Stage): BaseImage | undefined {
  let base = baseImages.get(stage);
  if (base === undefined) {
    base = describeBase(stage) ?? null;
    baseImages.set(stage, base);
  }
  return base ?? undefined;
}

function describeBase(stage: Stage): BaseImage | undefined {
  const root = stageChain(stage).at(-1)!;
  const from = root.from;
  if (!from) return undefined;
  const image = from.image;
  const ref = parseImageRef(image);
  return {
    root,
    image,
    ref,
    info: ref ? describeImage(ref) : undefined,
    scratch: image.toLowerCase() === 'scratch',
  };
}

/** The last stage of the file: what `docker build` builds without `--target`. */
export function lastStage(model: DockerfileModel): Stage | undefined {
  return model.stages.at(-1);
}

/**
 * Stages whose files can reach the shipped image: the final stage, the stages it is built FROM,
 * and everything they read through `COPY --from` or `RUN --mount=from=`, transitively.
 */
export function feedingStages(model: DockerfileModel): Set<Stage> {
  const seen = new Set<Stage>();
  const todo = model.finalStage ? [model.finalStage] : [];
  while (todo.length > 0) {
    const s = todo.pop()!;
    if (seen.has(s)) continue;
    seen.add(s);
    if (s.parent) todo.push(s.parent);
    todo.push(...s.copiesFrom);
  }
  return seen;
}

/** Whether any other stage refers to this one by FROM, COPY --from or RUN --mount=from=. */
export function isReferenced(model: DockerfileModel, stage: Stage): boolean {
  return model.stages.some(
    (s) => s !== stage && (s.parent === stage || s.copiesFrom.includes(stage)),
  );
}

/** The stage a `--from=` value refers to (name or index), if it is a stage defined before `at`. */
export function stageByRef(
  model: DockerfileModel,
  ref: string | undefined,
  at: Stage,
): Stage | undefined {
  if (ref === undefined) return undefined;
  const r = ref.toLowerCase();
  const named = model.stages.find((s) => s.name === r && s.index < at.index);
  if (named) return named;
  const n = Number(ref);
  return Number.isInteger(n) && n >= 0 && n < at.index && /^\d+$/.test(ref)
    ? model.stages[n]
    : undefined;
}

/** A user created by `useradd`/`adduser` in the Dockerfile, with what the command says about it. */
export interface CreatedUser {
  name: string;
  uid: number | undefined;
  gid: number | undefined;
  home: string;
}

/**
 * Users created by RUN `useradd`/`adduser` (Debian, RHEL and BusyBox spellings) in the stage
 * chain before `before` (an instruction index): name, `-u`/`--uid`, `-g`/`--gid` when numeric,
 * and the home (`-d`/`--home-dir`/`-h`/`--home`, else `/home/<name>`).
 */
export function createdUsers(stage: Stage, before: number): CreatedUser[] {
  const users: CreatedUser[] = [];
  for (const ins of chainInstructions(stage)) {
    if (ins.index >= before) break;
    for (const cmd of ins.run?.commands ?? []) {
      const argv0 = cmd.words[0]?.value.replace(/^.*\//, '');
      if (argv0 !== 'useradd' && argv0 !== 'adduser') continue;
      const busybox = argv0 === 'adduser' && !cmd.words.some((w) => w.value.startsWith('--'));
      const opts = new Map<string, string>();
      const names: string[] = [];
      const words = cmd.words.slice(1).map((w) => w.value);
      for (let i = 0; i < words.length; i++) {
        const w = words[i]!;
        const eq = w.indexOf('=');
        if (w.startsWith('--') && eq > 0) opts.set(w.slice(0, eq), w.slice(eq + 1));
        else if (VALUE_FLAGS.has(w) && !(busybox && w === '-D')) opts.set(w, words[++i] ?? '');
        else if (!w.startsWith('-')) names.push(w);
      }
      // BusyBox `adduser [opts] USER [GROUP]`; useradd and Debian adduser take the name last.
      const name = busybox ? names[0] : names.at(-1);
      if (!name || name.includes('$')) continue;
      const num = (v: string | undefined) =>
        v !== undefined && /^\d+$/.test(v) ? Number(v) : undefined;
      const uid = num(opts.get('-u') ?? opts.get('--uid'));
      const gid = num(opts.get('-g') ?? opts.get('--gid'));
      const home =
        opts.get('-d') ??
        opts.get('--home-dir') ??
        opts.get('--home') ??
        (busybox ? opts.get('-h') : undefined);
      users.push({ name, uid, gid, home: home || `/home/${name}` });
    }
  }
  return users;
}

/** Options of useradd/adduser that take a value (BusyBox `-h` is the home, `-D` a switch). */
const VALUE_FLAGS = new Set([
  '-u',
  '--uid',
  '-g',
  '--gid',
  '-G',
  '--groups',
  '-d',
  '--home-dir',
  '--home',
  '-h',
  '-s',
  '--shell',
  '-c',
  '--comment',
  '--gecos',
  '-k',
  '--skel',
  '-e',
  '--expiredate',
  '-f',
  '--inactive',
  '-K',
  '--key',
  '-p',
  '--password',
  '--ingroup',
  '--firstuid',
  '--lastuid',
]);

/**
 * The user a RUN executes as, with home and uid: root, the well-known users of official images,
 * or a user the Dockerfile created with an explicit uid. Undefined when the uid is unknown.
 */
export function runUser(ins: Instruction): BuildUser | undefined {
  const known = buildUser(ins.user);
  if (known || ins.user === undefined) return known;
  const [name, group] = ins.user.split(':');
  const users = createdUsers(ins.stage, ins.index);
  const u = [...users]
    .reverse()
    .find((x) => x.name === name || (x.uid !== undefined && String(x.uid) === name));
  if (!u || u.uid === undefined) return undefined;
  const gid = group !== undefined && /^\d+$/.test(group) ? Number(group) : (u.gid ?? u.uid);
  return { home: u.home, uid: u.uid, gid };
}
