// The dockerignore TextMate grammar: valid JSON, contributed in package.json, and its rules mean
// what Docker does (checked with JavaScript regexps, which these simple patterns share with
// Oniguruma).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { it } from 'node:test';

const REPO = path.resolve(__dirname, '..', '..', '..');

interface Rule {
  match?: string;
  name?: string;
}

const grammar = JSON.parse(
  fs.readFileSync(path.join(REPO, 'syntaxes', 'dockerignore.tmLanguage.json'), 'utf8'),
) as { scopeName: string; repository: Record<string, Rule> };
const re = (key: string) => new RegExp(grammar.repository[key]!.match!);

it('grammar: contributed for the dockerignore language', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as {
    contributes: { grammars: { language: string; scopeName: string; path: string }[] };
  };
  const g = pkg.contributes.grammars.find((x) => x.language === 'dockerignore');
  assert.ok(g);
  assert.equal(g.scopeName, grammar.scopeName);
  assert.ok(fs.existsSync(path.join(REPO, g.path)));
});

it('grammar: comments only in column 1; !, wildcards, classes and escapes', () => {
  assert.ok(re('comment').test('# note'));
  assert.ok(!re('comment').test(' # note'), 'an indented # is a pattern');
  assert.ok(!re('comment').test('a # note'));
  assert.equal(re('negation').exec('  !keep')?.[1], '!');
  assert.ok(!re('negation').test('a!b'));
  assert.equal(re('globstar').exec('a/**/b')?.[0], '**');
  assert.equal(re('wildcard').exec('a?b')?.[0], '?');
  assert.equal(re('class').exec('x[^ab]y')?.[0], '[^ab]');
  assert.equal(re('class').exec('x[\\]]y')?.[0], '[\\]]');
  assert.equal(re('escape').exec('a\\*b')?.[0], '\\*');
});
