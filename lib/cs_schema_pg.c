/*
 * cs_schema_pg.c - the schema of a cs database on PostgreSQL 15 (see
 * cs_schema_pg.h), at version CS_SCHEMA_VERSION: the tables, columns
 * and meanings of cs-data(5), laid out for Citus.
 *
 * The choices, each the same on one server and on Citus (one schema,
 * no variant to drift):
 *
 * - Names.  Every table, column, index and view of the SQLite schema
 *   (lib/cs_schema.c) keeps its name and column order.  One column is
 *   added: complaint_events.customer_id, last, so that the events are
 *   stored beside their complaint (the programs fill it from
 *   complaints).
 * - Types.  SQLite's INTEGER is 64 bits: bigint (money stays integer
 *   cents).  REAL is double precision.  TEXT is text COLLATE "C", so
 *   that ORDER BY, min, max and comparisons are by bytes, as SQLite's
 *   BINARY collation is, whatever the database's locale: the same
 *   order, the same output.  Dates and date-times stay text in the
 *   forms SQLite stores (YYYY-MM-DD, YYYY-MM-DD HH:MM:SS on the wall
 *   clock, YYYY-MM-DDTHH:MM:SSZ in UTC), with a CHECK on their shape
 *   where SQLite checks their length: a date type would print
 *   differently under another DateStyle and would need casts in every
 *   comparison the programs make with text parameters.
 * - Keys.  A table that holds rows of one customer (customer_id NOT
 *   NULL) is distributed by customer_id: its primary key, unique and
 *   exclusion constraints and foreign keys all include customer_id,
 *   and a foreign key to another such table goes through customer_id
 *   on both sides (payments -> invoices on (customer_id, invoice_id)).
 *   The others are reference tables: the version table, import_runs,
 *   dunning_runs and access_grants (whose customer_id may be empty:
 *   every customer).  A reference table has no foreign key to a
 *   distributed one, so access_grants.customer_id is checked by
 *   cs-import, as every reference of an input row already is.
 * - What SQLite's keys held that these do not: an id is unique in its
 *   table on SQLite (invoice_id alone is the key); here the key is
 *   (customer_id, id), so the database alone lets two customers hold
 *   one id.  cs-import keeps the ids unique: it looks every id up by
 *   itself (the *_by_id indexes) before storing it, under the
 *   advisory lock that makes it the only writer.
 * - No triggers (Citus refuses them on distributed tables):
 *   dunning_history, access_log and record_changes are append-only by
 *   privileges (UPDATE, DELETE and TRUNCATE revoked, and never granted
 *   by scripts/pg-roles.sql); no day charged twice (dunning_fees) is an
 *   exclusion constraint on overlapping days of one customer
 *   (btree_gist); an invoice that payments name keeps its customer by
 *   the foreign key of payments; record_changes is written by the
 *   programs that change customers (cs-import, its purge), in their
 *   transaction, by the rules of cs-data(5), with the statements of
 *   cs_schema_pg_record_before and cs_schema_pg_record_after.
 * - Serial ids (INTEGER PRIMARY KEY on SQLite) are bigserial, the
 *   only sequence type Citus lets every node draw from.
 */
#include <stddef.h>
#include <string.h>

#include "cs_db.h"
#include "cs_schema_pg.h"

/* Text compared and sorted by bytes, as SQLite's BINARY collation. */
#define TEXT "text COLLATE \"C\""

/* An id column c (cs-data(5) "ids"): 1 to 64 characters. */
#define ID(c) c " " TEXT " NOT NULL CHECK (length(" c ") BETWEEN 1 AND 64)"

/* The shape of a date, a wall-clock date and time, a UTC time, a period, of column c. */
#define IS_DATE(c) "(" c " ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$')"
#define IS_DATETIME(c) "(" c " ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}$')"
#define IS_UTC(c) "(" c " ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$')"
#define IS_PERIOD(c) "(" c " ~ '^[0-9]{4}-[0-9]{2}$')"

/* A date column c, and one that may be empty. */
#define DATE_NN(c) c " " TEXT " NOT NULL CHECK " IS_DATE(c)
#define DATE(c) c " " TEXT " CHECK " IS_DATE(c)

