/**
 * Every fixture Dockerfile, fixed one fix at a time and all at once (with and without
 * suggestions): parser directives, comments, flags, heredocs, checksum lines and the final
 * newline are kept, and every RUN a fix wrote still passes `bash -n` (a test-time check: the
 * server never runs a shell).
 */
import { describe, it } from 'node:test';
import { UNKNOWN_CONTEXT } from '../../server/src/analysis/context';
import { fixtures } from './corpus';
import { checkCase, stats } from './invariants';

describe('realistic fixtures keep what a fix must never drop', () => {
  for (const f of fixtures()) {
    it(f.name, () => {
      checkCase({ text: f.text, context: f.context }, { realistic: true, suggestions: true });
      checkCase({ text: f.text, context: UNKNOWN_CONTEXT }, { realistic: true, suggestions: true });
    });
  }
  it('totals', (t) => {
    t.diagnostic(
      `${stats.fixesApplied} fixes applied, ${stats.fixAllChanged} fix-all runs changed a file, ${stats.bashChecks} RUN scripts checked with bash -n`,
    );
  });
});
