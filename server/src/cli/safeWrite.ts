/**
 * Writing a fixed Dockerfile back without ever leaving a half-written or clobbered file: the new
 * bytes go to a temporary file in the same folder (same file system, so the rename is atomic),
 * with the original's mode (and owner, where allowed); the original is re-read just before the
 * rename and the write is refused if it changed since it was read.
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

export class ChangedOnDiskError extends Error {
  constructor(file: string) {
    super(
      `'${file}' changed on disk while it was being fixed; not written (run the command again)`,
    );
  }
}

/** Replaces `file` (whose content was `expected` when read) with `data`. */
export function safeWrite(file: string, expected: Buffer, data: Buffer): void {
  // Write through a symlink to the file it points at, keeping the link.
  const target = fs.realpathSync(file);
  const st = fs.statSync(target);
  const mode = st.mode & 0o7777;
  const tmp = path.join(
    path.dirname(target),
    `.${path.basename(target)}.layerwise-${process.pid}-${randomBytes(4).toString('hex')}.tmp`,
  );
  const fd = fs.openSync(tmp, 'wx', mode);
  try {
    try {
      fs.writeFileSync(fd, data);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.chmodSync(tmp, mode); // the umask may have narrowed the mode given to open
    if (
      typeof process.getuid === 'function' &&
      (st.uid !== process.getuid() || st.gid !== process.getgid!())
    ) {
      try {
        fs.chownSync(tmp, st.uid, st.gid);
      } catch {
        // Not permitted for other users' files: the new file keeps our ownership.
      }
    }
    const now = fs.readFileSync(target);
    if (!now.equals(expected)) throw new ChangedOnDiskError(file);
    fs.renameSync(tmp, target);
  } catch (e) {
    try {
      fs.unlinkSync(tmp);
    } catch {
      // already renamed or never created
    }
    throw e;
  }
}
