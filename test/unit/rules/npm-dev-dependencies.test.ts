import { ruleTests } from '../ruleTester';

ruleTests('npm-dev-dependencies', {
  valid: [
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
