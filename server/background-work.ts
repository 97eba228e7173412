import { hostname } from 'node:os';
import type { Logger } from 'pino';
import type { ProgrammeProfile } from '../audit/programme-profile';
import { londonDateOf } from '../audit/london-time';
import { botTokenProvider } from '../delivery/bot-token-provider';
import { ConnectorClient } from '../delivery/connector-client';
import { OutboxWorker } from '../delivery/outbox-worker';
import { ThrottledSender } from '../delivery/throttled-sender';
import { startCycleScheduler, type CycleScheduler } from '../scheduler/cycle-scheduler';
import type { Clock } from '../scheduler/clock';
import type { Db } from '../store/db';
import type { BotAuth } from './create-server';

export interface BackgroundWork {
  stop(): Promise<void>;
}

/**
 * The monthly cycle and the outbox worker that runs beside the HTTP server. Every instance may run both: steps are
 * done once under their natural keys and rows are claimed with FOR UPDATE SKIP LOCKED.
 */
export async function startBackgroundWork(deps: { db: Db; profile: ProgrammeProfile; clock: Clock; logger: Logger; auth: BotAuth }): Promise<BackgroundWork> {
  const id = `${hostname()}:${process.pid}`;
  const sender = new ThrottledSender({
    client: new ConnectorClient({ tokens: botTokenProvider(deps.auth) }),
    botId: deps.auth.MicrosoftAppId ?? 'audit-loop-local',
  });
  const worker = new OutboxWorker({ db: deps.db, id, sender, profile: deps.profile });
  worker.start();
  const scheduler: CycleScheduler = startCycleScheduler({
    db: deps.db,
    profile: deps.profile,
    clock: deps.clock,
    goLive: await goLiveDate(deps.db, londonDateOf(deps.clock.now())),
    onSteps: (steps) => {
      deps.logger.info({ steps: steps.length }, 'scheduled steps done');
      worker.poke();
    },
    onError: (e) => deps.logger.error({ err: e }, 'scheduler tick failed'),
  });
  return {
    // Graceful: stop the clock, then let in-flight sends finish before releasing what is left.
    stop: async () => {
      await scheduler.stop();
      await worker.stop(10_000);
    },
  };
}

/**
 * The day the programme first ran here, kept in the store: a fresh install must not chase months that ran before it
 * existed, but a restart must still catch up what fell due while it was down (a bot down on the 3rd allocates later).
 */
async function goLiveDate(db: Db, today: string): Promise<string> {
  await db.query(
    `INSERT INTO scheduled_steps (step, period, detail) VALUES ('go-live', 'programme', $1) ON CONFLICT DO NOTHING`,
    [JSON.stringify({ date: today })],
  );
  const rows = await db.query<{ date: string }>(`SELECT detail->>'date' AS date FROM scheduled_steps WHERE step = 'go-live' AND period = 'programme'`);
  return rows[0]?.date ?? today;
}
