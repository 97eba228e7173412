import type { Grade } from '../audit/grades';
import type { Queryable } from './db';
import { logChange } from './audit-log';

export interface ModerationInput {
  allocationId: number;
  moderatorId: string;
  originalGrade: Grade | null;
  moderatedGrade: Grade | null;
  note: string | null;
}

/** One moderation per audit; moderating again replaces the judgement, and the trail keeps both. */
export async function upsertModeration(tx: Queryable, m: ModerationInput, actor: string): Promise<void> {
  await tx.query(
    `INSERT INTO moderations (allocation_id, moderator_id, original_grade, moderated_grade, note)
     VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (allocation_id) DO UPDATE SET moderator_id = EXCLUDED.moderator_id,
       moderated_grade = EXCLUDED.moderated_grade, note = EXCLUDED.note, moderated_at = now()`,
    [m.allocationId, m.moderatorId, m.originalGrade, m.moderatedGrade, m.note],
  );
  await logChange(tx, actor, 'moderation.record', 'allocation', m.allocationId, {
    originalGrade: m.originalGrade,
    moderatedGrade: m.moderatedGrade,
  });
}
