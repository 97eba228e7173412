import { drawModerationSample, moderationDates, moderationRules, moderatorsAmong, sampleSeed, type ModerationDates } from '../../audit/moderation-sample';
import type { OutboxMessage } from '../../audit/outbox-messages';
import type { ProgrammeProfile } from '../../audit/programme-profile';
import type { Queryable } from '../../store/db';
import { isModerated, logSample, sampleCandidates, unmoderatedSampleRequests, type SampledRequest } from '../../store/moderations-repo';
import { listPeople } from '../../store/people-repo';
import type { Due, DueStep } from './step';

const SYSTEM = 'scheduler';

/**
 * 003: "A dip sample of audits will be moderated ... on a monthly basis". On the sample day of the next month the
 * month's returned audits are sampled once (step `moderation-sample`, period the month) and each sampled audit not
 * already moderated or asked for goes to one QA officer; one still unmoderated the working day after its date is
 * chased once (step `moderation-chase:<allocationId>`). Each step is claimed in the transaction that queues it.
 */
export async function moderationSampleSteps(db: Queryable, profile: ProgrammeProfile, months: readonly string[], due: Due): Promise<DueStep[]> {
  const steps: DueStep[] = [];
  for (const month of months) {
    const dates = moderationDates(profile, month);
    if (due(dates.sampleDate)) steps.push(sampleStep(profile, month, dates));
    if (due(dates.chaseDate)) for (const r of await unmoderatedSampleRequests(db, month)) steps.push(chaseStep(r));
  }
  return steps;
}

/** Drawn inside the claiming transaction, from what is returned and covered at that moment. */
function sampleStep(profile: ProgrammeProfile, month: string, dates: ModerationDates): DueStep {
  return {
    step: 'moderation-sample',
    period: month,
    work: async (tx) => {
      const candidates = await sampleCandidates(tx, month);
      const byId = new Map(candidates.map((c) => [c.allocationId, c]));
      const seed = sampleSeed(month);
      const draw = drawModerationSample(
        profile,
        candidates.map((c) => ({
          allocationId: c.allocationId,
          auditorId: c.auditorId,
          grade: c.grade,
          covered: c.covered,
          case: { caseRef: c.caseRef, serviceArea: c.serviceArea, team: c.team, allocatedWorkerId: c.allocatedWorkerId, teamManagerId: c.teamManagerId, cohort: c.cohort, open: c.open },
        })),
        moderatorsAmong(await listPeople(tx), moderationRules(profile).moderators),
        seed,
      );
      const messages: OutboxMessage[] = [];
      for (const d of draw.decisions) {
        const c = byId.get(d.allocationId);
        if (c === undefined || d.outcome === 'covered') continue;
        const base = { allocationId: c.allocationId, caseRef: c.caseRef, month, serviceArea: c.serviceArea, team: c.team, grade: c.grade };
        if (d.outcome === 'request') {
          messages.push({
            key: `moderation-request:${c.allocationId}:${d.moderatorId}`, channel: 'teams', kind: 'moderation-request', recipientId: d.moderatorId,
            payload: { ...base, auditorId: c.auditorId, sample: true, dueDate: dates.dueDate },
          });
        } else {
          messages.push({ key: `moderation-unassigned:${c.allocationId}`, channel: 'qa-notice', kind: 'qa-notice', recipientId: null, payload: { ...base, reason: d.reason } });
        }
      }
      await logSample(tx, SYSTEM, month, {
        seed, returned: candidates.length, target: draw.target,
        sampled: draw.decisions.map((d) => d.allocationId),
        covered: draw.decisions.filter((d) => d.outcome === 'covered').map((d) => d.allocationId),
      });
      return messages;
    },
  };
}

/** Looked at again in the transaction: moderated since the look-up means nothing to chase. */
function chaseStep(r: SampledRequest): DueStep {
  const p = r.payload;
  return {
    step: `moderation-chase:${p.allocationId}`,
    period: p.month,
    work: async (tx) => {
      if (await isModerated(tx, p.allocationId)) return [];
      return [{
        key: `moderation-chase:${p.allocationId}:${r.moderatorId}`, channel: 'teams', kind: 'moderation-request', recipientId: r.moderatorId,
        payload: { ...p, chase: true },
      }];
    },
  };
}
