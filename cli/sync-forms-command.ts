/**
 * `audit-loop sync-forms`: read the Forms-linked workbook through Graph and record what is new. The scheduler calls
 * syncForms() itself; this is the same run, by hand, for QA or an administrator checking the configuration.
 */
import type { Command } from 'commander';
import { createGraph } from '../graph';
import { syncForms, type FormsSyncResult } from '../programme/sync-forms-workbook';
import { formsWorkbookOf, graphConfigOf, readGraphSettings } from '../graph/graph-settings';
import type { GraphPort } from '../graph/graph-port';
import { withContext, type GlobalOptions } from './context';

export interface SyncFormsIo {
  out: (line: string) => void;
  err: (line: string) => void;
  now: () => Date;
}

export function formatSyncResult(r: FormsSyncResult): string[] {
  if (r.unchanged) return ['The Forms workbook has not changed since the last sync (Graph answered 304): nothing to record.'];
  const fresh = r.matched + r.alreadyRecorded + r.unmatched;
  const lines = [
    `Read ${r.rowsRead} workbook row(s): ${fresh} new (${r.matched} matched, ${r.alreadyRecorded} already returned, ${r.unmatched} kept as unmatched for QA), ${r.alreadySeen} already recorded.`,
  ];
  if (!r.complete && r.stoppedBy !== undefined) lines.push(`Stopped early (${r.stoppedBy.code}): ${r.stoppedBy.message} What was read is recorded; run sync-forms again to read the rest.`);
  return lines;
}

/** Adds the command; `graphFor` lets tests hand in a port pointed at the local fake. */
export function registerSyncForms(program: Command, io: SyncFormsIo, globals: () => GlobalOptions, graphFor?: () => GraphPort): void {
  program
    .command('sync-forms')
    .description('read new responses from the Forms-linked workbook through Microsoft Graph')
    .action(async () => {
      const settings = readGraphSettings();
      const workbook = formsWorkbookOf(settings);
      const graph = graphFor?.() ?? createGraph(graphConfigOf(settings));
      const r = await withContext(globals(), (c) => syncForms(c.db, c.profile, graph, workbook, { now: io.now }, c.actor));
      const lines = formatSyncResult(r);
      for (const line of lines.slice(0, 1)) io.out(line);
      for (const line of lines.slice(1)) io.err(line);
    });
}
