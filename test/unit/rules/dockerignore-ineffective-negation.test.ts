import { ignoreRuleTests } from '../dockerignoreTester';

ignoreRuleTests('dockerignore-ineffective-negation', {
  valid: [
    { code: '*.md\n!README.md\n' },
    { code: 'build\n!build/keep.txt\n' },
    { code: 'build\n!**/keep.txt\n', name: 'wildcard exception inside an excluded folder' },
    { code: '*\n!src\n' },
    { code: 'node_modules\n!node_modules/a/**\n' },
    { code: '[ab]*\n!c\n', name: 'classes count as overlapping' },
    { code: 'x|*\n!c\n', name: 'regexp alternation is not modelled' },
    { code: '**/*.tmp\n!keep.tmp\n' },
  ],
  invalid: [
    {
      code: '!.env.example\n.env*\n',
      errors: ['!.env.example'],
      output: '.env*\n!.env.example\n',
      fix: 'Move the negation after the pattern it overrides',
      message: /comes before `\.env\*` \(line 2\)/,
    },
    {
      code: '.git\n!.env.example\n.env*\n',
      errors: ['!.env.example'],
      output: '.git\n.env*\n!.env.example\n',
    },
    {
      code: '!keep.log\n*.log\n.git\n*.tmp\n',
      errors: ['!keep.log'],
      output: '*.log\n!keep.log\n.git\n*.tmp\n',
    },
    { code: '*.md\n!src\n', errors: ['!src'], output: null, message: /re-includes nothing/ },
    {
      code: 'a/b\n!a\n',
      errors: ['!a'],
      output: null,
      name: 'BuildKit: an exception on a parent folder',
    },
    { code: 'a|b\n!c\n', errors: ['!c'], name: 'no wildcard: | is literal' },
    { code: '!x\nx', errors: ['!x'], output: 'x\n!x', name: 'no final newline' },
    { code: '!a\r\na\r\n', errors: ['!a'], output: 'a\r\n!a\r\n', name: 'CRLF' },
  ],
});
