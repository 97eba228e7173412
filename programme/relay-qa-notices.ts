/**
 * What QA must handle by hand (an escalation with no manager on record, a blocked recipient, a Part B with no team
 * manager) is queued once for "QA"; this passes each on to every QA officer's own chat, in one transaction with
 * marking it relayed, so it is neither lost nor sent twice. With no QA officer on record the notices wait, and the
 * caller says so.
 */
import type { OutboxMessage } from '../audit/outbox-messages';
import { qaOfficers } from '../audit/people';
import type { Db } from '../store/db';
import { enqueueMany, markRelayed, takeQaNotices } from '../store/outbox-repo';
import { listPeople } from '../store/people-repo';

export interface QaRelay {
  relayed: number;
  /** Notices left waiting because nobody holds the QA role. */
  waiting: number;
}

export async function relayQaNotices(db: Db, batch = 200): Promise<QaRelay> {
  return db.transaction(async (tx) => {
    const rows = await takeQaNotices(tx, batch);
    if (rows.length === 0) return { relayed: 0, waiting: 0 };
    const qa = qaOfficers(await listPeople(tx));
    if (qa.length === 0) return { relayed: 0, waiting: rows.length };
    // The payload is passed on as stored; the renderer parses it against the contract when it is sent.
    const copies = rows.flatMap((row) =>
      qa.map((officer) => ({ key: `${row.key}:to:${officer.id}`, channel: 'teams', kind: 'qa-notice', recipientId: officer.id, payload: row.payload }) as OutboxMessage),
    );
    await enqueueMany(tx, copies);
    await markRelayed(tx, rows.map((r) => r.id));
    return { relayed: rows.length, waiting: 0 };
  });
}
