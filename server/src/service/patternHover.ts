/** The hover of one `.dockerignore` pattern: what it matches in the build context. */
import { formatCount, type PatternStat, type PatternStats } from '../analysis/contextSummary';

export function patternMarkdown(
  negated: boolean,
  stat: PatternStat,
  stats: Pick<PatternStats, 'complete' | 'visited'>,
): string {
  const atLeast = stats.complete ? '' : 'at least ';
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
