-- Linli community ledger, schema 2: indexes for the sync tables that grow.
--
-- pending_change: a pull from a newer Linli keeps each value of an unknown
-- column once (tbl, row_id, col, hlc); without the index every value
-- arriving read the whole table.
-- sync_conflict: a record's page asks for its unseen marks every time it
-- shows; seen marks stay, so the table only grows.
-- journal, col_stamp: every open moves this PC's clock past the newest
-- stamp the file holds; a PC that never syncs keeps its whole journal,
-- and without these the open read all of it (30 ms at the seed's size,
-- growing with every edit).

CREATE UNIQUE INDEX pending_change_key ON pending_change (tbl, row_id, col, hlc);
CREATE INDEX sync_conflict_unseen ON sync_conflict (tbl, row_id, col) WHERE seen = 0;
CREATE INDEX journal_hlc ON journal (hlc);
CREATE INDEX col_stamp_hlc ON col_stamp (hlc);
