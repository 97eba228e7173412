/**
 * Part B complete (004 §7) and the Inadequate path in the profile's order (003).
 *
 * - `part_b.suggested_actions`: the audit's suggested actions as the team manager left them (004 §7.3).
 * - `inadequate_paths`: one row per audit on the Inadequate path. Where QA moderates first it waits for QA's agreement
 *   ('awaiting-moderation'); agreed (or not moderated first) it is 'open' and the update and follow-up are counted from
 *   `started_on`; a moderated upgrade away from Inadequate 'stopped' it. `round` counts re-starts, so a path moderated
 *   back to Inadequate gets fresh outbox and step keys rather than colliding with the first round's.
 * - `inadequate_updates`: the team manager's (or AD's) 3-day update and 1-week follow-up, once per stage and round.
 *
 * Audits already graded Inadequate (moderated grade first) are carried over as open from the day they were returned,
 * so the chases they were getting carry on.
 */
export const sql = `
ALTER TABLE part_b ADD COLUMN suggested_actions text;

CREATE TABLE inadequate_paths (
  allocation_id integer PRIMARY KEY REFERENCES allocations (id),
  status text NOT NULL CHECK (status IN ('awaiting-moderation', 'open', 'stopped')),
  round integer NOT NULL DEFAULT 1 CHECK (round >= 1),
  started_on date,
  stopped_on date,
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (status <> 'open' OR started_on IS NOT NULL)
);

CREATE TABLE inadequate_updates (
  allocation_id integer NOT NULL REFERENCES allocations (id),
  round integer NOT NULL,
  stage text NOT NULL CHECK (stage IN ('update', 'follow-up')),
  what_was_done text NOT NULL,
  safeguarding_action_taken boolean NOT NULL,
  recorded_by text NOT NULL REFERENCES people (id),
  recorded_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (allocation_id, round, stage)
);

INSERT INTO inadequate_paths (allocation_id, status, started_on)
SELECT r.allocation_id, 'open', (r.submitted_at AT TIME ZONE 'Europe/London')::date
FROM responses r LEFT JOIN moderations m ON m.allocation_id = r.allocation_id
WHERE COALESCE(m.moderated_grade, r.grade) = 'Inadequate';
`;
