/**
 * Build-context features of the language server: the context scans behind the size lenses and
 * the pattern hovers (with editor progress when slow), and the hover of `.dockerignore` files.
 */
import type { CodeLens, Connection, Hover } from 'vscode-languageserver';
import type { BuildContext } from '../analysis/context';
import type { ContextSummary } from '../analysis/contextSummary';
import type { Finding, RuleMeta } from '../rules/types';
import type { ContextScanner, ScanProgress } from '../disk/contextScan';
import type { LineIndex } from '../parse/text';
import { toRange } from './convert';
import { engine } from './lazyEngine';

let metaById: Map<string, RuleMeta> | undefined;
function ruleMeta(id: string): RuleMeta | undefined {
  metaById ??= new Map(engine().ALL_RULES.map((r) => [r.meta.id, r.meta]));
  return metaById.get(id);
}

export class ContextFeatures {
  private contextScanner: ContextScanner | undefined;

  constructor(private readonly connection: Connection) {}

  /** Made on the first scan, so that starting the server does not load the engine. */
  private get scanner(): ContextScanner {
    this.contextScanner ??= new (engine().ContextScanner)();
    return this.contextScanner;
  }

  /** Forgets scans that may include this file (nothing to forget before the first scan). */
  invalidate(file: string): void {
    this.contextScanner?.invalidate(file);
  }

  /** Shown by the editor once a scan runs longer than a second. */
  private readonly onSlow = async (): Promise<ScanProgress | undefined> => {
    const reporter = await this.connection.window.createWorkDoneProgress();
    reporter.begin('Layerwise: measuring the build context', undefined, 'scanning…');
    return { report: (m) => reporter.report(m), done: () => reporter.done() };
  };

  /** What the build sends; undefined when the context is not on disk. */
  async size(context: BuildContext): Promise<ContextSummary | undefined> {
    if (!context.known || !context.root) return undefined;
    try {
      return await this.scanner.size(context.root, context.ignoreFile, this.onSlow);
    } catch {
      return undefined;
    }
  }

  /** The lens at the top of a .dockerignore: what the context sends with this file. */
  async ignoreLens(context: BuildContext, lines: LineIndex): Promise<CodeLens[]> {
    const s = await this.size(context);
    if (!s) return [];
    const E = engine();
    return [
      {
        range: toRange(lines, 0, 0),
        command: { title: E.contextSizeTitle(s), command: '', tooltip: E.contextSizeTooltip(s) },
      },
    ];
  }

  /** On a pattern: how many context files it matches and decides; on a finding: its rule. */
  async ignoreHover(
    text: string,
    offset: number,
    lines: LineIndex,
    context: BuildContext,
    findings: readonly Finding[],
  ): Promise<Hover | null> {
    const file = engine().parseDockerignore(text);
    const index = file.patterns.findIndex((p) => offset >= p.start && offset <= p.end);
    const parts: string[] = [];
    let range: { start: number; end: number } | undefined;
    const pattern = index >= 0 ? file.patterns[index] : undefined;
    if (pattern && pattern.error === undefined && pattern.cleaned !== '' && context.known) {
      range = pattern;
      try {
        const stats = await this.scanner.patterns(context.root, text, this.onSlow);
        parts.push(patternMarkdown(pattern.negated, stats.patterns[index]!, stats));
      } catch {
        // Unreadable context: the rule hovers below still help.
      }
    }
    const hits = findings.filter((f) => offset >= f.start && offset <= f.end && ruleMeta(f.ruleId));
    for (const id of new Set(hits.map((f) => f.ruleId)))
      parts.push(engine().ruleHoverMarkdown(ruleMeta(id)!));
    range ??= hits[0];
    if (parts.length === 0 || !range) return null;
    return {
      contents: { kind: 'markdown', value: parts.join('\n\n---\n\n') },
      range: toRange(lines, range.start, range.end),
    };
  }
}

function patternMarkdown(
  negated: boolean,
  stat: { matched: number; decided: number; examples: string[] },
  stats: { complete: boolean; visited: number },
): string {
  const atLeast = stats.complete ? '' : 'at least ';
  const { formatCount } = engine();
  const files = (n: number) => `${atLeast}${formatCount(n)} file${n === 1 ? '' : 's'}`;
  const lines: string[] = [];
  if (stat.matched === 0) {
    lines.push(`Matches no file in the build context${stats.complete ? '' : ' (so far)'}.`);
  } else {
    lines.push(
      `Matches ${files(stat.matched)} in the build context; ${negated ? 're-includes' : 'excludes'} ${files(stat.decided)} in the end (the last matching pattern decides).`,
    );
    lines.push('', ...stat.examples.map((e) => `- \`${e}\``));
    if (stat.matched > stat.examples.length) lines.push('- …');
  }
  if (!stats.complete)
    lines.push('', `_The scan stopped after ${formatCount(stats.visited)} entries._`);
  return lines.join('\n');
}
