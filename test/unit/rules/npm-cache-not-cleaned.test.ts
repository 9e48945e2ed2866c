import { ruleTests } from '../ruleTester';

ruleTests('npm-cache-not-cleaned', {
  valid: [
    {
      code: 'FROM buildpack-deps:bookworm\nRUN curl -fsSLO https://yarnpkg.com/yarn-v1.22.22.tar.gz \\\n  && tar -xzf yarn-v1.22.22.tar.gz -C /opt/ \\\n  && ln -s /opt/yarn-v1.22.22/bin/yarn /usr/local/bin/yarn \\\n  && yarn --version\n',
      name: 'yarn --version installs nothing (docker-node)',
    },
    { code: 'FROM node:20-slim\nRUN yarn -v && yarn -h && npm --version\n', name: '-v, -h' },
    { code: 'FROM node:20\nRUN npm ci && npm cache clean --force\n' },
    { code: 'FROM node:20\nRUN yarn install --frozen-lockfile && yarn cache clean\n' },
    {
      code: 'FROM node:20\nRUN npm ci && rm -rf /root/.npm\n',
      name: 'rm -rf of the cache directory',
    },
    {
      code: 'FROM node:20\nRUN --mount=type=cache,target=/root/.npm npm ci\n',
      name: 'cache mount on ~/.npm',
    },
    {
      code: 'FROM node:20\nRUN --mount=type=cache,target=/usr/local/share/.cache/yarn yarn\n',
      name: 'cache mount on the yarn cache',
    },
    {
      code: 'FROM node:20 AS build\nRUN npm ci && npm run build\nFROM node:20-slim\nCOPY --from=build /app/dist /app\n',
      name: 'builder stage',
    },
    { code: 'FROM node:20\nRUN npm run build\n', name: 'no install' },
    {
      code: 'FROM node:20\nRUN yarn install --immutable\n',
      name: 'yarn 2+ (--immutable) manages its cache itself',
    },
    {
      code: 'FROM node:20\nRUN yarn install\n',
      context: ['package.json', 'yarn.lock', '.yarnrc.yml'],
      name: 'yarn 2+ (.yarnrc.yml in the context)',
    },
  ],
  invalid: [
    {
      name: 'npm ci (final stage)',
      code: 'FROM node:20-slim\nRUN npm ci --omit=dev\n',
      errors: ['npm ci'],
      output: 'FROM node:20-slim\nRUN npm ci --omit=dev && npm cache clean --force\n',
    },
    {
      name: 'npm install -g',
      code: 'FROM node:20-slim\nRUN npm install -g pm2\n',
      errors: ['npm install'],
      output: 'FROM node:20-slim\nRUN npm install -g pm2 && npm cache clean --force\n',
    },
    {
      name: 'bare yarn',
      code: 'FROM node:20-slim\nRUN yarn --frozen-lockfile --production\n',
      errors: ['yarn'],
      output: 'FROM node:20-slim\nRUN yarn --frozen-lockfile --production && yarn cache clean\n',
    },
    {
      name: 'a version check next to a bare yarn install: the install is reported',
      code: 'FROM node:20-slim\nRUN yarn --version && yarn --production\n',
      errors: ['yarn'],
      output: 'FROM node:20-slim\nRUN yarn --version && yarn --production && yarn cache clean\n',
    },
    {
      name: 'a stage the final stage is built FROM ships too',
      code: 'FROM node:20-slim AS base\nRUN npm ci\nFROM base\nCMD ["node", "index.js"]\n',
      errors: ['npm ci'],
      output:
        'FROM node:20-slim AS base\nRUN npm ci && npm cache clean --force\nFROM base\nCMD ["node", "index.js"]\n',
    },
    {
      name: '--target picks the final stage',
      code: 'FROM node:20 AS prod\nRUN npm ci\nFROM node:20 AS dev\nRUN npm install\n',
      target: 'prod',
      errors: ['npm ci'],
      output:
        'FROM node:20 AS prod\nRUN npm ci && npm cache clean --force\nFROM node:20 AS dev\nRUN npm install\n',
    },
    {
      name: 'continuation with a comment, leading && style',
      code: 'FROM node:20-slim\nRUN npm ci \\\n# no dev dependencies\n    --omit=dev \\\n    && node -v\n',
      errors: ['npm ci'],
      output:
        'FROM node:20-slim\nRUN npm ci \\\n# no dev dependencies\n    --omit=dev \\\n    && node -v \\\n    && npm cache clean --force\n',
    },
    {
      name: 'heredoc',
      code: 'FROM node:20-slim\nRUN <<EOF\n  npm ci\nEOF\n',
      errors: ['npm ci'],
      output: 'FROM node:20-slim\nRUN <<EOF\n  npm ci\n  npm cache clean --force\nEOF\n',
    },
    {
      name: 'escape directive',
      code: '# escape=`\nFROM node:20-slim\nRUN npm ci && `\n    node -v\n',
      errors: ['npm ci'],
      output:
        '# escape=`\nFROM node:20-slim\nRUN npm ci && `\n    node -v && `\n    npm cache clean --force\n',
    },
    {
      name: 'a cache mount in the wrong home does not count',
      code: 'FROM node:20-slim\nUSER node\nRUN --mount=type=cache,target=/root/.npm npm ci\n',
      errors: ['npm ci'],
    },
    {
      name: 'exec form: no fix',
      code: 'FROM node:20-slim\nRUN ["npm", "ci"]\n',
      errors: ['"npm", "ci"'],
      output: null,
    },
  ],
});
