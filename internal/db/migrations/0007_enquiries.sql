-- Readers' enquiries: what readers send through the Enquiry form, the newsroom's append-only
-- timeline of each (notes, replies, status and assignee changes), and the per-address and
-- per-e-mail submission counters behind the form's rate limits.
CREATE TABLE enquiries (
    id               {{id}},
    -- The reference the reader is given ("K7QM-4XPD"), unique and never reused.
    reference        TEXT NOT NULL UNIQUE,
    -- The form's one-time key: a retried or double-clicked POST finds its enquiry here.
    idem_key         TEXT NOT NULL UNIQUE,
    -- tip, correction, advertising or general.
    kind             TEXT NOT NULL,
    -- new, in_progress or closed.
    status           TEXT NOT NULL DEFAULT 'new',
    -- The language of the form the reader used; replies go out in it.
    lang             TEXT NOT NULL,
    name             TEXT NOT NULL,
    email            TEXT NOT NULL,
    phone            TEXT NOT NULL DEFAULT '',
    message          TEXT NOT NULL,
    client_addr      TEXT NOT NULL DEFAULT '',
    -- The attached file under the data folder's enquiries/, '' when none.
    attachment_key   TEXT NOT NULL DEFAULT '',
    attachment_name  TEXT NOT NULL DEFAULT '',
    attachment_type  TEXT NOT NULL DEFAULT '',
    attachment_bytes {{bigint}} NOT NULL DEFAULT 0,
    assignee_id      {{bigint}} REFERENCES users (id),
    created_at       {{time}} NOT NULL,
    updated_at       {{time}} NOT NULL
);
CREATE INDEX enquiries_created ON enquiries (created_at);
CREATE INDEX enquiries_status ON enquiries (status, created_at);
CREATE INDEX enquiries_kind ON enquiries (kind, created_at);
CREATE INDEX enquiries_assignee ON enquiries (assignee_id, created_at);

CREATE TABLE enquiry_events (
    id           {{id}},
    enquiry_id   {{bigint}} NOT NULL REFERENCES enquiries (id) ON DELETE CASCADE,
    -- Who acted; NULL for the system.
    user_id      {{bigint}} REFERENCES users (id),
    -- note, reply, status or assign.
    kind         TEXT NOT NULL,
    body         TEXT NOT NULL DEFAULT '',
    -- A status change: the statuses before and after.
    from_status  TEXT NOT NULL DEFAULT '',
    to_status    TEXT NOT NULL DEFAULT '',
    -- An assignment: the assignees before and after (NULL for nobody).
    from_user_id {{bigint}} REFERENCES users (id),
    to_user_id   {{bigint}} REFERENCES users (id),
    -- A reply: the outbox mail that carries it.
    outbox_id    {{bigint}},
    created_at   {{time}} NOT NULL
);
CREATE INDEX enquiry_events_enquiry ON enquiry_events (enquiry_id, id);

CREATE TABLE enquiry_limits (
    -- "addr:<client address>" or "email:<address>".
    key          TEXT PRIMARY KEY,
    window_start {{time}} NOT NULL,
    hits         INTEGER NOT NULL
);
CREATE INDEX enquiry_limits_window ON enquiry_limits (window_start);
