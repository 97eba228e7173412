import type { OutboxMessage } from '../../audit/outbox-messages';
import type { IsoDate } from '../../audit/working-days';
import type { Queryable } from '../../store/db';

/** Whether a date has come (today or earlier, and not before go-live): the one clock every step reads. */
export type Due = (date: IsoDate) => boolean;

/** A step's work, run in the transaction that claims it: its state changes, and the messages it queues. */
export type StepWork = (tx: Queryable) => Promise<OutboxMessage[]>;

/** A step to do once under its natural key (step, period), if not done before. */
export interface DueStep {
  step: string;
  period: string;
  work: StepWork;
}

/** Work that changes nothing and queues these messages. */
export const send = (messages: OutboxMessage[]): StepWork => async () => messages;
