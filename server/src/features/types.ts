import type { DockerfileModel } from '../parse/model';
import type { BuildContext } from '../analysis/context';
import type { ContextSummary } from '../analysis/contextSummary';
import type { Finding } from '../rules/types';

/** What hover and lens providers may read: one analysed Dockerfile version. */
export interface FeatureContext {
  model: DockerfileModel;
  findings: readonly Finding[];
  context: BuildContext;
  /** What the build context sends, when a scan has finished (the server scans off the typing path). */
  scan?: () => ContextSummary | undefined;
  /**
   * Names (lower case) or indexes (as text) of the stages some build ships, e.g. the targets of
   * the build configurations. Default: the final stage.
   */
  shippedStages?: ReadonlySet<string>;
}

export interface HoverPart {
  markdown: string;
  start: number;
  end: number;
}

/** A code lens: a line of text shown above the instruction at `start`. */
export interface Lens {
  start: number;
  end: number;
  title: string;
  /** Shown when the pointer rests on the lens. */
  tooltip?: string;
  /**
   * What the lens is about, for the `minimal` mode: `context` (build context size), `size`
   * (estimated image size), `cache` (what makes a step re-run). Unset: shown in every mode.
   */
  kind?: LensKind;
  /** For `size`: false when there is no on-disk estimate (only a note saying so). */
  estimated?: boolean;
  /** For `cache`: why the lens earns its line in the `minimal` mode, if it does. */
  worth?: 'install-after-broad-copy' | 'many-dependents';
}

export type LensKind = 'context' | 'size' | 'cache' | 'build';

export type HoverProvider = (ctx: FeatureContext, offset: number) => HoverPart | undefined;
export type LensProvider = (ctx: FeatureContext) => Lens[];
