/**
 * How the workspace says each image is built: build configurations read from compose files, bake
 * files, CI workflows, dev containers and build scripts. Data only; nothing here runs a program.
 */

export type BuildSourceKind = 'compose' | 'bake' | 'workflow' | 'devcontainer' | 'script';

export type BuildRole = 'shipped' | 'development';

export interface BuildSource {
  kind: BuildSourceKind;
  /** Absolute path of the file the configuration was read from. */
  file: string;
  /** 1-based line of the service, target, step, script or recipe line. */
  line: number;
  /** Compose service, bake target, `job › step` of a workflow, script name or make target. */
  name?: string;
}

export interface BuildConfig {
  source: BuildSource;
  /** Absolute folder sent as the build context. */
  context: string;
  /** Absolute path of the Dockerfile. */
  dockerfile: string;
  /** Stage built (`--target`); undefined: the last stage. */
  target?: string;
  /**
   * Build args with their values after interpolation. Args whose value is unknown (a CI
   * expression, an unset variable with no default) are left out. The value of an arg whose name
   * looks secret, or that was read from a variable whose name looks secret, is `MASKED`.
   */
  args: Record<string, string>;
  /** `additional_contexts` / bake `contexts` / `--build-context`: a folder (absolute) or the value as written (`docker-image://…`, `target:…`). */
  additionalContexts?: Record<string, string>;
  platforms?: string[];
  /** `development`: a dev container, or a configuration whose target is a dev/test/debug stage. */
  role: BuildRole;
}

export interface ProjectProblem {
  /** Absolute path of the file the problem is about. */
  file: string;
  line?: number;
  /** One line, never a secret value. */
  message: string;
}

export interface ParseResult {
  configs: BuildConfig[];
  problems: ProjectProblem[];
  /** Compose services that a dev container runs (`dockerComposeFile` + `service`): their builds are development images. */
  developmentServices?: { composeFile: string; service: string }[];
}

/** What a parser may ask of the workspace besides its own text; every path asked is recorded as a dependency. */
export interface ParseHelpers {
  /** Absolute workspace root. */
  readonly root: string;
  /** Text of another file (a `.env`, the base compose file, the other bake files); undefined when absent, unreadable or too large. */
  readFile(path: string): string | undefined;
  /** Whether a file exists (default Dockerfile names). */
  exists(path: string): boolean;
}

export type Parser = (file: string, text: string, helpers: ParseHelpers) => ParseResult;

/** Helpers for a parse that may look at nothing else (tests, and files read alone). */
export function isolatedHelpers(root: string, files: Record<string, string> = {}): ParseHelpers {
  return {
    root,
    readFile: (p) => files[p],
    exists: (p) => p in files,
  };
}
