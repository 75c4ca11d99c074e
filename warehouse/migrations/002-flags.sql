-- parboard flags: results of the consistency and anomaly checks (warehouse/checks/).
-- Flags are derived data: recomputed for the affected unit and period on every load, so they are
-- deleted and re-inserted freely. What an analyst says about a flag lives in flag_followup, keyed by
-- the flag's stable fingerprint (rule + unit + period + indicators, never the values or the document),
-- so a status survives recomputation and a corrected re-submission as long as the same flag holds.

CREATE SEQUENCE IF NOT EXISTS flag_seq START 1;
CREATE TABLE IF NOT EXISTS flag (
  flag_id      INTEGER PRIMARY KEY DEFAULT nextval('flag_seq'),
  fingerprint  VARCHAR NOT NULL,
  kind         VARCHAR NOT NULL,            -- quota_exceeded, rate_mismatch, ..., outlier_peer, outlier_trend
  severity     VARCHAR NOT NULL CHECK (severity IN ('error','warning','info')),
  rule_id      VARCHAR NOT NULL,            -- id in warehouse/checks/rules.json or generated from the catalogue
  unit_id      INTEGER NOT NULL,
  period_id    INTEGER NOT NULL,
  document_id  INTEGER,                     -- current document the flag points into (null for missing reports)
  indicators   JSON NOT NULL,               -- ["code", ...]
  observed     JSON NOT NULL,               -- {"code": value, ...}
  expected     JSON,                        -- number, bound or {"min":..,"max":..}
  baseline     JSON,                        -- outliers: median, MAD, history, threshold; null otherwise
  message_vi   VARCHAR NOT NULL,
  message_en   VARCHAR NOT NULL,
  line         INTEGER,                     -- line in the source document
  computed_at  TIMESTAMP NOT NULL DEFAULT current_timestamp
);

CREATE TABLE IF NOT EXISTS flag_followup (
  fingerprint  VARCHAR PRIMARY KEY,
  status       VARCHAR NOT NULL CHECK (status IN ('open','acknowledged','explained','resolved')),
  comment      VARCHAR,
  updated_at   TIMESTAMP NOT NULL DEFAULT current_timestamp
);

-- Reporting completeness and timeliness per period: every unit valid during the period's window,
-- whether it has a current report, and whether that report came after the deadline (20th of the last
-- month). The report's own date counts when printed; otherwise the time the file was received.
CREATE VIEW report_timeliness AS
  SELECT p.period_id, u.unit_id, u.name AS unit_name, u.level, u.province,
         d.document_id, d.file_name,
         CAST(coalesce(d.report_date, CAST(d.received_at AS DATE)) AS DATE) AS submitted_on,
         p.deadline,
         CASE WHEN d.document_id IS NULL THEN 'missing'
              WHEN coalesce(d.report_date, CAST(d.received_at AS DATE)) > p.deadline THEN 'late'
              ELSE 'on_time' END AS status,
         CASE WHEN d.document_id IS NULL THEN NULL
              ELSE date_diff('day', p.deadline, CAST(coalesce(d.report_date, CAST(d.received_at AS DATE)) AS DATE)) END AS days_late
  FROM period p
  JOIN unit u ON (u.valid_from IS NULL OR u.valid_from <= p.window_end)
             AND (u.valid_to IS NULL OR u.valid_to >= p.window_start)
  LEFT JOIN document d ON d.unit_id = u.unit_id AND d.period_id = p.period_id AND d.status = 'current';
