/** The project room's public API: how each Dockerfile is built, read from the workspace. */
export type {
  BuildConfig,
  BuildRole,
  BuildSource,
  BuildSourceKind,
  ParseHelpers,
  ParseResult,
  Parser,
  ProjectProblem,
} from './types';
export { BuildConfigIndex, type IndexOptions, type ProjectBuilds } from './buildIndex';
export {
  classify,
  discoverConfigFiles,
  DEFAULT_LIMITS,
  type ConfigFileKind,
  type DiscoveryLimits,
} from './discover';
export { nodeProjectFs, type ProjectFs } from './fs';
export { confinedProjectFs } from './confinedFs';
export {
  copySources,
  effectiveBuilds,
  inferContext,
  inferContextFromFs,
  orderConfigs,
  type BuildOrigin,
  type EffectiveBuild,
  type ExplicitSettings,
  type InferredContext,
} from './resolve';
export { MASKED, looksSecret } from './secrets';
export { roleOfTarget } from './role';
