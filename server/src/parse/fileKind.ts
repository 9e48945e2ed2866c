/**
 * The one place that decides what kind of file a name or an editor document is. The CLI's folder
 * scan, the language server and the ignore-file setup all ask here.
 */
export type FileKind = 'dockerfile' | 'dockerignore';

export function isIgnoreFileName(name: string): boolean {
  return name.toLowerCase().endsWith('.dockerignore');
}

/** Dockerfile, Dockerfile.*, *.Dockerfile, *.dockerfile, Containerfile (and Containerfile.*). */
export function isDockerfileName(name: string): boolean {
  if (isIgnoreFileName(name)) return false;
  const lower = name.toLowerCase();
  return (
    lower === 'dockerfile' ||
    lower.startsWith('dockerfile.') ||
    lower.endsWith('.dockerfile') ||
    lower === 'containerfile' ||
    lower.startsWith('containerfile.')
  );
}

/**
 * An editor document: the language id wins (`dockerignore`), then the name; anything else an
 * editor sends us is a Dockerfile (its language id said so).
 */
export function kindOfDocument(fileName: string, languageId?: string): FileKind {
  if (languageId === 'dockerignore') return 'dockerignore';
  return isIgnoreFileName(fileName) ? 'dockerignore' : 'dockerfile';
}
