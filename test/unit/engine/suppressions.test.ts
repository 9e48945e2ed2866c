import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { applyEdits } from '../../../server/src/engine/applyEdits';
import { lintDockerfile } from '../../../server/src/engine/lint';
import {
  findSuppressions,
  hadolintCodes,
  ignoreEdit,
  UNUSED_SUPPRESSION,
} from '../../../server/src/engine/suppressions';
import { buildModel } from '../../../server/src/parse/model';
import { DOCKERFILE_RULES } from '../../../server/src/rules';

const APT = 'apt-no-install-recommends';
const LISTS = 'apt-lists-not-cleaned';
const ids = (text: string, opts: { reportUnusedSuppressions?: boolean } = {}) =>
  lintDockerfile(text, opts).findings.map((f) => f.ruleId);

describe('ignore comments', () => {
  const run = 'RUN apt-get update && apt-get install -y curl\n';

  it('`# layerwise ignore=` on the line before silences those rules for that instruction only', () => {
    const text = `FROM debian:12-slim\n# layerwise ignore=${APT} -- curl needs its recommends\n${run}${run}`;
    const found = lintDockerfile(text).findings.filter((f) => f.ruleId === APT);
    assert.equal(found.length, 1);
    assert.equal(buildModel(text).lines.positionAt(found[0]!.start).line, 3);
  });

  it('several ids, spaces after commas, other comment lines in between', () => {
    const text = `FROM debian:12-slim\n# layerwise ignore=${APT}, ${LISTS}\n# why: legacy\n${run}`;
    assert.ok(!ids(text).includes(APT));
    assert.ok(!ids(text).includes(LISTS));
  });

  it('a blank line between comment and instruction breaks the link', () => {
    const text = `FROM debian:12-slim\n# layerwise ignore=${APT}\n\n${run}`;
    assert.ok(ids(text).includes(APT));
  });

  it('`# layerwise global ignore=` silences the rule anywhere in the file', () => {
    const text = `FROM debian:12-slim\n${run}# layerwise global ignore=${APT}\n${run}`;
    assert.ok(!ids(text).includes(APT));
    assert.ok(ids(text).includes(LISTS));
  });

  it('hadolint ignore comments map DL codes through the aliases', () => {
    assert.deepEqual(hadolintCodes(DOCKERFILE_RULES).get('DL3015'), [APT]);
    const text = `FROM debian:12-slim\n# hadolint ignore=DL3015,DL3008\n${run}`;
    assert.ok(!ids(text).includes(APT));
    assert.ok(ids(text).includes(LISTS));
    const global = `# hadolint global ignore=DL3009\nFROM debian:12-slim\n${run}`;
    assert.ok(!ids(global).includes(LISTS));
    assert.ok(ids(global).includes(APT));
  });

  it('a layerwise id in a hadolint comment (and the reverse) does nothing', () => {
    assert.ok(ids(`FROM debian:12-slim\n# hadolint ignore=${APT}\n${run}`).includes(APT));
    assert.ok(ids(`FROM debian:12-slim\n# layerwise ignore=DL3015\n${run}`).includes(APT));
  });

  it('applies to a finding inside a heredoc body and on an ONBUILD line', () => {
    const heredoc = `FROM debian:12-slim\n# layerwise ignore=${APT}\nRUN <<EOF\napt-get update\napt-get install -y curl\nEOF\n`;
    assert.ok(!ids(heredoc).includes(APT));
    const indented = `FROM debian:12-slim\n  # layerwise ignore=${APT}\n  ONBUILD RUN apt-get install -y curl\n`;
    assert.ok(!ids(indented).includes(APT));
  });

  it('unused suppressions are reported only when asked, hadolint ones never', () => {
    const text = `FROM debian:12-slim\n# layerwise ignore=${APT},pip-no-cache-dir,no-such-rule\n${run}# hadolint ignore=DL3042\nRUN true\n`;
    assert.ok(!ids(text).includes(UNUSED_SUPPRESSION));
    const found = lintDockerfile(text, { reportUnusedSuppressions: true }).findings.filter(
      (f) => f.ruleId === UNUSED_SUPPRESSION,
    );
    assert.deepEqual(
      found.map((f) => text.slice(f.start, f.end)),
      ['pip-no-cache-dir', 'no-such-rule'],
    );
    assert.match(found[1]!.message, /No Layerwise rule has the id/);
    // Its fix removes just that id; applying both leaves the used one.
    const once = applyEdits(text, found[0]!.fixes[0]!.edits);
    assert.ok(once.includes(`# layerwise ignore=${APT},no-such-rule\n`), once);
    const dangling = `FROM debian:12-slim\n# layerwise ignore=${APT}\n`;
    const d = lintDockerfile(dangling, { reportUnusedSuppressions: true }).findings.find(
      (f) => f.ruleId === UNUSED_SUPPRESSION,
    )!;
    assert.match(d.message, /applies to no instruction/);
    assert.equal(applyEdits(dangling, d.fixes[0]!.edits), 'FROM debian:12-slim\n');
  });
});

