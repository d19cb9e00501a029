/**
 * A process's CPU time from Linux's /proc/PID/stat: user plus system time of
 * all its threads, the figure process.cpuUsage() gives from inside, read
 * from outside so any process of a tree can be measured without its help.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** Clock ticks per second of /proc's times (USER_HZ, 100 on every common Linux). */
const TICKS_PER_SECOND = ticksPerSecond();

function ticksPerSecond(): number {
  try {
    const n = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
    return Number.isInteger(n) && n > 0 ? n : 100;
  } catch {
    return 100;
  }
}

/**
 * utime + stime in clock ticks from the text of /proc/PID/stat. The command
 * name (field 2) is in parentheses and may hold spaces or parentheses, so
 * fields are counted after its last `)`.
 * @throws {Error} when the text does not look like a stat line
 */
export function statTicks(stat: string): number {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // After the name: state is field 3, utime 14, stime 15.
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  if (!Number.isInteger(utime) || !Number.isInteger(stime))
    throw new Error(`not a /proc/PID/stat line: ${stat.slice(0, 120)}`);
  return utime + stime;
}

/** CPU µs (user + system) process `pid` has used so far; throws if it is gone. */
export function cpuMicrosOf(pid: number): number {
  return (statTicks(readFileSync(`/proc/${pid}/stat`, 'utf8')) * 1e6) / TICKS_PER_SECOND;
}
