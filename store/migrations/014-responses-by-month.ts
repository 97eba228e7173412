/**
 * Reads by month join a month's audits to their responses and moderations. Joined on the allocation alone, the
 * planner hashes every response ever stored (a sequential scan of 190,000 rows for the dashboard's twelve months at
 * 200,000 stored audits): the cost followed the history. Each response and moderation now carries its allocation's
 * month, set by a trigger on insert whatever inserts it (an allocation's month never changes), with an index, so a
 * month's reads find its rows by month.
 */
export const sql = `
ALTER TABLE responses ADD COLUMN IF NOT EXISTS month text;
UPDATE responses r SET month = a.month FROM allocations a WHERE a.id = r.allocation_id AND r.month IS NULL;
ALTER TABLE responses ALTER COLUMN month SET NOT NULL;
CREATE INDEX IF NOT EXISTS responses_by_month ON responses (month, allocation_id);

ALTER TABLE moderations ADD COLUMN IF NOT EXISTS month text;
UPDATE moderations m SET month = a.month FROM allocations a WHERE a.id = m.allocation_id AND m.month IS NULL;
ALTER TABLE moderations ALTER COLUMN month SET NOT NULL;
CREATE INDEX IF NOT EXISTS moderations_by_month ON moderations (month, allocation_id);

CREATE OR REPLACE FUNCTION allocation_month_of_row() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  SELECT a.month INTO NEW.month FROM allocations a WHERE a.id = NEW.allocation_id;
  RETURN NEW;
END
$fn$;
DROP TRIGGER IF EXISTS responses_month ON responses;
CREATE TRIGGER responses_month BEFORE INSERT ON responses FOR EACH ROW EXECUTE FUNCTION allocation_month_of_row();
DROP TRIGGER IF EXISTS moderations_month ON moderations;
CREATE TRIGGER moderations_month BEFORE INSERT ON moderations FOR EACH ROW EXECUTE FUNCTION allocation_month_of_row();
`;
