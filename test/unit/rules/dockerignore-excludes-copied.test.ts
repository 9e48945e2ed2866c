import { ruleTests } from '../ruleTester';

const PY = 'FROM python:3.12-slim\nWORKDIR /app\n';

ruleTests('dockerignore-excludes-copied', {
  valid: [
    { code: `${PY}COPY README.md .\n`, context: ['README.md'], ignoreFile: '*.md\n!README.md\n' },
    { code: `${PY}COPY . .\n`, context: ['README.md'], ignoreFile: '*.md\n' },
    {
      code: `${PY}COPY --from=build /app/README.md .\n`,
      context: ['README.md'],
      ignoreFile: '*.md\n',
    },
    {
      code: `${PY}COPY src /app/src\n`,
      context: ['src/a.py', 'src/b.py'],
      ignoreFile: 'src\n!src/a.py\n',
    },
    {
      code: `${PY}COPY *.md .\n`,
      context: ['README.md'],
      ignoreFile: '*.md\n',
      name: 'globs are not resolved',
    },
    { code: `${PY}COPY README.md .\n`, name: 'no ignore file' },
    { code: `${PY}ONBUILD COPY README.md .\n`, context: ['README.md'], ignoreFile: '*.md\n' },
    { code: `${PY}ADD https://example.com/x.md /x.md\n`, context: [], ignoreFile: '*.md\n' },
    {
      code: `${PY}COPY docs/a.md .\n`,
      context: ['docs/a.md'],
      ignoreFile: '*.md\n',
      name: '* stays in one folder',
    },
  ],
  invalid: [
    {
      code: `${PY}COPY README.md pyproject.toml ./\n`,
      context: ['README.md', 'pyproject.toml'],
      ignoreFile: '.git\n*.md\n',
      errors: ['README.md'],
      severity: 'error',
      message: /excluded from the build context by `\*\.md` \(\.dockerignore line 2\)/,
      output: `${PY}COPY README.md pyproject.toml ./\n`,
      ignoreOutput: '.git\n*.md\n!README.md\n',
      fix: 'Re-include it',
    },
    {
      code: `${PY}COPY src/ /app/src/\n`,
      context: ['src/a.py'],
      ignoreFile: 'src',
      errors: ['src/'],
      output: `${PY}COPY src/ /app/src/\n`,
      ignoreOutput: 'src\n!src\n',
    },
    {
      code: `${PY}COPY docs/guide.md ./\n`,
      context: ['docs/guide.md', 'docs/other.md'],
      ignoreFile: 'docs/\n',
      errors: ['docs/guide.md'],
      output: `${PY}COPY docs/guide.md ./\n`,
      ignoreOutput: 'docs/\n!docs/guide.md\n',
      name: 'excluded with its folder',
    },
    {
      code: `${PY}COPY README.md .\n`,
      context: ['README.md', 'x/keep.txt'],
      ignoreFile: '*.md\n!**/keep.txt\n',
      errors: ['README.md'],
      name: 'a file under a wildcard exception',
    },
    {
      code: `${PY}COPY "README.md" ./\nADD app.tar.gz /opt/\n`,
      context: ['README.md', 'app.tar.gz'],
      ignoreFile: '*.md\r\n*.gz\r\n',
      errors: ['"README.md"', 'app.tar.gz'],
      output: `${PY}COPY "README.md" ./\nADD app.tar.gz /opt/\n`,
      ignoreOutput: '*.md\r\n*.gz\r\n!README.md\r\n',
    },
    {
      code: `${PY}COPY [a]b.txt .\n`.replace('[a]b.txt', 'we{i}rd|name.txt'),
      context: ['we{i}rd|name.txt'],
      ignoreFile: '*.txt\n',
      errors: ['we{i}rd|name.txt'],
      output: `${PY}COPY we{i}rd|name.txt .\n`,
      ignoreOutput: '*.txt\n!we\\{i\\}rd\\|name.txt\n',
      name: 'regexp characters are escaped',
    },
    {
      code: `${PY}COPY "a " .\n`,
      context: ['a '],
      ignoreFile: 'a*\n',
      errors: ['"a "'],
      output: null,
      name: 'a name Docker cannot write as a pattern',
    },
  ],
});
