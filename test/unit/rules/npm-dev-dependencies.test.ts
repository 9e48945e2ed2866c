import { withText } from '../../../server/src/analysis/context';
import { ruleTests } from '../ruleTester';

const APP =
  'FROM node:20-slim\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm ci\nCOPY . .\n';
const pkg = (json: object): string => withText('package.json', JSON.stringify(json));

ruleTests('npm-dev-dependencies', {
  valid: [
    {
      code: 'FROM buildpack-deps:bookworm\nRUN curl -fsSLO https://yarnpkg.com/yarn-v1.22.22.tar.gz \\\n  && tar -xzf yarn-v1.22.22.tar.gz -C /opt/ \\\n  && ln -s /opt/yarn-v1.22.22/bin/yarn /usr/local/bin/yarn \\\n  && yarn --version\n',
      name: 'yarn --version installs nothing (docker-node)',
    },
    { code: 'FROM node:20-slim\nRUN yarn -v && pnpm --version && npm -v\n', name: '-v' },
    { code: 'FROM node:20-slim\nRUN yarn --help\n', name: '--help' },
    {
      name: 'the installed package.json has no devDependencies',
      code: `${APP}CMD ["node", "server.js"]\n`,
      context: [pkg({ dependencies: { express: '^4.19.0' } }), 'package-lock.json', 'server.js'],
    },
    {
      name: 'the image runs a test runner from the devDependencies',
      code: `${APP}CMD ["npx", "playwright", "test"]\n`,
      context: [pkg({ devDependencies: { '@playwright/test': '^1.45.0' } }), 'package-lock.json'],
    },
    {
      name: 'the npm script the image starts runs a dev server',
      code: `${APP}CMD ["npm", "run", "dev"]\n`,
      context: [
        pkg({ scripts: { dev: 'vite --host 0.0.0.0' }, devDependencies: { vite: '^5.4.0' } }),
        'package-lock.json',
      ],
    },
    {
      name: 'npm start runs ts-node (a devDependency)',
      code: `${APP}CMD npm start\n`,
      context: [
        pkg({
          scripts: { start: 'ts-node src/main.ts' },
          devDependencies: { 'ts-node': '^10.9.2' },
        }),
        'package-lock.json',
      ],
    },
    {
      name: 'a dev server by name when nothing is known about the project',
      code: 'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm install\nCMD ["npm", "run", "dev"]\n',
    },
    {
      name: 'ARG NODE_ENV=production passed on through ENV',
      code: 'FROM node:20-slim\nARG NODE_ENV=production\nENV NODE_ENV=$NODE_ENV\nWORKDIR /app\nCOPY package*.json ./\nRUN npm ci\nCMD ["node", "index.js"]\n',
    },
    {
      name: 'ENV with a default for an ARG without one',
      code: 'FROM node:20-slim\nARG NODE_ENV\nENV NODE_ENV=${NODE_ENV:-production}\nRUN npm ci\n',
    },
    { code: 'FROM node:20-slim\nRUN npm ci --omit=dev\n' },
    { code: 'FROM node:20-slim\nRUN npm ci --omit dev\n', name: '--omit dev' },
    { code: 'FROM node:20-slim\nRUN npm install --production\n', name: '--production' },
    {
      code: 'FROM node:20-slim\nENV NODE_ENV=production\nRUN npm ci\n',
      name: 'NODE_ENV=production',
    },
    {
      code: 'FROM node:20-slim\nARG NODE_ENV="production"\nRUN npm ci\n',
      name: 'NODE_ENV as a build argument default',
    },
    { code: 'FROM node:20-slim\nRUN NODE_ENV=production npm ci\n', name: 'NODE_ENV prefix' },
    {
      code: 'FROM node:20-slim\nRUN npm ci && npm run build && npm prune --omit=dev\n',
      name: 'pruned in the same RUN',
    },
    { code: 'FROM node:20-slim\nRUN yarn install --frozen-lockfile --production\n', name: 'yarn' },
    { code: 'FROM node:20-slim\nRUN pnpm install --prod\n', name: 'pnpm' },
    {
      code: 'FROM node:20 AS build\nRUN npm ci && npm run build\nFROM node:20-slim\nCOPY --from=build /app/dist /app\n',
      name: 'builder stage',
    },
    { code: 'FROM node:20-slim\nRUN npm install -g pm2\n', name: 'named global package' },
    {
      code: 'FROM node:20-slim\nRUN yarn install --immutable\n',
      name: 'yarn 2+ is not checked',
    },
  ],
  invalid: [
    {
      name: 'devDependencies installed, the image runs plain node',
      code: `${APP}CMD ["npm", "start"]\n`,
      context: [
        pkg({
          scripts: { start: 'node dist/server.js', build: 'tsc' },
          devDependencies: { typescript: '^5.5.0' },
        }),
        'package-lock.json',
      ],
      errors: ['npm ci'],
      output: `${APP.replace('npm ci', 'npm ci --omit=dev')}CMD ["npm", "start"]\n`,
    },
    {
      name: 'ARG NODE_ENV=development passed on through ENV',
      code: 'FROM node:20-slim\nARG NODE_ENV=development\nENV NODE_ENV=$NODE_ENV\nRUN npm ci\n',
      errors: ['npm ci'],
    },
    {
      name: 'npm ci in the final stage',
      code: 'FROM node:20-slim\nWORKDIR /app\nCOPY package*.json ./\nRUN npm ci\nCMD ["node", "server.js"]\n',
      errors: ['npm ci'],
      output:
        'FROM node:20-slim\nWORKDIR /app\nCOPY package*.json ./\nRUN npm ci --omit=dev\nCMD ["node", "server.js"]\n',
    },
    {
      name: 'NODE_ENV set after the install does not count',
      code: 'FROM node:20-slim\nRUN npm install\nENV NODE_ENV=production\n',
      errors: ['npm install'],
      output: 'FROM node:20-slim\nRUN npm install --omit=dev\nENV NODE_ENV=production\n',
    },
    {
      name: 'bare yarn gets --production',
      code: 'FROM node:20-slim\nRUN yarn --frozen-lockfile\n',
      errors: ['yarn'],
      output: 'FROM node:20-slim\nRUN yarn --production --frozen-lockfile\n',
    },
    {
      name: 'bare yarn with an option other than --version still installs',
      code: 'FROM node:20-slim\nRUN yarn --version && yarn --frozen-lockfile\n',
      errors: ['yarn'],
      output: 'FROM node:20-slim\nRUN yarn --version && yarn --production --frozen-lockfile\n',
    },
    {
      name: 'pnpm gets --prod',
      code: 'FROM node:20-slim\nRUN pnpm install --frozen-lockfile\n',
      errors: ['pnpm install'],
      output: 'FROM node:20-slim\nRUN pnpm install --prod --frozen-lockfile\n',
    },
    {
      name: 'a later build step needs the devDependencies: no fix',
      code: 'FROM node:20\nCOPY . .\nRUN npm ci\nRUN npm run build\nCMD ["node", "dist/index.js"]\n',
      errors: ['npm ci'],
      output: null,
      message: /separate stage/,
    },
    {
      name: 'a stage the final stage is built FROM',
      code: 'FROM node:20-slim AS base\nRUN npm ci\nFROM base\nCMD ["node", "index.js"]\n',
      errors: ['npm ci'],
      output:
        'FROM node:20-slim AS base\nRUN npm ci --omit=dev\nFROM base\nCMD ["node", "index.js"]\n',
    },
    {
      name: 'continuation with a comment',
      code: 'FROM node:20-slim\nRUN npm ci \\\n# quiet\n    --no-audit\n',
      errors: ['npm ci'],
      output: 'FROM node:20-slim\nRUN npm ci --omit=dev \\\n# quiet\n    --no-audit\n',
    },
    {
      name: 'heredoc',
      code: 'FROM node:20-slim\nRUN <<EOF\nnpm ci\nEOF\n',
      errors: ['npm ci'],
      output: 'FROM node:20-slim\nRUN <<EOF\nnpm ci --omit=dev\nEOF\n',
    },
    {
      name: 'exec form',
      code: 'FROM node:20-slim\nRUN ["npm", "ci"]\n',
      errors: ['"npm", "ci"'],
      output: 'FROM node:20-slim\nRUN ["npm", "ci", "--omit=dev"]\n',
    },
    {
      name: 'escape directive',
      code: '# escape=`\nFROM node:20-slim\nRUN npm ci `\n    --no-fund\n',
      errors: ['npm ci'],
      output: '# escape=`\nFROM node:20-slim\nRUN npm ci --omit=dev `\n    --no-fund\n',
    },
  ],
});
