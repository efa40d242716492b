// CPU time and resident memory of processes on this machine (Linux /proc), so a benchmark can say where
// its time went: this process, a worker child, the Temporal dev server, the PostgreSQL server.
import fs from 'node:fs';
import os from 'node:os';

export interface CpuSnapshot {
  /** user + system CPU seconds so far, summed over the processes. */
  cpuSeconds: number;
  /** Resident set size now, bytes, summed. */
  rssBytes: number;
}

const TICKS_PER_SECOND = 100; // USER_HZ on Linux
const PAGE_BYTES = 4096;

function readProc(pid: number): CpuSnapshot | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) in parentheses.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]); // utime + stime (fields 14, 15)
    const rssPages = Number(fs.readFileSync(`/proc/${pid}/statm`, 'utf8').split(' ')[1]);
    return { cpuSeconds: ticks / TICKS_PER_SECOND, rssBytes: rssPages * PAGE_BYTES };
  } catch {
    return undefined; // gone meanwhile
  }
}

/** CPU and RSS of each of the given processes that is still running. */
export function usageOf(pids: readonly number[]): Map<number, CpuSnapshot> {
  const usage = new Map<number, CpuSnapshot>();
  for (const pid of pids) {
    const one = readProc(pid);
    if (one) usage.set(pid, one);
  }
  return usage;
}

/**
 * CPU used between two snapshots (processes started in between count from zero; those that ended in
 * between are lost) and RSS at the second, summed over the processes.
 */
export function usageBetween(before: Map<number, CpuSnapshot>, after: Map<number, CpuSnapshot>): CpuSnapshot {
  let cpuSeconds = 0;
  let rssBytes = 0;
  for (const [pid, now] of after) {
    cpuSeconds += now.cpuSeconds - (before.get(pid)?.cpuSeconds ?? 0);
    rssBytes += now.rssBytes;
  }
  return { cpuSeconds, rssBytes };
}

/** Pids whose command line contains every one of `parts` (e.g. ['postgres'] or ['temporal', '--port', '7233']). */
export function pidsMatching(parts: readonly string[]): number[] {
  return fs
    .readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name) && Number(name) !== process.pid)
    .filter((pid) => {
      try {
        const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
        if (/(^|\/)sh$/.test(cmdline[0])) return false; // a watchdog shell around the program
        return parts.every((part) => cmdline.some((arg) => arg.includes(part)));
      } catch {
        return false;
      }
    })
    .map(Number);
}

export function loadAverage(): string {
  return os
    .loadavg()
    .map((v) => v.toFixed(2))
    .join(' ');
}
