import type { RuleMeta, Severity } from '../rules/types';

const SEVERITY: Record<Severity, string> = {
  error: 'error',
  warning: 'warning',
  info: 'information',
  hint: 'hint',
};
const CATEGORY: Record<RuleMeta['category'], string> = {
  cache: 'Layer caching',
  size: 'Image size',
  speed: 'Build speed',
  security: 'Secrets and users',
  context: 'Build context (.dockerignore)',
};

/** docs/rules/<id>.md, generated from the rule's own metadata so the two cannot drift. */
export function rulePage(meta: RuleMeta, fixTitles: string[]): string {
  const d = meta.docs;
  // GitHub highlights no "dockerignore"; gitignore syntax is the closest.
  const fence = (d.language ?? meta.appliesTo) === 'dockerignore' ? 'gitignore' : 'dockerfile';
  const ignoreBlock = (text: string | undefined): string[] =>
    text === undefined
      ? []
      : ['', 'with this `.dockerignore`:', '', '```gitignore', text.trimEnd(), '```'];
  const lines = [
    `# ${meta.id}`,
    '',
    `${CATEGORY[meta.category]} · default severity: **${SEVERITY[meta.severity]}** · fix: ${meta.fixable ? 'yes' : 'no'}`,
    '',
    d.summary,
    '',
    '## Why it matters',
    '',
    d.why,
    '',
    '## Incorrect',
    '',
    '```' + fence,
    d.before.trimEnd(),
    '```',
    ...ignoreBlock(d.beforeIgnoreFile),
    '',
    '## Correct',
    '',
    '```' + fence,
    d.after.trimEnd(),
    '```',
    ...ignoreBlock(d.afterIgnoreFile),
  ];
  if (d.dockerfile !== undefined) {
    lines.push(
      '',
      'Both examples serve this Dockerfile:',
      '',
      '```dockerfile',
      d.dockerfile.trimEnd(),
      '```',
    );
  }
  if (d.context) {
    lines.push(
      '',
      `(Build context of both examples: ${d.context.map((f) => `\`${f}\``).join(', ')}.)`,
    );
  }
  lines.push('', '## Fix', '');
  if (meta.docs.fix) lines.push(meta.docs.fix);
  else if (fixTitles.length)
    lines.push(`Quick fix: ${fixTitles.map((t) => `**${t}**`).join(', ')}.`);
  else lines.push('No automatic fix: the change needs a decision only you can make.');
  lines.push(
    '',
    '## Configuration',
    '',
    `Change its severity or turn it off with the VS Code setting \`"layerwise.rules": { "${meta.id}": "off" }\`.`,
    '',
    '## Aliases',
    '',
    meta.aliases && meta.aliases.length
      ? meta.aliases.map((a) => `- ${a}`).join('\n')
      : 'None known.',
    '',
  );
  return lines.join('\n');
}