/* A level of secrecy (cs-access(5)), in the CHECK of a column c. */
#define LEVEL_IN(c) "CHECK (" c " IN ('secret', 'confidential', 'top-secret'))"

/* A stage of the arrears ladder, in the CHECK of a column c. */
#define STAGE_IN(c) "CHECK (" c " IN ('prevent', 'remind', 'guide', 'pursue', 'sue'))"

/* The customer key of a row of a distributed table. */
#define CUSTOMER_FK "FOREIGN KEY (customer_id) REFERENCES customers (customer_id)" \
	" DEFERRABLE"

/*
 * The order of the steps of a complaint (cs-data(5)) as one letter, a
 * to m: "latest" is by at, then by this.  An event's sort key is its
 * at (19 characters), this letter and its step, so the step of the
 * greatest key starts at character 21.
 */
#define STEP_LETTER "CASE e.step WHEN 'recorded' THEN 'a' WHEN 'validated' THEN 'b'\n" \
	"      WHEN 'invalidated' THEN 'c' WHEN 'assigned' THEN 'd' WHEN 'handed-over' THEN 'e'\n" \
	"      WHEN 'investigated' THEN 'f' WHEN 'remedy-proposed' THEN 'g' WHEN 'approved' THEN 'h'\n" \
	"      WHEN 'rejected' THEN 'i' WHEN 'customer-notified' THEN 'j' WHEN 'closed' THEN 'k'\n" \
	"      WHEN 'reopened' THEN 'l' WHEN 'reviewed' THEN 'm' END"
#define EVENT_KEY "e.at || " STEP_LETTER " || e.step"

/*
 * A person of an event as its at, '+' and the name, or at and '-' when
 * it names none: the name of the greatest (least) is from character 21.
 */
#define AT_AND(who) "e.at || coalesce('+' || e." who ", '-')"
#define NAME_OF(k) "CASE WHEN substr(" k ", 20, 1) = '+' THEN substr(" k ", 21) END"

