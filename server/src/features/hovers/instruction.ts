import {
  DIRECTIVE_DOCS,
  docMarkdown,
  FLAG_DOCS,
  formNote,
  HEREDOC_DOC,
  INSTRUCTION_DOCS,
  MOUNT_DOCS,
  MOUNT_FLAG_DOC,
  MOUNT_OPTION_ALIASES,
  REFERENCE_URL,
  REMOTE_SOURCE_DOCS,
} from '../../knowledge/instructions';
import type { DockerfileModel, Instruction } from '../../parse/model';
import { parseMount } from '../../parse/mounts';
import { splitWords, type Flag } from '../../parse/words';
import type { HoverPart, HoverProvider } from '../types';
import { sourceKind } from '../lenses/sources';

const within = (offset: number, start: number, end: number): boolean =>
  offset >= start && offset <= end;

/**
 * Explains what is under the cursor: a parser directive, an instruction keyword, a flag (for
 * `RUN --mount`, the mount type and its options), a heredoc marker or a remote `ADD` source.
 */
export const instructionHover: HoverProvider = ({ model }, offset) => {
  for (const d of model.scan.directives) {
    const docEntry = DIRECTIVE_DOCS[d.name];
    if (docEntry && within(offset, d.start, d.end)) {
      return { markdown: docMarkdown(docEntry), start: d.start, end: d.end };
    }
  }
  const ins = instructionAt(model, offset);
  return ins ? instructionPart(ins, offset) : undefined;
};

function instructionAt(model: DockerfileModel, offset: number): Instruction | undefined {
  // Instructions are in document order and never overlap.
  let lo = 0;
  let hi = model.instructions.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const ins = model.instructions[mid]!;
    if (offset < ins.start) hi = mid - 1;
    else if (offset > ins.end) lo = mid + 1;
    else return ins;
  }
  return undefined;
}

function instructionPart(ins: Instruction, offset: number): HoverPart | undefined {
  const raw = ins.raw;
  if (within(offset, raw.keywordStart, raw.keywordEnd)) {
    const keyword = raw.keyword === 'ONBUILD' ? 'ONBUILD' : ins.keyword;
    const markdown = keywordMarkdown(ins, keyword, false);
    return markdown ? { markdown, start: raw.keywordStart, end: raw.keywordEnd } : undefined;
  }
  if (ins.onbuild) {
    const inner = splitWords(raw, raw.keywordEnd - raw.keywordStart)[0];
    if (inner && within(offset, inner.start, inner.end)) {
      const markdown = keywordMarkdown(ins, ins.keyword, true);
      return markdown ? { markdown, start: inner.start, end: inner.end } : undefined;
    }
  }
  for (const flag of ins.flags) {
    if (!within(offset, flag.start, flag.end)) continue;
    if (ins.keyword === 'RUN' && flag.name === 'mount') return mountPart(ins, flag, offset);
    return flagPart(ins, flag);
  }
  for (const h of raw.heredocs) {
    if (
      within(offset, h.markerStart, h.markerEnd) ||
      (h.terminated && within(offset, h.terminatorStart, h.terminatorEnd))
    ) {
      const inside = h.terminated && offset >= h.terminatorStart;
      return {
        markdown: docMarkdown(HEREDOC_DOC),
        start: inside ? h.terminatorStart : h.markerStart,
        end: inside ? h.terminatorEnd : h.markerEnd,
      };
    }
  }
  if (ins.keyword === 'ADD' && !ins.json) {
    for (const word of ins.words.slice(0, -1)) {
      if (!within(offset, word.start, word.end)) continue;
      const kind = sourceKind(word.text);
      if (kind !== 'context') {
        return {
          markdown: docMarkdown(REMOTE_SOURCE_DOCS[kind]),
          start: word.start,
          end: word.end,
        };
      }
    }
  }
  return undefined;
}

