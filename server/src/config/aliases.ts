/**
 * The README's alias table: each rule's equivalents in hadolint, BuildKit's checks, Trivy and other
 * linters, from RuleMeta.aliases (`npm run docs` writes it between the `aliases:` markers).
 */
import type { RuleMeta } from '../rules/types';

type Registry = readonly { meta: Pick<RuleMeta, 'id' | 'aliases'> }[];

/** hadolint code (DL3015) → the rules that alias it. */
export function hadolintCodes(registry: Registry): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const r of registry) {
    for (const alias of r.meta.aliases ?? []) {
      // `hadolint DL3010 (inverse case)` names the opposite check: not an equivalent to ignore.
      if (!/^hadolint\b/i.test(alias) || /inverse/i.test(alias)) continue;
      for (const code of alias.match(/DL\d{4}/gi) ?? []) {
        const key = code.toUpperCase();
        map.set(key, [...(map.get(key) ?? []), r.meta.id]);
      }
    }
  }
  return map;
}

const COLUMNS = ['hadolint', 'BuildKit', 'Trivy'] as const;

export function aliasTable(rules: readonly { meta: RuleMeta }[]): string {
  const honoured = hadolintCodes(rules);
  const rows: string[] = [];
  for (const r of [...rules].sort((a, b) => a.meta.id.localeCompare(b.meta.id))) {
    const aliases = r.meta.aliases ?? [];
    if (aliases.length === 0) continue;
    const cells = COLUMNS.map((tool) =>
      aliases
        .filter((a) => a.toLowerCase().startsWith(`${tool.toLowerCase()} `))
        .map((a) => a.slice(tool.length + 1))
        .map((a) =>
          // Mark the hadolint codes that `# hadolint ignore=` and .hadolint.yaml carry over.
          tool === 'hadolint'
            ? a.replace(/DL\d{4}/g, (code) =>
                honoured.get(code)?.includes(r.meta.id) ? `\`${code}\`` : code,
              )
            : a,
        )
        .join(', '),
    );
    const other = aliases
      .filter((a) => !COLUMNS.some((t) => a.toLowerCase().startsWith(`${t.toLowerCase()} `)))
      .join(', ');
    rows.push(
      `| [\`${r.meta.id}\`](docs/rules/${r.meta.id}.md) | ${[...cells, other].map((c) => c || '—').join(' | ')} |`,
    );
  }
  return [
    '| Rule | hadolint | BuildKit check | Trivy | Other |',
    '|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}
