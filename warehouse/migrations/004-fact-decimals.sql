-- Printed precision of each fact (digits after the decimal separator in the report's cell), read by
-- the rate rules' rounding tolerance. Stored at load (warehouse/printed-decimals.ts) so that a
-- whole-warehouse check run does not parse the raw text of millions of cells again. Existing facts
-- get it from their raw text, with the same pattern.
ALTER TABLE fact ADD COLUMN decimals TINYINT;
UPDATE fact SET decimals = least(length(coalesce(regexp_extract(raw, '[.,](\d+)[^\d]*$', 1), '')), 31) WHERE raw IS NOT NULL;
