import { ignoreRuleTests } from '../dockerignoreTester';

ignoreRuleTests('dockerignore-comment-not-first', {
  valid: [
    { code: '# comment\n.git\n' },
    { code: '.#*\n*#\n\\#*\\#\na#b\n', name: 'editor lock files use # in names' },
  ],
  invalid: [
    {
      code: '.git\nnode_modules  # deps\n',
      errors: ['# deps'],
      output: '.git\n# deps\nnode_modules\n',
      fix: 'Move the comment to its own line',
    },
    { code: '  # note\n.git\n', errors: ['# note'], output: '# note\n.git\n' },
    { code: '\t# note', errors: ['# note'], output: '# note', name: 'indented, no final newline' },
    { code: 'a # c\r\nb\r\n', errors: ['# c'], output: '# c\r\na\r\nb\r\n', name: 'CRLF' },
    { code: '*.log\t#logs\n', errors: ['#logs'], output: '#logs\n*.log\n' },
    { code: '! # what\n', errors: ['# what'], output: null, name: 'nothing left to keep' },
  ],
});
