-- Small key/value facts about the warehouse itself, e.g. the hash of the indicator catalogue last
-- synced into `indicator` (so opening the file re-syncs only when indicators.json changed).
CREATE TABLE IF NOT EXISTS warehouse_meta (
  key   VARCHAR PRIMARY KEY,
  value VARCHAR
);
