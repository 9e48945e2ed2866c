import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UNKNOWN_CONTEXT } from '../../../../server/src/analysis/context';
import { firstSentences, ruleHoverMarkdown } from '../../../../server/src/features/hovers/rule';
import { hoverAt } from '../../../../server/src/features/hovers';
import { lintDockerfile } from '../../../../server/src/engine/lint';
import { buildModel } from '../../../../server/src/parse/model';
import { ALL_RULES } from '../../../../server/src/rules';

describe('squiggle hover', () => {
  it('is the message, a short why, the fix in one line and the rule page link', () => {
    const text = 'FROM python:3.12-slim\nCOPY . .\nRUN pip install -r requirements.txt\n';
    const findings = lintDockerfile(text, {}).findings;
    const model = buildModel(text);
    const at = text.indexOf('pip install') + 2;
    const hover = hoverAt({ model, findings, context: UNKNOWN_CONTEXT }, at)!;
    const lines = hover.markdown.split('\n');
    assert.ok(lines.length <= 15, `${lines.length} lines:\n${hover.markdown}`);
    assert.doesNotMatch(hover.markdown, /Before:|After:|```/);
    const here = findings.filter((f) => at >= f.start && at <= f.end);
    assert.ok(here.length > 0);
    for (const f of here) {
      assert.ok(hover.markdown.includes(f.message), f.ruleId);
      assert.match(hover.markdown, new RegExp(`\\[Rule page\\]\\([^)]*${f.ruleId}`));
    }
  });

  it('every rule: at most 7 lines per finding', () => {
    for (const { meta } of ALL_RULES) {
      const md = ruleHoverMarkdown(meta, { message: 'A finding message.', fixes: [] });
      assert.ok(md.split('\n').length <= 7, meta.id);
      assert.ok(md.length < 900, `${meta.id}: ${md.length} characters`);
    }
  });

  it('firstSentences keeps whole sentences within the limit', () => {
    const text = 'One thing. Another thing, e.g. this. A third one that is long.';
    assert.equal(firstSentences(text, 2, 200), 'One thing. Another thing, e.g. this.');
    assert.equal(firstSentences(text, 2, 12), 'One thing.');
  });
});
