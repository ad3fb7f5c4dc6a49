-- Turns of the periodic tasks that must run once per period across every node sharing the
-- database (backups, retention, banner expiry): the node that takes a task's turn writes
-- when the next turn may be taken (db.TakeTurn).
CREATE TABLE task_turns (
    name     TEXT PRIMARY KEY,
    holder   TEXT NOT NULL DEFAULT '',
    next_at  {{time}} NOT NULL
);
