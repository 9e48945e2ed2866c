import type { DockerfileModel, Instruction } from '../parse/model';
import { addInstructionFlag, ensureSyntaxDirective } from '../analysis/edits';
import type { DockerfileRule, Edit, Fix } from './types';

/** Words that make a name secret on their own. */
const SECRET_WORDS = new Set([
  'TOKEN',
  'TOKENS',
  'SECRET',
  'SECRETS',
  'PASSWORD',
  'PASSWORDS',
  'PASSWD',
  'PASS',
  'PWORD',
  'APIKEY',
  'CREDENTIAL',
  'CREDENTIALS',
  'AUTH',
]);
/**
 * Words before `KEY` that make it a public key or a lookup key (`GPG_KEY` in official images is a
 * fingerprint). BuildKit reports any `KEY` word; these are the documented exceptions.
 */
const NON_SECRET_KEYS = new Set(['GPG', 'PGP', 'CACHE', 'SORT', 'PARTITION', 'PRIMARY', 'FOREIGN']);
/** A last word that makes the value a reference to a secret, or a setting about it. */
const REFERENCE_WORDS = new Set([
  'TTL',
  'TIMEOUT',
  'EXPIRY',
  'FILE',
  'PATH',
  'DIR',
  'URL',
  'URI',
  'ENDPOINT',
  'NAME',
  'TYPE',
  'LENGTH',
  'HEADER',
  'ENABLED',
  'VERSION',
]);

/**
 * `NPM_TOKEN`, `dbPassword`, `AWS_ACCESS_KEY_ID` → secret; `*_FILE`, `*PUBLIC*`, `GPG_KEY` → not.
 */
export function looksSecret(name: string): boolean {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toUpperCase()
    .split(/[^A-Z0-9]+/)
    .filter(Boolean);
  if (words.length === 0 || words.includes('PUBLIC')) return false;
  if (REFERENCE_WORDS.has(words.at(-1)!)) return false;
  // As BuildKit's check: a secret word between underscores (`AWS_ACCESS_KEY_ID`: `KEY`).
  return words.some(
    (w, i) =>
      SECRET_WORDS.has(w) || ((w === 'KEY' || w === 'KEYS') && !NON_SECRET_KEYS.has(words[i - 1]!)),
  );
}

/** Instructions of the stage after `ins` that mention `$NAME` or `${NAME…}`. */
function usesOf(model: DockerfileModel, ins: Instruction, name: string): Instruction[] {
  const n = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const ref = new RegExp(`\\$(\\{${n}[}:+?-]|${n}(?![A-Za-z0-9_]))`);
  return ins.stage.instructions.filter(
    (i) => i.index > ins.index && ref.test(model.text.slice(i.start, i.end)),
  );
}

/** BuildKit's `env=` option of secret mounts needs Dockerfile syntax 1.10 or later. */
function syntaxAllowsEnvSecrets(model: DockerfileModel): boolean {
  const d = model.scan.directives.find((x) => x.name === 'syntax');
  if (!d) return true;
  const m = /^(?:docker\.io\/)?docker\/dockerfile(?:-upstream)?:(.+)$/.exec(d.value.trim());
  if (!m) return false;
  const tag = m[1]!.replace(/-labs$/, '');
  if (tag === '1' || tag === 'labs' || tag === 'latest') return true;
  const v = /^1\.(\d+)/.exec(tag);
  return v !== null && Number(v[1]) >= 10;
}

