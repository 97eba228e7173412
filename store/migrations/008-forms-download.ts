/**
 * The Forms sync reads the workbook by download now, not by table row: what it keeps per workbook is the eTag of
 * the last file it read through (for If-None-Match) and when it last looked. Row indexes mean nothing for a file
 * that can be re-sorted, so they go; the old per-table rows go with them (the first download re-reads everything,
 * which records nothing twice: responses are known by their ID).
 */
export const sql = `
DELETE FROM forms_sync_state;
ALTER TABLE forms_sync_state DROP COLUMN last_row_index;
ALTER TABLE forms_sync_state ADD COLUMN etag text;
ALTER TABLE forms_sync_state ADD COLUMN checked_at timestamptz;
`;
