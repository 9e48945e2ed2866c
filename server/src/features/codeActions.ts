/**
 * The quick-fix menu, cleaned: the server gathers the fixes of the diagnostics at a range and the
 * Ignore actions, and this orders and deduplicates them. Pure (no LSP types): the diagnostic type
 * is the caller's, and an entry's edit is any JSON value compared by content.
 */

export type MenuGroup = 'fix' | 'refactor' | 'ignore';

export interface MenuEntry<D> {
  title: string;
  group: MenuGroup;
  /** The diagnostics the entry resolves (merged entries resolve all of theirs). */
  diagnostics: readonly D[];
  /**
   * What the entry changes: edits, created files… Two entries change the same thing exactly when
   * these are equal as JSON (object keys in any order).
   */
  edit: unknown;
  preferred?: boolean;
  /** For Ignore actions: `instruction`, `file`, `pattern`… The menu keeps one entry per scope. */
  scope?: string;
}

const GROUP_ORDER: Record<MenuGroup, number> = { fix: 0, refactor: 1, ignore: 2 };

/**
 * Orders and deduplicates a quick-fix menu:
 * - entries with identical edits become one: the clearer title wins (preferred first, then a fix
 *   over a refactor, then the more specific, longer title), and it resolves every diagnostic;
 * - fixes first (preferred ones first), refactors next, Ignore actions last, one per scope (the
 *   first one given: callers list the diagnostic under the cursor first);
 * - otherwise the caller's order is kept.
 */
export function cleanMenu<D>(entries: readonly MenuEntry<D>[]): MenuEntry<D>[] {
  const byEdit = new Map<string, MenuEntry<D>>();
  const order: string[] = [];
  for (const entry of entries) {
    const key = editKey(entry.edit);
    const kept = byEdit.get(key);
    if (!kept) {
      byEdit.set(key, { ...entry, diagnostics: [...entry.diagnostics] });
      order.push(key);
      continue;
    }
    const winner = clearer(kept, entry) ? kept : entry;
    byEdit.set(key, {
      ...winner,
      group: GROUP_ORDER[kept.group] <= GROUP_ORDER[entry.group] ? kept.group : entry.group,
      preferred: kept.preferred || entry.preferred ? true : undefined,
      diagnostics: union(kept.diagnostics, entry.diagnostics),
    });
  }
  const merged = order.map((k) => byEdit.get(k)!);
  const scopes = new Set<string>();
  const kept = merged.filter((e) => {
    if (e.group !== 'ignore') return true;
    const scope = e.scope ?? e.title;
    if (scopes.has(scope)) return false;
    scopes.add(scope);
    return true;
  });
  return kept
    .map((e, i) => ({ e, i }))
    .sort(
      (a, b) =>
        GROUP_ORDER[a.e.group] - GROUP_ORDER[b.e.group] ||
        Number(!!b.e.preferred) - Number(!!a.e.preferred) ||
        a.i - b.i,
    )
    .map(({ e }) => {
      if (e.preferred === undefined) delete e.preferred;
      return e;
    });
}

/** Whether `a`'s title is at least as clear as `b`'s (ties keep the first). */
function clearer<D>(a: MenuEntry<D>, b: MenuEntry<D>): boolean {
  if (!!a.preferred !== !!b.preferred) return !!a.preferred;
  if (a.group !== b.group) return GROUP_ORDER[a.group] < GROUP_ORDER[b.group];
  return a.title.length >= b.title.length;
}

function union<D>(a: readonly D[], b: readonly D[]): D[] {
  const out = [...a];
  for (const d of b) if (!out.includes(d)) out.push(d);
  return out;
}

/** JSON with object keys sorted, so equal edits give equal keys. */
export function editKey(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([x], [y]) =>
            x < y ? -1 : x > y ? 1 : 0,
          ),
        )
      : v,
  );
}
