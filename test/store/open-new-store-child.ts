/**
 * Opens a new embedded store in a fresh process, as the bot does on its first start, and reports that process's peak
 * resident memory. Argument: the data directory (it must not exist yet).
 */
import { readFileSync } from 'node:fs';
import { openStore } from '../../store/open-store';

async function main(): Promise<void> {
  const dataDir = process.argv[2];
  if (dataDir === undefined) throw new Error('usage: open-new-store-child <data dir>');
  const db = await openStore({ dataDir });
  const [row] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM schema_migrations');
  await db.close();
  const mb = (field: string): number => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync('/proc/self/status', 'utf8'))?.[1]) / 1024;
  process.stdout.write(JSON.stringify({ migrations: row?.n ?? 0, peakRssMb: Math.round(mb('VmHWM')) }));
}

main().catch((error: unknown) => {
  process.stderr.write(`open-new-store-child: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
