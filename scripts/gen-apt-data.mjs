// Regenerates server/src/knowledge/apt/apt-archive.br and archiveData.ts: every package of Debian's main archive (name,
// Installed-Size, Depends/Pre-Depends, Recommends, Provides, Priority) for each supported release,
// and the package sets of the Debian-based base images, compressed for the resolver in
// server/src/knowledge/apt/.
//
// Needs a Debian machine whose apt sources name Debian's archive (as a Debian image's do). It
// changes nothing of the machine's apt: each release gets a private apt directory (its own
// sources.list, lists and cache) whose archive URIs are the ones the machine's sources already use.
// The base images' package lists come from a checkout of docker-library's repo-info repository.
//
// Usage: node scripts/gen-apt-data.mjs --repo-info DIR [--releases bookworm,trixie] [--apt-dir DIR]
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as zlib from 'node:zlib';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT = path.join(REPO, 'server/src/knowledge/apt/archiveData.ts');
// Read at run time, not bundled: a megabyte string literal would cost the engine ~100 ms to compile.
const OUT_BIN = path.join(REPO, 'server/src/knowledge/apt/apt-archive.br');
const REPO_INFO_URL = 'https://github.com/docker-library/repo-info/blob/master/repos/';

/** Image key → its release and its package list in repo-info (`repos/<image>/local/<tag>.md`). */
export const BASE_IMAGES = {
  'debian:bookworm-slim': ['bookworm', 'debian/local/bookworm-slim.md'],
  'debian:bookworm': ['bookworm', 'debian/local/bookworm.md'],
  'debian:trixie-slim': ['trixie', 'debian/local/13-slim.md'],
  'debian:trixie': ['trixie', 'debian/local/13.md'],
  'python:slim-bookworm': ['bookworm', 'python/local/3.12-slim-bookworm.md'],
  'python:slim-trixie': ['trixie', 'python/local/3.12-slim-trixie.md'],
  'node:bookworm-slim': ['bookworm', 'node/local/22-bookworm-slim.md'],
  'node:trixie-slim': ['trixie', 'node/local/24-trixie-slim.md'],
  'ruby:slim-bookworm': ['bookworm', 'ruby/local/3.3-slim-bookworm.md'],
  'ruby:slim-trixie': ['trixie', 'ruby/local/3.4-slim-trixie.md'],
};

const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : fallback;
};

// ---- A private apt directory per release ------------------------------------------------------

/** `deb` entries of the machine's apt sources (one-line and deb822 formats): {uris, suites, signedBy}. */
function machineSources() {
  const entries = [];
  const read = (f) => (fs.existsSync(f) ? fs.readFileSync(f, 'utf8') : '');
  for (const line of read('/etc/apt/sources.list').split('\n')) {
    const m = /^deb\s+(?:\[([^\]]*)\]\s+)?(\S+)\s+(\S+)/.exec(line.trim());
    if (m)
      entries.push({
        uris: [m[2]],
        suites: [m[3]],
        signedBy: /signed-by=(\S+)/.exec(m[1] ?? '')?.[1],
      });
  }
  const dir = '/etc/apt/sources.list.d';
  for (const f of fs.existsSync(dir) ? fs.readdirSync(dir) : []) {
    if (!f.endsWith('.sources')) continue;
    for (const stanza of read(path.join(dir, f)).split(/\n\s*\n/)) {
      const field = (n) => new RegExp(`^${n}:\\s*(.*)$`, 'mi').exec(stanza)?.[1]?.trim();
      if (!/\bdeb\b/.test(field('Types') ?? '') || /^no$/i.test(field('Enabled') ?? '')) continue;
      const uris = field('URIs')?.split(/\s+/) ?? [];
      entries.push({
        uris,
        suites: field('Suites')?.split(/\s+/) ?? [],
        signedBy: field('Signed-By'),
      });
    }
  }
  return entries;
}