function keywordMarkdown(
  ins: Instruction,
  keyword: string,
  asTrigger: boolean,
): string | undefined {
  const entry = INSTRUCTION_DOCS[keyword];
  if (!entry) return undefined;
  const extra: string[] = [];
  if (keyword === ins.keyword) {
    const form =
      ins.run?.form === 'heredoc'
        ? '_Heredoc form:_ the script below the instruction is run by the shell.'
        : formNote(keyword, ins.json !== undefined);
    if (form) extra.push(form);
  }
  if (asTrigger) {
    extra.push(
      '_As an `ONBUILD` trigger, it does not run in this build but in builds that use this image as their base._',
    );
  }
  return docMarkdown(entry, extra);
}

function flagPart(ins: Instruction, flag: Flag): HoverPart {
  const entry = FLAG_DOCS[ins.keyword]?.[flag.name];
  const markdown = entry
    ? docMarkdown({ ...entry, title: `${ins.keyword} --${flag.name}` })
    : `**\`--${flag.name}\`** is not an option of \`${ins.keyword}\`: BuildKit stops the build on unknown flags.\n\n[Dockerfile reference](${REFERENCE_URL})`;
  return { markdown, start: flag.start, end: flag.end };
}

interface OptionSpan {
  key: string;
  start: number;
  end: number;
}

/** Document spans of each `key=value` of a `--mount=` flag (quotes respected, as the parser does). */
function optionSpans(ins: Instruction, flag: Flag): OptionSpan[] {
  const text = flag.text;
  const eq = text.indexOf('=');
  if (eq < 0) return [];
  const map = ins.raw.map;
  const spans: OptionSpan[] = [];
  let begin = eq + 1;
  let quote = '';
  for (let i = eq + 1; i <= text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = '';
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === ',' || i === text.length) {
      const part = text.slice(begin, i);
      const key = part.split('=')[0]!.trim().toLowerCase();
      if (key) {
        spans.push({
          key: MOUNT_OPTION_ALIASES[key] ?? key,
          start: map[flag.lstart + begin]!,
          end: map[flag.lstart + i - 1]! + 1,
        });
      }
      begin = i + 1;
    }
  }
  return spans;
}

function mountPart(ins: Instruction, flag: Flag, offset: number): HoverPart {
  const mount = ins.run?.mounts.find((m) => m.flag === flag) ?? parseMount(flag);
  const entry = MOUNT_DOCS[mount.type];
  if (!entry) {
    return {
      markdown: docMarkdown(MOUNT_FLAG_DOC, [
        `\`type=${mount.type}\` is not a mount type: BuildKit knows \`bind\`, \`cache\`, \`tmpfs\`, \`secret\` and \`ssh\`.`,
      ]),
      start: flag.start,
      end: flag.end,
    };
  }
  const spans = optionSpans(ins, flag).filter((s) => s.key !== 'type');
  const hovered = spans.find((s) => within(offset, s.start, s.end));
  const used = new Set(spans.map((s) => s.key));
  const lines = spans.map((s) => {
    const meaning = entry.options[s.key] ?? `not an option of \`type=${mount.type}\` mounts`;
    const name = s === hovered ? `**\`${s.key}\`**` : `\`${s.key}\``;
    return `- ${name} — ${meaning}`;
  });
  // Spellings with one meaning (`ro`/`readonly`) are listed once, and not at all when one is used.
  const usedMeanings = new Set([...used].map((k) => entry.options[k]));
  const others: string[] = [];
  for (const [k, meaning] of Object.entries(entry.options)) {
    if (!usedMeanings.has(meaning)) {
      usedMeanings.add(meaning);
      others.push(k);
    }
  }
  const extra: string[] = [];
  if (lines.length > 0) extra.push(lines.join('\n'));
  if (others.length > 0) extra.push(`Other options: ${others.map((k) => `\`${k}\``).join(', ')}.`);
  const range = hovered ?? flag;
  return { markdown: docMarkdown(entry, extra), start: range.start, end: range.end };
}
