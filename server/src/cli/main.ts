import * as fs from 'node:fs';
import * as path from 'node:path';
import { FAIL_LEVELS, type FailLevel } from '../config/config';
import { defaultAnalysisFlags, UsageError, type AnalysisFlags, type CliIO } from './analyze';
import { builds } from './builds';
import { check } from './check';
import { fix } from './fix';
import { size } from './size';
import { FORMATS, type Format } from './format';

export type { CliIO } from './analyze';

const USAGE = `Usage: layerwise check [options] <files or folders… | ->
       layerwise fix [--dry-run] [--include-suggestions] [options] <files or folders… | ->
       layerwise builds [--format text|json] [folders or Dockerfiles…]
       layerwise size [--target STAGE] [--format text|json] <Dockerfile | ->

check finds what makes Docker images big, builds slow and the layer cache miss.
fix applies every safe fix (repeatedly, until nothing changes) and writes the files back.
builds lists how each image is built: compose, bake, CI workflows, dev containers, build scripts.
size estimates, before building, what each step adds to the shipped image and what fixes save.

Options:
  --format FORMAT            text, json, sarif, checkstyle or github (check; default: text)
  --fail-level LEVEL         error, warning, info, hint or none: the lowest severity that
                             makes the exit status 1 (default: the config's, else warning)
  --context DIR              build context folder (default: the config's, else each
                             Dockerfile's folder)
  --target STAGE             the stage treated as the shipped image (default: the last)
  --config FILE              use this .layerwise.json (or .hadolint.yaml) for every file
  --no-config                read no .layerwise.json or .hadolint.yaml
  --no-hadolint-config       do not fall back to .hadolint.yaml
  --report-unused-suppressions
                             report # layerwise ignore= comments that suppress nothing
  --stdin-filename NAME      name, config and context folder for the Dockerfile read from '-'
  --dry-run                  fix: print a unified diff instead of writing
  --include-suggestions      fix: also apply suggestions (cache mounts, base image, …)
  --color, --no-color        force or disable colours (default: on a terminal, unless NO_COLOR)
  -h, --help                 show this help
  -v, --version              print the version

Exit status: 0 nothing at the fail level or above, 1 problems found (fix: problems left),
2 usage or I/O error.`;

interface ParsedArgs extends AnalysisFlags {
  command: 'check' | 'fix';
  format: Format;
  color: boolean | undefined;
  dryRun: boolean;
  includeSuggestions: boolean;
  paths: string[];
}

function parse(argv: string[]): ParsedArgs | 'help' | 'version' {
  const args = [...argv];
  const command = args.shift();
  if (command === '-h' || command === '--help' || command === 'help') return 'help';
  if (command === '-v' || command === '--version') return 'version';
  if (command !== 'check' && command !== 'fix')
    throw new UsageError(command ? `unknown command '${command}'` : 'missing command');
  const opts: ParsedArgs = {
    command,
    format: 'text',
    color: undefined,
    dryRun: false,
    includeSuggestions: false,
    paths: [],
    ...defaultAnalysisFlags(),
  };
  let onlyPaths = false;
  while (args.length) {
    const a = args.shift()!;
    if (onlyPaths || a === '-' || !a.startsWith('-')) {
      opts.paths.push(a);
      continue;
    }
    if (a === '--') {
      onlyPaths = true;
      continue;
    }
    const [flag, inline] =
      a.startsWith('--') && a.includes('=')
        ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)]
        : [a, undefined];
    const value = (): string => {
      const v = inline ?? args.shift();
      if (v === undefined || v === '') throw new UsageError(`${flag} needs a value`);
      return v;
    };
    const noValue = (): void => {
      if (inline !== undefined) throw new UsageError(`${flag} takes no value`);
    };
    switch (flag) {
      case '--format': {
        const f = value();
        if (!(FORMATS as readonly string[]).includes(f))
          throw new UsageError(`unknown format '${f}' (use ${FORMATS.join(', ')})`);
        if (command === 'fix' && f !== 'text')
          throw new UsageError('fix prints text only (use check for other formats)');
        opts.format = f as Format;
        break;
      }
      case '--fail-level': {
        const l = value();
        if (!(FAIL_LEVELS as readonly string[]).includes(l))
          throw new UsageError(`unknown fail level '${l}' (use ${FAIL_LEVELS.join(', ')})`);
        opts.failLevel = l as FailLevel;
        break;
      }
      case '--context':
        opts.context = value();
        break;
      case '--target':
        opts.target = value();
        break;
      case '--config':
        opts.config = value();
        break;
      case '--stdin-filename':
        opts.stdinFilename = value();
        break;
      case '--no-config':
        noValue();
        opts.noConfig = true;
        break;
      case '--no-hadolint-config':
        noValue();
        opts.hadolintConfig = false;
        break;
      case '--report-unused-suppressions':
        noValue();
        opts.reportUnused = true;
        break;
      case '--color':
        noValue();
        opts.color = true;
        break;
      case '--no-color':
        noValue();
        opts.color = false;
        break;
      case '--dry-run':
      case '--include-suggestions':
        noValue();
        if (command !== 'fix') throw new UsageError(`${flag} is an option of fix`);
        if (flag === '--dry-run') opts.dryRun = true;
        else opts.includeSuggestions = true;
        break;
      case '-h':
      case '--help':
        return 'help';
      default:
        throw new UsageError(`unknown option '${flag}'`);
    }
  }
  if (opts.paths.length === 0) throw new UsageError('no files or folders given');
  if (opts.paths.filter((p) => p === '-').length > 1)
    throw new UsageError("standard input ('-') can be read only once");
  if (opts.stdinFilename && !opts.paths.includes('-'))
    throw new UsageError("--stdin-filename needs '-' among the paths");
  if (opts.config && opts.noConfig)
    throw new UsageError('--config and --no-config exclude each other');
  return opts;
}

export function version(): string {
  try {
    const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8')) as {
      version: string;
    };
    return pkg.version;
  } catch {
    return 'unknown';
  }
}

/** Colours: --color/--no-color, then NO_COLOR (any non-empty value), then FORCE_COLOR, then a TTY. */
function useColor(flag: boolean | undefined, io: CliIO): boolean {
  if (flag !== undefined) return flag;
  if (io.env['NO_COLOR']) return false;
  const force = io.env['FORCE_COLOR'];
  if (force !== undefined && force !== '') return force !== '0' && force !== 'false';
  return io.stdoutIsTTY;
}

export function run(argv: string[], io: CliIO): number {
  if (argv[0] === 'builds') return builds(argv.slice(1), io);
  if (argv[0] === 'size') return size(argv.slice(1), io);
  let opts: ReturnType<typeof parse>;
  try {
    opts = parse(argv);
  } catch (e) {
    io.err(`layerwise: ${(e as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (opts === 'help') {
    io.out(USAGE);
    return 0;
  }
  if (opts === 'version') {
    io.out(version());
    return 0;
  }
  if (opts.context) {
    const dir = path.resolve(io.cwd, opts.context);
    if (!fs.statSync(dir, { throwIfNoEntry: false })?.isDirectory()) {
      io.err(`layerwise: --context '${opts.context}' is not a folder`);
      return 2;
    }
  }
  if (
    opts.config &&
    !fs.statSync(path.resolve(io.cwd, opts.config), { throwIfNoEntry: false })?.isFile()
  ) {
    io.err(`layerwise: --config '${opts.config}' is not a file`);
    return 2;
  }
  const color = useColor(opts.color, io);
  if (opts.command === 'fix') return fix({ ...opts, color }, io);
  return check({ ...opts, color, version: version() }, io);
}
