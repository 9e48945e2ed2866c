import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyEdits } from '../../server/src/engine/applyEdits';
import { contextFromList, UNKNOWN_CONTEXT } from '../../server/src/engine/context';
import { lintDockerignore } from '../../server/src/engine/lintDockerignore';
import type { Finding, Severity } from '../../server/src/engine/types';
import { buildModel } from '../../server/src/parse/model';

/** A .dockerignore and what it filters. */
export interface IgnoreCase {
  /** The .dockerignore text. */
  code: string;
  /** Files in the build context; undefined = nothing known about it. */
  context?: string[];
  /** Dockerfiles the ignore file serves. */
  dockerfiles?: string[];
  name?: string;
}

export interface IgnoreInvalidCase extends IgnoreCase {
  /** The exact text each finding's range covers, in order. */
  errors: string[];
  /** Expected text after applying the fix titled `fix` to the first finding; null = no fix offered. */
  output?: string | null;
  fix?: string;
  severity?: Severity;
  message?: RegExp;
}

export function ignoreFindingsOf(ruleId: string, c: IgnoreCase): Finding[] {
  const result = lintDockerignore(c.code, {
    context: c.context
      ? contextFromList('/ctx', c.context, { path: '/ctx/.dockerignore', text: c.code })
      : UNKNOWN_CONTEXT,
    dockerfiles: (c.dockerfiles ?? []).map((d) => buildModel(d)),
  });
  assert.deepEqual(result.errors, [], 'no rule may throw');
  return result.findings.filter((f) => f.ruleId === ruleId);
}

function label(c: IgnoreCase): string {
  return c.name ?? JSON.stringify(c.code).slice(0, 90);
}

/** ESLint-style table for rules on .dockerignore files (see ruleTester.ts for Dockerfiles). */
export function ignoreRuleTests(
  ruleId: string,
  cases: { valid: IgnoreCase[]; invalid: IgnoreInvalidCase[] },
): void {
  describe(ruleId, () => {
    for (const c of cases.valid) {
      it(`valid: ${label(c)}`, () => {
        assert.deepEqual(
          ignoreFindingsOf(ruleId, c).map((f) => c.code.slice(f.start, f.end)),
          [],
        );
      });
    }
    for (const c of cases.invalid) {
      it(`invalid: ${label(c)}`, () => {
        const found = ignoreFindingsOf(ruleId, c);
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
        assert.equal(fix.files, undefined, 'an ignore-file fix edits only the ignore file');
        const fixed = applyEdits(c.code, fix.edits);
        assert.equal(fixed, c.output);
        // The fix removes its finding and a second pass does not offer it again.
        const after = ignoreFindingsOf(ruleId, { ...c, code: fixed });
        assert.ok(after.length < found.length, 'the finding is gone after the fix');
        const again = after.flatMap((f) => f.fixes.filter((x) => x.title === fix.title));
        if (found.length === 1)
          assert.equal(again.length, 0, 'a second pass offers the same fix again');
      });
    }
  });
}
