/**
 * Ignore comments: `# layerwise ignore=<id>[,<id>] -- reason` on the line(s) right before an
 * instruction, `# layerwise global ignore=…` anywhere for the whole file, and hadolint's
 * `# hadolint [global] ignore=DLxxxx` for rules that have a hadolint alias. Also builds the edits
 * behind the "Ignore <id> …" code actions.
 */
import type { DockerfileModel, Instruction } from '../parse/model';
import type { Edit, Finding, RuleMeta } from '../rules/types';
import { hadolintCodes } from '../config/aliases';
import { parseIgnoreComment } from './ignoreComment';

export { hadolintCodes };

/** The id of the finding that reports an ignore comment that suppresses nothing. */
export const UNUSED_SUPPRESSION = 'unused-suppression';

export interface SuppressionId {
  /** As written (`apt-no-install-recommends`, `DL3015`). */
  text: string;
  start: number;
  end: number;
  /** Layerwise rule ids it stands for (empty: unknown id, or a hadolint code with no alias). */
  rules: string[];
}

export interface SuppressionComment {
  tool: 'layerwise' | 'hadolint';
  global: boolean;
  /** The whole comment, from `#` to the end of its line. */
  start: number;
  end: number;
  line: number;
  ids: SuppressionId[];
  /** The instruction a non-global comment applies to (none: nothing follows it directly). */
  instruction: Instruction | undefined;
}

type Registry = readonly { meta: Pick<RuleMeta, 'id' | 'aliases'> }[];

function suppressionLookups(model: DockerfileModel, registry: Registry) {
  const byLine = new Map<number, Instruction>();
  for (const ins of model.instructions) byLine.set(ins.raw.startLine, ins);
  return {
    known: new Set(registry.map((r) => r.meta.id)),
    dl: hadolintCodes(registry),
    commentLines: new Set(model.scan.comments.map((c) => c.line)),
    byLine,
  };
}

/** Every ignore comment of the file, with the instruction each one applies to. */
export function findSuppressions(model: DockerfileModel, registry: Registry): SuppressionComment[] {
  const out: SuppressionComment[] = [];
  // Most files have no ignore comment: the lookups below are built only for the first one.
  let lookups: ReturnType<typeof suppressionLookups> | undefined;
  for (const c of model.scan.comments) {
    const comment = parseIgnoreComment(model.text.slice(c.start, c.end));
    if (!comment) continue;
    lookups ??= suppressionLookups(model, registry);
    const { known, dl, commentLines, byLine } = lookups;
    const tool = comment.tool;
    const ids: SuppressionId[] = comment.ids.map(({ text: word, offset }) => ({
      text: word,
      start: c.start + offset,
      end: c.start + offset + word.length,
      rules:
        tool === 'hadolint' ? (dl.get(word.toUpperCase()) ?? []) : known.has(word) ? [word] : [],
    }));
    if (ids.length === 0) continue;
    let instruction: Instruction | undefined;
    const global = comment.global;
    if (!global) {
      // Applies to the instruction right below, over any other comment lines in between.
      let n = c.line + 1;
      while (commentLines.has(n)) n++;
      instruction = byLine.get(n);
    }
    out.push({ tool, global, start: c.start, end: c.end, line: c.line, ids, instruction });
  }
  return out;
}

/** The instruction whose text holds `offset` (binary search; instructions are in order). */
export function instructionAt(model: DockerfileModel, offset: number): Instruction | undefined {
  const list = model.instructions;
  let lo = 0;
  let hi = list.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const ins = list[mid]!;
    if (offset < ins.start) hi = mid - 1;
    else if (offset > ins.end) lo = mid + 1;
    else return ins;
  }
  return undefined;
}

export interface SuppressionResult {
  findings: Finding[];
  /** How many findings the comments removed. */
  suppressed: number;
}

/**
 * Drops the findings that ignore comments cover. With `reportUnused`, adds one finding per
 * `# layerwise` id that suppressed nothing (hadolint comments are left alone: hadolint uses them).
 */