/** The archive and security URIs the machine uses for its own Debian release. */
function debianMirrors() {
  const codename = /^VERSION_CODENAME=(\S+)/m.exec(fs.readFileSync('/etc/os-release', 'utf8'))?.[1];
  const entries = machineSources();
  const find = (suite) => entries.find((e) => e.suites.includes(suite));
  const archive = find(codename);
  const security = find(`${codename}-security`);
  if (!archive) throw new Error(`no apt source for the Debian suite ${codename} on this machine`);
  const keyring = archive.signedBy ?? '/usr/share/keyrings/debian-archive-keyring.gpg';
  return { archive: archive.uris[0], security: security?.uris[0], keyring };
}

/** Creates (or reuses) the private apt directory of a release; returns the env that selects it. */
export function privateApt(release, root) {
  const dir = path.join(root, release);
  for (const d of [
    'apt.conf.d',
    'sources.list.d',
    'preferences.d',
    'lists/partial',
    'cache/archives/partial',
  ])
    fs.mkdirSync(path.join(dir, d), { recursive: true });
  const { archive, security, keyring } = debianMirrors();
  const lines = [`deb [signed-by=${keyring}] ${archive} ${release} main`];
  lines.push(`deb [signed-by=${keyring}] ${archive} ${release}-updates main`);
  if (security) lines.push(`deb [signed-by=${keyring}] ${security} ${release}-security main`);
  fs.writeFileSync(path.join(dir, 'sources.list'), `${lines.join('\n')}\n`);
  if (!fs.existsSync(path.join(dir, 'status'))) fs.writeFileSync(path.join(dir, 'status'), '');
  // Read before the machine's apt.conf.d, so none of the machine's settings apply.
  const conf = `Dir::Etc::main "/dev/null";
Dir::Etc::parts "${dir}/apt.conf.d";
Dir::Etc::sourcelist "${dir}/sources.list";
Dir::Etc::sourceparts "${dir}/sources.list.d";
Dir::Etc::preferences "${dir}/preferences";
Dir::Etc::preferencesparts "${dir}/preferences.d";
Dir::State "${dir}";
Dir::State::lists "${dir}/lists";
Dir::State::status "${dir}/status";
Dir::Cache "${dir}/cache";
APT::Architectures { "amd64"; };
Acquire::Languages "none";
`;
  fs.writeFileSync(path.join(dir, 'apt.conf'), conf);
  return { dir, env: { ...process.env, APT_CONFIG: path.join(dir, 'apt.conf') } };
}

const run = (cmd, args, env) =>
  execFileSync(cmd, args, {
    encoding: 'utf8',
    maxBuffer: 1 << 30,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });

/** The text of every Packages index of the private apt directory. */
function packageIndexes(env) {
  const files = run(
    'apt-get',
    ['indextargets', '--format', '$(FILENAME)', 'Created-By: Packages'],
    env,
  )
    .split('\n')
    .filter((f) => f && fs.existsSync(f));
  if (files.length === 0) throw new Error('no Packages index after apt-get update');
  return files.map((f) => run('/usr/lib/apt/apt-helper', ['cat-file', f], env));
}

// ---- The archive: candidate version of every package -----------------------------------------

