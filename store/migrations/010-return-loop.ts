/**
 * The return loop (004 §2.12–2.13, §2.18; 003 oversight): exemption requests with the line manager's and the PSW's
 * decisions, the service lead's oversight of each returned audit, and disagreements with a grade through review and
 * mediation. An exempted case may be reallocated in the same month, so a case is unique per month and kind only
 * among allocations that are not exempted.
 */
export const sql = `
ALTER TABLE allocations DROP CONSTRAINT allocations_month_case_ref_kind_key;
CREATE UNIQUE INDEX allocations_live_case ON allocations (month, case_ref, kind) WHERE status <> 'exempted';

CREATE TABLE exemption_requests (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  allocation_id integer NOT NULL REFERENCES allocations (id),
  category text NOT NULL CHECK (category IN ('leave', 'capacity', 'conflict-of-interest')),
  reason text NOT NULL,
  requested_by text NOT NULL REFERENCES people (id),
  status text NOT NULL CHECK (status IN ('awaiting-line-manager', 'awaiting-psw', 'agreed', 'refused')),
  line_manager_id text REFERENCES people (id),
  line_manager_decided_at timestamptz,
  psw_id text REFERENCES people (id),
  psw_decided_at timestamptz,
  refusal_note text,
  follow_up text CHECK (follow_up IN ('reallocated', 'dropped')),
  reallocated_to integer REFERENCES allocations (id),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX exemption_requests_open ON exemption_requests (allocation_id) WHERE status IN ('awaiting-line-manager', 'awaiting-psw');

CREATE TABLE oversights (
  allocation_id integer PRIMARY KEY REFERENCES allocations (id),
  service_lead_id text NOT NULL REFERENCES people (id),
  decision text NOT NULL CHECK (decision IN ('agree', 'dispute')),
  reason text,
  recorded_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE disagreements (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  allocation_id integer NOT NULL REFERENCES allocations (id),
  raised_by text NOT NULL REFERENCES people (id),
  raised_as text NOT NULL CHECK (raised_as IN ('allocated-worker', 'team-manager')),
  reason text NOT NULL,
  raised_on date NOT NULL,
  status text NOT NULL CHECK (status IN ('review', 'mediation', 'resolved')),
  mediator_id text REFERENCES people (id),
  outcome text CHECK (outcome IN ('grade-kept', 'grade-changed')),
  new_grade text,
  outcome_note text,
  resolved_by text REFERENCES people (id),
  resolved_stage text CHECK (resolved_stage IN ('review', 'mediation')),
  resolved_at timestamptz
);
CREATE UNIQUE INDEX disagreements_open ON disagreements (allocation_id) WHERE status <> 'resolved';
`;
