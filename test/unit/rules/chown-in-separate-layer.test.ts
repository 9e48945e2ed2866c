import { ruleTests } from '../ruleTester';

ruleTests('chown-in-separate-layer', {
  valid: [
    { code: 'FROM node:20\nCOPY --chown=node:node . /app\n' },
    {
      code: 'FROM node:20\nRUN mkdir -p /data && chown -R node:node /data\n',
      name: 'path created by the same RUN',
    },
    {
      code: 'FROM node:20\nCOPY . /app\nRUN cp -r /app/static /srv/static && chown -R node /srv/static\n',
      name: 'copied elsewhere by the same RUN',
    },
    {
      code: 'FROM node:20\nCOPY . /app\nRUN chown node /app/server.js\n',
      name: 'not recursive',
    },
    {
      code: 'FROM node:20\nCOPY . /app\nRUN chown -R node /var/log/app\n',
      name: 'path the COPY did not bring in',
    },
    {
      code: 'FROM node:20 AS build\nCOPY . /app\nFROM node:20\nRUN chown -R node /app\n',
      name: 'COPY in an unrelated stage',
    },
  ],
  invalid: [
    {
      name: 'chown -R of the COPY destination (issue example)',
      code: 'FROM node:20-slim\nCOPY . /app\nRUN chown -R node:node /app\nUSER node\n',
      errors: ['chown -R node:node /app'],
      output: 'FROM node:20-slim\nCOPY --chown=node:node . /app\nUSER node\n',
    },
    {
      name: 'chmod -R with an octal mode',
      code: 'FROM nginx:1.27\nCOPY dist/ /srv/www/\nRUN chmod -R 755 /srv/www\n',
      errors: ['chmod -R 755 /srv/www'],
      output: 'FROM nginx:1.27\nCOPY --chmod=755 dist/ /srv/www/\n',
    },
    {
      name: 'chown and chmod together; existing COPY flags kept',
      code: 'FROM node:20\nCOPY --link . /app\nRUN chown -R 1000:1000 /app && chmod -R 750 /app\n',
      errors: ['chown -R 1000:1000 /app', 'chmod -R 750 /app'],
      output: 'FROM node:20\nCOPY --link --chown=1000:1000 --chmod=750 . /app\n',
    },
    {
      name: 'WORKDIR made the directory first: keep a non-recursive chown of it',
      code: 'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN chown -R node:node /app\n',
      errors: ['chown -R node:node /app'],
      output: 'FROM node:20\nWORKDIR /app\nCOPY --chown=node:node . .\nRUN chown node:node /app\n',
    },
    {
      name: 'relative path and -Rf cluster under WORKDIR',
      code: 'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN chown -Rf node .\n',
      errors: ['chown -Rf node .'],
      output: 'FROM node:20\nWORKDIR /app\nCOPY --chown=node . .\nRUN chown -f node .\n',
    },
    {
      name: 'an existing --chown is replaced',
      code: 'FROM node:20\nCOPY --chown=root . /app\nRUN chown -R node /app\n',
      errors: ['chown -R node /app'],
      output: 'FROM node:20\nCOPY --chown=node . /app\n',
    },
    {
      name: 'a parent of the destination: reported, no fix',
      code: 'FROM node:20\nCOPY src /app/src\nRUN chown -R node /app\n',
      errors: ['chown -R node /app'],
      output: null,
    },
    {
      name: 'something else wrote into the directory first: no fix',
      code: 'FROM node:20\nWORKDIR /app\nRUN npm init -y\nCOPY . .\nRUN chown -R node /app\n',
      errors: ['chown -R node /app'],
      output: null,
    },
    {
      name: 'a directory base images fill: no fix',
      code: 'FROM nginx:1.27\nCOPY dist/ /usr/share/nginx/html/\nRUN chown -R nginx /usr/share/nginx/html\n',
      errors: ['chown -R nginx /usr/share/nginx/html'],
      output: null,
    },
    {
      name: 'user created between COPY and chown: no fix',
      code: 'FROM debian:12\nCOPY . /app\nRUN useradd app\nRUN chown -R app /app\n',
      errors: ['chown -R app /app'],
      output: null,
    },
    {
      name: 'symbolic mode: no fix',
      code: 'FROM debian:12\nCOPY bin/ /opt/tools/\nRUN chmod -R a+x /opt/tools\n',
      errors: ['chmod -R a+x /opt/tools'],
      output: null,
    },
    {
      name: 'ADD: no fix',
      code: 'FROM debian:12\nADD app/ /opt/app/\nRUN chown -R nobody /opt/app\n',
      errors: ['chown -R nobody /opt/app'],
      output: null,
    },
    {
      name: 'RUN with other commands: reported, no fix',
      code: 'FROM node:20\nCOPY . /app\nRUN chown -R node /app && echo done\n',
      errors: ['chown -R node /app'],
      output: null,
    },
    {
      name: 'continuation with a comment: no fix (the comment would go)',
      code: 'FROM node:20\nCOPY . /app\nRUN chown -R \\\n# the app user\n    node /app\n',
      errors: ['chown -R \\\n# the app user\n    node /app'],
      output: null,
    },
    {
      name: 'heredoc',
      code: 'FROM node:20\nCOPY . /app\nRUN <<EOF\nchown -R node /app\nEOF\n',
      errors: ['chown -R node /app'],
      output: 'FROM node:20\nCOPY --chown=node . /app\n',
    },
    {
      name: 'escape directive',
      code: '# escape=`\nFROM node:20\nCOPY . /app\nRUN chown -R node `\n    /app\n',
      errors: ['chown -R node `\n    /app'],
      output: '# escape=`\nFROM node:20\nCOPY --chown=node . /app\n',
    },
    {
      name: 'multi-stage: COPY --from in the final stage',
      code: 'FROM node:20 AS build\nRUN npm run build\nFROM node:20-slim\nCOPY --from=build /src/dist /app\nRUN chown -R node /app\n',
      errors: ['chown -R node /app'],
      output:
        'FROM node:20 AS build\nRUN npm run build\nFROM node:20-slim\nCOPY --from=build --chown=node /src/dist /app\n',
    },
    {
      name: 'ONBUILD',
      code: 'FROM node:20\nONBUILD COPY . /app\nONBUILD RUN chown -R node /app\n',
      errors: ['chown -R node /app'],
      output: 'FROM node:20\nONBUILD COPY --chown=node . /app\n',
    },
  ],
});
