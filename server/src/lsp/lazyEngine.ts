import type * as EngineModule from './engine';

export type Engine = typeof EngineModule;

let loaded: Engine | undefined;

/**
 * The engine, loaded on first call. `./engine` is dist/engine.js next to dist/server.js in the
 * bundles (scripts/build.mjs keeps this require as it is) and the compiled module under tsc.
 */
export function engine(): Engine {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a run-time load is the point
  loaded ??= require('./engine') as Engine;
  return loaded;
}
