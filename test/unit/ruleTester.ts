import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyEdits } from '../../server/src/engine/applyEdits';
import {
  contextFromList,
  UNKNOWN_CONTEXT,
  type BuildContext,
} from '../../server/src/engine/context';
import { lintDockerfile } from '../../server/src/engine/lint';
import type { Finding, Severity } from '../../server/src/engine/types';
import { buildModel } from '../../server/src/parse/model';

export interface Case {
  code: string;
  /** Files in the build context; undefined = nothing known about it. */
  context?: string[];
  ignoreFile?: string;
  target?: string;
  name?: string;
}

export interface InvalidCase extends Case {
  /** The exact text each finding's range covers, in order. */
  errors: string[];
  /** Expected text after applying the fix titled `fix` to the first finding; null = no such fix offered. */
  output?: string | null;
  fix?: string;
  severity?: Severity;
  message?: RegExp;
  /** Expected .dockerignore text after the fix (for fixes that edit the ignore file). */
  ignoreOutput?: string;
}

export function contextOf(c: Case): BuildContext {
  if (!c.context) return UNKNOWN_CONTEXT;
  return contextFromList(
    '/ctx',
    c.context,
    c.ignoreFile !== undefined ? { path: '/ctx/.dockerignore', text: c.ignoreFile } : undefined,
  );
}

export function findingsOf(ruleId: string, c: Case): Finding[] {
  const result = lintDockerfile(c.code, { context: contextOf(c), target: c.target });
  assert.deepEqual(result.errors, [], 'no rule may throw');
  return result.findings.filter((f) => f.ruleId === ruleId);
}

function label(c: Case): string {
  return c.name ?? c.code.trim().split('\n').slice(-2).join(' ⏎ ').slice(0, 90);
}

/** ESLint-style table: valid code has no finding; invalid code has these findings and this fix. */
export function ruleTests(ruleId: string, cases: { valid: Case[]; invalid: InvalidCase[] }): void {
  describe(ruleId, () => {
    for (const c of cases.valid) {
      it(`valid: ${label(c)}`, () => {
        assert.deepEqual(
          findingsOf(ruleId, c).map((f) => c.code.slice(f.start, f.end)),
          [],
        );
      });
    }
    for (const c of cases.invalid) {
      it(`invalid: ${label(c)}`, () => {
        const found = findingsOf(ruleId, c);
        assert.deepEqual(
          found.map((f) => c.code.slice(f.start, f.end)),
          c.errors,
        );
        if (c.severity) assert.equal(found[0]!.severity, c.severity);
        if (c.message) assert.match(found[0]!.message, c.message);
        if (c.output === undefined) return;
        const fix = found[0]!.fixes.find((f) => !c.fix || f.title === c.fix);
        if (c.output === null) {
          assert.equal(fix, undefined, 'no fix expected');
          return;
        }
        assert.ok(fix, `fix '${c.fix ?? 'any'}' offered`);
        const fixed = applyEdits(c.code, fix.edits);
        assert.equal(fixed, c.output);
        // Edits to the ignore file apply to its text as the rule saw it.
        let ignoreFile = c.ignoreFile;
        for (const change of fix.files ?? []) {
          if (change.path !== '/ctx/.dockerignore' || !change.edits) continue;
          ignoreFile = applyEdits(ignoreFile ?? '', change.edits);
        }
        if (c.ignoreOutput !== undefined) assert.equal(ignoreFile, c.ignoreOutput);
        // The fix removes its finding, keeps the stages, and a second pass changes nothing.
        const after = findingsOf(ruleId, { ...c, code: fixed, ignoreFile });
        assert.ok(after.length < found.length, 'the finding is gone after the fix');
        assert.equal(buildModel(fixed).stages.length, buildModel(c.code).stages.length);
        const again = after.flatMap((f) => f.fixes.filter((x) => x.title === fix.title));
        if (found.length === 1)
          assert.equal(again.length, 0, 'a second pass offers the same fix again');
      });
    }
  });
}
