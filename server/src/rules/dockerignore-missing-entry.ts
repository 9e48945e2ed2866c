import { copyInfo, isContextWide } from '../analysis/copies';
import { appendLines } from '../analysis/ignoreText';
import type { DockerfileModel, DockerignoreRule } from './types';
import type { BuildContext } from '../analysis/context';
import { createMatcher, patternMatches } from '../parse/dockerignore';
import { unquote } from '../parse/words';

interface Group {
  name: string;
  /** Entries this group needs, given the context. */
  entries(context: BuildContext): string[];
  why: string;
}

const any = (context: BuildContext, paths: string[]): boolean =>
  paths.some((p) => context.exists(p));

const PYTHON = [
  'requirements.txt',
  'pyproject.toml',
  'setup.py',
  'Pipfile',
  '__pycache__',
  '.venv',
  'venv',
];

// One group per ecosystem: each says what it needs only when the context shows it is there.
const GROUPS: Group[] = [
  {
    name: 'version control',
    entries: (c) => (c.exists('.git') ? ['.git'] : []),
    why: 'the repository history is sent to the builder, and into the image by `COPY . .`; every commit invalidates the cache',
  },
  {
    name: 'Node.js',
    entries: (c) => (any(c, ['package.json', 'node_modules']) ? ['node_modules'] : []),
    why: 'local `node_modules` (often hundreds of MB, built for the host) is sent to the builder and can overwrite the dependencies installed in the image',
  },
  {
    name: 'Python',
    entries: (c) =>
      any(c, PYTHON) ? ['__pycache__', ...['.venv', 'venv'].filter((v) => c.exists(v))] : [],
    why: 'bytecode caches and local virtualenvs (built for the host) are sent to the builder and copied into the image',
  },
  {
    name: 'build output',
    entries: (c) => (any(c, ['Cargo.toml', 'pom.xml']) ? ['target'] : []),
    why: 'the host’s `target` folder (Cargo/Maven build output, often GBs) is sent to the builder',
  },
  {
    name: 'secrets',
    entries: (c) => (c.exists('.env') ? ['.env'] : []),
    why: '`.env` usually holds secrets; `COPY . .` bakes it into an image layer',
  },
];

/** First path segments the Dockerfiles copy by name: never proposed for exclusion. */
function copiedNames(models: readonly DockerfileModel[]): Set<string> {
  const names = new Set<string>();
  for (const model of models)
    for (const ins of model.instructions) {
      const info = copyInfo(ins);
      if (!info || info.from !== undefined || info.heredoc) continue;
      for (const s of info.sources) {
        const first = unquote(s.text)
          .replace(/^(\.\/|\/)+/, '')
          .split('/')[0]!;
        if (first) names.add(first);
      }
    }
  return names;
}

export const rule: DockerignoreRule = {
  meta: {
    id: 'dockerignore-missing-entry',
    category: 'context',
    severity: 'warning',
    appliesTo: 'dockerignore',
    fixable: true,
    aliases: ['dockerdoctor'],
    docs: {
      summary:
        'The `.dockerignore` misses an essential entry for what the build context holds: `.git`, `node_modules`, Python caches and virtualenvs, `target`, `.env`.',
      why: 'Whatever the ignore file does not exclude is sent to the builder and, with `COPY . .`, lands in the image: version-control history, dependencies built for your machine, build output, secrets. The upload is slower, the image bigger, and changes to those files invalidate the layer cache.',
      before: '*.log\n',
      after: '*.log\n.git\nnode_modules\n',
      language: 'dockerignore',
      context: ['.git/HEAD', 'package.json', 'index.js'],
      dockerfile: 'FROM node:20-slim\nWORKDIR /app\nCOPY . .\nRUN npm ci\n',
      fix: '**Add the missing entries** appends the entries of that group to the end of the file. A suggestion: review it, the build context then leaves those paths out. Entries a Dockerfile copies by name (`COPY .git …`) are never proposed.',
    },
  },
  check({ text, file, lines, context, dockerfiles, report }) {
    if (!context.known) return;
    const matcher = createMatcher(file);
    const copied = copiedNames(dockerfiles);
    // Name `COPY . .` only where a Dockerfile of this context has such a copy.
    const copiesAll = dockerfiles.some((m) =>
      m.instructions.some((i) => {
        const info = copyInfo(i);
        return info !== undefined && isContextWide(info);
      }),
    );
    const why = (w: string): string =>
      copiesAll ? w : w.replace(/`COPY \. \.`/g, 'a COPY of the whole context');
    // The user decided about a path when it is excluded, or an exception names it.
    const decided = (p: string): boolean =>
      matcher.isExcluded(p) || file.patterns.some((x) => x.negated && patternMatches(x, p));
    const start = 0;
    const end = lines.lineCount > 0 ? lines.lineEnd(0) : 0;
    for (const group of GROUPS) {
      const missing = group.entries(context).filter((e) => !copied.has(e) && !decided(e));
      if (missing.length === 0) continue;
      const list = missing.map((m) => `\`${m}\``).join(', ');
      report({
        message: `${list} ${missing.length === 1 ? 'is' : 'are'} not ignored (${group.name}): ${why(group.why)}.`,
        start,
        end,
        fixes: [
          {
            title: 'Add the missing entries',
            safety: 'suggestion',
            kind: 'quickfix',
            edits: [appendLines(text, missing)],
            preferred: true,
          },
        ],
      });
    }
  },
};
