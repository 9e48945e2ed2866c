import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { brotliDecompress, brotliDecompressSync } from 'node:zlib';
import { ARCHIVE_FILE, ARCHIVE_META } from './archiveData';

/** A Debian release the archive data covers. */
export type DebianRelease = 'bookworm' | 'trixie';

/** One release's packages, indexed by slot (0 … count-1); names are shared across releases. */
export interface ReleaseArchive {
  readonly release: DebianRelease;
  /** Name index → slot of the real package of that name, or -1. */
  readonly slotOf: Int32Array;
  /** Slot → name index. */
  readonly nameOf: Uint32Array;
  /** Slot → Installed-Size in KiB. */
  readonly kib: Uint32Array;
  /** Slot → Priority (0 required … 4 extra) * 2 + Essential. */
  readonly flags: Uint8Array;
  /**
   * Slot → start in `rel` of: depends group count, per group (count, name indices…), the same for
   * recommends, then provides (count, name indices…).
   */
  readonly relStart: Uint32Array;
  readonly rel: Uint32Array;
  /** Name index → slots of the packages that provide it. */
  readonly providers: ReadonlyMap<number, readonly number[]>;
  /** Per base image of this release (ARCHIVE_IMAGES order): its name indices. */
  readonly bases: readonly Uint32Array[];
}

export interface Archive {
  /** Sorted (the data is written so). */
  readonly names: readonly string[];
  /** A release's packages, decoded on first use. */
  release(release: DebianRelease): ReleaseArchive | undefined;
  /** How long reading the file and decoding the names took, in milliseconds. */
  readonly decodeMs: number;
}

/** The index of a name in the sorted names, or undefined. */
export function nameIndex(archive: Archive, name: string): number | undefined {
  const { names } = archive;
  let lo = 0;
  let hi = names.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const n = names[mid]!;
    if (n === name) return mid;
    if (n < name) lo = mid + 1;
    else hi = mid - 1;
  }
  return undefined;
}

/** Reads the varints and columns written by scripts/gen-apt-data.mjs (encodeArchive). */
class Reader {
  pos = 0;
  constructor(private readonly buf: Uint8Array) {}
  get length(): number {
    return this.buf.length;
  }
  uint(): number {
    let n = 0;
    let scale = 1;
    for (;;) {
      const b = this.buf[this.pos++]!;
      n += (b & 0x7f) * scale;
      if (b < 0x80) return n;
      scale *= 128;
    }
  }
  /** A column: its length, then a reader over its bytes. */
  column(): Reader {
    const len = this.uint();
    const r = new Reader(this.buf.subarray(this.pos, this.pos + len));
    this.pos += len;
    return r;
  }
}

function decodeRelease(
  release: DebianRelease,
  nameCount: number,
  c: Record<'ids' | 'kib' | 'flags' | 'counts' | 'alts' | 'bases', Reader>,
): ReleaseArchive {
  const count = c.ids.uint();
  const slotOf = new Int32Array(nameCount).fill(-1);
  const nameOf = new Uint32Array(count);
  const kib = new Uint32Array(count);
  const flags = new Uint8Array(count);
  const relStart = new Uint32Array(count + 1);
  // Every value is at least one byte of the counts or alts column.
  const rel = new Uint32Array(c.counts.length + c.alts.length);
  let n = 0;
  const providers = new Map<number, number[]>();
  let id = 0;
  for (let slot = 0; slot < count; slot++) {
    id += c.ids.uint();
    nameOf[slot] = id;
    slotOf[id] = slot;
    kib[slot] = c.kib.uint();
    flags[slot] = c.flags.uint();
    relStart[slot] = n;
    for (let field = 0; field < 2; field++) {
      const groups = c.counts.uint();
      rel[n++] = groups;
      for (let g = 0; g < groups; g++) {
        const alts = c.counts.uint();
        rel[n++] = alts;
        for (let a = 0; a < alts; a++) rel[n++] = c.alts.uint();
      }
    }
    const provides = c.counts.uint();
    rel[n++] = provides;
    for (let p = 0; p < provides; p++) {
      const virtual = c.alts.uint();
      rel[n++] = virtual;
      const list = providers.get(virtual);
      if (list) list.push(slot);
      else providers.set(virtual, [slot]);
    }
  }
  relStart[count] = n;
  const bases: Uint32Array[] = [];
  const baseCount = c.bases.uint();
  for (let b = 0; b < baseCount; b++) {
    const ids = new Uint32Array(c.bases.uint());
    let prev = 0;
    for (let i = 0; i < ids.length; i++) ids[i] = prev += c.bases.uint();
    bases.push(ids);
  }
  return {
    release,
    slotOf,
    nameOf,
    kib,
    flags,
    relStart,
    rel: rel.subarray(0, n),
    providers,
    bases,
  };
}

const COLUMNS = ['ids', 'kib', 'flags', 'counts', 'alts', 'bases'] as const;

/**
 * The data file: beside the bundle in dist/ (scripts/build.mjs copies it), or in the source tree
 * when running from tsc's out/ (tests).
 */
function archiveFile(): string | undefined {
  const candidates = [
    join(__dirname, ARCHIVE_FILE.name),
    join(__dirname, '../../../../../server/src/knowledge/apt', ARCHIVE_FILE.name),
  ];
  return candidates.find((f) => existsSync(f));
}

function decode(): Archive | undefined {
  const started = performance.now();
  const file = archiveFile();
  if (!file) return undefined;
  const buf = prefetched ?? brotliDecompressSync(readFileSync(file));
  prefetched = undefined;
  const r = new Reader(buf);
  const version = r.uint();
  if (version !== 1) throw new Error(`apt archive data: unknown layout ${version}`);
  const nameCount = r.uint();
  const blobLength = r.uint();
  const names = buf.toString('utf8', r.pos, r.pos + blobLength).split('\n');
  r.pos += blobLength;
  const releaseCount = r.uint();
  const columns = COLUMNS.map(() => Array.from({ length: releaseCount }, () => r.column()));
  const releases = new Map<DebianRelease, ReleaseArchive>();
  const release = (name: DebianRelease): ReleaseArchive | undefined => {
    const i = ARCHIVE_META.releases.indexOf(name);
    if (i < 0) return undefined;
    let decoded = releases.get(name);
    if (!decoded) {
      const c = Object.fromEntries(COLUMNS.map((k, j) => [k, columns[j]![i]!])) as Record<
        (typeof COLUMNS)[number],
        Reader
      >;
      decoded = decodeRelease(name, nameCount, c);
      releases.set(name, decoded);
    }
    return decoded;
  };
  return { names, release, decodeMs: performance.now() - started };
}

let archive: Archive | undefined | null;
/** The decompressed data, read ahead on the thread pool (prefetchArchive). */
let prefetched: Buffer | undefined;

/**
 * Reads and decompresses the data file off the main thread (zlib's brotli runs on the thread
 * pool), so that the decode on first use is all that is left: for a server, when it starts.
 */
export async function prefetchArchive(): Promise<void> {
  if (archive !== undefined || prefetched) return;
  const file = archiveFile();
  if (!file) return;
  const data = await promisify(brotliDecompress)(await readFile(file));
  if (archive === undefined) prefetched = data;
}

/**
 * The decoded archive, read and decoded on first use and kept; undefined when the data file is
 * missing (then every apt size is unknown).
 */
export function loadArchive(): Archive | undefined {
  if (archive === undefined) archive = decode() ?? null;
  return archive ?? undefined;
}
