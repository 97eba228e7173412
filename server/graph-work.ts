import { hostname } from 'node:os';
import type { Logger } from 'pino';
import type { ProgrammeProfile } from '../audit/programme-profile';
import { runEmailWorker } from '../delivery/email-worker';
import { createGraph } from '../graph';
import { checkFormsWorkbookAccess, formsReadiness, type FormsReadiness } from '../graph/forms-readiness';
import { FormsWorkbookRejected, syncForms } from '../programme/sync-forms-workbook';
import { formsWorkbookOf, graphConfigOf, type GraphSettings } from '../graph/graph-settings';
import type { Clock } from '../scheduler/clock';
import { GraphLeaveLookup } from '../graph/leave-lookup';
import { LEAVE_NOT_CHECKED, type LeaveLookup } from '../scheduler/leave-lookup';
import type { Db } from '../store/db';

export interface GraphWork {
  stop(): Promise<void>;
}

const EMAIL_EVERY_MS = 30_000;
const FORMS_EVERY_MS = 15 * 60_000;

/**
 * The Graph side of the cycle, switched on by its settings: urgent e-mail when GRAPH_MAIL_FROM names the sending
 * mailbox, the Forms workbook sync when FORMS_DRIVE_ID and FORMS_ITEM_ID name the workbook. Without them the bot
 * still runs on Teams messages alone (councils without Graph consent import Forms exports with the CLI).
 */
export interface GraphWorkDeps {
  db: Db;
  profile: ProgrammeProfile;
  clock: Clock;
  logger: Logger;
  settings: GraphSettings;
  /** Where the Forms start-up check's answer goes (/readyz reads it); the process-wide holder unless told. */
  readiness?: FormsReadiness;
  /** How often each job runs; tests shorten them. */
  emailEveryMs?: number;
  formsEveryMs?: number;
}

export function startGraphWork(deps: GraphWorkDeps): GraphWork {
  const { settings, logger } = deps;
  const mail = settings.GRAPH_MAIL_FROM;
  const formsConfigured = settings.FORMS_DRIVE_ID !== undefined && settings.FORMS_ITEM_ID !== undefined;
  if (mail === undefined && !formsConfigured) {
    logger.info('Graph work off: set GRAPH_MAIL_FROM for urgent e-mail and FORMS_DRIVE_ID/FORMS_ITEM_ID for the Forms sync');
    return { stop: async () => undefined };
  }
  const graph = createGraph(graphConfigOf(settings));
  const workerId = `${hostname()}:${process.pid}:email`;
  const running = new Set<Promise<unknown>>();
  // One run of each job at a time: a slow sync is never overlapped by the next timer.
  const every = (ms: number, name: string, job: () => Promise<unknown>): NodeJS.Timeout => {
    let busy = false;
    const timer = setInterval(() => {
      if (busy) return;
      busy = true;
      const run = job()
        .catch((e: unknown) => logger.error({ err: e, job: name }, 'Graph job failed'))
        .finally(() => {
          busy = false;
          running.delete(run);
        });
      running.add(run);
    }, ms);
    timer.unref();
    return timer;
  };
  const timers: NodeJS.Timeout[] = [];
  if (mail !== undefined) {
    timers.push(every(deps.emailEveryMs ?? EMAIL_EVERY_MS, 'urgent-email', async () => {
      const r = await runEmailWorker(deps.db, graph, { workerId, fromUserId: mail });
      if (r.sent + r.retried + r.failed > 0) logger.info({ ...r }, 'urgent e-mail run');
    }));
  }
  if (formsConfigured) {
    const workbook = formsWorkbookOf(settings);
    const readiness = deps.readiness ?? formsReadiness;
    readiness.checking();
    // One metadata GET at start: a missing permission is said plainly now, not at the first sync 15 minutes on.
    const check = checkFormsWorkbookAccess(graph, workbook.item)
      .then((access) => {
        readiness.record(access, deps.clock.now());
        if (access.ok) logger.info({ workbook: access.name }, 'Forms workbook can be read');
        else logger.error({ problem: access.code, grant: access.grant }, access.message);
      })
      .catch((e: unknown) => logger.error({ err: e }, 'Forms workbook check failed'));
    running.add(check);
    void check.finally(() => running.delete(check));
    timers.push(every(deps.formsEveryMs ?? FORMS_EVERY_MS, 'forms-sync', async () => {
      try {
        const r = await syncForms(deps.db, deps.profile, graph, workbook, deps.clock, 'forms-sync');
        const counts = { unchanged: r.unchanged, read: r.rowsRead, matched: r.matched, unmatched: r.unmatched, alreadySeen: r.alreadySeen, complete: r.complete };
        if (r.stoppedBy !== undefined) logger.warn({ ...counts, stoppedBy: r.stoppedBy.code }, `Forms sync stopped: ${r.stoppedBy.message}`);
        else logger.info(counts, 'Forms sync');
      } catch (e) {
        if (!(e instanceof FormsWorkbookRejected)) throw e;
        logger.error({ problems: e.problems }, e.message);
      }
    }));
  }
  return {
    stop: async () => {
      for (const t of timers) clearInterval(t);
      await Promise.all(running);
    },
  };
}

/** The scheduler's view of leave: automatic replies through Graph when GRAPH_LEAVE_CHECKS=on, else none (said at start). */
export function leaveLookupOf(settings: GraphSettings, logger: Logger): LeaveLookup {
  if (settings.GRAPH_LEAVE_CHECKS !== 'on') {
    logger.info('Leave not checked: set GRAPH_LEAVE_CHECKS=on (Graph MailboxSettings.Read) so auditors on leave are not chased and escalations skip managers who are away');
    return LEAVE_NOT_CHECKED;
  }
  logger.info('Leave checked: automatic replies are read through Graph before each reminder and escalation');
  return new GraphLeaveLookup(createGraph(graphConfigOf(settings)), { warn: (message) => logger.warn(message) });
}
