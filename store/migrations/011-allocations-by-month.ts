/**
 * Reads by month (the dashboard's trend, the report's rows) must not scan every audit ever stored: since migration
 * 010 the unique index on (month, case_ref, kind) leaves exempted audits out, so it cannot answer "all of a month".
 */
export const sql = `
CREATE INDEX IF NOT EXISTS allocations_by_month ON allocations (month);
`;
