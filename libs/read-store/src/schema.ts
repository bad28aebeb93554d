import type { Migration } from '#sql';

export const READ_STORE_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'projection builds',
    sql: `
CREATE TABLE lrr_projection_builds (
  build_id      text PRIMARY KEY,            -- <name>.v<version>.<n>
  projection    text NOT NULL,               -- <name>.v<version>
  name          text NOT NULL,
  version       integer NOT NULL,
  table_name    text NOT NULL,
  checkpoint    text,                         -- last applied event's position; NULL = start
  events        bigint NOT NULL DEFAULT 0,
  state         text NOT NULL,               -- building | active | failed | retired
  error         text,
  failed_event  text,
  last_recorded_at timestamptz,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX lrr_projection_one_active ON lrr_projection_builds (name) WHERE state = 'active';
`,
  },
  {
    version: 2,
    name: 'the event a build failed on, and the state it failed in',
    sql: `
ALTER TABLE lrr_projection_builds ADD COLUMN failed_event_id text, ADD COLUMN failed_while text;
`,
  },
];