static const char *const pg_schema[] = {
	"CREATE TABLE " CS_PG_VERSION_TABLE " (version integer NOT NULL CHECK (version > 0))",
	"CREATE EXTENSION IF NOT EXISTS btree_gist",

	/* Version 1's input tables, with the columns later versions added. */
	"CREATE TABLE customers (\n"
	"  " ID("customer_id") ",\n"
	"  name " TEXT " NOT NULL CHECK (name <> ''),\n"
	"  kind " TEXT " CHECK (kind IN ('enterprise', 'individual')),\n"
	"  region " TEXT ",\n"
	"  industry " TEXT ",\n"
	"  manager " TEXT ",\n"
	"  phone " TEXT ",\n"
	"  email " TEXT ",\n"
	"  " DATE("opened_on") ",\n"
	"  credit_limit_cents bigint CHECK (credit_limit_cents >= 0),\n"
	"  status " TEXT " NOT NULL DEFAULT 'active'\n"
	"    CHECK (status IN ('active', 'suspended', 'closed', 'blacklisted')),\n"
	"  parent_id " TEXT " CHECK (length(parent_id) BETWEEN 1 AND 64),\n"
	"  reg_no " TEXT ",\n"
	"  address " TEXT ",\n"
	"  employees bigint CHECK (employees >= 0),\n"
	"  yearly_sales_cents bigint CHECK (yearly_sales_cents >= 0),\n"
	"  " DATE("founded_on") ",\n"
	"  qualification " TEXT ",\n"
	"  special_terms " TEXT ",\n"
	"  level " TEXT " " LEVEL_IN("level") ",\n"
	"  " DATE("checked_on") ",\n"
	"  checked_by " TEXT ",\n"
	"  PRIMARY KEY (customer_id)\n"
	")",
	"CREATE INDEX customers_by_parent ON customers (parent_id) WHERE parent_id IS NOT NULL",
	"CREATE INDEX customers_by_reg_no ON customers (reg_no) WHERE reg_no IS NOT NULL",

	"CREATE TABLE invoices (\n"
	"  " ID("invoice_id") ",\n"
	"  customer_id " TEXT " NOT NULL,\n"
	"  period " TEXT " CHECK " IS_PERIOD("period") ",\n"
	"  " DATE_NN("issued_on") ",\n"
	"  " DATE_NN("due_on") ",\n"
	"  amount_cents bigint NOT NULL,\n"
	"  CHECK (due_on >= issued_on),\n"
	"  PRIMARY KEY (customer_id, invoice_id),\n"
	"  " CUSTOMER_FK "\n"
	")",
	"CREATE INDEX invoices_by_customer ON invoices\n"
	"  (customer_id, due_on, issued_on, invoice_id, amount_cents)",
	"CREATE INDEX invoices_by_id ON invoices (invoice_id)",

	"CREATE TABLE payments (\n"
	"  " ID("payment_id") ",\n"
	"  customer_id " TEXT " NOT NULL,\n"
	"  invoice_id " TEXT ",\n"
	"  " DATE_NN("paid_on") ",\n"
	"  amount_cents bigint NOT NULL CHECK (amount_cents > 0),\n"
	"  method " TEXT ",\n"
	"  bounced_on " TEXT " CHECK (" IS_DATE("bounced_on") " AND bounced_on >= paid_on),\n"
	"  PRIMARY KEY (customer_id, payment_id),\n"
	"  " CUSTOMER_FK ",\n"
	"  FOREIGN KEY (customer_id, invoice_id) REFERENCES invoices (customer_id, invoice_id)\n"
	"    DEFERRABLE\n"
	")",
	"CREATE INDEX payments_by_customer ON payments\n"
	"  (customer_id, paid_on, payment_id, amount_cents, invoice_id, bounced_on)",
	"CREATE INDEX payments_by_invoice ON payments (invoice_id)",
	"CREATE INDEX payments_by_id ON payments (payment_id)",

	"CREATE TABLE complaints (\n"
	"  " ID("complaint_id") ",\n"
	"  customer_id " TEXT " NOT NULL,\n"
	"  " DATE_NN("opened_on") ",\n"
	"  channel " TEXT ",\n"
	"  category " TEXT ",\n"
	"  severity bigint CHECK (severity BETWEEN 1 AND 3),\n"
	"  closed_on " TEXT " CHECK (" IS_DATE("closed_on") " AND closed_on >= opened_on),\n"
	"  valid bigint CHECK (valid IN (0, 1)),\n"
	"  subject " TEXT ",\n"
	"  demand " TEXT ",\n"
	"  description " TEXT ",\n"
	"  owner " TEXT ",\n"
	"  PRIMARY KEY (customer_id, complaint_id),\n"
	"  " CUSTOMER_FK "\n"
	")",
	"CREATE INDEX complaints_by_customer ON complaints (customer_id, opened_on)",
	"CREATE INDEX complaints_by_id ON complaints (complaint_id)",

	"CREATE TABLE visits (\n"
	"  " ID("visit_id") ",\n"
	"  customer_id " TEXT " NOT NULL,\n"
	"  " DATE_NN("visited_on") ",\n"
	"  channel " TEXT ",\n"
	"  outcome " TEXT ",\n"
	"  PRIMARY KEY (customer_id, visit_id),\n"
	"  " CUSTOMER_FK "\n"
	")",
	"CREATE INDEX visits_by_customer ON visits (customer_id, visited_on)",
	"CREATE INDEX visits_by_id ON visits (visit_id)",

	"CREATE TABLE responses (\n"
	"  " ID("response_id") ",\n"
	"  customer_id " TEXT " NOT NULL,\n"
	"  survey " TEXT " NOT NULL,\n"
	"  " DATE_NN("answered_on") ",\n"
	"  item " TEXT " NOT NULL,\n"
	"  score double precision NOT NULL,\n"
	"  PRIMARY KEY (customer_id, response_id, item),\n"
	"  " CUSTOMER_FK "\n"
	")",
	"CREATE INDEX responses_by_customer ON responses (customer_id, answered_on)",
	"CREATE INDEX responses_by_survey ON responses (survey, item)",
	"CREATE INDEX responses_by_id ON responses (response_id, item)",

	"CREATE TABLE promises (\n"
	"  " ID("promise_id") ",\n"
	"  customer_id " TEXT " NOT NULL,\n"
	"  " DATE_NN("made_on") ",\n"
	"  " DATE_NN("due_on") ",\n"
	"  amount_cents bigint NOT NULL CHECK (amount_cents > 0),\n"
	"  CHECK (due_on >= made_on),\n"
	"  PRIMARY KEY (customer_id, promise_id),\n"
	"  " CUSTOMER_FK "\n"
	")",
	"CREATE INDEX promises_by_customer ON promises (customer_id, due_on)",
	"CREATE INDEX promises_by_id ON promises (promise_id)",

	/* Version 2: import runs (a reference table). */
	"CREATE TABLE import_runs (\n"
	"  run_id bigserial PRIMARY KEY,\n"
	"  table_name " TEXT " NOT NULL,\n"
	"  file " TEXT " NOT NULL,\n"
	"  sha256 " TEXT ",\n"
	"  bytes bigint,\n"
	"  encoding " TEXT ",\n"
	"  started_at " TEXT " NOT NULL CHECK " IS_UTC("started_at") ",\n"
	"  finished_at " TEXT " NOT NULL CHECK " IS_UTC("finished_at") ",\n"
	"  rows bigint NOT NULL,\n"
	"  loaded bigint NOT NULL,\n"
	"  inserted bigint NOT NULL,\n"
	"  updated bigint NOT NULL,\n"
	"  unchanged bigint NOT NULL,\n"
	"  rejected bigint NOT NULL,\n"
	"  status " TEXT " NOT NULL CHECK (status IN ('loaded', 'aborted', 'refused'))\n"
	")",

	/* Version 3: segment snapshots. */
	"CREATE TABLE segments (\n"
	"  " DATE_NN("as_of") ",\n"
	"  model " TEXT " NOT NULL,\n"
	"  customer_id " TEXT " NOT NULL,\n"
	"  label " TEXT " NOT NULL,\n"
	"  score " TEXT ",\n"
	"  value_cents bigint,\n"
	"  PRIMARY KEY (as_of, model, customer_id),\n"
	"  " CUSTOMER_FK "\n"
	")",
	"CREATE INDEX segments_by_customer ON segments (customer_id, model, as_of)",

	/* Version 4: cs-dunning's tables (dunning_runs is a reference table). */
	"CREATE TABLE dunning_runs (\n"
	"  run_id bigserial PRIMARY KEY,\n"
	"  " DATE_NN("as_of") ",\n"
	"  from_day " TEXT " NOT NULL CHECK (from_day <= as_of),\n"
	"  started_at " TEXT " NOT NULL CHECK " IS_UTC("started_at") ",\n"
	"  policy_sha256 " TEXT " NOT NULL,\n"
	"  customers bigint NOT NULL,\n"
	"  actions bigint NOT NULL\n"
	")",
	"CREATE INDEX dunning_runs_by_date ON dunning_runs (as_of)",
	"CREATE TABLE dunning_state (\n"
	"  customer_id " TEXT " NOT NULL,\n"
	"  stage " TEXT " " STAGE_IN("stage") ",\n"
	"  stage_since " TEXT ",\n"
	"  fee_through " TEXT ",\n"
	"  late_fee_cents bigint NOT NULL DEFAULT 0,\n"
	"  warned bigint NOT NULL DEFAULT 0 CHECK (warned IN (0, 1)),\n"
	"  blacklisted bigint NOT NULL DEFAULT 0 CHECK (blacklisted IN (0, 1)),\n"
	"  held " TEXT " NOT NULL DEFAULT '',\n"
	"  broken " TEXT " NOT NULL DEFAULT '',\n"
	"  updated_on " TEXT " NOT NULL,\n"
	"  catching_up bigint NOT NULL DEFAULT 0 CHECK (catching_up IN (0, 1)),\n"
	"  restored_stage " TEXT " " STAGE_IN("restored_stage") ",\n"
	"  " DATE("restored_on") ",\n"
	"  PRIMARY KEY (customer_id),\n"
	"  " CUSTOMER_FK "\n"
	")",
	"CREATE TABLE dunning_history (\n"
	"  seq bigserial NOT NULL,\n"
	"  run_id bigint NOT NULL REFERENCES dunning_runs (run_id) DEFERRABLE,\n"
	"  " DATE_NN("run_date") ",\n"
	"  customer_id " TEXT " NOT NULL,\n"
	"  stage " TEXT ",\n"
	"  stage_label " TEXT ",\n"
	"  action " TEXT " NOT NULL,\n"
	"  days_overdue bigint,\n"
	"  balance_cents bigint NOT NULL,\n"
	"  late_fee_cents bigint NOT NULL,\n"
	"  oldest_invoice_id " TEXT ",\n"
	"  reason " TEXT " NOT NULL,\n"
	"  PRIMARY KEY (customer_id, seq),\n"
	"  " CUSTOMER_FK "\n"
	")",
	"CREATE INDEX dunning_history_by_date ON dunning_history (run_date, customer_id)",
	"CREATE INDEX dunning_history_by_customer ON dunning_history (customer_id, run_date)",
	/*
	 * No day charged twice: the days of two rows of one customer never
	 * overlap (SQLite's trigger dunning_fees_once).  The days as
	 * integers YYYYMMDD, whose order is the dates'.
	 */
	"CREATE TABLE dunning_fees (\n"
	"  customer_id " TEXT " NOT NULL,\n"
	"  " DATE_NN("from_day") ",\n"
	"  through_day " TEXT " NOT NULL CHECK (" IS_DATE("through_day") "\n"
	"    AND through_day >= from_day),\n"
	"  fee_cents bigint NOT NULL CHECK (fee_cents > 0),\n"
	"  run_id bigint NOT NULL REFERENCES dunning_runs (run_id) DEFERRABLE,\n"
	"  PRIMARY KEY (customer_id, from_day),\n"
	"  " CUSTOMER_FK ",\n"
	"  CONSTRAINT dunning_fees_once EXCLUDE USING gist (customer_id WITH =,\n"
	"    int4range(replace(from_day, '-', '')::integer, replace(through_day, '-', '')::integer,\n"
	"      '[]') WITH &&)\n"
	")",
	"CREATE TABLE dunning_holds (\n"
	"  hold_id bigserial NOT NULL,\n"
	"  customer_id " TEXT " NOT NULL,\n"
	"  " DATE_NN("set_on") ",\n"
	"  until " TEXT " NOT NULL CHECK (until >= set_on),\n"
	"  reason " TEXT " NOT NULL,\n"
	"  released_on " TEXT ",\n"
	"  PRIMARY KEY (customer_id, hold_id),\n"
	"  " CUSTOMER_FK "\n"
	")",
	"CREATE INDEX dunning_holds_by_customer ON dunning_holds (customer_id, until)",

	/*
	 * Version 7: the events of complaints, stored with their customer;
	 * complaint_status, below.
	 */
	"CREATE TABLE complaint_events (\n"
	"  complaint_id " TEXT " NOT NULL,\n"
	"  at " TEXT " NOT NULL CHECK " IS_DATETIME("at") ",\n"
	"  step " TEXT " NOT NULL CHECK (step IN ('recorded', 'validated', 'invalidated',\n"
	"    'assigned', 'handed-over', 'investigated', 'remedy-proposed', 'approved', 'rejected',\n"
	"    'customer-notified', 'closed', 'reopened', 'reviewed')),\n"
	"  actor " TEXT ",\n"
	"  assignee " TEXT ",\n"
	"  remedy " TEXT " CHECK (remedy IN ('return', 'exchange', 'repair', 'discount',\n"
	"    'compensation', 'none')),\n"
	"  amount_cents bigint CHECK (amount_cents >= 0),\n"
	"  approved_by " TEXT ",\n"
	"  note " TEXT ",\n"
	"  customer_id " TEXT " NOT NULL,\n"
	"  PRIMARY KEY (customer_id, complaint_id, at, step),\n"
	"  FOREIGN KEY (customer_id, complaint_id) REFERENCES complaints (customer_id, complaint_id)\n"
	"    DEFERRABLE\n"
	")",
	"CREATE INDEX complaint_events_by_id ON complaint_events (complaint_id, at, step)",

	/* Version 8: the customer file and who may see it. */
	"CREATE TABLE contacts (\n"
	"  " ID("contact_id") ",\n"
	"  customer_id " TEXT " NOT NULL,\n"
	"  name " TEXT " NOT NULL CHECK (name <> ''),\n"
	"  role " TEXT ",\n"
	"  decision_maker bigint CHECK (decision_maker IN (0, 1)),\n"
	"  phone " TEXT ",\n"
	"  email " TEXT ",\n"
	"  PRIMARY KEY (customer_id, contact_id),\n"
	"  " CUSTOMER_FK "\n"
	")",
	"CREATE INDEX contacts_by_customer ON contacts (customer_id)",
	"CREATE INDEX contacts_by_id ON contacts (contact_id)",
	/* A reference table: its customer_id may be empty (every customer), and is checked by cs-import. */
	"CREATE TABLE access_grants (\n"
	"  " ID("grant_id") " PRIMARY KEY,\n"
	"  reader " TEXT " NOT NULL CHECK (reader <> ''),\n"
	"  customer_id " TEXT ",\n"
	"  level " TEXT " NOT NULL " LEVEL_IN("level") ",\n"
	"  approved_by " TEXT " NOT NULL CHECK (approved_by <> ''),\n"
	"  " DATE_NN("valid_from") ",\n"
	"  valid_until " TEXT " NOT NULL CHECK (" IS_DATE("valid_until") "\n"
	"    AND valid_until >= valid_from),\n"
	"  reason " TEXT " NOT NULL CHECK (reason <> '')\n"
	")",
	"CREATE INDEX access_grants_by_reader ON access_grants (reader, valid_until)",
	"CREATE TABLE access_log (\n"
	"  seq bigserial NOT NULL,\n"
	"  at " TEXT " NOT NULL CHECK " IS_DATETIME("at") ",\n"
	"  reader " TEXT " NOT NULL,\n"
	"  program " TEXT " NOT NULL,\n"
	"  customer_id " TEXT " NOT NULL,\n"
	"  fields " TEXT " NOT NULL,\n"
	"  outcome " TEXT " NOT NULL CHECK (outcome IN ('cleared', 'granted', 'refused')),\n"
	"  grant_id " TEXT ",\n"
	"  PRIMARY KEY (customer_id, seq)\n"
	")",
	"CREATE INDEX access_log_by_customer ON access_log (customer_id, at)",
	"CREATE TABLE retirement_approvals (\n"
	"  customer_id " TEXT " NOT NULL,\n"
	"  role " TEXT " NOT NULL\n"
	"    CHECK (role IN ('information-owner', 'service-manager', 'general-manager')),\n"
	"  approved_by " TEXT " NOT NULL CHECK (approved_by <> ''),\n"
	"  " DATE_NN("approved_on") ",\n"
	"  PRIMARY KEY (customer_id, role),\n"
	"  " CUSTOMER_FK "\n"
	")",
	"CREATE TABLE record_changes (\n"
	"  customer_id " TEXT " NOT NULL,\n"
	"  at " TEXT " NOT NULL CHECK " IS_DATETIME("at") ",\n"
	"  change " TEXT " NOT NULL\n"
	"    CHECK (change IN ('new', 'changed', 'checked', 'closed', 'purged')),\n"
	"  actor " TEXT "\n"
	")",
	"CREATE INDEX record_changes_by_date ON record_changes (at, change)",
	/* No key: its rows are replicated whole, so that Citus moves its shards online. */
	"ALTER TABLE record_changes REPLICA IDENTITY FULL",
	"CREATE TABLE door_matches (\n"
	"  customer_id " TEXT " NOT NULL,\n"
	"  matched_id " TEXT " NOT NULL,\n"
	"  match " TEXT " NOT NULL CHECK (match IN ('name-phone', 'reg-no')),\n"
	"  at " TEXT " NOT NULL CHECK " IS_DATETIME("at") ",\n"
	"  file " TEXT ",\n"
	"  line bigint,\n"
	"  PRIMARY KEY (customer_id, matched_id)\n"
	")",

	/*
	 * complaint_status: the same columns and values as SQLite's view,
	 * from one pass over the events grouped by their complaint and
	 * joined on (customer_id, complaint_id), which Citus runs on each
	 * shard; SQLite's correlated subqueries with LIMIT 1 it cannot.
	 * "Latest" is the greatest sort key (EVENT_KEY); closing, deciding,
	 * handover and recording are the latest closed or reopened, the
	 * latest validated or invalidated, the latest handed-over and the
	 * earliest recorded event.
	 */
	"CREATE VIEW complaint_status AS\n"
	"SELECT k.complaint_id, k.customer_id, k.opened_on, k.channel, k.category, k.severity,\n"
	"  CASE WHEN e.closing IS NULL THEN k.closed_on\n"
	"    WHEN substr(e.closing, 21) = 'closed' THEN substr(e.closing, 1, 10) END AS closed_on,\n"
	"  CASE substr(e.deciding, 21) WHEN 'validated' THEN 1 WHEN 'invalidated' THEN 0\n"
	"    ELSE k.valid END AS valid,\n"
	"  k.subject, k.demand, k.description,\n"
	"  coalesce(" NAME_OF("e.handover") ", k.owner, " NAME_OF("e.recording") ") AS owner,\n"
	"  coalesce(substr(e.latest, 21), 'recorded') AS step,\n"
	"  e.step_at,\n"
	"  coalesce(e.recorded_at, k.opened_on || ' 00:00:00') AS opened_at\n"
	"FROM complaints k LEFT JOIN (\n"
	"  SELECT e.customer_id, e.complaint_id,\n"
	"    max(" EVENT_KEY ") AS latest,\n"
	"    max(CASE WHEN e.step IN ('closed', 'reopened') THEN " EVENT_KEY " END) AS closing,\n"
	"    max(CASE WHEN e.step IN ('validated', 'invalidated') THEN " EVENT_KEY " END)\n"
	"      AS deciding,\n"
	"    max(CASE WHEN e.step = 'handed-over' THEN " AT_AND("assignee") " END) AS handover,\n"
	"    min(CASE WHEN e.step = 'recorded' THEN " AT_AND("actor") " END) AS recording,\n"
	"    max(e.at) AS step_at,\n"
	"    min(CASE WHEN e.step = 'recorded' THEN e.at END) AS recorded_at\n"
	"  FROM complaint_events e GROUP BY e.customer_id, e.complaint_id) e\n"
	"  ON e.customer_id = k.customer_id AND e.complaint_id = k.complaint_id",

	/*
	 * Append-only history, by privileges: nobody is granted UPDATE,
	 * DELETE or TRUNCATE (scripts/pg-roles.sql grants INSERT and
	 * SELECT), not even the owner that runs this (a superuser still
	 * can: it bypasses every privilege).
	 */
	"REVOKE UPDATE, DELETE, TRUNCATE ON access_log, dunning_history, record_changes\n"
	"  FROM PUBLIC, CURRENT_USER",
	NULL
};

