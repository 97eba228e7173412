/**
 * The transactional outbox (every Teams message, card update and e-mail, one row per recipient, written with the
 * change that caused it) and the table of scheduled steps done, each under its natural key.
 */
export const sql = `
CREATE TABLE outbox (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  key text NOT NULL UNIQUE,
  channel text NOT NULL CHECK (channel IN ('teams', 'email', 'qa-notice')),
  kind text NOT NULL,
  recipient_id text,
  payload jsonb NOT NULL,
  status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sending', 'sent', 'retrying', 'failed')),
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  locked_by text,
  locked_at timestamptz,
  last_error text,
  possibly_repeated boolean NOT NULL DEFAULT false,
  delivered_id text,
  created_at timestamptz NOT NULL DEFAULT now(),
  sent_at timestamptz
);
CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE status IN ('queued', 'retrying', 'sending');
CREATE INDEX outbox_recipient ON outbox (recipient_id);

CREATE TABLE scheduled_steps (
  step text NOT NULL,
  period text NOT NULL,
  done_at timestamptz NOT NULL DEFAULT now(),
  detail jsonb NOT NULL DEFAULT '{}'::jsonb,
  PRIMARY KEY (step, period)
);
`;
