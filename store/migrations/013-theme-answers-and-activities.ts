/**
 * A themed month's answers to its theme questions, kept with the audit's response (one row per allocation), and the
 * activities that are about a person rather than a case (a supervision observation, 003 §9.1, §11): their own
 * allocation, so `allocations.case_ref` stays NOT NULL and every case join stays as it is.
 */
export const sql = `
CREATE TABLE IF NOT EXISTS theme_answers (
  allocation_id integer PRIMARY KEY REFERENCES allocations (id),
  theme text NOT NULL,
  answers jsonb NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS activities (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  month text NOT NULL,
  kind text NOT NULL,
  auditor_id text NOT NULL REFERENCES people (id),
  subject_person_id text NOT NULL REFERENCES people (id),
  due_date date NOT NULL,
  status text NOT NULL DEFAULT 'allocated' CHECK (status IN ('allocated', 'returned')),
  answers jsonb,
  returned_at timestamptz,
  submitted_by text REFERENCES people (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (month, kind, subject_person_id)
);
CREATE INDEX IF NOT EXISTS activities_by_auditor ON activities (auditor_id, status);
CREATE INDEX IF NOT EXISTS activities_by_month ON activities (month);
`;
