/** Where each rule's page is published (the repository's docs/rules folder). */
export const DOCS_BASE = 'https://github.com/layerwise/layerwise/blob/main/docs/rules/';

export function docsUrl(ruleId: string): string {
  return `${DOCS_BASE}${ruleId}.md`;
}
