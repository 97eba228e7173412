import { pathAfterModeration, roundKey } from '../audit/inadequate-update';
import type { OutboxMessage } from '../audit/outbox-messages';
import type { ProgrammeProfile } from '../audit/programme-profile';
import { urgentNotices } from '../audit/response-follow-ups';
import type { IsoDate } from '../audit/working-days';
import { getAllocationDetail } from '../store/allocations-repo';
import { getCase } from '../store/cases-repo';
import type { Queryable } from '../store/db';
import { getInadequatePath, openInadequatePath, stopInadequatePath, toldOfInadequate } from '../store/inadequate-paths-repo';
import { upsertModeration, type ModerationInput } from '../store/moderations-repo';
import { enqueueMany } from '../store/outbox-repo';
import { listPeople } from '../store/people-repo';
import { getResponse } from '../store/responses-repo';

export type ModerationEffect = 'start' | 'stop' | 'none';

/**
 * Records QA's moderated grade and what it does to the Inadequate path, in the caller's transaction (003: "Upon the
 * grading being further agreed as inadequate, the case will be escalated"): agreeing Inadequate, or downgrading to
 * it, opens the path from `today` and sends the urgent notices; moderating away from Inadequate stops the path (no
 * further chases) and tells everyone already told. Used by the moderation card and the moderations import alike.
 */
export async function recordModeration(tx: Queryable, profile: ProgrammeProfile, m: ModerationInput, actor: string, today: IsoDate): Promise<ModerationEffect> {
  await upsertModeration(tx, m, actor);
  const path = await getInadequatePath(tx, m.allocationId, true);
  const effect = pathAfterModeration(path?.status ?? null, m.moderatedGrade);
  if (effect === 'none') return effect;
  const a = await getAllocationDetail(tx, m.allocationId);
  if (a === null) throw new Error(`allocation ${m.allocationId} moderated but not found`);
  const messages: OutboxMessage[] = [];
  if (effect === 'start') {
    const opened = await openInadequatePath(tx, a.id, today, actor);
    const c = await getCase(tx, a.caseRef);
    if (c === null) throw new Error(`case ${a.caseRef} of allocation ${a.id} not found`);
    const response = await getResponse(tx, a.id);
    messages.push(...urgentNotices(profile, a, c, m.moderatedGrade, response?.safeguardingConcern ?? false, await listPeople(tx), today, opened.round));
  } else {
    await stopInadequatePath(tx, a.id, today, actor);
    const round = path?.round ?? 1;
    for (const personId of await toldOfInadequate(tx, a.id)) {
      messages.push({
        key: roundKey(`inadequate-stood-down:${a.id}:${personId}`, round),
        channel: 'teams',
        kind: 'inadequate-stood-down',
        recipientId: personId,
        payload: { allocationId: a.id, caseRef: a.caseRef, month: a.month, moderatedGrade: m.moderatedGrade, round },
      });
    }
  }
  await enqueueMany(tx, messages);
  return effect;
}
