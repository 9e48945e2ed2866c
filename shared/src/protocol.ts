/** Names both sides agree on. */
export const LANGUAGE_IDS = { dockerfile: 'dockerfile', dockerignore: 'dockerignore' } as const;
export const DIAGNOSTIC_SOURCE = 'layerwise';
export const FIX_ALL_KIND = 'source.fixAll.layerwise';
export const COMMANDS = {
  restartServer: 'layerwise.restartServer',
  showOutput: 'layerwise.showOutput',
} as const;
/**
 * Files whose creation, change or deletion can change a Dockerfile's findings: ignore files,
 * manifests, config files, and the build configurations (compose, bake, CI workflows, dev
 * containers, scripts) that say how each Dockerfile is built.
 */
export const WATCHED_FILES_GLOB =
  '**/{.dockerignore,*.dockerignore,.env,setup.py,.layerwise.json,.hadolint.yaml,.hadolint.yml,package.json,package-lock.json,npm-shrinkwrap.json,yarn.lock,pnpm-lock.yaml,bun.lock,bun.lockb,go.mod,go.sum,requirements*.txt,pyproject.toml,poetry.lock,uv.lock,Pipfile,Pipfile.lock,Gemfile,Gemfile.lock,composer.json,composer.lock,pom.xml,Cargo.toml,Cargo.lock,docker-bake*.hcl,docker-bake*.json,devcontainer.json,.devcontainer.json,Makefile,*.mk,*.sh,*.yml,*.yaml}';
