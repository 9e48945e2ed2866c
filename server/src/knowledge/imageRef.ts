/**
 * Docker image references (`[registry/]path[:tag][@digest]`) split into parts, following the
 * distribution reference grammar closely enough for lookups: the first path component is a
 * registry when it has a `.` or `:` or is `localhost`.
 */
export interface ImageRef {
  raw: string;
  registry?: string;
  /** e.g. 'python', 'gcr.io/distroless/static', 'mcr.microsoft.com/dotnet/aspnet'; Docker Hub 'library/' and 'docker.io/' prefixes removed */
  repository: string;
  tag?: string;
  digest?: string;
}

/** Host names that all mean Docker Hub. */
const DOCKER_HUB_HOSTS = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io']);

const DIGEST = /^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/i;

/** undefined when the text is empty, contains an unresolved `$VAR`, or is not a reference. */
export function parseImageRef(text: string): ImageRef | undefined {
  const raw = text.trim();
  if (raw === '' || raw.includes('$') || /\s/.test(raw)) return undefined;

  let rest = raw;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) return undefined;
  }

  let tag: string | undefined;
  const lastSlash = rest.lastIndexOf('/');
  const colon = rest.indexOf(':', lastSlash + 1);
  if (colon >= 0) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) return undefined;
  }
  if (rest === '') return undefined;

  const parts = rest.split('/');
  let registry: string | undefined;
  const first = parts[0] ?? '';
  if (parts.length > 1 && (first.includes('.') || first.includes(':') || first === 'localhost')) {
    registry = first.toLowerCase();
    parts.shift();
  }
  if (parts.length === 0 || !parts.every((p) => PATH_COMPONENT.test(p))) return undefined;

  const onDockerHub = registry === undefined || DOCKER_HUB_HOSTS.has(registry);
  if (registry !== undefined && DOCKER_HUB_HOSTS.has(registry)) registry = 'docker.io';
  if (onDockerHub && parts.length === 2 && parts[0] === 'library') parts.shift();

  const path = parts.join('/');
  const repository = onDockerHub ? path : `${registry}/${path}`;
  const ref: ImageRef = { raw, repository };
  if (registry !== undefined) ref.registry = registry;
  if (tag !== undefined) ref.tag = tag;
  if (digest !== undefined) ref.digest = digest;
  return ref;
}

/**
 * The name as the user wrote it (registry and `library/` kept, tag and digest dropped), so a
 * suggested replacement keeps the user's prefix. Falls back to the repository when `raw` is
 * missing or does not match it.
 */
export function writtenName(ref: ImageRef): string {
  const reparsed = ref.raw ? parseImageRef(ref.raw) : undefined;
  if (!reparsed || reparsed.repository !== ref.repository) return ref.repository;
  let name = ref.raw.trim();
  const at = name.indexOf('@');
  if (at >= 0) name = name.slice(0, at);
  const colon = name.indexOf(':', name.lastIndexOf('/') + 1);
  return colon >= 0 ? name.slice(0, colon) : name;
}