describe('ignoreEdit (the "Ignore <id>" code actions)', () => {
  const apply = (text: string, id: string, needle: string, scope: 'instruction' | 'file') => {
    const model = buildModel(text);
    const edit = ignoreEdit(model, DOCKERFILE_RULES, id, text.indexOf(needle), scope);
    return edit ? applyEdits(text, [edit]) : undefined;
  };

  it('inserts a comment line with the instruction’s indentation and line ending', () => {
    const text = 'FROM debian:12-slim\r\n    RUN apt-get install -y curl\r\n';
    const out = apply(text, APT, 'apt-get install', 'instruction')!;
    assert.equal(
      out,
      `FROM debian:12-slim\r\n    # layerwise ignore=${APT}\r\n    RUN apt-get install -y curl\r\n`,
    );
    assert.ok(!ids(out).includes(APT));
  });

  it('merges into an existing ignore comment, and does nothing when the id is there', () => {
    const text = `FROM debian:12-slim\n# layerwise ignore=${LISTS} -- reason\nRUN apt-get update && apt-get install -y curl\n`;
    const out = apply(text, APT, 'apt-get install', 'instruction')!;
    assert.ok(out.includes(`# layerwise ignore=${LISTS},${APT} -- reason\n`), out);
    assert.equal(apply(out, APT, 'apt-get install', 'instruction'), undefined);
  });

  it('the file-wide comment goes after the parser directives, or merges into a global one', () => {
    const text =
      '# syntax=docker/dockerfile:1\n# escape=\\\nFROM debian:12\nRUN apt-get install -y curl\n';
    const out = apply(text, APT, 'apt-get', 'file')!;
    assert.equal(
      out,
      `# syntax=docker/dockerfile:1\n# escape=\\\n# layerwise global ignore=${APT}\nFROM debian:12\nRUN apt-get install -y curl\n`,
    );
    const model = buildModel(out);
    assert.deepEqual(
      model.scan.directives.map((d) => d.name),
      ['syntax', 'escape'],
    );
    const merged = apply(out, LISTS, 'apt-get', 'file')!;
    assert.ok(merged.includes(`# layerwise global ignore=${APT},${LISTS}\n`));
    assert.equal(apply(merged, LISTS, 'apt-get', 'file'), undefined);
  });

  it('keeps a byte-order mark first, and handles a file without a final newline', () => {
    const bom = '\uFEFFRUN apt-get install -y curl';
    assert.equal(
      apply(bom, APT, 'apt-get', 'instruction'),
      `\uFEFF# layerwise ignore=${APT}\nRUN apt-get install -y curl`,
    );
    assert.equal(
      apply('# syntax=docker/dockerfile:1', APT, 'syntax', 'file'),
      `# syntax=docker/dockerfile:1\n# layerwise global ignore=${APT}`,
    );
  });

  it('outside every instruction only the file scope is offered', () => {
    const text = 'FROM debian:12\n\n# a comment\n';
    assert.equal(apply(text, APT, 'a comment', 'instruction'), undefined);
    assert.ok(apply(text, APT, 'a comment', 'file'));
  });

  it('both actions silence every finding they are offered on (property test)', () => {
    const lines = [
      'FROM debian:12',
      '  RUN apt-get update && apt-get install -y curl',
      'RUN pip install flask',
      '# layerwise ignore=pip-no-cache-dir',
      'COPY . .',
      'RUN <<EOF\napt-get install -y git\nEOF',
      '# syntax=docker/dockerfile:1',
      '',
    ];
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...lines), { maxLength: 8 }),
        fc.constantFrom('\n', '\r\n'),
        fc.constantFrom('instruction' as const, 'file' as const),
        (parts, eol, scope) => {
          const text = parts.join('\n').replace(/\n/g, eol) + eol;
          const findings = lintDockerfile(text).findings;
          for (const f of findings) {
            const model = buildModel(text);
            const edit = ignoreEdit(model, DOCKERFILE_RULES, f.ruleId, f.start, scope);
            if (!edit) return false; // every finding sits in an instruction here
            const out = applyEdits(text, [edit]);
            // The finding, moved by the inserted text, is gone; directives stay directives.
            const shift = edit.start <= f.start ? edit.newText.length - (edit.end - edit.start) : 0;
            const again = lintDockerfile(out).findings;
            if (again.some((g) => g.ruleId === f.ruleId && g.start === f.start + shift))
              return false;
            if (
              buildModel(out).scan.directives.length !== model.scan.directives.length ||
              findSuppressions(buildModel(out), DOCKERFILE_RULES).length <
                findSuppressions(model, DOCKERFILE_RULES).length
            )
              return false;
          }
          return true;
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe('an ignore comment on any instruction of a reported group', () => {
  const group = (comment: string, where: number) => {
    const runs = ['RUN useradd -m app', 'RUN mkdir -p /srv/data', 'RUN chown app /srv/data'];
    runs.splice(where, 0, comment);
    return `FROM debian:12-slim\n${runs.join('\n')}\n`;
  };
  const consecutive = (text: string) =>
    lintDockerfile(text).findings.filter((f) => f.ruleId === 'consecutive-run').length;

  it('silences consecutive-run, reported at the first RUN, from above the second or the third', () => {
    assert.equal(consecutive(group('# unrelated', 0)), 1);
    for (const where of [0, 1, 2]) {
      assert.equal(
        consecutive(group('# layerwise ignore=consecutive-run', where)),
        0,
        `at ${where}`,
      );
      assert.equal(
        consecutive(group('# hadolint ignore=DL3059', where)),
        0,
        `hadolint at ${where}`,
      );
    }
  });
});
