import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Case } from '../../audit/cases';
import type { Person, Role } from '../../audit/people';

/** A temporary folder for spreadsheets a test writes. */
export function tempDir(): string {
  return mkdtempSync(path.join(tmpdir(), 'audit-loop-files-'));
}

export function writeFile(dir: string, name: string, text: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}

export function person(id: string, team: string, serviceArea: string, roles: Role[], managerId: string | null = null): Person {
  return { id, name: `Staff ${id}`, email: `${id}@council.example`, team, serviceArea, managerId, roles, aadObjectId: null };
}

export function aCase(caseRef: string, serviceArea: string, team: string, worker: string | null = null, manager: string | null = null): Case {
  return { caseRef, serviceArea, team, allocatedWorkerId: worker, teamManagerId: manager, cohort: 'CIN', open: true };
}

export function peopleCsv(people: readonly Person[]): string {
  return [
    'id,name,email,team,service_area,manager_id,roles',
    ...people.map((p) => [p.id, p.name, p.email, p.team, p.serviceArea, p.managerId ?? '', p.roles.join(';')].join(',')),
  ].join('\n');
}

export function casesCsv(cases: readonly Case[]): string {
  return [
    'case_ref,service_area,team,allocated_worker_id,team_manager_id,cohort',
    ...cases.map((c) => [c.caseRef, c.serviceArea, c.team, c.allocatedWorkerId ?? '', c.teamManagerId ?? '', c.cohort].join(',')),
  ].join('\n');
}

/**
 * A small council on the Southampton-style profile: an AD, a head of service, QA, team managers who audit, and
 * social workers, with cases across its service areas. Case references only; no child is named anywhere.
 */
export function smallCouncil(): { people: Person[]; cases: Case[] } {
  const people: Person[] = [
    person('ad1', 'Directorate', 'CRS', ['assistant-director']),
    person('hos1', 'Directorate', 'CRS', ['head-of-service'], 'ad1'),
    person('qa1', 'QA Unit', 'QA', ['qa', 'auditor'], 'ad1'),
    person('sl-crs', 'CRS Leadership', 'CRS', ['service-lead'], 'hos1'),
  ];
  const areas = ['CRS', 'Jigsaw', 'ICAS', 'C&FF'];
  const cases: Case[] = [];
  areas.forEach((area, i) => {
    for (let t = 1; t <= 2; t++) {
      const team = `${area} Team ${t}`;
      const tm = `tm-${i}-${t}`;
      const sw = `sw-${i}-${t}`;
      people.push(person(tm, team, area, ['team-manager', 'auditor'], 'hos1'));
      people.push(person(sw, team, area, ['social-worker'], tm));
      for (let k = 0; k < 4; k++) cases.push(aCase(`CD49${i}${t}${k}0`, area, team, sw, tm));
    }
  });
  return { people, cases };
}
