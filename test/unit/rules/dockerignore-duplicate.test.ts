import { ignoreRuleTests } from '../dockerignoreTester';

ignoreRuleTests('dockerignore-duplicate', {
  valid: [
    { code: '.git\nnode_modules\n' },
    { code: 'docs/*.md\n*.md\n', name: 'a later, broader pattern' },
    { code: '*.log\n!debug.log\ndebug.log\n', name: 'an exception in between' },
    { code: 'node_modules\n!node_modules/keep\nnode_modules/keep\n' },
    { code: '[ab].txt\na.txt\n', name: 'classes are not trusted to cover' },
    { code: '*\n!src\nsrc/gen\n!src\n', name: 'an exclusion in between' },
    { code: 'x|*\nfoo\n', name: 'regexp alternation is not modelled' },
  ],
  invalid: [
    { code: '.git\n.git\n', errors: ['.git'], output: '.git\n', severity: 'hint' },
    {
      code: 'node_modules\n.env\nnode_modules/.cache\n',
      errors: ['node_modules/.cache'],
      output: 'node_modules\n.env\n',
      message: /covered by `node_modules` \(line 1\)/,
    },
    { code: '*.log\ndebug.log\n', errors: ['debug.log'], output: '*.log\n' },
    { code: '*.log\n!keep.log\ndebug.log\n', errors: ['debug.log'], name: 'unrelated exception' },
    { code: '**/node_modules\nnode_modules\n', errors: ['node_modules'] },
    { code: '/build\nbuild/\n', errors: ['build/'], message: /repeats/ },
    { code: 'foo/**\nfoo/bar\n', errors: ['foo/bar'] },
    { code: '**\nfoo\n', errors: ['foo'] },
    { code: '*\n!src\n!src\n', errors: ['!src'], output: '*\n!src\n' },
    { code: '.git\n.git', errors: ['.git'], output: '.git', name: 'no final newline' },
    { code: '.git\r\n.git\r\n', errors: ['.git'], output: '.git\r\n', name: 'CRLF' },
  ],
});
