import { contextWideSource, copyInfo, isContextWide } from '../analysis/copies';
import type { BuildContext } from '../analysis/context';
import type { DockerfileModel, DockerfileRule } from './types';
import { unquote } from '../parse/words';

interface Entry {
  pattern: string;
  /** Added when any of these exist in the context (always when empty). */
  when: string[];
}

// Chosen from what the context holds, so the file never hides something the build reads.
const ENTRIES: Entry[] = [
  { pattern: '.git', when: [] },
  { pattern: '.env', when: [] },
  { pattern: '.env.*', when: ['.env.local', '.env.development', '.env.production', '.env.test'] },
  { pattern: 'node_modules', when: ['package.json', 'node_modules'] },
  { pattern: 'npm-debug.log*', when: ['package.json'] },
  {
    pattern: '__pycache__',
    when: ['requirements.txt', 'pyproject.toml', 'setup.py', 'Pipfile', '__pycache__'],
  },
  { pattern: '*.pyc', when: ['requirements.txt', 'pyproject.toml', 'setup.py', 'Pipfile'] },
  {
    pattern: '.venv',
    when: ['requirements.txt', 'pyproject.toml', 'setup.py', 'Pipfile', '.venv'],
  },
  { pattern: 'venv', when: ['venv'] },
  { pattern: '.pytest_cache', when: ['.pytest_cache'] },
  { pattern: 'target', when: ['Cargo.toml', 'pom.xml', 'target'] },
  { pattern: 'coverage', when: ['coverage'] },
  { pattern: '.vscode', when: ['.vscode'] },
  { pattern: '.idea', when: ['.idea'] },
];

export function dockerignoreEntries(model: DockerfileModel, context: BuildContext): string[] {
  const copied = new Set<string>();
  for (const ins of model.instructions) {
    const info = copyInfo(ins);
    if (!info || info.from !== undefined) continue;
    for (const s of info.sources)
      copied.add(unquote(s.text).replace(/^\.\//, '').replace(/\/$/, '').split('/')[0]!);
  }
  return ENTRIES.filter((e) => !copied.has(e.pattern))
    .filter((e) => e.when.length === 0 || e.when.some((w) => context.exists(w)))
    .map((e) => e.pattern);
}

export const rule: DockerfileRule = {
  meta: {
    id: 'dockerignore-missing',
    category: 'context',
    severity: 'warning',
    appliesTo: 'dockerfile',
    fixable: true,
    aliases: ['droast DF033'],
    docs: {
      summary:
        'The Dockerfile copies the whole build context and no `.dockerignore` applies to the build.',
      why: 'Without an ignore file, `COPY . .` sends everything in the folder to the builder and into the image: `.git`, local `node_modules` or virtualenvs, secrets in `.env`. The upload is slower, the layer is bigger, and any change to those files invalidates the cache.',
      before: 'FROM node:20-slim\nWORKDIR /app\nCOPY . .\n',
      after: 'FROM node:20-slim\nWORKDIR /app\nCOPY . .\n',
      context: ['package.json', 'index.js'],
      afterIgnoreFile: '.git\n.env\nnode_modules\nnpm-debug.log*\n',
      fix: '**Create .dockerignore** writes a `.dockerignore` next to the build context with entries for what the context holds (`.git`, `.env`, `node_modules` when there is a `package.json`, Python caches and virtualenvs, `target`, editor folders), leaving out anything the Dockerfile copies by name. Safe: it only drops files the image should not contain; review it before committing.',
    },
  },
  check({ model, context, report }) {
    if (!context.known || !context.root || context.ignoreFile) return;
    for (const ins of model.instructions) {
      const info = copyInfo(ins);
      if (!info || !isContextWide(info)) continue;
      const source = contextWideSource(info)!;
      const text = `# Keep the build context small and secret-free.${'\n'}${dockerignoreEntries(model, context).join('\n')}\n`;
      report({
        message: `No .dockerignore applies to this build: \`${ins.raw.logical.trim()}\` sends the whole folder (version control, local dependencies, secrets) to the builder.`,
        start: source.start,
        end: source.end,
        fixes: [
          {
            title: 'Create .dockerignore',
            safety: 'safe',
            kind: 'quickfix',
            edits: [],
            files: [{ path: `${context.root.replace(/\/$/, '')}/.dockerignore`, create: text }],
            preferred: true,
          },
        ],
      });
      return;
    }
  },
};
