import { ruleTests } from '../ruleTester';

ruleTests('npm-install-not-ci', {
  valid: [
    { code: 'FROM node:20\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm ci\n' },
    {
      code: 'FROM node:20\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm install express\n',
      name: 'npm install <pkg>',
    },
    {
      code: 'FROM node:20\nWORKDIR /app\nCOPY package*.json ./\nRUN npm install\n',
      name: 'glob and nothing known about the context',
    },
    {
      code: 'FROM node:20\nWORKDIR /app\nCOPY package*.json ./\nRUN npm install\n',
      context: ['package.json'],
      name: 'no lockfile in the context',
    },
    {
      code: 'FROM node:20\nWORKDIR /app\nCOPY package.json ./\nRUN npm install\n',
      context: ['package.json', 'package-lock.json'],
      name: 'the lockfile is in the context but not copied',
    },
    {
      code: 'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm install\n',
      context: ['package.json', 'package-lock.json'],
      ignoreFile: 'package-lock.json\n',
      name: 'the lockfile is excluded by .dockerignore',
    },
    {
      code: 'FROM node:20\nWORKDIR /app\nCOPY package.json package-lock.json ./\nWORKDIR /srv\nRUN npm install\n',
      name: 'the lockfile is in another directory',
    },
    {
      code: 'FROM node:20\nCOPY package.json package-lock.json ./\nRUN npm install -g .\n',
      name: 'global install',
    },
  ],
  invalid: [
    {
      name: 'the COPY names the lockfile',
      code: 'FROM node:20\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm install\n',
      errors: ['npm install'],
      output: 'FROM node:20\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm ci\n',
    },
    {
      name: 'glob with the lockfile in the context; flags kept',
      code: 'FROM node:20\nWORKDIR /app\nCOPY package*.json ./\nRUN npm i --omit=dev\n',
      context: ['package.json', 'package-lock.json', 'src/index.js'],
      errors: ['npm i'],
      output: 'FROM node:20\nWORKDIR /app\nCOPY package*.json ./\nRUN npm ci --omit=dev\n',
    },
    {
      name: 'COPY . . with a lockfile in the context',
      code: 'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm install && npm run build\n',
      context: ['package.json', 'package-lock.json'],
      errors: ['npm install'],
      output: 'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci && npm run build\n',
    },
    {
      name: 'sub-folder copied to the workdir',
      code: 'FROM node:20\nWORKDIR /web\nCOPY frontend/package*.json ./\nRUN npm install\n',
      context: ['frontend/package.json', 'frontend/package-lock.json'],
      errors: ['npm install'],
      output: 'FROM node:20\nWORKDIR /web\nCOPY frontend/package*.json ./\nRUN npm ci\n',
    },
    {
      name: 'npm-shrinkwrap.json counts',
      code: 'FROM node:20\nWORKDIR /app\nCOPY package.json npm-shrinkwrap.json /app/\nRUN npm install\n',
      errors: ['npm install'],
      output:
        'FROM node:20\nWORKDIR /app\nCOPY package.json npm-shrinkwrap.json /app/\nRUN npm ci\n',
    },
    {
      name: 'bind mount of the lockfile',
      code: 'FROM node:20\nWORKDIR /app\nRUN --mount=type=bind,source=package.json,target=package.json --mount=type=bind,source=package-lock.json,target=package-lock.json npm install\n',
      errors: ['npm install'],
      output:
        'FROM node:20\nWORKDIR /app\nRUN --mount=type=bind,source=package.json,target=package.json --mount=type=bind,source=package-lock.json,target=package-lock.json npm ci\n',
    },
    {
      name: 'copied in a stage this one is built FROM',
      code: 'FROM node:20 AS deps\nWORKDIR /app\nCOPY package.json package-lock.json ./\nFROM deps\nRUN npm install\n',
      errors: ['npm install'],
      output:
        'FROM node:20 AS deps\nWORKDIR /app\nCOPY package.json package-lock.json ./\nFROM deps\nRUN npm ci\n',
    },
    {
      name: 'continuation with a comment',
      code: 'FROM node:20\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm install \\\n# quiet\n    --no-audit\n',
      errors: ['npm install'],
      output:
        'FROM node:20\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm ci \\\n# quiet\n    --no-audit\n',
    },
    {
      name: 'heredoc',
      code: 'FROM node:20\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN <<EOF\nnpm install\nEOF\n',
      errors: ['npm install'],
      output:
        'FROM node:20\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN <<EOF\nnpm ci\nEOF\n',
    },
    {
      name: 'exec form',
      code: 'FROM node:20\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN ["npm", "install"]\n',
      errors: ['"npm", "install"'],
      output:
        'FROM node:20\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN ["npm", "ci"]\n',
    },
    {
      name: 'escape directive',
      code: '# escape=`\nFROM node:20\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm install `\n    --no-fund\n',
      errors: ['npm install'],
      output:
        '# escape=`\nFROM node:20\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm ci `\n    --no-fund\n',
    },
  ],
});
