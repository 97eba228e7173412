/** The audit programme core: people, cases, monthly cycles, allocations, responses, moderation, Part B, audit trail. */
export const sql = `
CREATE TABLE people (
  id text PRIMARY KEY,
  name text NOT NULL,
  email text NOT NULL,
  team text NOT NULL,
  service_area text NOT NULL,
  manager_id text,
  roles text[] NOT NULL DEFAULT '{}',
  aad_object_id text,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX people_email_key ON people (lower(email));
CREATE UNIQUE INDEX people_aad_key ON people (aad_object_id) WHERE aad_object_id IS NOT NULL;

CREATE TABLE cases (
  case_ref text PRIMARY KEY,
  service_area text NOT NULL,
  team text NOT NULL,
  allocated_worker_id text,
  team_manager_id text,
  cohort text NOT NULL,
  open boolean NOT NULL DEFAULT true,
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE cycles (
  month text PRIMARY KEY CHECK (month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
  programme_id text NOT NULL,
  theme text,
  seed integer,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE allocations (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  month text NOT NULL REFERENCES cycles (month),
  case_ref text NOT NULL REFERENCES cases (case_ref),
  auditor_id text NOT NULL REFERENCES people (id),
  kind text NOT NULL,
  due_date date NOT NULL,
  extended_to date,
  status text NOT NULL DEFAULT 'allocated' CHECK (status IN ('allocated', 'returned', 'overseen', 'exempted')),
  escalation_level integer NOT NULL DEFAULT 0,
  exemption_reason text,
  reaudit_of integer REFERENCES allocations (id),
  returned_at timestamptz,
  overseen_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (month, case_ref, kind)
);
CREATE INDEX allocations_auditor ON allocations (auditor_id, month);

CREATE TABLE responses (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  allocation_id integer NOT NULL UNIQUE REFERENCES allocations (id),
  grade text,
  rationale text NOT NULL,
  discussion_held boolean NOT NULL,
  contact text NOT NULL CHECK (contact IN ('yes', 'no', 'not_appropriate')),
  contact_views text,
  good_practice text NOT NULL,
  improvement text NOT NULL,
  safeguarding_concern boolean NOT NULL,
  source text NOT NULL CHECK (source IN ('card', 'forms', 'import')),
  source_ref text,
  submitted_by text NOT NULL REFERENCES people (id),
  submitted_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX responses_source_ref ON responses (source, source_ref) WHERE source_ref IS NOT NULL;

CREATE TABLE unmatched_responses (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  source text NOT NULL,
  source_ref text NOT NULL,
  responder_email text,
  case_ref_given text,
  reason text NOT NULL,
  payload jsonb NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  resolved_at timestamptz,
  UNIQUE (source, source_ref)
);

CREATE TABLE moderations (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  allocation_id integer NOT NULL UNIQUE REFERENCES allocations (id),
  moderator_id text NOT NULL REFERENCES people (id),
  original_grade text,
  moderated_grade text,
  note text,
  moderated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE part_b (
  allocation_id integer PRIMARY KEY REFERENCES allocations (id),
  team_manager_id text REFERENCES people (id),
  due_date date NOT NULL,
  completed_at timestamptz,
  completed_by text REFERENCES people (id),
  reflection text
);

CREATE TABLE audit_log (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT now(),
  actor text NOT NULL,
  action text NOT NULL,
  entity text NOT NULL,
  entity_id text NOT NULL,
  detail jsonb NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX audit_log_entity ON audit_log (entity, entity_id);
`;