static const struct cs_pg_table pg_tables[] = {
	{ CS_PG_VERSION_TABLE, CS_PG_REFERENCE, NULL },
	{ "customers", CS_PG_DISTRIBUTED, "customer_id" },
	{ "invoices", CS_PG_DISTRIBUTED, "customer_id, invoice_id" },
	{ "payments", CS_PG_DISTRIBUTED, "customer_id, payment_id" },
	{ "complaints", CS_PG_DISTRIBUTED, "customer_id, complaint_id" },
	{ "visits", CS_PG_DISTRIBUTED, "customer_id, visit_id" },
	{ "responses", CS_PG_DISTRIBUTED, "customer_id, response_id, item" },
	{ "promises", CS_PG_DISTRIBUTED, "customer_id, promise_id" },
	{ "import_runs", CS_PG_REFERENCE, "run_id" },
	{ "segments", CS_PG_DISTRIBUTED, "as_of, model, customer_id" },
	{ "dunning_runs", CS_PG_REFERENCE, "run_id" },
	{ "dunning_state", CS_PG_DISTRIBUTED, "customer_id" },
	{ "dunning_history", CS_PG_DISTRIBUTED, "customer_id, seq" },
	{ "dunning_fees", CS_PG_DISTRIBUTED, "customer_id, from_day" },
	{ "dunning_holds", CS_PG_DISTRIBUTED, "customer_id, hold_id" },
	{ "complaint_events", CS_PG_DISTRIBUTED, "customer_id, complaint_id, at, step" },
	{ "contacts", CS_PG_DISTRIBUTED, "customer_id, contact_id" },
	{ "access_grants", CS_PG_REFERENCE, "grant_id" },
	{ "access_log", CS_PG_DISTRIBUTED, "customer_id, seq" },
	{ "retirement_approvals", CS_PG_DISTRIBUTED, "customer_id, role" },
	{ "record_changes", CS_PG_DISTRIBUTED, NULL },
	{ "door_matches", CS_PG_DISTRIBUTED, "customer_id, matched_id" },
	{ NULL, CS_PG_REFERENCE, NULL }
};

