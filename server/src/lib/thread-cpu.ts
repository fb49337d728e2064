/**
 * CPU seconds of each of this process's threads, by kernel task id (Linux: utime + stime of
 * /proc/self/task/<tid>/stat, in USER_HZ = 100 ticks a second); empty elsewhere. What a thread
 * itself used, which the machine's other load does not inflate as it does wall times: the
 * generator's per-thread figures and the soak bench's request thread (task id = the process id).
 */
import { readdirSync, readFileSync } from 'node:fs';

export function threadCpuSeconds(): Map<string, number> {
  const out = new Map<string, number>();
  try {
    for (const tid of readdirSync('/proc/self/task')) {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(tid, (Number(f[11]) + Number(f[12])) / 100);
    }
  } catch {
    // not Linux: no figure
  }
  return out;
}