/** dpkg's version order (epoch, upstream, revision; `~` sorts before everything). */
export function compareVersions(a, b) {
  const split = (v) => {
    const colon = v.indexOf(':');
    const epoch = colon > 0 ? Number(v.slice(0, colon)) : 0;
    const rest = colon > 0 ? v.slice(colon + 1) : v;
    const dash = rest.lastIndexOf('-');
    return [epoch, dash > 0 ? rest.slice(0, dash) : rest, dash > 0 ? rest.slice(dash + 1) : '0'];
  };
  const order = (c) =>
    c === '~' ? -1 : c === '' ? 0 : /[A-Za-z]/.test(c) ? c.charCodeAt(0) : c.charCodeAt(0) + 256;
  const part = (x, y) => {
    let i = 0;
    let j = 0;
    while (i < x.length || j < y.length) {
      while ((i < x.length && !/\d/.test(x[i])) || (j < y.length && !/\d/.test(y[j]))) {
        const cx = i < x.length && !/\d/.test(x[i]) ? x[i] : '';
        const cy = j < y.length && !/\d/.test(y[j]) ? y[j] : '';
        if (order(cx) !== order(cy)) return order(cx) - order(cy);
        if (cx) i++;
        if (cy) j++;
        if (!cx && !cy) break;
      }
      const nx = /^\d*/.exec(x.slice(i))[0];
      const ny = /^\d*/.exec(y.slice(j))[0];
      i += nx.length;
      j += ny.length;
      const d = Number(nx || 0) - Number(ny || 0);
      if (d !== 0) return d;
    }
    return 0;
  };
  const [ea, ua, ra] = split(a);
  const [eb, ub, rb] = split(b);
  return ea - eb || part(ua, ub) || part(ra, rb);
}

const PRIORITIES = ['required', 'important', 'standard', 'optional', 'extra'];

