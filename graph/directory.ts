/**
 * Manager chains for escalation: a person's line manager and the tier above ("grandparent"), from the
 * manager attribute in Entra ID. Lookups are batched and kept in memory until they expire, because one
 * escalation run asks about many people who share managers. A missing manager is an answer, not an error:
 * it resolves to `no-manager` with the reason, and the caller escalates to QA instead.
 */
import type { GraphPort, Person } from './graph-port';

export interface DirectoryClock {
  now(): Date;
}

export interface NoManager {
  readonly kind: 'no-manager';
  readonly reason: string;
}

export interface ManagerLink {
  readonly kind: 'manager';
  readonly person: Person;
}

export type ManagerChain = NoManager | { readonly kind: 'chain'; readonly lineManager: Person; readonly nextTier: ManagerLink | NoManager };

interface CacheEntry {
  readonly manager: Person | null;
  readonly expiresAt: number;
}

export const DEFAULT_DIRECTORY_TTL_MS = 6 * 60 * 60 * 1000;

function label(person: Person): string {
  return person.displayName ?? person.userPrincipalName ?? person.id;
}

export class ManagerDirectory {
  private readonly cache = new Map<string, CacheEntry>();

  constructor(
    private readonly graph: Pick<GraphPort, 'getManagers'>,
    private readonly clock: DirectoryClock,
    private readonly ttlMs: number = DEFAULT_DIRECTORY_TTL_MS,
  ) {}

  async resolve(userId: string): Promise<ManagerChain> {
    return (await this.resolveMany([userId])).get(userId) as ManagerChain;
  }

  /** Two rounds of batched lookups at most: the users' managers, then those managers' managers. */
  async resolveMany(userIds: readonly string[]): Promise<Map<string, ManagerChain>> {
    const lineManagers = await this.managersOf(userIds);
    const tierIds = [...lineManagers.values()].filter((m): m is Person => m !== null).map((m) => m.id);
    const nextTiers = await this.managersOf(tierIds);
    const out = new Map<string, ManagerChain>();
    for (const userId of userIds) {
      const lineManager = lineManagers.get(userId) ?? null;
      if (lineManager === null) {
        out.set(userId, { kind: 'no-manager', reason: `No line manager is recorded for ${userId} in Entra ID, so the escalation goes to QA.` });
        continue;
      }
      const above = nextTiers.get(lineManager.id) ?? null;
      const nextTier: ManagerLink | NoManager =
        above === null
          ? { kind: 'no-manager', reason: `No manager is recorded for ${label(lineManager)} (line manager of ${userId}) in Entra ID, so the next tier goes to QA.` }
          : { kind: 'manager', person: above };
      out.set(userId, { kind: 'chain', lineManager, nextTier });
    }
    return out;
  }

  /** Forget what is known (all, or one person), e.g. after a restructure is announced. */
  invalidate(userId?: string): void {
    if (userId === undefined) this.cache.clear();
    else this.cache.delete(userId);
  }

  private async managersOf(userIds: readonly string[]): Promise<Map<string, Person | null>> {
    const now = this.clock.now().getTime();
    const out = new Map<string, Person | null>();
    const missing: string[] = [];
    for (const id of new Set(userIds)) {
      const hit = this.cache.get(id);
      if (hit !== undefined && hit.expiresAt > now) out.set(id, hit.manager);
      else missing.push(id);
    }
    if (missing.length === 0) return out;
    const fetched = await this.graph.getManagers(missing);
    const expiresAt = this.clock.now().getTime() + this.ttlMs;
    for (const id of missing) {
      const manager = fetched.get(id) ?? null;
      this.cache.set(id, { manager, expiresAt });
      out.set(id, manager);
    }
    return out;
  }
}
