import { ignoreRuleTests } from '../dockerignoreTester';

ignoreRuleTests('dockerignore-invalid-pattern', {
  valid: [
    { code: '.git\n*.log\n[Bb]uild\n' },
    { code: '# [not a pattern\n' },
    { code: '**/*.py[co]\n!keep\\[1\\].txt\n' },
  ],
  invalid: [
    {
      code: '.git\n[Bb]uild[\n',
      errors: ['[Bb]uild['],
      severity: 'error',
      message: /Docker rejects/,
    },
    { code: 'foo\\\n', errors: ['foo\\'], name: 'trailing backslash' },
    { code: '!\n', errors: ['!'], message: /illegal exclusion/ },
    { code: '[z-a]\n', errors: ['[z-a]'], name: 'range Go regexp rejects' },
    { code: 'a[]b\n*.tmp\n', errors: ['a[]b'], output: null },
  ],
});
