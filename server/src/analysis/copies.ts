import type { DockerfileModel, Instruction, Stage } from '../parse/model';
import { unquote, type Word } from '../parse/words';

export interface CopyInfo {
  ins: Instruction;
  /** Source words (quotes kept in `text`). */
  sources: Word[];
  dest: Word | undefined;
  /** `--from=` value: another stage or an image. */
  from: string | undefined;
  /** Sources given as heredocs (`COPY <<EOF /file`). */
  heredoc: boolean;
}

export function copyInfo(ins: Instruction): CopyInfo | undefined {
  if (ins.keyword !== 'COPY' && ins.keyword !== 'ADD') return undefined;
  const words = ins.words;
  const from = ins.flags.find((f) => f.name === 'from')?.value;
  return {
    ins,
    sources: words.slice(0, -1),
    dest: words[words.length - 1],
    from: from === undefined ? undefined : unquote(from),
    heredoc: ins.raw.heredocs.length > 0,
  };
}

const CONTEXT_WIDE = new Set(['.', './', '*', './*', '/', '.*']);

/** `COPY . .`, `COPY ./ /app`, `ADD * ./`: the whole build context. */
export function isContextWide(info: CopyInfo): boolean {
  if (info.from !== undefined || info.heredoc || info.ins.json) return false;
  return info.sources.some((s) => CONTEXT_WIDE.has(unquote(s.text)));
}

/** The context-wide source word of a COPY, for ranges. */
export function contextWideSource(info: CopyInfo): Word | undefined {
  return info.sources.find((s) => CONTEXT_WIDE.has(unquote(s.text)));
}

/** Stages whose files end up in the shipped image: the final stage and the stages it is built FROM. */
export function shippedStages(model: DockerfileModel): Set<Stage> {
  const shipped = new Set<Stage>();
  for (let s = model.finalStage; s; s = s.parent) shipped.add(s);
  return shipped;
}

/**
 * A builder stage: a stage (not the instructions before the first FROM) none of whose files are
 * in the shipped image, so what its layers keep costs only build time and cache space.
 */
export function isUnshippedBuilder(stage: Stage, shipped: ReadonlySet<Stage>): boolean {
  return stage.index >= 0 && !shipped.has(stage);
}

/** Normalised absolute path: resolves `.`/`..` segments against `base`. */
export function resolvePath(base: string, path: string): string {
  const parts = (path.startsWith('/') ? path : `${base}/${path}`).split('/');
  const out: string[] = [];
  for (const p of parts) {
    if (p === '' || p === '.') continue;
    if (p === '..') out.pop();
    else out.push(p);
  }
  return `/${out.join('/')}`;
}

/** Where a COPY's destination lands (an absolute directory or file path). */
export function destPath(info: CopyInfo): string | undefined {
  if (!info.dest) return undefined;
  return resolvePath(info.ins.workdir, unquote(info.dest.text));
}

/** Stage instructions in build order, without ONBUILD triggers (they run in a child image). */
export function ownInstructions(stage: Stage): Instruction[] {
  return stage.instructions.filter((i) => !i.onbuild);
}
