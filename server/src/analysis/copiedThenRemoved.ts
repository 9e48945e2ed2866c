/**
 * Files a COPY/ADD writes that a later RUN of the same stage deletes: the COPY's layer keeps their
 * bytes, so the image does not shrink. Only literal paths are compared (no globs or variables), a
 * copied file by its destination, a copied folder by its destination or anything below it.
 */
import type { Instruction, Stage } from '../parse/model';
import { unquote } from '../parse/words';
import { copyInfo, destPath, ownInstructions, resolvePath } from './copies';

export interface CopiedThenRemoved {
  /** The `rm` argument, as a document range. */
  start: number;
  end: number;
  path: string;
  copy: Instruction;
  /** The RUN that deletes it. */
  run: Instruction;
}

const LITERAL = /^[\w./@+-]+$/;

/** Where each plain COPY/ADD of the stage put its sources (absolute paths). */
function copiedPaths(ins: Instruction): string[] {
  const info = copyInfo(ins);
  if (!info || info.from !== undefined || info.heredoc || ins.json) return [];
  const dest = destPath(info);
  if (!dest) return [];
  const sources = info.sources.map((s) => unquote(s.text));
  if (sources.some((s) => !LITERAL.test(s) || s === '.' || s === './')) return [];
  const toFolder = unquote(info.dest!.text).endsWith('/') || sources.length > 1;
  return sources.map((s) => (toFolder ? resolvePath(dest, s.split('/').pop()!) : dest));
}

export function copiedThenRemoved(stage: Stage): CopiedThenRemoved[] {
  const out: CopiedThenRemoved[] = [];
  const copies: { ins: Instruction; paths: string[] }[] = [];
  for (const ins of ownInstructions(stage)) {
    const paths = copiedPaths(ins);
    if (paths.length > 0) copies.push({ ins, paths });
    if (!ins.run || copies.length === 0) continue;
    for (const cmd of ins.run.commands) {
      if (cmd.words[0]?.value.split('/').pop() !== 'rm') continue;
      for (const word of cmd.words.slice(1)) {
        if (word.value.startsWith('-') || !LITERAL.test(word.value)) continue;
        const removed = resolvePath(ins.workdir, word.value);
        const copy = copies.find((c) =>
          c.paths.some((p) => p === removed || p.startsWith(`${removed}/`)),
        );
        if (copy)
          out.push({ start: word.start, end: word.end, path: removed, copy: copy.ins, run: ins });
      }
    }
  }
  return out;
}
