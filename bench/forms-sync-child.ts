/**
 * The bot's side of the Forms benchmark, in a process of its own so that its time and peak RSS are the bot's alone:
 * the Graph fake (which holds the 20,000-row workbook it serves) and the seeding stay in the parent. Started with the
 * node flags `npm start` ships (fork passes on the parent's).
 *
 * FORMS_CHILD (zod-parsed JSON): `bare` downloads and parses the file with the import's reader and no store; `sync`
 * opens the store in STORE_LOCATION and runs the shipped sync twice (the second must be a 304). Reports over IPC.
 */
import { z } from 'zod';
import { loadProfile } from '../audit/programme-profiles';
import { fixedTokenCredential } from '../graph/credentials';
import { createGraphPort } from '../graph/graph-api';
import { createGraphClient } from '../graph/graph-client';
import { readXlsxLines } from '../imports/read-table';
import { syncForms } from '../programme/sync-forms-workbook';
import { openStore } from '../store/open-store';
import { peakRssMb } from '../test/support/peak-rss';
import { storeLocationFromEnv } from '../test/support/process-shared-store';

export const FormsChildSettingsSchema = z.object({
  mode: z.enum(['bare', 'sync']),
  baseUrl: z.url(),
  token: z.string().min(1),
  item: z.object({ driveId: z.string().min(1), itemId: z.string().min(1) }),
  chunkSize: z.number().int().positive(),
  profile: z.string().min(1),
});
export type FormsChildSettings = z.infer<typeof FormsChildSettingsSchema>;

export interface FormsChildReport {
  seconds: number;
  rowsRead: number;
  matched: number;
  unmatched: number;
  complete: boolean;
  stoppedBy: string | null;
  secondSyncSeconds: number | null;
  secondSyncUnchanged: boolean | null;
  /** The kernel's high-water mark of this process's resident memory (VmHWM), in MB, and the same before the work. */
  peakRssMb: number;
  peakBeforeMb: number;
}

async function main(): Promise<void> {
  let sampled = process.memoryUsage.rss();
  const sampler = setInterval(() => (sampled = Math.max(sampled, process.memoryUsage.rss())), 50);
  sampler.unref();
  const settings = FormsChildSettingsSchema.parse(JSON.parse(process.env['FORMS_CHILD'] ?? 'null'));
  const handle = createGraphClient(fixedTokenCredential(settings.token), { baseUrl: settings.baseUrl, maxRetries: 10, retryDelaySeconds: 1 });
  const graph = createGraphPort(handle);
  const workbook = { item: settings.item, chunkSize: settings.chunkSize };

  if (settings.mode === 'bare') {
    const peakBeforeMb = peakRssMb(sampled);
    const start = performance.now();
    const got = await graph.downloadDriveItem(settings.item, null);
    let lines = 0;
    if (got.kind === 'changed') for await (const line of readXlsxLines(got.body, 'bench')) lines += line.line > 0 ? 1 : 0;
    const seconds = (performance.now() - start) / 1000;
    const report: FormsChildReport = {
      seconds, rowsRead: lines - 1, matched: 0, unmatched: 0, complete: got.kind === 'changed', stoppedBy: null,
      secondSyncSeconds: null, secondSyncUnchanged: null, peakRssMb: peakRssMb(sampled), peakBeforeMb,
    };
    process.send?.(report);
    return;
  }

  const db = await openStore(storeLocationFromEnv());
  try {
    const profile = loadProfile(settings.profile);
    // The store's own high-water mark before the sync, so the sync's share of peakRssMb can be told apart.
    const peakBeforeMb = peakRssMb(sampled);
    const clock = { now: () => new Date('2026-11-21T10:00:00Z') };
    const start = performance.now();
    const r = await syncForms(db, profile, graph, workbook, clock, 'bench');
    const seconds = (performance.now() - start) / 1000;
    const againStart = performance.now();
    const again = await syncForms(db, profile, graph, workbook, clock, 'bench');
    const report: FormsChildReport = {
      seconds, rowsRead: r.rowsRead, matched: r.matched, unmatched: r.unmatched, complete: r.complete, stoppedBy: r.stoppedBy?.message ?? null,
      secondSyncSeconds: (performance.now() - againStart) / 1000, secondSyncUnchanged: again.unchanged && again.rowsRead === 0,
      peakRssMb: peakRssMb(sampled), peakBeforeMb,
    };
    process.send?.(report);
  } finally {
    await db.close();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`forms-sync-child: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
