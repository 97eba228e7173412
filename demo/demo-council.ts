import type { Case } from '../audit/cases';
import type { Person, Role } from '../audit/people';
import type { ProgrammeProfile } from '../audit/programme-profile';
import { allocateMonth } from '../programme/allocate-month';
import { upsertCases } from '../store/cases-repo';
import type { Db } from '../store/db';
import { upsertPeople } from '../store/people-repo';

/** The demo auditor the Playground's user acts as (AUDIT_LOOP_DEV_USER). */
export const DEMO_AUDITOR = 'tm-crs-1';

/** The demo's made-up council's areas when the profile pins none (areas are learned from a council's imports). */
const DEMO_AREAS = ['CRS', 'BIT&SWEF', 'Jigsaw'] as const;

const p = (id: string, name: string, team: string, serviceArea: string, roles: Role[], managerId: string | null): Person => ({
  id, name, email: `${id}@demo-council.example`, team, serviceArea, managerId, roles, aadObjectId: null,
});

/**
 * A small made-up council for trying Audit Loop: staff names are invented, cases are references only.
 * Service areas are the first three the profile pins, else three of Southampton's (003), as a council's own would be.
 */
export function demoCouncil(profile: ProgrammeProfile): { people: Person[]; cases: Case[] } {
  const areas = (profile.serviceAreas ?? DEMO_AREAS).slice(0, 3);
  const people: Person[] = [
    p('ad-1', 'Alex Director', 'Directorate', areas[0] ?? 'Directorate', ['assistant-director'], null),
    p('hos-1', 'Harper Head', 'Directorate', areas[0] ?? 'Directorate', ['head-of-service'], 'ad-1'),
    p('qa-1', 'Quinn Quality', 'QA Unit', 'QA', ['qa', 'auditor', 'admin'], 'ad-1'),
  ];
  const cases: Case[] = [];
  areas.forEach((area, i) => {
    const slug = ['crs', 'b', 'c'][i] ?? `a${i}`;
    for (let t = 1; t <= 2; t++) {
      const team = `${area} Team ${t}`;
      const tm = `tm-${slug}-${t}`;
      const sw = `sw-${slug}-${t}`;
      people.push(p(tm, `${['Morgan', 'Riley', 'Jordan', 'Casey', 'Avery', 'Rowan'][i * 2 + t - 1]} Manager`, team, area, ['team-manager', 'auditor'], 'hos-1'));
      people.push(p(sw, `${['Sam', 'Jamie', 'Robin', 'Drew', 'Kai', 'Ellis'][i * 2 + t - 1]} Worker`, team, area, ['social-worker'], tm));
      for (let k = 0; k < 3; k++) {
        cases.push({ caseRef: `CD4${i}${t}${k}00${k}`, serviceArea: area, team, allocatedWorkerId: sw, teamManagerId: tm, cohort: (['CIN', 'CP', 'CLA'] as const)[k] ?? 'CIN', open: true });
      }
    }
  });
  return { people, cases };
}

/** Seeds the demo council and allocates `month`, so a newcomer sees allocation cards at once. */
export async function seedDemo(db: Db, profile: ProgrammeProfile, month: string): Promise<void> {
  const { people, cases } = demoCouncil(profile);
  await db.transaction(async (tx) => {
    await upsertPeople(tx, people, 'demo');
    await upsertCases(tx, cases, 'demo');
  });
  const existing = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM allocations WHERE month = $1', [month]);
  if ((existing[0]?.n ?? 0) === 0) await allocateMonth(db, profile, { month, seed: 2026, perArea: 2, actor: 'demo' });
}
