/**
 * Ticks the monthly cycle: at start (catch-up after an outage) and then on a cron schedule (every 5 minutes by
 * default). Ticks never overlap; a failing tick is reported and the next one tries again.
 */
import cron from 'node-cron';
import type { Clock } from './clock';
import { runDueSteps, type SchedulerOptions, type StepDone } from './run-due-steps';

export interface CycleSchedulerOptions extends SchedulerOptions {
  clock: Clock;
  cronExpression?: string;
  /** Called after each tick that did something (e.g. to poke the outbox worker). */
  onSteps?: (steps: StepDone[]) => void;
  onError?: (error: unknown) => void;
}

export interface CycleScheduler {
  /** Runs one tick now (serialised with the cron ticks). */
  tick(): Promise<StepDone[]>;
  stop(): Promise<void>;
}

export function startCycleScheduler(opts: CycleSchedulerOptions): CycleScheduler {
  let running: Promise<StepDone[]> = Promise.resolve([]);
  const tick = (): Promise<StepDone[]> => {
    running = running
      .catch(() => [])
      .then(() => runDueSteps(opts, opts.clock.now()))
      .then((steps) => {
        if (steps.length > 0) opts.onSteps?.(steps);
        return steps;
      });
    return running;
  };
  const guarded = (): void => void tick().catch((error: unknown) => opts.onError?.(error));
  const task = cron.schedule(opts.cronExpression ?? '*/5 * * * *', guarded, { timezone: opts.profile.timeZone, noOverlap: true });
  guarded();
  return {
    tick,
    async stop() {
      await task.stop();
      await task.destroy();
      await running.catch(() => undefined);
    },
  };
}
