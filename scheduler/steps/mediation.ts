import { assertMayMoveToMediation, currentGradeOf, isDueForMediation, requestMessages } from '../../audit/disagreement';
import type { OutboxMessage } from '../../audit/outbox-messages';
import { assistantDirectorFor, qaOfficers } from '../../audit/people';
import type { ProgrammeProfile } from '../../audit/programme-profile';
import { getAllocationDetail } from '../../store/allocations-repo';
import type { Queryable } from '../../store/db';
import { agreedGradeFor, dueForMediation, getDisagreement, moveToMediation } from '../../store/disagreements-repo';
import { listPeople } from '../../store/people-repo';
import type { Due, DueStep } from './step';

const SYSTEM = 'scheduler';

/**
 * 004 §2.13: a disagreement still in review on its mediation date goes to mediation — to the Assistant Director for
 * the case's area, or (as the profile says, or when there is no AD) to each QA officer. Once per disagreement
 * (`mediation:<id>`); the state change and the messages share the step's transaction.
 */
export async function mediationSteps(db: Queryable, profile: ProgrammeProfile, due: Due): Promise<DueStep[]> {
  const dueNow = await dueForMediation(db, (d) => isDueForMediation(profile, d, due));
  return dueNow.map((found) => ({
    step: `mediation:${found.id}`,
    period: found.raisedOn.slice(0, 7),
    work: async (tx: Queryable): Promise<OutboxMessage[]> => {
      const d = await getDisagreement(tx, found.id, true);
      // Resolved at review since it was found: nothing to mediate.
      if (d === null || d.status !== 'review') return [];
      assertMayMoveToMediation(d);
      const a = await getAllocationDetail(tx, d.allocationId);
      if (a === null) return [];
      const people = await listPeople(tx);
      const ad = profile.disagreement.mediator === 'assistant-director' ? assistantDirectorFor(a.serviceArea, people) : null;
      const mediators = ad === null ? qaOfficers(people).map((p) => p.id) : [ad.id];
      await moveToMediation(tx, d.id, ad?.id ?? null, SYSTEM);
      const grade = currentGradeOf({ agreedGrade: await agreedGradeFor(tx, a.id), moderatedGrade: a.moderatedGrade, grade: a.grade });
      const audit = { allocationId: a.id, caseRef: a.caseRef, month: a.month, serviceArea: a.serviceArea, team: a.team, grade, auditorId: a.auditorId };
      if (mediators.length > 0) return requestMessages(audit, d, 'mediation', mediators);
      // Nobody to mediate is on record: QA hears of it by hand rather than the disagreement waiting unseen.
      return [{
        key: `disagreement:${d.id}:mediation:no-mediator`, channel: 'qa-notice', kind: 'qa-notice', recipientId: null,
        payload: { reason: 'A disagreement with a grade needs mediation, but no Assistant Director or QA officer is on record.', caseRef: a.caseRef, allocationId: a.id },
      }];
    },
  }));
}
