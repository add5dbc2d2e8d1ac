-- Linli community ledger, schema 2: indexes for the sync tables that grow.
--
-- pending_change: a pull from a newer Linli keeps each value of an unknown
-- column once (tbl, row_id, col, hlc); without the index every value
-- arriving read the whole table.
-- sync_conflict: a record's page asks for its unseen marks every time it
-- shows; seen marks stay, so the table only grows.

CREATE UNIQUE INDEX pending_change_key ON pending_change (tbl, row_id, col, hlc);
CREATE INDEX sync_conflict_unseen ON sync_conflict (tbl, row_id, col) WHERE seen = 0;
