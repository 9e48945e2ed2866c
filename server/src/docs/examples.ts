/** Lints a rule's own docs examples (docs pages and the meta test use it). */
import { contextFromList } from '../analysis/context';
import { lintDockerfile } from '../engine/lint';
import { lintDockerignore } from '../engine/lintDockerignore';
import type { AnyRule, Finding } from '../rules/types';
import { buildModel } from '../parse/model';

/** The rule's findings on its incorrect (`before`) or correct (`after`) example. */
export function exampleFindings(rule: AnyRule, which: 'before' | 'after'): Finding[] {
  const d = rule.meta.docs;
  const code = which === 'before' ? d.before : d.after;
  const language = d.language ?? rule.meta.appliesTo;
  let findings: Finding[];
  if (language === 'dockerignore') {
    findings = lintDockerignore(code, {
      context: d.context
        ? contextFromList('/ctx', d.context, { path: '/ctx/.dockerignore', text: code })
        : undefined,
      dockerfiles: d.dockerfile !== undefined ? [buildModel(d.dockerfile)] : [],
    }).findings;
  } else {
    const ignore = which === 'before' ? d.beforeIgnoreFile : d.afterIgnoreFile;
    const context = d.context
      ? contextFromList(
          '/ctx',
          d.context,
          ignore !== undefined ? { path: '/ctx/.dockerignore', text: ignore } : undefined,
        )
      : undefined;
    findings = lintDockerfile(code, { context }).findings;
  }
  return findings.filter((f) => f.ruleId === rule.meta.id);
}
