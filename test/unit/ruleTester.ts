import assert from 'node:assert/strict';
import { applyEdits } from '../../server/src/engine/applyEdits';
import {
  contextFromList,
  UNKNOWN_CONTEXT,
  type BuildContext,
} from '../../server/src/analysis/context';
import { lintDockerfile } from '../../server/src/engine/lint';
import type { Finding, Fix } from '../../server/src/rules/types';
import { buildModel } from '../../server/src/parse/model';
import { tableTests, type TableInvalidFields } from './tableTester';
import { checkMeaning, UNDECLARED_FIXES } from '../helpers/shellMeaning';

/** The meaning check on a fixed table case: throws with the problems (or logs them for the allow-list). */
export function assertFixKeepsMeaning(ruleId: string, code: string, fixed: string, fix: Fix): void {
  const { problems } = checkMeaning(code, fixed, fix);
  if (problems.length === 0) return;
  const message = `the fix '${fix.title}' of ${ruleId} changed what the shell runs:\n- ${problems.join('\n- ')}`;
  if (UNDECLARED_FIXES.has(ruleId) && !fix.changes) {
    console.warn(`${UNDECLARED_FIXES.get(ruleId)}: ${message}`);
    return;
  }
  assert.fail(message);
}

export interface Case {
  code: string;
  /** Files in the build context; undefined = nothing known about it. */
  context?: string[];
  ignoreFile?: string;
  target?: string;
  name?: string;
}

export interface InvalidCase extends Case, TableInvalidFields {
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
  tableTests(ruleId, cases, {
    findings: findingsOf,
    label,
    afterFix(c, fix, fixed) {
      // Edits to the ignore file apply to its text as the rule saw it.
      let ignoreFile = c.ignoreFile;
      for (const change of fix.files ?? []) {
        if (change.path !== '/ctx/.dockerignore' || !change.edits) continue;
        ignoreFile = applyEdits(ignoreFile ?? '', change.edits);
      }
      if (c.ignoreOutput !== undefined) assert.equal(ignoreFile, c.ignoreOutput);
      // What each RUN's shell runs: kept, apart from what the fix declares.
      assertFixKeepsMeaning(ruleId, c.code, fixed, fix);
      // The fix keeps the stages.
      assert.equal(buildModel(fixed).stages.length, buildModel(c.code).stages.length);
      return { ...c, code: fixed, ignoreFile };
    },
  });
}
