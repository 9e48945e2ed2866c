/**
 * No regular expression in server/src (or shared/src) backtracks catastrophically: each literal is
 * run against attack strings built from its own structure (regexAttacks.ts), in a worker with a
 * watchdog, and must answer within a CPU-time limit. Regexes built at run time are listed and
 * reviewed here.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import ts from 'typescript';
import { attacks } from './regexAttacks';
import { runTimed, type Job } from './timedWorker';

const REPO = path.resolve(__dirname, '..', '..', '..', '..');
/** Characters pumped per attack: quadratic backtracking then costs seconds, linear work microseconds. */
const SIZE = 30_000;
const LIMIT_MS = 250;

/**
 * `new RegExp(…)` calls, by file, with why they are safe. A new one fails the test until reviewed.
 */
const REVIEWED_DYNAMIC: Record<string, string> = {
  'server/src/parse/regexpSyntax.ts':
    'Unicode property classes (`\\p{…}` from a fixed table) anchored as ^…$ and tested on one code point at a time.',
  'server/src/rules/secret-in-arg-env.ts':
    '`$NAME` / `${NAME…}` with NAME an escaped ARG name: literals and one class, no quantifier.',
  'server/src/config/glob.ts':
    'One `[…]` class of a .layerwise.json pattern, anchored as ^[…]$ and tested on one character at a time; the pattern itself is matched by dynamic programming, not by a regex.',
};

/**
 * Regexes the code applies only to short texts, with the bound: they are attacked at that size.
 */
const BOUNDED: Record<string, { size: number; why: string }> = {
  'server/src/parse/substitute.ts': {
    size: 1024,
    why: 'substituteArgs returns texts longer than MAX_SUBSTITUTED_LENGTH (1,024) unchanged',
  },
};

interface Literal {
  where: string;
  source: string;
  flags: string;
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sourceFiles(p) : e.name.endsWith('.ts') ? [p] : [];
  });
}

function scan(): { literals: Literal[]; dynamic: string[] } {
  const literals: Literal[] = [];
  const dynamic: string[] = [];
  for (const file of [
    ...sourceFiles(path.join(REPO, 'server', 'src')),
    ...sourceFiles(path.join(REPO, 'shared', 'src')),
  ]) {
    const rel = path.relative(REPO, file).split(path.sep).join('/');
    const sf = ts.createSourceFile(
      file,
      fs.readFileSync(file, 'utf8'),
      ts.ScriptTarget.Latest,
      true,
    );
    const visit = (node: ts.Node): void => {
      if (node.kind === ts.SyntaxKind.RegularExpressionLiteral) {
        const text = node.getText(sf);
        const slash = text.lastIndexOf('/');
        const line = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
        literals.push({
          where: `${rel}:${line}`,
          source: text.slice(1, slash),
          flags: text.slice(slash + 1),
        });
      }
      if (ts.isNewExpression(node) && node.expression.getText(sf) === 'RegExp') dynamic.push(rel);
      if (ts.isCallExpression(node) && node.expression.getText(sf) === 'RegExp') dynamic.push(rel);
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  return { literals, dynamic };
}

describe('regular expressions are safe against catastrophic backtracking', () => {
  const { literals, dynamic } = scan();

  it('regexes built at run time are all reviewed', () => {
    for (const file of new Set(dynamic))
      assert.ok(REVIEWED_DYNAMIC[file], `new RegExp in ${file}: review it and list it here`);
  });

  it(`every regex literal answers ${SIZE.toLocaleString('en-US')}-character attacks within ${LIMIT_MS} ms`, async (t) => {
    assert.ok(literals.length > 20, 'literals found');
    const jobs: Job[] = [];
    const byId = new Map<string, { lit: Literal; label: string }>();
    for (const lit of literals) {
      let list;
      try {
        list = attacks(lit.source, BOUNDED[lit.where.replace(/:\d+$/, '')]?.size ?? SIZE);
      } catch (e) {
        assert.fail(
          `cannot build attacks for /${lit.source}/ at ${lit.where}: ${(e as Error).message}`,
        );
      }
      for (const a of list) {
        const id = `${jobs.length}`;
        byId.set(id, { lit, label: a.label });
        jobs.push({ kind: 'regex', id, source: lit.source, flags: lit.flags, text: a.text });
      }
    }
    const results = await runTimed(jobs, 10_000);
    const slow = results
      .filter((r) => r.ms > LIMIT_MS || r.error)
      .map((r) => {
        const j = byId.get(r.id)!;
        return `/${j.lit.source}/${j.lit.flags} at ${j.lit.where}: ${r.ms.toFixed(0)} ms on ${j.label}${r.error ? ` (${r.error})` : ''}`;
      });
    const worst = [...results].sort((a, b) => b.ms - a.ms).slice(0, 3);
    const describe = (r: (typeof results)[number]) =>
      `${r.ms.toFixed(1)} ms (/${byId.get(r.id)!.lit.source}/ at ${byId.get(r.id)!.lit.where})`;
    t.diagnostic(
      `${literals.length} literals, ${jobs.length} attacks; slowest ${worst.map(describe).join(', ')}`,
    );
    assert.deepEqual(slow, []);
  });
});
