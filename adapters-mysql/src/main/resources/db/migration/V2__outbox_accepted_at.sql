-- When the change behind each pending search update was accepted, so that workers can measure the lag from
-- accept to index. Rows written before this migration have none and are not measured.
ALTER TABLE search_outbox ADD COLUMN accepted_at DATETIME(3) NULL;