export function applySuppressions(
  model: DockerfileModel,
  findings: readonly Finding[],
  registry: Registry,
  options: { reportUnused?: boolean } = {},
): SuppressionResult {
  const comments = findSuppressions(model, registry);
  if (comments.length === 0 && !options.reportUnused)
    return { findings: [...findings], suppressed: 0 };
  const used = new Set<SuppressionId>();
  const kept: Finding[] = [];
  for (const f of findings) {
    // The instruction reported on, and the others the finding is about (a group of RUNs).
    const about = [f.start, ...(f.alsoAt ?? [])].map((o) => instructionAt(model, o));
    let hit = false;
    for (const c of comments) {
      if (!c.global && (!c.instruction || !about.includes(c.instruction))) continue;
      for (const id of c.ids) {
        if (id.rules.includes(f.ruleId)) {
          used.add(id);
          hit = true;
        }
      }
    }
    if (!hit) kept.push(f);
  }
  const suppressed = findings.length - kept.length;
  if (options.reportUnused) {
    for (const c of comments) {
      if (c.tool !== 'layerwise') continue;
      for (const id of c.ids) {
        if (used.has(id)) continue;
        kept.push({
          ruleId: UNUSED_SUPPRESSION,
          severity: 'warning',
          message: unusedMessage(c, id),
          start: id.start,
          end: id.end,
          fixes: [
            {
              title: `Remove the unused ignore of ${id.text}`,
              // Only a comment changes, but fix-all never drops comments on its own.
              safety: 'suggestion',
              kind: 'quickfix',
              edits: [removeIdEdit(model, c, id)],
            },
          ],
        });
      }
    }
  }
  return { findings: kept, suppressed };
}

function unusedMessage(c: SuppressionComment, id: SuppressionId): string {
  if (id.rules.length === 0)
    return `No Layerwise rule has the id \`${id.text}\`: this ignore does nothing.`;
  if (!c.global && !c.instruction)
    return `This ignore of \`${id.text}\` applies to no instruction: put it on the line right before one.`;
  return c.global
    ? `\`${id.text}\` reports nothing in this file: the ignore comment can go.`
    : `\`${id.text}\` reports nothing on this instruction: the ignore comment can go.`;
}

/** Removes one id (and its comma), or the whole comment line when it is the only id. */
function removeIdEdit(model: DockerfileModel, c: SuppressionComment, id: SuppressionId): Edit {
  if (c.ids.length === 1) {
    const lines = model.lines;
    const lineStart = lines.lineStart(c.line);
    return { start: lineStart, end: lines.nextLineStart(c.line), newText: '' };
  }
  const i = c.ids.indexOf(id);
  // `a, b, c`: drop `b, ` (from this id to the next one), or `, c` for the last one.
  if (i < c.ids.length - 1) return { start: id.start, end: c.ids[i + 1]!.start, newText: '' };
  return { start: c.ids[i - 1]!.end, end: id.end, newText: '' };
}

/**
 * The edit behind "Ignore <id> for this instruction" / "… in this file": merges the id into an
 * existing `# layerwise` ignore comment when there is one, otherwise inserts a comment line (with
 * the instruction's indentation, or after the parser directives for the file). Undefined when
 * there is nothing to do or no instruction at `offset`.
 */
export function ignoreEdit(
  model: DockerfileModel,
  registry: Registry,
  ruleId: string,
  offset: number,
  scope: 'instruction' | 'file',
): Edit | undefined {
  const comments = findSuppressions(model, registry).filter((c) => c.tool === 'layerwise');
  const text = model.text;
  const lines = model.lines;
  const eol = lines.eol;
  if (scope === 'instruction') {
    const ins = instructionAt(model, offset);
    if (!ins) return undefined;
    const existing = comments.filter((c) => !c.global && c.instruction === ins);
    if (existing.some((c) => c.ids.some((id) => id.text === ruleId))) return undefined;
    const target = existing.at(-1);
    if (target)
      return { start: target.ids.at(-1)!.end, end: target.ids.at(-1)!.end, newText: `,${ruleId}` };
    let at = lines.lineStart(ins.raw.startLine);
    if (at === 0 && model.scan.bom) at = 1;
    const indent = text.slice(at, ins.raw.start);
    return { start: at, end: at, newText: `${indent}# layerwise ignore=${ruleId}${eol}` };
  }
  const existing = comments.filter((c) => c.global);
  if (existing.some((c) => c.ids.some((id) => id.text === ruleId))) return undefined;
  const target = existing[0];
  if (target)
    return { start: target.ids.at(-1)!.end, end: target.ids.at(-1)!.end, newText: `,${ruleId}` };
  // Parser directives must stay first: a comment above them would turn them into plain comments.
  const last = model.scan.directives.at(-1);
  let at = last ? lines.nextLineStart(last.line) : 0;
  if (at === 0 && model.scan.bom) at = 1;
  const comment = `# layerwise global ignore=${ruleId}`;
  if (at === text.length && text.length > 0 && !/[\r\n]$/.test(text))
    return { start: at, end: at, newText: `${eol}${comment}` };
  return { start: at, end: at, newText: `${comment}${eol}` };
}
