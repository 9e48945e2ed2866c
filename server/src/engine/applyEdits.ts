import type { Edit, Fix } from '../rules/types';

/** Applies non-overlapping edits (identical duplicates collapse); throws on overlap. */
export function applyEdits(text: string, edits: readonly Edit[]): string {
  const sorted = dedupe(edits).sort((a, b) => a.start - b.start || a.end - b.end);
  let out = '';
  let at = 0;
  for (const e of sorted) {
    if (e.start < at) throw new Error(`overlapping edits at ${e.start}`);
    out += text.slice(at, e.start) + e.newText;
    at = e.end;
  }
  return out + text.slice(at);
}

function dedupe(edits: readonly Edit[]): Edit[] {
  const seen = new Set<string>();
  return edits.filter((e) => {
    const key = `${e.start}:${e.end}:${e.newText}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function overlaps(a: Edit, b: Edit): boolean {
  if (a.start === b.start && a.end === b.end && a.newText === b.newText) return false;
  // Two insertions at one point would interleave unpredictably: treat as overlapping.
  if (a.start === a.end && b.start === b.end) return a.start === b.start;
  return (
    (a.start < b.end && b.start < a.end) ||
    (a.start === a.end && a.start > b.start && a.start < b.end) ||
    (b.start === b.end && b.start > a.start && b.start < a.end)
  );
}

/** Picks fixes in order, skipping any whose edits touch text an earlier pick already edits. */
export function compatibleFixes(fixes: readonly Fix[]): Fix[] {
  const taken: Edit[] = [];
  const picked: Fix[] = [];
  for (const fix of fixes) {
    if (fix.edits.some((e) => taken.some((t) => overlaps(e, t)))) continue;
    picked.push(fix);
    taken.push(...fix.edits);
  }
  return picked;
}
