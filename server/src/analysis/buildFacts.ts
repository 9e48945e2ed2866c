/**
 * What the project's build configurations say about one Dockerfile, as far as rules need it: the
 * stages they build as targets and the build-arg values they pass (an ARG-built FROM may pick a
 * stage through them). Filled by the language service from project/; empty when nothing is known.
 */
export interface BuildFacts {
  /** Lower-cased stage names some build configuration targets. */
  targets: ReadonlySet<string>;
  /** Build-arg values the configurations pass, by ARG name. */
  args: ReadonlyMap<string, readonly string[]>;
}

export const NO_BUILD_FACTS: BuildFacts = { targets: new Set(), args: new Map() };
