/**
 * The scheduler's month-long tests: a store and a Teams connector fake per test, and the programme run day by day on
 * a fake clock — ticks at 07:00 and 16:30 London time (across the clock changes), the outbox drained after each, and
 * the London day each message reached the fake recorded, so a test can say "told on Tue 29 Sep, once".
 */
import type { OutboxWorker, OutboxWorkerOptions } from '../../delivery/outbox-worker';
import type { ProgrammeProfile } from '../../audit/programme-profile';
import { addCalendarDays, compareIsoDates, type IsoDate } from '../../audit/working-days';
import { FakeClock } from '../../scheduler/clock';
import { runDueSteps, type SchedulerOptions } from '../../scheduler/run-due-steps';
import type { Db } from '../../store/db';
import { fastSender, southampton, workerFor } from '../delivery/outbox-harness';
import { startTeamsConnector, type FakeTeamsConnector } from '../fakes/teams-connector';
import { instantAt } from './london-instant';
import { openTestStore, resetStore, type TestStore } from './test-store';

export interface StoreAndTeams {
  readonly db: Db;
  readonly fake: FakeTeamsConnector;
}

/**
 * One store for the file, emptied before each test, and a fresh Teams connector fake for each test. Registers the
 * jest hooks where it is called (at the top of a test file); read `db` and `fake` inside tests and hooks.
 */
export function useStoreAndTeams(): StoreAndTeams {
  let store: TestStore | null = null;
  let fake: FakeTeamsConnector | null = null;
  beforeAll(async () => {
    store = await openTestStore();
  });
  afterAll(async () => {
    await store?.cleanup();
  });
  beforeEach(async () => {
    await resetStore((store as TestStore).db);
    fake = await startTeamsConnector({ token: 'fake-bot-token' });
  });
  afterEach(async () => {
    await fake?.close();
    fake = null;
  });
  return {
    get db(): Db {
      if (store === null) throw new Error('the test store is opened in beforeAll: read db inside a test or hook');
      return store.db;
    },
    get fake(): FakeTeamsConnector {
      if (fake === null) throw new Error('the Teams fake is started in beforeEach: read fake inside a test or hook');
      return fake;
    },
  };
}

export interface SimulatedDays {
  clock: FakeClock;
  /** Scheduler instances on one store ticking at the same moment (two show that a step still runs once). */
  instances: SchedulerOptions[];
  worker: OutboxWorker;
  /** messageKey → London day it was delivered. */
  deliveredOn: Map<string, IsoDate>;
  /** Keys in delivery order. */
  order: string[];
  fake: FakeTeamsConnector;
}

export interface SimulationOptions {
  goLive: IsoDate;
  profile?: ProgrammeProfile;
  /** How many scheduler instances tick together; 1 unless a test is about running more than one. */
  instances?: number;
  /** Anything else the scheduler takes (a leave lookup). */
  scheduler?: Partial<Omit<SchedulerOptions, 'db' | 'profile' | 'goLive'>>;
  worker?: Partial<OutboxWorkerOptions>;
}

/** The clock set to just after midnight on `goLive`, an outbox worker on that clock, and the scheduler's options. */
export function simulateDays(db: Db, fake: FakeTeamsConnector, o: SimulationOptions): SimulatedDays {
  const clock = new FakeClock(instantAt(o.goLive, '00:01'));
  const profile = o.profile ?? southampton();
  const worker = workerFor(db, 'simulation-worker', fastSender(), { now: () => clock.now(), profile, ...o.worker });
  const opts: SchedulerOptions = { db, profile, goLive: o.goLive, ...o.scheduler };
  const count = o.instances ?? 1;
  const instances = count === 1 ? [opts] : Array.from({ length: count }, (_, i) => ({ ...opts, actor: `scheduler-${String.fromCharCode(97 + i)}` }));
  return { clock, instances, worker, deliveredOn: new Map(), order: [], fake };
}

/** Runs the days `from`..`to`; `eachDay` runs after each day's ticks (a user acting on a card, say). */
export async function runDays(sim: SimulatedDays, from: IsoDate, to: IsoDate, eachDay?: (day: IsoDate) => Promise<void>): Promise<void> {
  for (let day = from; compareIsoDates(day, to) <= 0; day = addCalendarDays(day, 1)) {
    for (const hhmm of ['07:00', '16:30']) {
      sim.clock.set(instantAt(day, hhmm));
      await Promise.all(sim.instances.map((opts) => runDueSteps(opts, sim.clock.now())));
      await sim.worker.drain();
      for (const d of sim.fake.delivered()) {
        if (d.messageKey !== null && !sim.deliveredOn.has(d.messageKey)) {
          sim.deliveredOn.set(d.messageKey, day);
          sim.order.push(d.messageKey);
        }
      }
    }
    await eachDay?.(day);
  }
}
