import { Writable } from 'node:stream';
import ExcelJS from 'exceljs';

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

/** A Forms response workbook as the fake serves it: its header and rows, written to .xlsx on demand. */
export interface FakeTable {
  driveId: string;
  itemId: string;
  /** The file name Graph reports. */
  name: string;
  columns: string[];
  rows: FakeCell[][];
}

export type FakeCell = string | number | boolean | null;

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

/**
 * The table as an .xlsx file, written with exceljs's streaming writer and shared strings, as Excel keeps a Forms
 * workbook: the header in row 1, a response per row.
 */
export async function xlsxOf(table: Pick<FakeTable, 'columns' | 'rows'>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk);
      done();
    },
  });
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: sink, useSharedStrings: true, useStyles: false });
  const sheet = workbook.addWorksheet('Sheet1');
  sheet.addRow(table.columns).commit();
  for (const row of table.rows) sheet.addRow(row).commit();
  sheet.commit();
  await workbook.commit();
  return Buffer.concat(chunks);
}
