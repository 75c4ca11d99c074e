-- parboard star schema, version 1.
-- Dimensions: unit, period, indicator. Facts keep provenance to the source document and line.
-- History: every loaded document stays; analytics read only documents whose status is 'current'.

CREATE SEQUENCE IF NOT EXISTS unit_seq START 1;
CREATE TABLE unit (
  unit_id      INTEGER PRIMARY KEY DEFAULT nextval('unit_seq'),
  name         VARCHAR NOT NULL,           -- as written, e.g. 'Sở Khoa học và Công nghệ'
  name_key     VARCHAR NOT NULL,           -- folded for matching: no diacritics, đ->d, lower case, plus province
  level        VARCHAR NOT NULL CHECK (level IN ('province','province-dept','district','commune','other')),
  kind         VARCHAR,                    -- 'Sở', 'Ban', 'UBND', ...
  province     VARCHAR,
  parent_id    INTEGER,
  valid_from   DATE,
  valid_to     DATE,                       -- null = still exists
  successor_id INTEGER,                    -- unit that took over after valid_to (2025 restructuring)
  UNIQUE (name_key)
);

CREATE TABLE period (
  period_id    INTEGER PRIMARY KEY,        -- year * 100 + kind ordinal (see warehouse/periods.ts)
  year         INTEGER NOT NULL,
  kind         VARCHAR NOT NULL CHECK (kind IN ('Q1','Q2','Q3','Q4','H1','9M','year')),
  window_start DATE NOT NULL,              -- data window per Công văn 581/BNV-CCHC
  window_end   DATE NOT NULL,
  deadline     DATE NOT NULL,              -- 20th of the last month of the period
  label_vi     VARCHAR NOT NULL,           -- 'Quý I/2024'
  label_en     VARCHAR NOT NULL,           -- 'Q1 2024'
  UNIQUE (year, kind)
);

CREATE TABLE indicator (
  indicator_id INTEGER PRIMARY KEY,
  code         VARCHAR NOT NULL UNIQUE,    -- stable canonical code from the catalogue
  area         INTEGER NOT NULL CHECK (area BETWEEN 1 AND 7),
  name_vi      VARCHAR NOT NULL,
  name_en      VARCHAR NOT NULL,
  uom          VARCHAR,
  kind         VARCHAR NOT NULL CHECK (kind IN ('count','percent','flag','enum','money','text')),
  numerator    VARCHAR,                    -- codes, for a rate
  denominator  VARCHAR,
  aggregation  VARCHAR NOT NULL CHECK (aggregation IN ('sum','stock','ratio','none')),
  cumulative   BOOLEAN NOT NULL DEFAULT FALSE,
  parent       VARCHAR,                    -- code of the whole this is a part of, if any
  required     BOOLEAN NOT NULL DEFAULT FALSE,
  definition   JSON                        -- the full catalogue entry (aliases, legend, ...)
);

CREATE SEQUENCE IF NOT EXISTS document_seq START 1;
CREATE TABLE document (
  document_id   INTEGER PRIMARY KEY DEFAULT nextval('document_seq'),
  content_hash  VARCHAR NOT NULL UNIQUE,   -- sha256 of the file bytes
  file_name     VARCHAR NOT NULL,
  format        VARCHAR NOT NULL,
  received_at   TIMESTAMP NOT NULL,
  unit_id       INTEGER NOT NULL,
  period_id     INTEGER NOT NULL,
  version       INTEGER NOT NULL,          -- 1 for the first submission of this unit and period
  supersedes_id INTEGER,                   -- earlier version this one replaces
  status        VARCHAR NOT NULL CHECK (status IN ('current','superseded')),
  report_number VARCHAR,
  report_date   DATE,
  is_demo       BOOLEAN NOT NULL DEFAULT FALSE,
  source_text   VARCHAR,                   -- decoded text, to show the original beside the facts
  messages      JSON                       -- loader messages (warnings, info)
);

CREATE TABLE fact (
  document_id  INTEGER NOT NULL,
  row_no       INTEGER NOT NULL,           -- position among the document's table rows
  unit_id      INTEGER NOT NULL,
  period_id    INTEGER NOT NULL,
  indicator_id INTEGER NOT NULL,
  value        DOUBLE,                     -- null unless status = 'reported'
  status       VARCHAR NOT NULL CHECK (status IN ('reported','empty','text','not_applicable','undefined_rate')),
  raw          VARCHAR,
  note         VARCHAR,
  line         INTEGER,
  doubtful     BOOLEAN NOT NULL DEFAULT FALSE,
  reason       VARCHAR,
  denominator  DOUBLE,
  PRIMARY KEY (document_id, row_no)
);

-- Rows that could not be matched to an indicator with confidence: kept for review, never dropped.
CREATE TABLE review_row (
  document_id  INTEGER NOT NULL,
  row_no       INTEGER NOT NULL,
  label        VARCHAR NOT NULL,
  code         VARCHAR,
  uom          VARCHAR,
  raw          VARCHAR,
  value        DOUBLE,
  status       VARCHAR,
  line         INTEGER,
  section      JSON,
  candidates   JSON,
  reason       VARCHAR,
  PRIMARY KEY (document_id, row_no)
);

-- Numbers stated in the narrative about an indicator (for narrative_mismatch checks).
CREATE TABLE narrative_statement (
  document_id  INTEGER NOT NULL,
  indicator_id INTEGER NOT NULL,
  value        DOUBLE NOT NULL,
  line         INTEGER,
  text         VARCHAR
);

-- What analytics see: facts of the current version of each unit's report for a period.
CREATE VIEW current_fact AS
  SELECT f.* FROM fact f JOIN document d USING (document_id) WHERE d.status = 'current';
