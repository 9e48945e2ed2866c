import { ALL_RULES } from '../rules';
import { rulePage } from './rulePage';
import type { AnyRule } from '../rules/types';
import { exampleFindings } from './examples';

const SEVERITY = { error: 'error', warning: 'warning', info: 'information', hint: 'hint' } as const;

/** Fix titles the rule offers on its own incorrect example. */
function fixTitles(rule: AnyRule): string[] {
  const found = exampleFindings(rule, 'before');
  return [...new Set(found.flatMap((f) => f.fixes.map((x) => x.title)))];
}

/** Every generated docs file: path relative to the repository → content. */
export function generatedPages(): Map<string, string> {
  const pages = new Map<string, string>();
  for (const rule of ALL_RULES)
    pages.set(`docs/rules/${rule.meta.id}.md`, rulePage(rule.meta, fixTitles(rule)));
  return pages;
}

/** The README's rules table (between the `rules:start` / `rules:end` markers). */
export function rulesTable(): string {
  const rows = [...ALL_RULES]
    .sort(
      (a, b) =>
        a.meta.category.localeCompare(b.meta.category) || a.meta.id.localeCompare(b.meta.id),
    )
    .map((r) => {
      const m = r.meta;
      const aliases = m.aliases?.length ? m.aliases.join(', ') : '—';
      return `| [\`${m.id}\`](docs/rules/${m.id}.md) | ${m.category} | ${SEVERITY[m.severity]} | ${m.fixable ? 'yes' : '—'} | ${aliases} |`;
    });
  return ['| Rule | Category | Default | Fix | Aliases |', '|---|---|---|---|---|', ...rows].join(
    '\n',
  );
}