/** `a (>= 1) | b:any, c` → [['a', 'b'], ['c']]: version constraints and arch qualifiers dropped. */
const relations = (text) =>
  (text ?? '')
    .split(',')
    .map((g) =>
      g
        .split('|')
        .map((alt) => alt.trim().split(/[\s(:]/)[0])
        .filter(Boolean),
    )
    .filter((g) => g.length > 0);

/** Every package at its candidate (highest) version across the release's suites. */
export function readArchive(release, aptRoot, update = true) {
  const { env } = privateApt(release, aptRoot);
  if (update) run('apt-get', ['update', '-qq'], env);
  const pkgs = new Map();
  for (const text of packageIndexes(env)) {
    for (const stanza of text.split('\n\n')) {
      const field = (n) => new RegExp(`^${n}: (.*)$`, 'm').exec(stanza)?.[1];
      const name = field('Package');
      if (!name) continue;
      const version = field('Version');
      const seen = pkgs.get(name);
      if (seen && compareVersions(seen.version, version) >= 0) continue;
      pkgs.set(name, {
        name,
        version,
        kib: Number(field('Installed-Size') ?? 0),
        priority: Math.max(0, PRIORITIES.indexOf(field('Priority') ?? 'optional')),
        essential: field('Essential') === 'yes',
        depends: [...relations(field('Pre-Depends')), ...relations(field('Depends'))],
        recommends: relations(field('Recommends')),
        provides: relations(field('Provides')).map((g) => g[0]),
      });
    }
  }
  return pkgs;
}

// ---- Base images ----------------------------------------------------------------------------

/** Binary package names and the image's creation date from a repo-info `local/<tag>.md` file. */
export function readImageList(repoInfo, file) {
  const text = fs.readFileSync(path.join(repoInfo, 'repos', file), 'utf8');
  const names = [...text.matchAll(/^- `([a-z0-9][a-z0-9+.-]*)(?::[a-z0-9]+)?=[^`]+`$/gm)].map(
    (m) => m[1],
  );
  const created = /Created: `(\d{4}-\d\d-\d\d)/.exec(text)?.[1];
  return { names: [...new Set(names)], date: created };
}

// ---- Encoding -------------------------------------------------------------------------------

/** Unsigned LEB128 varints. */
class Writer {
  bytes = [];
  uint(n) {
    do {
      let b = n & 0x7f;
      n = Math.floor(n / 128);
      if (n > 0) b |= 0x80;
      this.bytes.push(b);
    } while (n > 0);
  }
  /** A column: its byte length, then its bytes. */
  column(w) {
    this.uint(w.bytes.length);
    for (const b of w.bytes) this.bytes.push(b);
  }
}

/**
 * Drops what the resolver never needs: alternatives that no package of the release is or
 * provides (apt skips them too), and Provides that no relation names.
 */
function prune(pkgs) {
  const provided = new Set();
  const referenced = new Set();
  for (const p of pkgs.values()) {
    p.provides.forEach((n) => provided.add(n));
    for (const g of [...p.depends, ...p.recommends]) g.forEach((n) => referenced.add(n));
  }
  const exists = (n) => pkgs.has(n) || provided.has(n);
  for (const p of pkgs.values()) {
    p.depends = p.depends.map((g) => g.filter(exists)).filter((g) => g.length > 0);
    p.recommends = p.recommends.map((g) => g.filter(exists)).filter((g) => g.length > 0);
    p.provides = p.provides.filter((n) => referenced.has(n) && n !== p.name);
  }
}

/**
 * One brotli stream for all releases (they share most names). Layout, all varints:
 *   version, name count, names (UTF-8, sorted, '\n'-separated; byte length first), release count;
 *   then column by column, each release in turn, each as (byte length, bytes):
 *   ids        real packages' name indices, ascending, delta-coded
 *   kib        Installed-Size per real package
 *   flags      priority * 2 + essential (priority: 0 required … 4 extra)
 *   counts     per package: depends group count, per group its alternative count, the same for
 *              recommends, then the provides count
 *   alts       the name indices those counts announce, in order
 *   bases      per base image of the release: package count, name indices ascending, delta-coded
 */
export function encodeArchive(releases) {
  const names = new Set();
  for (const { pkgs, bases } of releases) {
    prune(pkgs);
    for (const p of pkgs.values()) {
      names.add(p.name);
      for (const g of [...p.depends, ...p.recommends]) g.forEach((n) => names.add(n));
      p.provides.forEach((n) => names.add(n));
    }
    bases.forEach((b) => b.forEach((n) => pkgs.has(n) && names.add(n)));
  }
  const sorted = [...names].sort();
  const index = new Map(sorted.map((n, i) => [n, i]));
  const out = new Writer();
  out.uint(1);
  out.uint(sorted.length);
  const blob = Buffer.from(sorted.join('\n'), 'utf8');
  out.uint(blob.length);
  for (const b of blob) out.bytes.push(b);
  out.uint(releases.length);
  const deltas = (w, ids) => {
    let prev = 0;
    for (const i of ids) {
      w.uint(i - prev);
      prev = i;
    }
  };
  const columns = releases.map(({ pkgs, bases }) => {
    const real = [...pkgs.keys()].map((n) => index.get(n)).sort((a, b) => a - b);
    const c = Object.fromEntries(
      ['ids', 'kib', 'flags', 'counts', 'alts', 'bases'].map((k) => [k, new Writer()]),
    );
    c.ids.uint(real.length);
    deltas(c.ids, real);
    for (const i of real) {
      const p = pkgs.get(sorted[i]);
      c.kib.uint(p.kib);
      c.flags.uint(p.priority * 2 + (p.essential ? 1 : 0));
      for (const groups of [p.depends, p.recommends]) {
        c.counts.uint(groups.length);
        for (const g of groups) {
          c.counts.uint(g.length);
          g.forEach((n) => c.alts.uint(index.get(n)));
        }
      }
      c.counts.uint(p.provides.length);
      p.provides.forEach((n) => c.alts.uint(index.get(n)));
    }
    c.bases.uint(bases.length);
    for (const b of bases) {
      const ids = b
        .filter((n) => pkgs.has(n))
        .map((n) => index.get(n))
        .sort((x, y) => x - y);
      c.bases.uint(ids.length);
      deltas(c.bases, ids);
    }
    return c;
  });
  for (const k of ['ids', 'kib', 'flags', 'counts', 'alts', 'bases'])
    for (const c of columns) out.column(c[k]);
  const raw = Buffer.from(out.bytes);
  const packed = zlib.brotliCompressSync(raw, {
    params: {
      [zlib.constants.BROTLI_PARAM_QUALITY]: 11,
      [zlib.constants.BROTLI_PARAM_LGWIN]: 24,
      [zlib.constants.BROTLI_PARAM_SIZE_HINT]: raw.length,
    },
  });
  return { raw, packed, names: sorted.length };
}

// ---- Main -----------------------------------------------------------------------------------

async function main() {
  const repoInfo = arg('--repo-info');
  if (!repoInfo) throw new Error('usage: node scripts/gen-apt-data.mjs --repo-info DIR');
  const releaseNames = arg('--releases', 'bookworm,trixie').split(',');
  const aptRoot = arg('--apt-dir', path.join(os.tmpdir(), 'layerwise-apt'));
  const date = new Date().toISOString().slice(0, 10);
  let commit = 'master';
  try {
    commit = run('git', ['-C', repoInfo, 'rev-parse', 'HEAD']).trim();
  } catch {
    // Not a git checkout: the lists are cited at master.
  }
  const images = [];
  const releases = releaseNames.map((release) => {
    const pkgs = readArchive(release, aptRoot, !process.argv.includes('--no-update'));
    const keys = Object.keys(BASE_IMAGES).filter(
      (k) =>
        BASE_IMAGES[k][0] === release &&
        (fs.existsSync(path.join(repoInfo, 'repos', BASE_IMAGES[k][1])) ||
          !process.stderr.write(`${k}: no ${BASE_IMAGES[k][1]} in the repo-info checkout\n`)),
    );
    const lists = keys.map((k) => readImageList(repoInfo, BASE_IMAGES[k][1]));
    keys.forEach((key, index) => {
      const missing = lists[index].names.filter((n) => !pkgs.has(n));
      if (missing.length > 0)
        process.stderr.write(`${key}: not in ${release}'s index: ${missing.join(' ')}\n`);
      const url = `${REPO_INFO_URL.replace('master', commit)}${BASE_IMAGES[key][1]}`;
      const source = { url, date: lists[index].date ?? date };
      images.push({ key, release, index, count: lists[index].names.length, source });
    });
    process.stderr.write(`${release}: ${pkgs.size} packages\n`);
    return { pkgs, bases: lists.map((l) => l.names) };
  });
  const enc = encodeArchive(releases);
  const text = `// Generated by \`node scripts/gen-apt-data.mjs --repo-info <repo-info checkout>\` on ${date} — do not edit by hand; see docs/apt-data.md.
// Debian main, amd64: the Packages indexes of <release>, <release>-updates and <release>-security.
// ${enc.names} names; ${enc.raw.length} bytes, brotli-compressed to ${enc.packed.length} in apt-archive.br (layout: encodeArchive in the script).
import type { SourceRef } from '../images/types';

/** When the archive's indexes were read, and for which releases (in the data's order). */
export const ARCHIVE_META = {
  date: '${date}',
  source: { url: 'https://www.debian.org/distrib/archive', date: '${date}' } as SourceRef,
  releases: ${JSON.stringify(releaseNames)} as const,
};

/** Base images: release, position among that release's images in the data, published package list. */
export const ARCHIVE_IMAGES: readonly {
  key: string;
  release: string;
  index: number;
  count: number;
  source: SourceRef;
}[] = ${JSON.stringify(images)};

/** The data file beside this one (and beside the bundles in dist/): its name and byte length. */
export const ARCHIVE_FILE = { name: 'apt-archive.br', bytes: ${enc.packed.length} };
`;
  fs.writeFileSync(OUT_BIN, enc.packed);
  fs.mkdirSync(path.dirname(OUT), { recursive: true });
  const prettier = await import('prettier');
  const options = (await prettier.resolveConfig(OUT)) ?? {};
  fs.writeFileSync(OUT, await prettier.format(text, { ...options, filepath: OUT }));
  process.stderr.write(
    `wrote ${path.relative(REPO, OUT)}: ${enc.raw.length} → ${enc.packed.length} bytes\n`,
  );
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) await main();
