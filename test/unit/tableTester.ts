import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyEdits } from '../../server/src/engine/applyEdits';
import type { Finding, Fix, Severity } from '../../server/src/rules/types';

/** What every table case has, whichever kind of file the rule reads. */
export interface TableCase {
  code: string;
  name?: string;
}

/** What every invalid table case expects, whichever kind of file the rule reads. */
export interface TableInvalidFields {
  /** The exact text each finding's range covers, in order. */
  errors: string[];
  /** Expected text after applying the fix titled `fix` to the first finding; null = no such fix offered. */
  output?: string | null;
  fix?: string;
  severity?: Severity;
  message?: RegExp;
}

/** How one kind of rule table lints a case and checks what is particular to its fixes. */
export interface TableKind<C extends TableCase, I extends C & TableInvalidFields> {
  findings(ruleId: string, c: C): Finding[];
  label(c: C): string;
  /**
   * Checks what is particular to this kind of fix (`fixed` is the code after it) and returns the
   * case as it stands after the fix, to be linted again.
   */
  afterFix(c: I, fix: Fix, fixed: string): C;
}

/**
 * ESLint-style table: valid code has no finding; invalid code has these findings and this fix, the
 * fix removes its finding, and a second pass does not offer the same fix again.
 */
export function tableTests<C extends TableCase, I extends C & TableInvalidFields>(
  ruleId: string,
  cases: { valid: C[]; invalid: I[] },
  kind: TableKind<C, I>,
): void {
  describe(ruleId, () => {
    for (const c of cases.valid) {
      it(`valid: ${kind.label(c)}`, () => {
        assert.deepEqual(
          kind.findings(ruleId, c).map((f) => c.code.slice(f.start, f.end)),
          [],
        );
      });
    }
    for (const c of cases.invalid) {
      it(`invalid: ${kind.label(c)}`, () => {
        const found = kind.findings(ruleId, c);
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
        const after = kind.findings(ruleId, kind.afterFix(c, fix, fixed));
        assert.ok(after.length < found.length, 'the finding is gone after the fix');
        const again = after.flatMap((f) => f.fixes.filter((x) => x.title === fix.title));
        if (found.length === 1)
          assert.equal(again.length, 0, 'a second pass offers the same fix again');
      });
    }
  });
}
