/**
 * Everything the language server takes from the engine: the language services (parsing, rules,
 * knowledge tables), config files, context scans. It is bundled apart (dist/engine.js) and loaded on first use through
 * lazyEngine.ts, so that the server answers `initialize` before compiling any of it. The LSP layer
 * imports engine values only from here (types may come from anywhere).
 */
// First, before the engine's modules and analyses allocate (see there).
import './youngGeneration';
export { ConfigLoader } from '../config/load';
export { UNKNOWN_CONTEXT } from '../analysis/context';
export { UNUSED_SUPPRESSION } from '../engine/suppressions';
export { ContextScanner } from '../disk/contextScan';
export { DiskFacts } from '../disk/diskFacts';
export { LANGUAGE_SERVICES } from '../service';
export { BuildConfigIndex } from '../project';
export { prefetchAptData } from '../analysis/aptSizes';
