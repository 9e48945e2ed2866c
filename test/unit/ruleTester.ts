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
import { checkMeaning } from '../helpers/shellMeaning';

/**
 * Rules whose fixes do not declare their changes yet (`Fix.changes`): the meaning check still
 * runs on them and its problems are printed, but do not fail the table. TODO: remove each entry
 * once its fix declares what it changes.
 */
export const UNDECLARED_FIXES: ReadonlyMap<string, string> = new Map([
  [
    'missing-cache-mount',
    'TODO(missing-cache-mount): declare removes-flag / removes-command / inserts-mount',
  ],
  ['pip-no-cache-dir', 'TODO(pip-no-cache-dir): declare adds-flag --no-cache-dir (pip)'],
  ['apk-no-cache', 'TODO(apk-no-cache): declare adds-flag --no-cache, removes-command apk update'],
  [
    'pkg-cache-not-cleaned',
    'TODO(pkg-cache-not-cleaned): declared through appendCommandFix; cache-mount fix undeclared',
  ],
  ['copy-all-before-install', 'TODO(copy-all-before-install): declare the moved RUNs'],
  [
    'apt-no-install-recommends',
    'TODO(apt-no-install-recommends): declare adds-flag --no-install-recommends (apt-get)',
  ],
  [
    'npm-dev-dependencies',
    'TODO(npm-dev-dependencies): declare adds-flag --omit=dev / --production / --prod',
  ],
  ['npm-install-not-ci', 'TODO(npm-install-not-ci): declare replaces-word install → ci (npm)'],
  ['go-cgo-static', 'TODO(go-cgo-static): declare sets-variable CGO_ENABLED=0 (go)'],
  ['go-strip-symbols', 'TODO(go-strip-symbols): declare adds-flag -ldflags (go)'],
  [
    'add-remote-archive',
    'TODO(add-remote-archive): declare removes-command (download, extract, rm) and adds-command (the curl | tar pipeline)',
  ],
  [
    'secret-file-copied',
    'TODO(secret-file-copied): declare what the secret-mount fix changes in the RUNs',
  ],
]);

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
