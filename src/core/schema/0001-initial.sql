-- Linli community ledger, schema 1.
--
-- Every table with an _hlc column is synced (see linli-db.c):
--   id            a UUID made by the PC that created the row
--   community_id  the community the row belongs to; sync partitions by it
--   _hlc          the hybrid-logical-clock stamp of the row's creation;
--                 later column changes are stamped in col_stamp
--   deleted       a tombstone: rows are never deleted, only marked
-- Journal triggers, generated from this schema, record every change.
-- No UNIQUE constraint beyond the key: two offline PCs could each satisfy
-- one, and the merge would then break it. The UI warns about duplicates.
-- Foreign keys are deferred so that a sync page can arrive in any order
-- within its transaction.

CREATE TABLE community (
  id            TEXT PRIMARY KEY NOT NULL,
  community_id  TEXT NOT NULL,
  name          TEXT NOT NULL DEFAULT '',
  street        TEXT,           -- 街道
  district      TEXT,           -- 区
  city          TEXT,
  address       TEXT,
  hotline       TEXT,           -- the community's service phone, printed on sheets
  plan_image    TEXT,           -- file name of the compound plan, beside the database
  plan_opacity  REAL NOT NULL DEFAULT 0.5,
  plan_x        REAL NOT NULL DEFAULT 0,
  plan_y        REAL NOT NULL DEFAULT 0,
  plan_scale    REAL NOT NULL DEFAULT 1,
  plan_rotation REAL NOT NULL DEFAULT 0,
  notes         TEXT,
  _hlc          TEXT NOT NULL,
  deleted       INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE compound (         -- 小区
  id            TEXT PRIMARY KEY NOT NULL,
  community_id  TEXT NOT NULL REFERENCES community (id) DEFERRABLE INITIALLY DEFERRED,
  name          TEXT NOT NULL DEFAULT '',
  address       TEXT,
  notes         TEXT,
  _hlc          TEXT NOT NULL,
  deleted       INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE organisation (     -- 共建单位, 物业公司, 业委会, 社会组织
  id            TEXT PRIMARY KEY NOT NULL,
  community_id  TEXT NOT NULL REFERENCES community (id) DEFERRABLE INITIALLY DEFERRED,
  kind          TEXT NOT NULL DEFAULT 'other', -- co_building | property | owners_committee | social | government | other
  name          TEXT NOT NULL DEFAULT '',
  contact_name  TEXT,
  phone         TEXT,
  address       TEXT,
  notes         TEXT,
  _hlc          TEXT NOT NULL,
  deleted       INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE grid (             -- 网格
  id            TEXT PRIMARY KEY NOT NULL,
  community_id  TEXT NOT NULL REFERENCES community (id) DEFERRABLE INITIALLY DEFERRED,
  compound_id   TEXT REFERENCES compound (id) DEFERRABLE INITIALLY DEFERRED,
  number        INTEGER,
  name          TEXT NOT NULL DEFAULT '',
  color         TEXT,           -- #rrggbb
  outline       TEXT,           -- JSON [[x,y],...] in plan coordinates (metres)
  worker_id     TEXT REFERENCES person (id) DEFERRABLE INITIALLY DEFERRED,    -- 网格员
  secretary_id  TEXT REFERENCES person (id) DEFERRABLE INITIALLY DEFERRED,    -- 网格党支部书记
  notes         TEXT,
  _hlc          TEXT NOT NULL,
  deleted       INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE neighbourhood (    -- 邻里, optional level under a grid
  id            TEXT PRIMARY KEY NOT NULL,
  community_id  TEXT NOT NULL REFERENCES community (id) DEFERRABLE INITIALLY DEFERRED,
  grid_id       TEXT REFERENCES grid (id) DEFERRABLE INITIALLY DEFERRED,
  name          TEXT NOT NULL DEFAULT '',
  leader_id     TEXT REFERENCES person (id) DEFERRABLE INITIALLY DEFERRED,
  _hlc          TEXT NOT NULL,
  deleted       INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE building (         -- 楼栋
  id            TEXT PRIMARY KEY NOT NULL,
  community_id  TEXT NOT NULL REFERENCES community (id) DEFERRABLE INITIALLY DEFERRED,
  compound_id   TEXT REFERENCES compound (id) DEFERRABLE INITIALLY DEFERRED,
  grid_id       TEXT REFERENCES grid (id) DEFERRABLE INITIALLY DEFERRED,
  neighbourhood_id TEXT REFERENCES neighbourhood (id) DEFERRABLE INITIALLY DEFERRED,
  number        TEXT NOT NULL DEFAULT '',  -- as written on the building: "12", "A3"
  name          TEXT,                      -- optional, e.g. 青和居12栋
  floors        INTEGER,
  x             REAL,           -- footprint centre in plan coordinates (metres)
  y             REAL,
  width         REAL,
  depth         REAL,
  angle         REAL NOT NULL DEFAULT 0,   -- degrees, clockwise
  placed        INTEGER NOT NULL DEFAULT 0, -- 1 once drawn by hand; 0 = laid out automatically
  leader_id     TEXT REFERENCES person (id) DEFERRABLE INITIALLY DEFERRED,    -- 楼栋长
  notes         TEXT,
  _hlc          TEXT NOT NULL,
  deleted       INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE unit (             -- 单元 / 楼道
  id            TEXT PRIMARY KEY NOT NULL,
  community_id  TEXT NOT NULL REFERENCES community (id) DEFERRABLE INITIALLY DEFERRED,
  building_id   TEXT NOT NULL REFERENCES building (id) DEFERRABLE INITIALLY DEFERRED,
  number        INTEGER NOT NULL DEFAULT 1,
  name          TEXT,
  floors        INTEGER,
  rooms_per_floor INTEGER,
  leader_id     TEXT REFERENCES person (id) DEFERRABLE INITIALLY DEFERRED,    -- 单元长
  _hlc          TEXT NOT NULL,
  deleted       INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE household (        -- 户
  id            TEXT PRIMARY KEY NOT NULL,
  community_id  TEXT NOT NULL REFERENCES community (id) DEFERRABLE INITIALLY DEFERRED,
  unit_id       TEXT NOT NULL REFERENCES unit (id) DEFERRABLE INITIALLY DEFERRED,
  floor         INTEGER,
  room          TEXT NOT NULL DEFAULT '', -- as on the door: "501"
  flags         TEXT NOT NULL DEFAULT '', -- comma-separated: rental, party_center, vacant
  head_id       TEXT REFERENCES person (id) DEFERRABLE INITIALLY DEFERRED,    -- 户主
  phone         TEXT,
  notes         TEXT,
  _hlc          TEXT NOT NULL,
  deleted       INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE person (           -- residents and the people who are not (cadres, police, lawyers, staff)
  id            TEXT PRIMARY KEY NOT NULL,
  community_id  TEXT NOT NULL REFERENCES community (id) DEFERRABLE INITIALLY DEFERRED,
  household_id  TEXT REFERENCES household (id) DEFERRABLE INITIALLY DEFERRED,
  is_resident   INTEGER NOT NULL DEFAULT 1,
  name          TEXT NOT NULL DEFAULT '',
  gender        TEXT,           -- 'M' | 'F'
  id_number     TEXT,           -- 18-character resident ID (GB 11643)
  birth_date    TEXT,           -- YYYY-MM-DD
  phone         TEXT,
  relation      TEXT,           -- 与户主关系: 户主, 配偶, 子, 女, 父母, ...
  title         TEXT,           -- for non-residents: 下沉干部, 社区民警, 律师, 楼管员 ...
  organisation_id TEXT REFERENCES organisation (id) DEFERRABLE INITIALLY DEFERRED,
  consent_publish INTEGER NOT NULL DEFAULT 0, -- agreed that name and phone may be posted
  notes         TEXT,
  _hlc          TEXT NOT NULL,
  deleted       INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE tag (              -- kinds of people: built-in codes and the user's own
  id            TEXT PRIMARY KEY NOT NULL,
  community_id  TEXT NOT NULL REFERENCES community (id) DEFERRABLE INITIALLY DEFERRED,
  code          TEXT,           -- built-in: alone, empty_nest, disabled, low_income, party_member, floating, veteran; NULL for the user's own
  name          TEXT NOT NULL DEFAULT '',
  color         TEXT,
  care          INTEGER NOT NULL DEFAULT 0, -- 1: special care (重点关爱)
  _hlc          TEXT NOT NULL,
  deleted       INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE person_tag (
  id            TEXT PRIMARY KEY NOT NULL,
  community_id  TEXT NOT NULL REFERENCES community (id) DEFERRABLE INITIALLY DEFERRED,
  person_id     TEXT NOT NULL REFERENCES person (id) DEFERRABLE INITIALLY DEFERRED,
  tag_id        TEXT NOT NULL REFERENCES tag (id) DEFERRABLE INITIALLY DEFERRED,
  since         TEXT,
  note          TEXT,
  _hlc          TEXT NOT NULL,
  deleted       INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE visit (            -- 入户走访 by the door-knocking group
  id            TEXT PRIMARY KEY NOT NULL,
  community_id  TEXT NOT NULL REFERENCES community (id) DEFERRABLE INITIALLY DEFERRED,
  household_id  TEXT NOT NULL REFERENCES household (id) DEFERRABLE INITIALLY DEFERRED,
  visitor_id    TEXT REFERENCES person (id) DEFERRABLE INITIALLY DEFERRED,
  visitor_name  TEXT,           -- when the visitor is not in the ledger
  team_id       TEXT REFERENCES team (id) DEFERRABLE INITIALLY DEFERRED,
  visited_at    TEXT NOT NULL,  -- local time, YYYY-MM-DDTHH:MM
  services      TEXT NOT NULL DEFAULT '', -- comma-separated: groceries, medicine, elderly_card, mediation, chat, other
  notes         TEXT,
  follow_up     TEXT,
  follow_up_due TEXT,           -- YYYY-MM-DD
  follow_up_done INTEGER NOT NULL DEFAULT 0,
  _hlc          TEXT NOT NULL,
  deleted       INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE team (
  id            TEXT PRIMARY KEY NOT NULL,
  community_id  TEXT NOT NULL REFERENCES community (id) DEFERRABLE INITIALLY DEFERRED,
  kind          TEXT NOT NULL DEFAULT 'custom', -- service_market | squad119 | door_knocking | meal_delivery | mediation | custom
  name          TEXT NOT NULL DEFAULT '',
  scope         TEXT NOT NULL DEFAULT 'community', -- community | grid | building
  scope_id      TEXT,           -- the grid's or the building's id
  description   TEXT,
  color         TEXT,
  _hlc          TEXT NOT NULL,
  deleted       INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE team_member (
  id            TEXT PRIMARY KEY NOT NULL,
  community_id  TEXT NOT NULL REFERENCES community (id) DEFERRABLE INITIALLY DEFERRED,
  team_id       TEXT NOT NULL REFERENCES team (id) DEFERRABLE INITIALLY DEFERRED,
  person_id     TEXT NOT NULL REFERENCES person (id) DEFERRABLE INITIALLY DEFERRED,
  role          TEXT NOT NULL DEFAULT 'member', -- leader | party_backbone | sunk_cadre | building_resident | police | property_staff | member
  joined        TEXT,
  left_on       TEXT,
  _hlc          TEXT NOT NULL,
  deleted       INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE skill (
  id            TEXT PRIMARY KEY NOT NULL,
  community_id  TEXT NOT NULL REFERENCES community (id) DEFERRABLE INITIALLY DEFERRED,
  code          TEXT,           -- built-in code, NULL for the user's own
  name          TEXT NOT NULL DEFAULT '',
  _hlc          TEXT NOT NULL,
  deleted       INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE volunteer (
  id            TEXT PRIMARY KEY NOT NULL,
  community_id  TEXT NOT NULL REFERENCES community (id) DEFERRABLE INITIALLY DEFERRED,
  person_id     TEXT NOT NULL REFERENCES person (id) DEFERRABLE INITIALLY DEFERRED,
  skills        TEXT NOT NULL DEFAULT '[]', -- JSON array of skill ids
  availability  TEXT NOT NULL DEFAULT '[]', -- JSON [{"day":1-7,"from":"HH:MM","to":"HH:MM","weeks":"all|odd|even"}]
  max_per_month INTEGER,        -- NULL: no limit
  active        INTEGER NOT NULL DEFAULT 1,
  since         TEXT,
  notes         TEXT,
  _hlc          TEXT NOT NULL,
  deleted       INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE blackout (         -- dates a volunteer cannot come: a hospital stay, a trip
  id            TEXT PRIMARY KEY NOT NULL,
  community_id  TEXT NOT NULL REFERENCES community (id) DEFERRABLE INITIALLY DEFERRED,
  volunteer_id  TEXT NOT NULL REFERENCES volunteer (id) DEFERRABLE INITIALLY DEFERRED,
  from_date     TEXT NOT NULL,
  to_date       TEXT NOT NULL,
  reason        TEXT,
  _hlc          TEXT NOT NULL,
  deleted       INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE service_item (     -- e.g. haircut, small-appliance repair at the service market
  id            TEXT PRIMARY KEY NOT NULL,
  community_id  TEXT NOT NULL REFERENCES community (id) DEFERRABLE INITIALLY DEFERRED,
  team_id       TEXT NOT NULL REFERENCES team (id) DEFERRABLE INITIALLY DEFERRED,
  name          TEXT NOT NULL DEFAULT '',
  skill_id      TEXT REFERENCES skill (id) DEFERRABLE INITIALLY DEFERRED,
  needed        INTEGER NOT NULL DEFAULT 1,
  position      INTEGER NOT NULL DEFAULT 0,
  _hlc          TEXT NOT NULL,
  deleted       INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE shift_pattern (    -- a recurring shift: RRULE (RFC 5545), times and items
  id            TEXT PRIMARY KEY NOT NULL,
  community_id  TEXT NOT NULL REFERENCES community (id) DEFERRABLE INITIALLY DEFERRED,
  team_id       TEXT NOT NULL REFERENCES team (id) DEFERRABLE INITIALLY DEFERRED,
  name          TEXT,
  rrule         TEXT NOT NULL,  -- e.g. FREQ=WEEKLY;BYDAY=WE
  dtstart       TEXT NOT NULL,  -- YYYY-MM-DD
  until         TEXT,
  start_time    TEXT NOT NULL,  -- HH:MM
  end_time      TEXT NOT NULL,
  items         TEXT,           -- JSON array of service_item ids; NULL: all of the team's items
  needed        INTEGER,        -- people per shift when the team has no items
  _hlc          TEXT NOT NULL,
  deleted       INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE shift_exception (  -- a date the pattern does not run (a holiday)
  id            TEXT PRIMARY KEY NOT NULL,
  community_id  TEXT NOT NULL REFERENCES community (id) DEFERRABLE INITIALLY DEFERRED,
  pattern_id    TEXT NOT NULL REFERENCES shift_pattern (id) DEFERRABLE INITIALLY DEFERRED,
  date          TEXT NOT NULL,
  note          TEXT,
  _hlc          TEXT NOT NULL,
  deleted       INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE shift (            -- one dated shift, generated from a pattern or made by hand
  id            TEXT PRIMARY KEY NOT NULL,
  community_id  TEXT NOT NULL REFERENCES community (id) DEFERRABLE INITIALLY DEFERRED,
  team_id       TEXT NOT NULL REFERENCES team (id) DEFERRABLE INITIALLY DEFERRED,
  pattern_id    TEXT REFERENCES shift_pattern (id) DEFERRABLE INITIALLY DEFERRED,
  service_item_id TEXT REFERENCES service_item (id) DEFERRABLE INITIALLY DEFERRED,
  date          TEXT NOT NULL,
  start_time    TEXT NOT NULL,
  end_time      TEXT NOT NULL,
  needed        INTEGER NOT NULL DEFAULT 1,
  cancelled     INTEGER NOT NULL DEFAULT 0,
  note          TEXT,
  _hlc          TEXT NOT NULL,
  deleted       INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE assignment (       -- a volunteer on a shift, and what happened on the day
  id            TEXT PRIMARY KEY NOT NULL,
  community_id  TEXT NOT NULL REFERENCES community (id) DEFERRABLE INITIALLY DEFERRED,
  shift_id      TEXT NOT NULL REFERENCES shift (id) DEFERRABLE INITIALLY DEFERRED,
  volunteer_id  TEXT NOT NULL REFERENCES volunteer (id) DEFERRABLE INITIALLY DEFERRED,
  manual        INTEGER NOT NULL DEFAULT 0, -- placed by hand: regeneration keeps it
  status        TEXT NOT NULL DEFAULT 'planned', -- planned | attended | absent | walk_in
  hours         REAL,           -- credited service hours
  checked_in_at TEXT,
  _hlc          TEXT NOT NULL,
  deleted       INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE venue (
  id            TEXT PRIMARY KEY NOT NULL,
  community_id  TEXT NOT NULL REFERENCES community (id) DEFERRABLE INITIALLY DEFERRED,
  name          TEXT NOT NULL DEFAULT '',
  address       TEXT,
  capacity      INTEGER,
  notes         TEXT,
  _hlc          TEXT NOT NULL,
  deleted       INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE meeting (
  id            TEXT PRIMARY KEY NOT NULL,
  community_id  TEXT NOT NULL REFERENCES community (id) DEFERRABLE INITIALLY DEFERRED,
  kind          TEXT NOT NULL DEFAULT 'other', -- residents_council | consultation | evening_talk | secretary_chat | opinion | hearing | joint_party | party_council | four_parties | patrol | other
  title         TEXT NOT NULL DEFAULT '',
  venue_id      TEXT REFERENCES venue (id) DEFERRABLE INITIALLY DEFERRED,
  starts_at     TEXT NOT NULL,  -- local time YYYY-MM-DDTHH:MM
  ends_at       TEXT NOT NULL,
  rrule         TEXT,           -- RFC 5545 recurrence, NULL for a single meeting
  until         TEXT,
  series_id     TEXT REFERENCES meeting (id) DEFERRABLE INITIALLY DEFERRED, -- set on an occurrence changed from its series
  occurrence    TEXT,           -- the original start of that occurrence
  cancelled     INTEGER NOT NULL DEFAULT 0,
  organiser     TEXT,
  agenda        TEXT,
  minutes       TEXT,
  project_id    TEXT REFERENCES project (id) DEFERRABLE INITIALLY DEFERRED,
  _hlc          TEXT NOT NULL,
  deleted       INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE meeting_invitee (
  id            TEXT PRIMARY KEY NOT NULL,
  community_id  TEXT NOT NULL REFERENCES community (id) DEFERRABLE INITIALLY DEFERRED,
  meeting_id    TEXT NOT NULL REFERENCES meeting (id) DEFERRABLE INITIALLY DEFERRED,
  person_id     TEXT REFERENCES person (id) DEFERRABLE INITIALLY DEFERRED,
  organisation_id TEXT REFERENCES organisation (id) DEFERRABLE INITIALLY DEFERRED,
  note          TEXT,
  _hlc          TEXT NOT NULL,
  deleted       INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE attendance (       -- sign-in
  id            TEXT PRIMARY KEY NOT NULL,
  community_id  TEXT NOT NULL REFERENCES community (id) DEFERRABLE INITIALLY DEFERRED,
  meeting_id    TEXT NOT NULL REFERENCES meeting (id) DEFERRABLE INITIALLY DEFERRED,
  occurrence    TEXT,           -- which occurrence of a recurring meeting
  person_id     TEXT REFERENCES person (id) DEFERRABLE INITIALLY DEFERRED,
  name          TEXT,           -- a walk-in not in the ledger
  signed_in_at  TEXT,
  _hlc          TEXT NOT NULL,
  deleted       INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE decision (
  id            TEXT PRIMARY KEY NOT NULL,
  community_id  TEXT NOT NULL REFERENCES community (id) DEFERRABLE INITIALLY DEFERRED,
  meeting_id    TEXT NOT NULL REFERENCES meeting (id) DEFERRABLE INITIALLY DEFERRED,
  occurrence    TEXT,
  text          TEXT NOT NULL DEFAULT '',
  project_id    TEXT REFERENCES project (id) DEFERRABLE INITIALLY DEFERRED,
  action        TEXT,           -- start_project | change_project | other
  decided_at    TEXT,
  _hlc          TEXT NOT NULL,
  deleted       INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE project (          -- 共同缔造项目
  id            TEXT PRIMARY KEY NOT NULL,
  community_id  TEXT NOT NULL REFERENCES community (id) DEFERRABLE INITIALLY DEFERRED,
  compound_id   TEXT REFERENCES compound (id) DEFERRABLE INITIALLY DEFERRED,
  name          TEXT NOT NULL DEFAULT '',
  category      TEXT NOT NULL DEFAULT 'engineering', -- engineering | management | governance
  stage         TEXT NOT NULL DEFAULT 'plan',        -- plan | build | manage | evaluate | share (共谋 共建 共管 共评 共享)
  progress      INTEGER NOT NULL DEFAULT 0,          -- percent
  progress_note TEXT,
  budget        INTEGER NOT NULL DEFAULT 0,          -- fen
  description   TEXT,
  location      TEXT,
  supervision_team_id TEXT REFERENCES team (id) DEFERRABLE INITIALLY DEFERRED,
  started       TEXT,
  finished      TEXT,
  position      INTEGER NOT NULL DEFAULT 0,          -- order within its stage column
  _hlc          TEXT NOT NULL,
  deleted       INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE project_stage (    -- the history of stage moves
  id            TEXT PRIMARY KEY NOT NULL,
  community_id  TEXT NOT NULL REFERENCES community (id) DEFERRABLE INITIALLY DEFERRED,
  project_id    TEXT NOT NULL REFERENCES project (id) DEFERRABLE INITIALLY DEFERRED,
  stage         TEXT NOT NULL,
  at            TEXT NOT NULL,
  note          TEXT,
  _hlc          TEXT NOT NULL,
  deleted       INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE project_metric (   -- measurable progress: "300 lights repaired", "water main 70%"
  id            TEXT PRIMARY KEY NOT NULL,
  community_id  TEXT NOT NULL REFERENCES community (id) DEFERRABLE INITIALLY DEFERRED,
  project_id    TEXT NOT NULL REFERENCES project (id) DEFERRABLE INITIALLY DEFERRED,
  label         TEXT NOT NULL DEFAULT '',
  done          REAL NOT NULL DEFAULT 0,
  target        REAL,
  unit          TEXT,
  _hlc          TEXT NOT NULL,
  deleted       INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE project_task (     -- tasks, and the 共建清单 items co-building units claim
  id            TEXT PRIMARY KEY NOT NULL,
  community_id  TEXT NOT NULL REFERENCES community (id) DEFERRABLE INITIALLY DEFERRED,
  project_id    TEXT REFERENCES project (id) DEFERRABLE INITIALLY DEFERRED,
  title         TEXT NOT NULL DEFAULT '',
  year          INTEGER,
  organisation_id TEXT REFERENCES organisation (id) DEFERRABLE INITIALLY DEFERRED, -- the unit that claimed it
  person_id     TEXT REFERENCES person (id) DEFERRABLE INITIALLY DEFERRED,
  status        TEXT NOT NULL DEFAULT 'open', -- open | claimed | done
  due           TEXT,
  notes         TEXT,
  _hlc          TEXT NOT NULL,
  deleted       INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE project_income (
  id            TEXT PRIMARY KEY NOT NULL,
  community_id  TEXT NOT NULL REFERENCES community (id) DEFERRABLE INITIALLY DEFERRED,
  project_id    TEXT NOT NULL REFERENCES project (id) DEFERRABLE INITIALLY DEFERRED,
  source        TEXT NOT NULL DEFAULT 'self_raised', -- self_raised | unit | government | crowdfunding | donation
  amount        INTEGER NOT NULL DEFAULT 0,          -- fen
  donor         TEXT,
  organisation_id TEXT REFERENCES organisation (id) DEFERRABLE INITIALLY DEFERRED,
  received      TEXT,
  note          TEXT,
  _hlc          TEXT NOT NULL,
  deleted       INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE project_spend (
  id            TEXT PRIMARY KEY NOT NULL,
  community_id  TEXT NOT NULL REFERENCES community (id) DEFERRABLE INITIALLY DEFERRED,
  project_id    TEXT NOT NULL REFERENCES project (id) DEFERRABLE INITIALLY DEFERRED,
  amount        INTEGER NOT NULL DEFAULT 0,          -- fen
  item          TEXT NOT NULL DEFAULT '',
  spent         TEXT,
  note          TEXT,
  _hlc          TEXT NOT NULL,
  deleted       INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE project_opinion (  -- opinions collected: questionnaires, meetings, the door
  id            TEXT PRIMARY KEY NOT NULL,
  community_id  TEXT NOT NULL REFERENCES community (id) DEFERRABLE INITIALLY DEFERRED,
  project_id    TEXT NOT NULL REFERENCES project (id) DEFERRABLE INITIALLY DEFERRED,
  person_id     TEXT REFERENCES person (id) DEFERRABLE INITIALLY DEFERRED,
  name          TEXT,
  text          TEXT NOT NULL DEFAULT '',
  via           TEXT,           -- questionnaire | meeting | door | online | other
  at            TEXT,
  _hlc          TEXT NOT NULL,
  deleted       INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE project_review (   -- 好差评
  id            TEXT PRIMARY KEY NOT NULL,
  community_id  TEXT NOT NULL REFERENCES community (id) DEFERRABLE INITIALLY DEFERRED,
  project_id    TEXT NOT NULL REFERENCES project (id) DEFERRABLE INITIALLY DEFERRED,
  person_id     TEXT REFERENCES person (id) DEFERRABLE INITIALLY DEFERRED,
  rating        TEXT NOT NULL DEFAULT 'good', -- good | neutral | bad
  comment       TEXT,
  at            TEXT,
  _hlc          TEXT NOT NULL,
  deleted       INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE project_photo (    -- files in the photos folder beside the database
  id            TEXT PRIMARY KEY NOT NULL,
  community_id  TEXT NOT NULL REFERENCES community (id) DEFERRABLE INITIALLY DEFERRED,
  project_id    TEXT NOT NULL REFERENCES project (id) DEFERRABLE INITIALLY DEFERRED,
  path          TEXT NOT NULL,  -- relative to the photos folder
  caption       TEXT,
  taken         TEXT,
  _hlc          TEXT NOT NULL,
  deleted       INTEGER NOT NULL DEFAULT 0
);

-- Indexes for the views' queries.
CREATE INDEX compound_community ON compound (community_id);
CREATE INDEX grid_community ON grid (community_id);
CREATE INDEX building_grid ON building (grid_id);
CREATE INDEX building_community ON building (community_id);
CREATE INDEX unit_building ON unit (building_id);
CREATE INDEX household_unit ON household (unit_id, floor);
CREATE INDEX person_household ON person (household_id);
CREATE INDEX person_community ON person (community_id, name);
CREATE INDEX person_id_number ON person (id_number);
CREATE INDEX person_tag_person ON person_tag (person_id);
CREATE INDEX person_tag_tag ON person_tag (tag_id);
CREATE INDEX visit_household ON visit (household_id, visited_at);
CREATE INDEX visit_community ON visit (community_id, visited_at);
CREATE INDEX team_community ON team (community_id, kind);
CREATE INDEX team_member_team ON team_member (team_id);
CREATE INDEX team_member_person ON team_member (person_id);
CREATE INDEX volunteer_person ON volunteer (person_id);
CREATE INDEX blackout_volunteer ON blackout (volunteer_id);
CREATE INDEX service_item_team ON service_item (team_id);
CREATE INDEX shift_team_date ON shift (team_id, date);
CREATE INDEX assignment_shift ON assignment (shift_id);
CREATE INDEX assignment_volunteer ON assignment (volunteer_id);
CREATE INDEX meeting_start ON meeting (community_id, starts_at);
CREATE INDEX meeting_invitee_meeting ON meeting_invitee (meeting_id);
CREATE INDEX attendance_meeting ON attendance (meeting_id, occurrence);
CREATE INDEX decision_meeting ON decision (meeting_id);
CREATE INDEX project_community ON project (community_id, stage, position);
CREATE INDEX project_stage_project ON project_stage (project_id);
CREATE INDEX project_metric_project ON project_metric (project_id);
CREATE INDEX project_task_project ON project_task (project_id);
CREATE INDEX project_income_project ON project_income (project_id);
CREATE INDEX project_spend_project ON project_spend (project_id);
CREATE INDEX project_opinion_project ON project_opinion (project_id);
CREATE INDEX project_review_project ON project_review (project_id);
CREATE INDEX project_photo_project ON project_photo (project_id);

-- Local tables: never synced.

CREATE TABLE meta (
  key           TEXT PRIMARY KEY NOT NULL,
  value         TEXT
) WITHOUT ROWID;

-- Every change to a synced table, written by triggers in the change's own
-- transaction. Rows leave only when the server acknowledged them.
CREATE TABLE journal (
  seq           INTEGER PRIMARY KEY AUTOINCREMENT,
  change_id     TEXT NOT NULL,
  tbl           TEXT NOT NULL,
  row_id        TEXT NOT NULL,
  community_id  TEXT,
  op            TEXT NOT NULL,  -- I (insert: all columns) | U (the changed columns)
  cols          TEXT NOT NULL,  -- JSON object column -> value
  hlc           TEXT NOT NULL,
  device        TEXT NOT NULL
);

-- The stamp of every column changed after its row was created (a column
-- without an entry carries its row's _hlc). Sync merges per column, last
-- writer wins by stamp.
CREATE TABLE col_stamp (
  tbl           TEXT NOT NULL,
  row_id        TEXT NOT NULL,
  col           TEXT NOT NULL,
  hlc           TEXT NOT NULL,
  PRIMARY KEY (tbl, row_id, col)
) WITHOUT ROWID;

-- Remote changes for columns this version does not know yet (from a newer
-- Linli): kept and applied after an upgrade adds the columns.
CREATE TABLE pending_change (
  seq           INTEGER PRIMARY KEY AUTOINCREMENT,
  tbl           TEXT NOT NULL,
  row_id        TEXT NOT NULL,
  col           TEXT NOT NULL,
  value         TEXT,           -- JSON
  hlc           TEXT NOT NULL
);

-- A local edit that lost to a later one made elsewhere: the "changed
-- elsewhere" mark shows it until the user has seen it.
CREATE TABLE sync_conflict (
  seq           INTEGER PRIMARY KEY AUTOINCREMENT,
  tbl           TEXT NOT NULL,
  row_id        TEXT NOT NULL,
  col           TEXT NOT NULL,
  local_value   TEXT,           -- JSON
  remote_value  TEXT,           -- JSON
  local_hlc     TEXT,
  remote_hlc    TEXT,
  at            TEXT NOT NULL,
  seen          INTEGER NOT NULL DEFAULT 0
);
