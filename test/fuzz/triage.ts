/**
 * `npm run fuzz -- --triage [--runs N] [--seed S] [--suggestions]`: runs cases without stopping at the first failure
 * and groups the failures by broken invariant, printing the shortest input of each group. For
 * finding several bugs in one go; the property test (fuzz.test.ts) is what CI runs.
 */
import fc from 'fast-check';
import {
  applyMutation,
  contextSpec,
  dockerfileText,
  garbageText,
  mutations,
  target,
  toContext,
} from './arbitraries';
import { fixtures } from './corpus';
import { checkCase, stats } from './invariants';

interface Group {
  count: number;
  example: { text: string; context: unknown; target: string | undefined };
  message: string;
}

function signature(message: string): string {
  const first = message.split('\n')[0]!;
  // The rule, fix title and invariant name; not the offsets or the quoted text.
  return first
    .replace(/"[^"]*"|'[^']*'(?= )/g, '…')
    .replace(/\d+/g, '#')
    .slice(0, 140);
}

export function triage(total: number, seed: number, suggestions = false): Map<string, Group> {
  const corpus = fixtures();
  const arb = fc.oneof(
    fc.record({ text: dockerfileText, context: contextSpec, target }),
    fc
      .record({
        i: fc.nat(corpus.length - 1),
        ops: mutations,
        own: fc.boolean(),
        context: contextSpec,
        target,
      })
      .map((v) => ({
        text: v.ops.reduce(applyMutation, corpus[v.i]!.text),
        context: v.own ? { files: corpus[v.i]!.files, ignore: corpus[v.i]!.ignoreText } : v.context,
        target: v.target,
      })),
    fc.record({ text: dockerfileText, ops: mutations, context: contextSpec, target }).map((v) => ({
      text: v.ops.reduce(applyMutation, v.text),
      context: v.context,
      target: v.target,
    })),
    fc.record({ text: garbageText, context: contextSpec, target }),
  );
  const groups = new Map<string, Group>();
  for (const c of fc.sample(arb, { numRuns: total, seed })) {
    try {
      checkCase({ text: c.text, context: toContext(c.context), target: c.target }, { suggestions });
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      const key = signature(message);
      const g = groups.get(key);
      if (!g) groups.set(key, { count: 1, example: c, message });
      else {
        g.count++;
        if (c.text.length < g.example.text.length) {
          g.example = c;
          g.message = message;
        }
      }
    }
  }
  return groups;
}

if (require.main === module) {
  const arg = (name: string) => {
    const i = process.argv.indexOf(name);
    return i > 0 ? process.argv[i + 1] : undefined;
  };
  const total = Number(arg('--runs') ?? 5000);
  const seed = Number(arg('--seed') ?? Date.now() % 2 ** 31);
  const t0 = Date.now();
  const groups = triage(total, seed, process.argv.includes('--suggestions'));
  const sorted = [...groups.entries()].sort((a, b) => b[1].count - a[1].count);
  for (const [key, g] of sorted) {
    process.stdout.write(
      `\n=== ${g.count}× ${key}\n${g.message.slice(0, 3000)}\ncase: ${JSON.stringify(g.example)}\n`,
    );
  }
  process.stdout.write(
    `\n${total} cases (seed ${seed}) in ${((Date.now() - t0) / 1000).toFixed(1)} s: ${sorted.reduce((n, [, g]) => n + g.count, 0)} failures in ${sorted.length} groups; ${stats.fixesApplied} fixes applied\n`,
  );
  process.exitCode = sorted.length ? 1 : 0;
}
