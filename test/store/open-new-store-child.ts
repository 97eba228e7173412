/**
 * Opens a new embedded store in a fresh process, as the bot does on its first start, and reports that process's peak
 * resident memory. Argument: the data directory (it must not exist yet).
 */
import { openStore } from '../../store/open-store';
import { peakRssMb } from '../support/peak-rss';

async function main(): Promise<void> {
  const dataDir = process.argv[2];
  if (dataDir === undefined) throw new Error('usage: open-new-store-child <data dir>');
  const db = await openStore({ dataDir });
  const [row] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM schema_migrations');
  await db.close();
  process.stdout.write(JSON.stringify({ migrations: row?.n ?? 0, peakRssMb: peakRssMb() }));
}

main().catch((error: unknown) => {
  process.stderr.write(`open-new-store-child: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
