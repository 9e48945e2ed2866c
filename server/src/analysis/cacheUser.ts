/**
 * The user a RUN executes as, as far as a cache mount needs it: the home (where the tool's cache
 * is) and the uid that must own the mount (BuildKit creates cache mounts owned by root unless
 * `uid=` says otherwise, and a tool that cannot write its cache silently writes nothing or into
 * the layer).
 */
import type { Instruction } from '../parse/model';
import type { ShellCommand } from '../parse/shell';
import {
  buildUser,
  regularUidsOf,
  runsAsRootByDefault,
  type BuildUser,
} from '../knowledge/cacheDirs';
import { basename } from './tools';
import { baseImage, chainInstructions, createdUsers, runUser, type CreatedUser } from './stages';

/** undefined when the uid or home is not known from the Dockerfile and its base image. */
export function cacheUser(ins: Instruction): BuildUser | undefined {
  if (ins.user === undefined) {
    const ref = baseImage(ins.stage)?.ref;
    return ref && runsAsRootByDefault(ref.repository) ? buildUser(undefined) : undefined;
  }
  // A user the Dockerfile creates wins over a well-known name (`adduser -D nonroot` is 1000).
  const [name] = ins.user.split(':');
  const created = createdUsers(ins.stage, ins.index);
  if (created.some((u) => u.name === name || String(u.uid) === name))
    return createdUser(ins, created);
  return runUser(ins);
}

/** A user created by the Dockerfile: its `-u`, or the uid its tool picks when that is known. */
function createdUser(ins: Instruction, users: CreatedUser[]): BuildUser | undefined {
  const [name, group] = ins.user!.split(':');
  const ref = baseImage(ins.stage)?.ref;
  const taken = ref ? regularUidsOf(ref.repository, ref.tag) : undefined;
  const commands = userCommands(ins);
  // Once one uid is unknown, the uids picked after it are too.
  let known = taken !== undefined;
  const used = [...(taken ?? [])];
  let found: BuildUser | undefined;
  for (const u of users) {
    const cmd = commands.find((c) => c.words.some((w) => w.value === u.name));
    const argv0 = basename(cmd?.words[0]);
    const flags = cmd?.words.map((w) => w.value) ?? [];
    let uid = u.uid;
    // System accounts get ids from a range whose use depends on the image: not guessed.
    const system = flags.some(
      (f) => f === '-r' || f === '--system' || (argv0 === 'adduser' && f === '-S'),
    );
    if (uid === undefined && known && cmd && !system)
      uid = argv0 === 'useradd' ? nextAfterHighest(used) : firstFree(used);
    if (uid === undefined) known = false;
    else used.push(uid);
    if (u.name !== name && String(uid) !== name) continue;
    if (uid === undefined) {
      found = undefined;
      continue;
    }
    // Without a group option both tools make a group of the user's name with gid = uid.
    const ownGroup = !flags.some((f) => /^(?:-g|-G|--gid|--ingroup|--groups|-N)$/.test(f));
    const gid =
      group !== undefined && /^\d+$/.test(group)
        ? Number(group)
        : (u.gid ?? (ownGroup && group === undefined ? uid : undefined));
    found = { home: u.home, uid, gid };
  }
  return found;
}

/** BusyBox and Debian `adduser`: the first free uid from 1000. */
function firstFree(used: number[]): number {
  let uid = 1000;
  while (used.includes(uid)) uid++;
  return uid;
}

/** shadow's `useradd`: one more than the highest regular uid in use, else 1000. */
function nextAfterHighest(used: number[]): number {
  const regular = used.filter((u) => u >= 1000 && u < 60000);
  return regular.length ? Math.max(...regular) + 1 : 1000;
}

function userCommands(ins: Instruction): ShellCommand[] {
  return chainInstructions(ins.stage)
    .filter((i) => i.index < ins.index)
    .flatMap((i) => i.run?.commands ?? [])
    .filter((c) => ['useradd', 'adduser'].includes(basename(c.words[0])));
}
