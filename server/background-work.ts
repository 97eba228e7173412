import { hostname } from 'node:os';
import type { Logger } from 'pino';
import type { ProgrammeProfile } from '../audit/programme-profile';
import { londonDateOf } from '../audit/london-time';
import { botTokenProvider } from '../delivery/bot-token-provider';
import { ConnectorClient } from '../delivery/connector-client';
import { OutboxWorker } from '../delivery/outbox-worker';
import { recordMarginChange } from '../delivery/teams-throttling';
import { ThrottledSender } from '../delivery/throttled-sender';
import { startCycleScheduler, type CycleScheduler } from '../scheduler/cycle-scheduler';
import type { Clock } from '../scheduler/clock';
import type { LeaveLookup } from '../scheduler/leave-lookup';
import type { Db } from '../store/db';
import { goLiveDate } from '../store/scheduled-steps-repo';
import type { BotAuth } from './create-server';

export interface BackgroundWork {
  stop(): Promise<void>;
}

/**
 * The monthly cycle and the outbox worker that runs beside the HTTP server. Every instance may run both: steps are
 * done once under their natural keys and rows are claimed with FOR UPDATE SKIP LOCKED.
 */
export async function startBackgroundWork(deps: { db: Db; profile: ProgrammeProfile; clock: Clock; logger: Logger; auth: BotAuth; leave?: LeaveLookup }): Promise<BackgroundWork> {
  const id = `${hostname()}:${process.pid}`;
  const sender = new ThrottledSender({
    client: new ConnectorClient({ tokens: botTokenProvider(deps.auth) }),
    botId: deps.auth.MicrosoftAppId ?? 'audit-loop-local',
    onMarginChange: (marginMs, why) => {
      recordMarginChange(marginMs, why);
      if (why === 'throttled') deps.logger.warn({ marginMs }, 'Teams answered 429: the sender waits its Retry-After and leaves this much slack on every rate window');
      else deps.logger.info({ marginMs }, "no 429 from Teams for a while: the sender's slack on its rate windows eases back");
    },
  });
  const worker = new OutboxWorker({ db: deps.db, id, sender, profile: deps.profile, botAppId: deps.auth.MicrosoftAppId ?? null });
  worker.start();
  const scheduler: CycleScheduler = startCycleScheduler({
    db: deps.db,
    profile: deps.profile,
    clock: deps.clock,
    ...(deps.leave === undefined ? {} : { leave: deps.leave }),
    warn: (message) => deps.logger.warn(message),
    // A fresh install must not chase months that ran before it existed; a restart still catches up what fell due.
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