/* The customers columns whose change is a "changed" in record_changes (all but the key and the check). */
#define CARD_COLUMNS(r) "(" r ".name, " r ".kind, " r ".region, " r ".industry, " \
	r ".manager, " r ".phone, " r ".email, " r ".opened_on, " r ".credit_limit_cents, " \
	r ".status, " r ".parent_id, " r ".reg_no, " r ".address, " r ".employees, " \
	r ".yearly_sales_cents, " r ".founded_on, " r ".qualification, " r ".special_terms, " \
	r ".level)"

/* The rows of customers $1 before a program writes them (cs_schema_pg.h). */
const char *
cs_schema_pg_record_before(void)
{
	return "CREATE TEMPORARY TABLE cs_customers_before ON COMMIT DROP AS\n"
	    "SELECT * FROM customers WHERE customer_id = ANY ($1::text[])";
}

/*
 * What SQLite's triggers customers_new, customers_changed,
 * customers_checked and customers_closed write, for customers $2 at $1
 * (cs_schema_pg.h): o is the row before (none for a new customer), n
 * the row after.
 */
const char *
cs_schema_pg_record_after(void)
{
	return "INSERT INTO record_changes (customer_id, at, change, actor)\n"
	    "SELECT n.customer_id, $1::text, c.change, c.actor\n"
	    "FROM customers n LEFT JOIN cs_customers_before o ON o.customer_id = n.customer_id\n"
	    "CROSS JOIN LATERAL (VALUES\n"
	    "  (1, 'new', NULL::text, o.customer_id IS NULL),\n"
	    "  (2, 'changed', NULL, o.customer_id IS NOT NULL\n"
	    "    AND " CARD_COLUMNS("o") " IS DISTINCT FROM\n"
	    "    " CARD_COLUMNS("n") "),\n"
	    "  (3, 'checked', n.checked_by, o.customer_id IS NOT NULL\n"
	    "    AND n.checked_on IS DISTINCT FROM o.checked_on AND n.checked_on IS NOT NULL),\n"
	    "  (4, 'closed', NULL, o.customer_id IS NOT NULL AND n.status = 'closed'\n"
	    "    AND o.status IS DISTINCT FROM 'closed')) AS c (ord, change, actor, happened)\n"
	    "WHERE n.customer_id = ANY ($2::text[]) AND c.happened\n"
	    "ORDER BY n.customer_id, c.ord";
}

