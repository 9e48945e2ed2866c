import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { appendToRun, insertAfterWord } from '../../server/src/analysis/edits';
import { applyEdits } from '../../server/src/engine/applyEdits';
import { buildModel } from '../../server/src/parse/model';
import type { Fix } from '../../server/src/rules/types';
import { checkMeaning, scriptFacts } from '../helpers/shellMeaning';

const RM = 'rm -rf /var/lib/apt/lists/*';
const adds: Fix = {
  title: 'append',
  safety: 'safe',
  kind: 'quickfix',
  edits: [],
  changes: [{ kind: 'adds-command', command: RM }],
};

function append(code: string): string | undefined {
  const model = buildModel(code);
  const run = model.instructions.find((i) => i.keyword === 'RUN')!;
  const edit = appendToRun(model, run, RM);
  return edit && applyEdits(code, [edit]);
}

describe('meaning check', () => {
  it('sees a command that lost its redirection to an appended one', () => {
    const before = 'FROM debian\nRUN apt-get update && echo "export X=1" >> /env-file\n';
    const after = `FROM debian\nRUN apt-get update && echo "export X=1" && ${RM} >> /env-file\n`;
    const { problems } = checkMeaning(before, after, adds);
    assert.ok(problems.some((p) => p.includes('redirections changed')));
    assert.ok(problems.some((p) => p.includes('took redirections')));
  });

  it('sees a command appended inside a subshell, a group or after a background command', () => {
    for (const [before, after] of [
      ['RUN a && (b; c)', `RUN a && (b; c && ${RM})`],
      ['RUN { a; b; } > log', `RUN { a; b && ${RM}; } > log`],
      ['RUN a | b', `RUN a | b && ${RM} | cat`],
    ]) {
      const { problems } = checkMeaning(`FROM x\n${before}\n`, `FROM x\n${after}\n`, adds);
      assert.notDeepEqual(problems, [], after);
    }
  });

  it('sees a word or an operator that changed, and a fix that declares nothing', () => {
    const r = checkMeaning('FROM x\nRUN a && b\n', 'FROM x\nRUN a || b\n', undefined);
    assert.ok(r.problems.some((p) => p.includes("joined by '&&' before, '||' after")));
    const w = checkMeaning('FROM x\nRUN pip install x\n', 'FROM x\nRUN pip install y\n', undefined);
    assert.ok(w.problems.some((p) => p.includes('declares no changes')));
  });

  it('accepts declared flags and words', () => {
    const flag: Fix = {
      ...adds,
      changes: [{ kind: 'adds-flag', command: 'pip', flag: '--no-cache-dir' }],
    };
    assert.deepEqual(
      checkMeaning(
        'FROM x\nRUN pip install x\n',
        'FROM x\nRUN pip install --no-cache-dir x\n',
        flag,
      ).problems,
      [],
    );
  });

  it('reads here-documents, compound commands and background items as mvdan/sh does', () => {
    const facts = scriptFacts(
      'a && { b >> f; } 2>&1 | tee log; cat <<EOF > /x && c\nbody\nEOF\nif d; then e; fi > log &\n',
    ).commands;
    const show = facts.map(
      (c) =>
        `${c.words.join(' ')} [${c.redirects.join(',')}] ${c.frames.map((f) => f.desc).join('>')}`,
    );
    assert.deepEqual(show, [
      'a [] top-item',
      'b [>>f] top-item>pipe 1/2>group 2>&1 #0 body>item',
      'tee log [] top-item>pipe 2/2 |',
      'cat [<<EOF\nbody\n,>/x] top-item',
      'c [] top-item',
      'd [] top-item &>if >log #0 cond>item',
      'e [] top-item &>if >log #1 then>item',
    ]);
  });
});

describe('appendToRun refuses where no place keeps the meaning', () => {
  for (const [name, code] of [
    ['a background command last', 'FROM x\nRUN apt-get update && apt-get install -y a &\n'],
    ['exec last', 'FROM x\nRUN apt-get update && exec nginx\n'],
    ['exit last', 'FROM x\nRUN apt-get update; exit 0\n'],
    [
      'a python heredoc script (shebang)',
      'FROM x\nRUN <<EOF\n#!/usr/bin/env python3\nprint(1)\nEOF\n',
    ],
    ['a program read by python from a heredoc', 'FROM x\nRUN python3 <<EOF\nprint(1)\nEOF\n'],
    ['python reading its heredoc, marker first', 'FROM x\nRUN <<EOF python3\nprint(1)\nEOF\n'],
    ['an unbalanced quote', "FROM x\nRUN apt-get update && echo 'x\n"],
    ['an unclosed if', 'FROM x\nRUN if true; then apt-get update\n'],
    ['a heredoc script ending in a continuation', 'FROM x\nRUN <<EOF\napt-get update \\\nEOF\n'],
  ]) {
    it(name!, () => assert.equal(append(code!), undefined));
  }

  it('appends after the heredoc marker line of a shell-form RUN, with the body kept', () => {
    assert.equal(
      append('FROM x\nRUN apt-get update && tee /a <<EOF >/dev/null\nbody\nEOF\n'),
      `FROM x\nRUN apt-get update && tee /a <<EOF >/dev/null && ${RM}\nbody\nEOF\n`,
    );
  });
});

describe('insertAfterWord', () => {
  it('stays inside the quotes of an sh -c script', () => {
    const code = "FROM x\nRUN sh -c 'pip install'\n";
    const model = buildModel(code);
    const run = model.instructions[1]!;
    const pip = run.run!.commands.find((c) => c.depth === 1)!;
    const fixed = applyEdits(code, [insertAfterWord(pip.words[1]!, '--no-cache-dir')]);
    assert.equal(fixed, "FROM x\nRUN sh -c 'pip install --no-cache-dir'\n");
  });
});
