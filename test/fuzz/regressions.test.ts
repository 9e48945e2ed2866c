/**
 * Every bug the fuzzer found, as the smallest input that showed it. Each case runs through all the
 * fuzz invariants (checkCase) and, where a sentence says more, through its own assertion.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyEdits } from '../../server/src/engine/applyEdits';
import { fixAll } from '../../server/src/engine/fixAll';
import { lintDockerfile } from '../../server/src/engine/lint';
import { parseShellScript } from '../../server/src/parse/shellTree';
import { LineIndex } from '../../server/src/parse/text';
import { toContext, type ContextSpec } from './arbitraries';
import { checkCase, cpuMs } from './invariants';

interface Regression {
  name: string;
  text: string;
  context?: ContextSpec;
  target?: string;
  /** More than the invariants: what the fix for this bug guarantees. */
  also?: (text: string) => void;
}

function fixesOf(text: string, ruleId: string) {
  return lintDockerfile(text).findings.filter((f) => f.ruleId === ruleId);
}

function fixedAll(text: string): string {
  return fixAll(text, (t) => lintDockerfile(t).findings).text;
}

const REGRESSIONS: Regression[] = [
  {
    name: 'appending to a RUN that ends inside an unclosed backtick (fix-all appended `rm -rf` ten times)',
    text: 'FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends curl;`\n',
    also: (text) => {
      const [f] = fixesOf(text, 'apt-lists-not-cleaned');
      assert.ok(f, 'still reported');
      assert.deepEqual(f.fixes, [], 'no fix: the appended command would be inside the backtick');
    },
  },
  {
    name: 'appending after an unclosed quote (npm cache clean appended ten times)',
    text: 'FROM node:20\nRUN yarn install --frozen-lockfile && echo "unclosed\n',
  },
  {
    name: 'a backtick after U+FEFF# is not in a comment (the shell reads `\\uFEFF#` as a word)',
    text: 'RUN --o apt install \uFEFF#`',
  },
  {
    name: 'removing `apt-get clean` must not join a pipe to the next command (`x | apt-get clean && y` → `x | y`)',
    text: 'FROM debian:12\nRUN apt-get update && apt-get install -y curl\nRUN echo hi | apt-get clean && echo done\n',
    also: (text) => {
      for (const f of lintDockerfile(text).findings)
        for (const fix of f.fixes)
          assert.ok(
            !applyEdits(text, fix.edits).includes('echo hi | echo'),
            `${f.ruleId}: ${fix.title}`,
          );
    },
  },
  {
    name: 'removing a command that opens a backtick removes nothing (it ran on to the end of the file)',
    text: '# escape=`\nFROM python:3.12\nRUN <<EOF\nbash -c "npm ci && npm cache clean --force"\nRUN apt-get update && apt-get update && npm cache clean --force `\n    && apt-get update\n',
    context: { files: [] },
  },
  {
    name: 'removing a command whose backticks span a comment line keeps the comment',
    text: '# escape=`\nFROM python:3.12\nRUN <<EOF\nbash -c "npm ci && npm cache clean --force"\nRUN apt-get update && apt-get update && npm cache clean --force `\n    && apt-get update\n# a comment\nRUN apt-get update &&`\napt-get update',
    context: { files: [] },
  },
  {
    name: 'old Mac (CR-only) line breaks in a heredoc: no append (a lone CR ends no shell line)',
    text: 'FROM debian\rRUN bash EOF1 <<EOF2\renv DEBIAN_FRONTEND=noninteractive apt-get install -y tzdata\rEOF2\r',
    also: (text) => {
      // This once expected `\rrm -rf /var/lib/apt/lists/*\r` appended as a line of its own. Only
      // Layerwise's line index reads a lone CR as a line break: the shell reads the body as one
      // line, so the appended text became more arguments of `apt-get install` (`tzdata\rrm -rf …`),
      // which the meaning check rejects. An LF would end the shell line but mix the file's line
      // breaks, and BuildKit, which splits lines at LF only, would read the file differently.
      // No edit keeps the meaning, so appendToRun declines: reported, without a fix.
      const [f] = fixesOf(text, 'apt-lists-not-cleaned');
      assert.ok(f, 'still reported');
      assert.deepEqual(f.fixes, []);
      const fixed = fixedAll(text);
      assert.doesNotMatch(fixed, /rm -rf \/var\/lib\/apt\/lists/);
      assert.equal(fixedAll(fixed), fixed);
    },
  },
  {
    name: 'CR-only heredoc: a `#` comment ends at the CR, so the appended command is seen (fix-all looped)',
    text: 'FROM python:3.12\rRUN <<EOF\rapt-get update\r# a comment\rRUN cat <<EOF > /etc/conf\rkey=value\rEOF',
    context: { files: [] },
  },
  {
    name: 'CR-only file: a moved RUN keeps the final line break (stable-layer-after-copy)',
    text: 'FROM ruby:3.3\rCOPY requirements.txt .\rADD \\\r  . /app\rRUN --security=insecure bash <<-EOT\rapt-get clean\rapk add curl\rEOT\r',
  },
  {
    name: 'CR-only file: inserted lines use CR too (LineIndex.eol)',
    text: 'FROM python:3.12\rRUN pip install flask\r',
    also: (text) => assert.equal(new LineIndex(text).eol, '\r'),
  },
  {
    name: 'root-user: no "Add USER" after an unterminated heredoc (the lines would join its body)',
    // root-user judges application images only: a bare `FROM golang` that copies no program in
    // and starts none is a toolchain image, so the comment keeps the rule (and its fix) in play.
    text: '# layerwise role=application\nFROM golang:1.22\nRUN <<EOF\nuseradd -m app\n',
    also: (text) => {
      assert.deepEqual(fixesOf(text, 'root-user')[0]?.fixes, []);
      // With the heredoc closed, the fix is offered: the case above tests the heredoc.
      assert.equal(fixesOf(`${text}EOF\n`, 'root-user')[0]?.fixes.length, 1);
    },
  },
  {
    name: 'appending to a RUN whose heredoc never ends (it runs to the end of the file)',
    text: 'FROM debian:12\nRUN <<EOF\napt-get install -y --no-install-recommends curl\nMAINTAINER someone\n',
    also: (text) => assert.deepEqual(fixesOf(text, 'apt-lists-not-cleaned')[0]?.fixes, []),
  },
  {
    name: 'deleting the first instruction keeps the byte-order mark before it (apt-update-alone)',
    text: '\ufeffrun apt-get update\nRUN --security=insecure npm ci && \\\n    apt-get install -y --no-install-recommends git ca-certificates\n',
  },
  {
    name: 'copy-all-before-install: no move below an install whose heredoc never ends',
    text: "FROM python:3.12\nCOPY . .\nRUN <<'SCRIPT'\npip install -r requirements.txt\n",
    also: (text) => {
      for (const f of fixesOf(text, 'copy-all-before-install')) assert.deepEqual(f.fixes, []);
    },
  },
  {
    name: 'an image name split by a continuation is not rewritten (the edit swallowed the comment lines)',
    text: 'from python:3.12EOF\\\n#\n# a comment\n#\n\nFROM debian:bookworm-slim\nRUN true\n',
    also: (text) => {
      for (const id of ['full-base-image', 'latest-tag'])
        for (const f of fixesOf(text, id)) assert.deepEqual(f.fixes, [], id);
    },
  },
  {
    name: 'a FROM without an image reports at its keyword, not at offset 0 twice (unused-stage)',
    text: '\\# escape=`\nFROM\n# escape=`\nFROM\nFROM python:3.12',
    context: { files: [] },
    also: (text) => {
      const starts = fixesOf(text, 'unused-stage').map((f) => f.start);
      assert.equal(starts.length, 2);
      assert.notEqual(starts[0], starts[1]);
      assert.ok(starts.every((s) => s > 0));
    },
  },
  {
    name: 'a heredoc body with a 200,000-blank line: appending is linear (no /\\s+$/ backtracking)',
    text: `FROM debian:12\nRUN <<EOF\napt-get install -y --no-install-recommends curl\n${' '.repeat(200_000)}x\nEOF\n`,
    also: (text) => {
      const t0 = process.cpuUsage();
      const f = fixesOf(text, 'apt-lists-not-cleaned')[0];
      assert.ok(f?.fixes.length, 'fix offered');
      assert.ok(cpuMs(t0) < 2000, `${cpuMs(t0)} ms`);
    },
  },
  {
    name: 'a word with `${` nested thousands deep: the shell parser reports it, no stack overflow',
    text: `RUN apt-get update && apt-get update${'${'.repeat(20_000)}\nFROM python:3.12`,
    context: { files: [] },
    also: (text) => {
      assert.equal(parseShellScript(text.split('\n')[0]!).error?.message, 'nested too deeply');
    },
  },
];

describe('fuzz regressions', () => {
  for (const r of REGRESSIONS) {
    it(r.name, () => {
      checkCase({ text: r.text, context: toContext(r.context), target: r.target });
      r.also?.(r.text);
    });
  }
});
