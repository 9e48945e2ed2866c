/**
 * The files a dependency install reads, per tool: what to copy before the install so that the
 * install layer is rebuilt only when they change. Registry settings (`.npmrc`, `bunfig.toml`) are
 * read by the install too.
 */
export interface ManifestSet {
  /** Candidate files, in the order they are written into the COPY. */
  files: string[];
  /** What to copy when nothing is known about the build context. */
  canonical: string[];
}

export const MANIFESTS: Readonly<Record<string, ManifestSet>> = {
  npm: {
    files: ['package.json', 'package-lock.json', 'npm-shrinkwrap.json', '.npmrc'],
    canonical: ['package*.json'],
  },
  yarn: {
    files: ['package.json', 'yarn.lock', '.yarnrc.yml', '.yarnrc', '.npmrc'],
    canonical: ['package.json', 'yarn.lock'],
  },
  pnpm: {
    files: ['package.json', 'pnpm-lock.yaml', '.npmrc', '.pnpmfile.cjs'],
    canonical: ['package.json', 'pnpm-lock.yaml'],
  },
  bun: {
    files: ['package.json', 'bun.lock', 'bun.lockb', 'bunfig.toml', '.npmrc'],
    canonical: ['package.json'],
  },
  go: { files: ['go.mod', 'go.sum'], canonical: ['go.mod', 'go.sum'] },
  poetry: {
    files: ['pyproject.toml', 'poetry.lock'],
    canonical: ['pyproject.toml', 'poetry.lock'],
  },
  pipenv: { files: ['Pipfile', 'Pipfile.lock'], canonical: ['Pipfile', 'Pipfile.lock'] },
  uv: { files: ['pyproject.toml', 'uv.lock'], canonical: ['pyproject.toml', 'uv.lock'] },
  bundler: { files: ['Gemfile', 'Gemfile.lock'], canonical: ['Gemfile', 'Gemfile.lock'] },
  composer: {
    files: ['composer.json', 'composer.lock'],
    canonical: ['composer.json', 'composer.lock'],
  },
  maven: { files: ['pom.xml'], canonical: ['pom.xml'] },
};
