/**
 * Deterministic seed data for the Graph fake: a small council directory (with and without managers) and a
 * Forms response table. Case references only; staff are numbered, never named after real people.
 */

export interface FakeDateTimeTimeZone {
  dateTime: string;
  timeZone: string;
}

/** automaticRepliesSetting as Graph returns it. */
export interface FakeAutoReplies {
  status: 'disabled' | 'alwaysEnabled' | 'scheduled';
  externalAudience?: 'none' | 'contactsOnly' | 'all';
  internalReplyMessage?: string;
  scheduledStartDateTime?: FakeDateTimeTimeZone;
  scheduledEndDateTime?: FakeDateTimeTimeZone;
}

export interface FakeUser {
  id: string;
  displayName: string;
  mail: string | null;
  userPrincipalName: string;
  managerId: string | null;
  autoReplies?: FakeAutoReplies;
}

export interface FakeTable {
  driveId: string;
  itemId: string;
  name: string;
  columns: string[];
  /** Raw workbookTableRow objects, exactly as the fake will serve them (malformed ones included). */
  rows: unknown[];
}

const DOMAIN = 'council.example';
const pad = (n: number, width: number): string => String(n).padStart(width, '0');

function user(id: string, displayName: string, handle: string, managerId: string | null): FakeUser {
  const address = `${handle}@${DOMAIN}`;
  return { id, displayName, mail: address, userPrincipalName: address, managerId };
}

/**
 * director (no manager) ← 2 heads of service ← 4 team managers ← `workers` social workers (round robin),
 * plus one worker whose manager attribute is empty ("u-orphan").
 */
export function seedOrganisation(workers = 45): FakeUser[] {
  const users: FakeUser[] = [user('u-director', 'Director of Children’s Services', 'director', null)];
  for (let h = 1; h <= 2; h++) users.push(user(`u-head-${h}`, `Head of Service ${h}`, `head${h}`, 'u-director'));
  for (let t = 1; t <= 4; t++) users.push(user(`u-tm-${t}`, `Team Manager ${t}`, `tm${t}`, `u-head-${((t - 1) % 2) + 1}`));
  for (let w = 1; w <= workers; w++) {
    users.push(user(`u-sw-${pad(w, 3)}`, `Social Worker ${pad(w, 3)}`, `sw${pad(w, 3)}`, `u-tm-${((w - 1) % 4) + 1}`));
  }
  users.push(user('u-orphan', 'Agency Worker 1', 'agency1', null));
  return users;
}

export const FORMS_COLUMNS = ['ID', 'Start time', 'Completion time', 'Email', 'Name', 'Case reference', 'Audit type', 'Grade', 'Comments'];
const GRADES = ['Outstanding', 'Good', 'Requires Improvement', 'Inadequate'];

/** Excel's serial date: days since 1899-12-30, fraction = time of day. */
export function excelSerial(ms: number): number {
  return ms / 86_400_000 + 25_569;
}

export interface FormsTableOptions {
  rows: number;
  driveId?: string;
  itemId?: string;
  name?: string;
  /** Every Nth row (1-based row number divisible by N) is not a row of plain cells. */
  malformedEvery?: number;
  /** Every Nth row has only its first two cells (a half-filled response). */
  partialEvery?: number;
}

export function makeFormsTable(options: FormsTableOptions): FakeTable {
  const start = Date.UTC(2025, 2, 3, 9, 0, 0);
  const rows: unknown[] = [];
  for (let i = 0; i < options.rows; i++) {
    const n = i + 1;
    const opened = excelSerial(start + i * 600_000);
    if (options.malformedEvery !== undefined && n % options.malformedEvery === 0) {
      rows.push({ index: i, values: [[n, { formula: '=#REF!' }]] });
      continue;
    }
    if (options.partialEvery !== undefined && n % options.partialEvery === 0) {
      rows.push({ index: i, values: [[n, opened]] });
      continue;
    }
    const worker = pad((i % 45) + 1, 3);
    rows.push({
      index: i,
      values: [[n, opened, opened + 0.01, `sw${worker}@${DOMAIN}`, `Social Worker ${worker}`, `CD49${pad(n, 4)}`, 'Case file audit', GRADES[i % 4] ?? 'Good', '']],
    });
  }
  return {
    driveId: options.driveId ?? 'drive-qa',
    itemId: options.itemId ?? 'item-forms-workbook',
    name: options.name ?? 'Table1',
    columns: [...FORMS_COLUMNS],
    rows,
  };
}
