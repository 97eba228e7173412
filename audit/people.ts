import { z } from 'zod';

/**
 * Roles a person holds in the programme. Auditors are the managers, IROs, CP advisers and advanced practitioners
 * who audit each month (004 §1); QA is the Principal Social Worker's quality-assurance unit that allocates and
 * moderates (004 §2.1, §2.16); the AD is told of Inadequate grades and of Part B non-compliance (004 §2.11, §7.5).
 */
export const ROLES = [
  'auditor',
  'qa',
  'admin',
  'team-manager',
  'service-lead',
  'head-of-service',
  'assistant-director',
  'social-worker',
] as const;
export const RoleSchema = z.enum(ROLES);
export type Role = z.infer<typeof RoleSchema>;

export const PersonSchema = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  email: z.string().email(),
  team: z.string().min(1),
  serviceArea: z.string().min(1),
  managerId: z.string().min(1).nullable(),
  roles: z.array(RoleSchema),
  /** Entra object id, known once the person has talked to the bot or been resolved through Graph. */
  aadObjectId: z.string().nullable().default(null),
});
export type Person = z.infer<typeof PersonSchema>;

export function hasRole(person: Pick<Person, 'roles'>, role: Role): boolean {
  return person.roles.includes(role);
}

/** The Assistant Director for a service area: one holding the role there, or any AD when the area has none. */
export function assistantDirectorFor(serviceArea: string, people: readonly Person[]): Person | null {
  const ads = people.filter((p) => hasRole(p, 'assistant-director'));
  return ads.find((p) => p.serviceArea === serviceArea) ?? ads[0] ?? null;
}

/** The QA officers (the Principal Social Worker's unit): who hears what QA must decide or handle by hand. */
export function qaOfficers(people: readonly Person[]): Person[] {
  return people.filter((p) => hasRole(p, 'qa'));
}
