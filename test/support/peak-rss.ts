import { readFileSync } from 'node:fs';

/**
 * This process's peak resident memory in MB: the kernel's high-water mark (VmHWM), which belongs to this process's own
 * memory map, which exec starts afresh. getrusage's maxRSS does not: Linux carries it over from the parent at fork, so
 * it reported the parent's size as the child's. Off Linux, `sampledBytes` (the largest RSS a sampler saw), else null.
 */
export function peakRssMb(sampledBytes: number): number;
export function peakRssMb(): number | null;
export function peakRssMb(sampledBytes: number | null = null): number | null {
  try {
    const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
    if (kb !== undefined) return Math.round(Number(kb) / 1024);
  } catch {
    // not Linux
  }
  return sampledBytes === null ? null : Math.round(sampledBytes / 1_048_576);
}
