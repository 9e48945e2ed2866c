import assert from 'node:assert/strict';
import { contextFromList, UNKNOWN_CONTEXT } from '../../server/src/analysis/context';
import { lintDockerignore } from '../../server/src/engine/lintDockerignore';
import type { Finding } from '../../server/src/rules/types';
import { buildModel } from '../../server/src/parse/model';
import { tableTests, type TableInvalidFields } from './tableTester';

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

export interface IgnoreInvalidCase extends IgnoreCase, TableInvalidFields {}

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
  tableTests(ruleId, cases, {
    findings: ignoreFindingsOf,
    label,
    afterFix(c, fix, fixed) {
      assert.equal(fix.files, undefined, 'an ignore-file fix edits only the ignore file');
      return { ...c, code: fixed };
    },
  });
}