/* What cs_schema_pg_record_after writes when no customer lay between $2 and $3 before (cs_schema_pg.h). */
const char *
cs_schema_pg_record_new(void)
{
	return "INSERT INTO record_changes (customer_id, at, change, actor)\n"
	    "SELECT n.customer_id, $1::text, 'new', NULL FROM customers n\n"
	    "WHERE n.customer_id BETWEEN $2::text AND $3::text\n"
	    "  AND n.customer_id = ANY ($4::text[])\n"
	    "ORDER BY n.customer_id";
}

/* Drops the rows kept by cs_schema_pg_record_before (cs_schema_pg.h). */
const char *
cs_schema_pg_record_done(void)
{
	return "DROP TABLE cs_customers_before";
}

/* The schema's statements, in order (cs_schema_pg.h). */
const char *const *
cs_schema_pg_create(void)
{
	_Static_assert(CS_SCHEMA_VERSION == 8,
	    "a new schema version changes the PostgreSQL schema too (lib/cs_schema_pg.c)");
	return pg_schema;
}

/* The schema's tables, in creation order (cs_schema_pg.h). */
const struct cs_pg_table *
cs_schema_pg_tables(void)
{
	return pg_tables;
}

/* The table named name, or NULL (cs_schema_pg.h). */
const struct cs_pg_table *
cs_schema_pg_table(const char *name)
{
	const struct cs_pg_table *t;

	for (t = pg_tables; name != NULL && t->name != NULL; t++)
		if (strcmp(t->name, name) == 0)
			return t;
	return NULL;
}