/** `ARG NPM_TOKEN` used by exactly one later RUN: mount it as a secret into that RUN instead. */
function secretMountFix(model: DockerfileModel, ins: Instruction, name: string): Fix | undefined {
  if (ins.keyword !== 'ARG' || ins.onbuild || ins.stage.index < 0) return undefined;
  if (ins.properties.length !== 1) return undefined;
  const value = ins.properties[0]!.value;
  if (value !== undefined && value !== '') return undefined;
  const uses = usesOf(model, ins, name);
  const run = uses[0];
  if (uses.length !== 1 || !run?.run || run.run.form === 'exec' || run.onbuild) return undefined;
  if (!syntaxAllowsEnvSecrets(model)) return undefined;
  const lines = model.lines;
  const edits: Edit[] = [
    {
      start: lines.lineStart(ins.raw.startLine),
      end: lines.nextLineStart(ins.raw.endLine),
      newText: '',
    },
    addInstructionFlag(run, `--mount=type=secret,id=${name},env=${name}`),
  ];
  const syntax = ensureSyntaxDirective(model);
  if (syntax) edits.push(syntax);
  return { title: 'Use a secret mount', safety: 'suggestion', kind: 'quickfix', edits };
}

export const rule: DockerfileRule = {
  meta: {
    id: 'secret-in-arg-env',
    category: 'security',
    severity: 'warning',
    appliesTo: 'dockerfile',
    fixable: true,
    aliases: ['BuildKit SecretsUsedInArgOrEnv', 'hadolint DL3064'],
    docs: {
      summary: 'An `ARG` or `ENV` whose name looks like a secret (token, password, API key).',
      why: '`ENV` values are stored in the image config, and `ARG` values are recorded in the image history and build provenance of every RUN that uses them: anyone who can pull the image (or read the build cache) can read the secret with `docker history` or `docker inspect`. BuildKit secret mounts expose the value to one RUN without storing it. Names are read as BuildKit’s SecretsUsedInArgOrEnv reads them (a word such as `TOKEN`, `PASSWORD`, `SECRET`, `AUTH`, `CREDENTIALS` or `KEY` between underscores, also in camelCase; `PUBLIC` exempts), with two differences: a last word that makes the value a reference or a setting (`_FILE`, `_PATH`, `_URL`, `_NAME`, `_TTL`, `_VERSION` …) is not a secret, and neither is `GPG_KEY`/`PGP_KEY` (a public key fingerprint) or a `CACHE_KEY`.',
      before:
        'FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements.txt .\nARG PYPI_TOKEN\nRUN pip install --no-cache-dir --index-url "https://__token__:${PYPI_TOKEN}@pypi.example.com/simple" -r requirements.txt\n',
      after:
        '# syntax=docker/dockerfile:1\nFROM python:3.12-slim\nWORKDIR /app\nCOPY requirements.txt .\nRUN --mount=type=secret,id=PYPI_TOKEN,env=PYPI_TOKEN pip install --no-cache-dir --index-url "https://__token__:${PYPI_TOKEN}@pypi.example.com/simple" -r requirements.txt\n',
      fix: '**Use a secret mount** removes the `ARG` and adds `--mount=type=secret,id=<NAME>,env=<NAME>` to the one RUN that uses it, so the command still sees `$NAME` (BuildKit’s `env=` option, Dockerfile syntax 1.10+; the fix adds `# syntax=docker/dockerfile:1` when there is no syntax directive). Build with `docker build --secret id=<NAME>,env=<NAME> .` instead of `--build-arg`. A suggestion: it changes the build command. Offered only when exactly one RUN uses the ARG and the ARG has no default; never for `ENV`, whose value the running container may need.',
    },
  },
  check({ model, report }) {
    for (const ins of model.instructions) {
      if (ins.keyword !== 'ARG' && ins.keyword !== 'ENV') continue;
      for (const p of ins.properties) {
        if (!looksSecret(p.name)) continue;
        const fix = secretMountFix(model, ins, p.name);
        report({
          message:
            ins.keyword === 'ARG'
              ? `\`${p.name}\` looks like a secret: build arguments are recorded in the image history and build metadata. Pass it as a secret mount (\`RUN --mount=type=secret\`) instead.`
              : `\`${p.name}\` looks like a secret: ENV values are stored in the image config for anyone who pulls it. Use a secret mount for build-time secrets and pass runtime secrets when the container starts.`,
          start: p.nameStart,
          end: p.nameEnd,
          fixes: fix ? [fix] : [],
        });
      }
    }
  },
};
