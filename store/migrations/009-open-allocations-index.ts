/**
 * The dashboard's overdue list and its count of older open audits read only open allocations by month and effective
 * due date: a partial index keeps that read proportional to what is still open, not to every audit ever stored.
 */
export const sql = `
CREATE INDEX IF NOT EXISTS allocations_open_by_month ON allocations (month, (COALESCE(extended_to, due_date))) WHERE status = 'allocated';
`;
