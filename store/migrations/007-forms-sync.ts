/**
 * How far the Forms workbook sync has read each table: the last row index, written in the same transaction as the
 * responses of that page, so an interrupted sync resumes after exactly what it recorded.
 */
export const sql = `
CREATE TABLE forms_sync_state (
  source text PRIMARY KEY,
  last_row_index integer NOT NULL DEFAULT -1,
  rows_read bigint NOT NULL DEFAULT 0,
  updated_at timestamptz NOT NULL DEFAULT now()
);
`;
