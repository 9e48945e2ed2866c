/**
 * Everything the language server takes from the engine: parsing, rules, knowledge tables, config
 * files, context scans. It is bundled apart (dist/engine.js) and loaded on first use through
 * lazyEngine.ts, so that the server answers `initialize` before compiling any of it. The LSP layer
 * imports engine values only from here (types may come from anywhere).
 */
// First, before the engine's modules and analyses allocate (see there).
import './youngGeneration';
export { ConfigLoader } from '../config/load';
export { applyEdits } from '../engine/applyEdits';
export { UNKNOWN_CONTEXT } from '../analysis/context';
export { contextSizeTitle, contextSizeTooltip, formatCount } from '../analysis/contextSummary';
export { fixAll } from '../engine/fixAll';
export { hoverAt } from '../features/hovers';
export { ruleHoverMarkdown } from '../features/hovers/rule';
export { lensesFor } from '../features/lenses';
export { contextWideCopies, contextWideSourceAt } from '../features/lenses/contextSize';
export { lintDockerfile } from '../engine/lint';
export { ignoreFileSuppressEdit, lintDockerignore } from '../engine/lintDockerignore';
export { ignoreEdit, UNUSED_SUPPRESSION } from '../engine/suppressions';
export { ContextScanner } from '../disk/contextScan';
export { DiskFacts } from '../disk/diskFacts';
export { fsContext } from '../disk/fsContext';
export { lintIgnoreFile } from '../disk/lintIgnoreFile';
export { parseDockerignore } from '../parse/dockerignore';
export { ALL_RULES, DOCKERFILE_RULES } from '../rules';
