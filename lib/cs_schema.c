/*
 * cs_schema.c - the schema of the cs database, documented in
 * cs-data(5).  Names follow the data contract exactly: every money
 * column ends in _cents and holds integer cents; dates are TEXT
 * YYYY-MM-DD.  Tables are STRICT so a stored type can never drift.
 */
#include <stddef.h>

#include "cs_db.h"
#include "cs_schema.h"

/* Version 1: the input tables of the data contract. */
static const char v1[] =
"CREATE TABLE customers (\n"
"  customer_id TEXT NOT NULL PRIMARY KEY CHECK (length(customer_id) BETWEEN 1 AND 64),\n"
"  name TEXT NOT NULL CHECK (name <> ''),\n"
"  kind TEXT CHECK (kind IN ('enterprise', 'individual')),\n"
"  region TEXT,\n"
"  industry TEXT,\n"
"  manager TEXT,\n"
"  phone TEXT,\n"
"  email TEXT,\n"
"  opened_on TEXT CHECK (length(opened_on) = 10),\n"
"  credit_limit_cents INTEGER CHECK (credit_limit_cents >= 0),\n"
"  status TEXT NOT NULL DEFAULT 'active'\n"
"    CHECK (status IN ('active', 'suspended', 'closed', 'blacklisted'))\n"
") STRICT;\n"
"CREATE TABLE invoices (\n"
"  invoice_id TEXT NOT NULL PRIMARY KEY CHECK (length(invoice_id) BETWEEN 1 AND 64),\n"
"  customer_id TEXT NOT NULL REFERENCES customers (customer_id),\n"
"  period TEXT CHECK (length(period) = 7),\n"
"  issued_on TEXT NOT NULL CHECK (length(issued_on) = 10),\n"
"  due_on TEXT NOT NULL CHECK (length(due_on) = 10),\n"
"  amount_cents INTEGER NOT NULL,\n"
"  CHECK (due_on >= issued_on)\n"
") STRICT;\n"
"CREATE INDEX invoices_by_customer ON invoices (customer_id, due_on);\n"
"CREATE TABLE payments (\n"
"  payment_id TEXT NOT NULL PRIMARY KEY CHECK (length(payment_id) BETWEEN 1 AND 64),\n"
"  customer_id TEXT NOT NULL REFERENCES customers (customer_id),\n"
"  invoice_id TEXT REFERENCES invoices (invoice_id),\n"
"  paid_on TEXT NOT NULL CHECK (length(paid_on) = 10),\n"
"  amount_cents INTEGER NOT NULL CHECK (amount_cents > 0),\n"
"  method TEXT\n"
") STRICT;\n"
"CREATE INDEX payments_by_customer ON payments (customer_id, paid_on);\n"
"CREATE INDEX payments_by_invoice ON payments (invoice_id);\n"
"CREATE TABLE complaints (\n"
"  complaint_id TEXT NOT NULL PRIMARY KEY CHECK (length(complaint_id) BETWEEN 1 AND 64),\n"
"  customer_id TEXT NOT NULL REFERENCES customers (customer_id),\n"
"  opened_on TEXT NOT NULL CHECK (length(opened_on) = 10),\n"
"  channel TEXT,\n"
"  category TEXT,\n"
"  severity INTEGER CHECK (severity BETWEEN 1 AND 3),\n"
"  closed_on TEXT CHECK (closed_on >= opened_on),\n"
"  valid INTEGER CHECK (valid IN (0, 1))\n"
") STRICT;\n"
"CREATE INDEX complaints_by_customer ON complaints (customer_id, opened_on);\n"
"CREATE TABLE visits (\n"
"  visit_id TEXT NOT NULL PRIMARY KEY CHECK (length(visit_id) BETWEEN 1 AND 64),\n"
"  customer_id TEXT NOT NULL REFERENCES customers (customer_id),\n"
"  visited_on TEXT NOT NULL CHECK (length(visited_on) = 10),\n"
"  channel TEXT,\n"
"  outcome TEXT\n"
") STRICT;\n"
"CREATE INDEX visits_by_customer ON visits (customer_id, visited_on);\n"
"CREATE TABLE responses (\n"
"  response_id TEXT NOT NULL CHECK (length(response_id) BETWEEN 1 AND 64),\n"
"  customer_id TEXT NOT NULL REFERENCES customers (customer_id),\n"
"  survey TEXT NOT NULL,\n"
"  answered_on TEXT NOT NULL CHECK (length(answered_on) = 10),\n"
"  item TEXT NOT NULL,\n"
"  score REAL NOT NULL,\n"
"  PRIMARY KEY (response_id, item)\n"
") STRICT;\n"
"CREATE INDEX responses_by_customer ON responses (customer_id, answered_on);\n"
"CREATE INDEX responses_by_survey ON responses (survey, item);\n"
"CREATE TABLE promises (\n"
"  promise_id TEXT NOT NULL PRIMARY KEY CHECK (length(promise_id) BETWEEN 1 AND 64),\n"
"  customer_id TEXT NOT NULL REFERENCES customers (customer_id),\n"
"  made_on TEXT NOT NULL CHECK (length(made_on) = 10),\n"
"  due_on TEXT NOT NULL CHECK (length(due_on) = 10),\n"
"  amount_cents INTEGER NOT NULL CHECK (amount_cents > 0),\n"
"  CHECK (due_on >= made_on)\n"
") STRICT;\n"
"CREATE INDEX promises_by_customer ON promises (customer_id, due_on);\n";

/* Version 2: a record of every import run. */
static const char v2[] =
"CREATE TABLE import_runs (\n"
"  run_id INTEGER PRIMARY KEY,\n"
"  table_name TEXT NOT NULL,\n"
"  file TEXT NOT NULL,\n"
"  sha256 TEXT,\n"
"  bytes INTEGER,\n"
"  encoding TEXT,\n"
"  started_at TEXT NOT NULL,\n"
"  finished_at TEXT NOT NULL,\n"
"  rows INTEGER NOT NULL,\n"
"  loaded INTEGER NOT NULL,\n"
"  inserted INTEGER NOT NULL,\n"
"  updated INTEGER NOT NULL,\n"
"  unchanged INTEGER NOT NULL,\n"
"  rejected INTEGER NOT NULL,\n"
"  status TEXT NOT NULL CHECK (status IN ('loaded', 'aborted'))\n"
") STRICT;\n";

/*
 * Version 3: segment snapshots (cs-segment --save), and the invoice
 * index widened so that revenue per customer is read from the index
 * alone.
 */
static const char v3[] =
"CREATE TABLE segments (\n"
"  as_of TEXT NOT NULL CHECK (length(as_of) = 10),\n"
"  model TEXT NOT NULL,\n"
"  customer_id TEXT NOT NULL REFERENCES customers (customer_id),\n"
"  label TEXT NOT NULL,\n"
"  score TEXT,\n"
"  value_cents INTEGER,\n"
"  PRIMARY KEY (as_of, model, customer_id)\n"
") STRICT;\n"
"CREATE INDEX segments_by_customer ON segments (customer_id, model, as_of);\n"
"DROP INDEX invoices_by_customer;\n"
"CREATE INDEX invoices_by_customer ON invoices (customer_id, due_on, issued_on, amount_cents);\n";

/*
 * Version 4: cs-dunning's runs, the current stage of each customer, the
 * append-only history of its actions, the late fees charged (no day
 * twice) and the manual holds; the invoice and payment indexes widened
 * so that every customer's ledger is read from them alone, in order.
 */
static const char v4[] =
"CREATE TABLE dunning_runs (\n"
"  run_id INTEGER PRIMARY KEY,\n"
"  as_of TEXT NOT NULL CHECK (length(as_of) = 10),\n"
"  from_day TEXT NOT NULL CHECK (from_day <= as_of),\n"
"  started_at TEXT NOT NULL,\n"
"  policy_sha256 TEXT NOT NULL,\n"
"  customers INTEGER NOT NULL,\n"
"  actions INTEGER NOT NULL\n"
") STRICT;\n"
"CREATE INDEX dunning_runs_by_date ON dunning_runs (as_of);\n"
"CREATE TABLE dunning_state (\n"
"  customer_id TEXT PRIMARY KEY REFERENCES customers (customer_id),\n"
"  stage TEXT CHECK (stage IN ('prevent', 'remind', 'guide', 'pursue', 'sue')),\n"
"  stage_since TEXT,\n"
"  fee_through TEXT,\n"
"  late_fee_cents INTEGER NOT NULL DEFAULT 0,\n"
"  warned INTEGER NOT NULL DEFAULT 0 CHECK (warned IN (0, 1)),\n"
"  blacklisted INTEGER NOT NULL DEFAULT 0 CHECK (blacklisted IN (0, 1)),\n"
"  held TEXT NOT NULL DEFAULT '',\n"
"  broken TEXT NOT NULL DEFAULT '',\n"
"  updated_on TEXT NOT NULL\n"
") STRICT, WITHOUT ROWID;\n"
"CREATE TABLE dunning_history (\n"
"  seq INTEGER PRIMARY KEY,\n"
"  run_id INTEGER NOT NULL REFERENCES dunning_runs (run_id),\n"
"  run_date TEXT NOT NULL CHECK (length(run_date) = 10),\n"
"  customer_id TEXT NOT NULL REFERENCES customers (customer_id),\n"
"  stage TEXT,\n"
"  stage_label TEXT,\n"
"  action TEXT NOT NULL,\n"
"  days_overdue INTEGER,\n"
"  balance_cents INTEGER NOT NULL,\n"
"  late_fee_cents INTEGER NOT NULL,\n"
"  oldest_invoice_id TEXT,\n"
"  reason TEXT NOT NULL\n"
") STRICT;\n"
"CREATE INDEX dunning_history_by_date ON dunning_history (run_date, customer_id);\n"
"CREATE INDEX dunning_history_by_customer ON dunning_history (customer_id, run_date);\n"
"CREATE TRIGGER dunning_history_no_update BEFORE UPDATE ON dunning_history\n"
"BEGIN SELECT RAISE(ABORT, 'dunning_history is append-only'); END;\n"
"CREATE TRIGGER dunning_history_no_delete BEFORE DELETE ON dunning_history\n"
"BEGIN SELECT RAISE(ABORT, 'dunning_history is append-only'); END;\n"
"CREATE TABLE dunning_fees (\n"
"  customer_id TEXT NOT NULL REFERENCES customers (customer_id),\n"
"  from_day TEXT NOT NULL,\n"
"  through_day TEXT NOT NULL CHECK (through_day >= from_day),\n"
"  fee_cents INTEGER NOT NULL CHECK (fee_cents > 0),\n"
"  run_id INTEGER NOT NULL REFERENCES dunning_runs (run_id),\n"
"  PRIMARY KEY (customer_id, from_day)\n"
") STRICT, WITHOUT ROWID;\n"
"CREATE TRIGGER dunning_fees_once BEFORE INSERT ON dunning_fees\n"
"WHEN EXISTS (SELECT 1 FROM dunning_fees WHERE customer_id = NEW.customer_id\n"
"  AND through_day >= NEW.from_day)\n"
"BEGIN SELECT RAISE(ABORT, 'late fee charged twice for a day'); END;\n"
"CREATE TABLE dunning_holds (\n"
"  hold_id INTEGER PRIMARY KEY,\n"
"  customer_id TEXT NOT NULL REFERENCES customers (customer_id),\n"
"  set_on TEXT NOT NULL CHECK (length(set_on) = 10),\n"
"  until TEXT NOT NULL CHECK (until >= set_on),\n"
"  reason TEXT NOT NULL,\n"
"  released_on TEXT\n"
") STRICT;\n"
"CREATE INDEX dunning_holds_by_customer ON dunning_holds (customer_id, until);\n"
"DROP INDEX invoices_by_customer;\n"
"CREATE INDEX invoices_by_customer ON invoices\n"
"  (customer_id, due_on, issued_on, invoice_id, amount_cents);\n"
"DROP INDEX payments_by_customer;\n"
"CREATE INDEX payments_by_customer ON payments\n"
"  (customer_id, paid_on, payment_id, amount_cents, invoice_id);\n";

/*
 * Version 5: import_runs records files refused whole (no header, a
 * refused header) as 'refused'; an invoice that payments name cannot
 * move to another customer, which would leave its payments behind.
 */
static const char v5[] =
"CREATE TABLE import_runs_v5 (\n"
"  run_id INTEGER PRIMARY KEY,\n"
"  table_name TEXT NOT NULL,\n"
"  file TEXT NOT NULL,\n"
"  sha256 TEXT,\n"
"  bytes INTEGER,\n"
"  encoding TEXT,\n"
"  started_at TEXT NOT NULL,\n"
"  finished_at TEXT NOT NULL,\n"
"  rows INTEGER NOT NULL,\n"
"  loaded INTEGER NOT NULL,\n"
"  inserted INTEGER NOT NULL,\n"
"  updated INTEGER NOT NULL,\n"
"  unchanged INTEGER NOT NULL,\n"
"  rejected INTEGER NOT NULL,\n"
"  status TEXT NOT NULL CHECK (status IN ('loaded', 'aborted', 'refused'))\n"
") STRICT;\n"
"INSERT INTO import_runs_v5 SELECT * FROM import_runs;\n"
"DROP TABLE import_runs;\n"
"ALTER TABLE import_runs_v5 RENAME TO import_runs;\n"
"CREATE TRIGGER invoices_keep_customer BEFORE UPDATE OF customer_id ON invoices\n"
"WHEN OLD.customer_id <> NEW.customer_id\n"
"  AND EXISTS (SELECT 1 FROM payments WHERE invoice_id = OLD.invoice_id)\n"
"BEGIN SELECT RAISE(ABORT, 'the invoice has payments of its customer and cannot move"
" to another customer'); END;\n";

/*
 * Version 6: a payment that bounced keeps its row with the day it
 * bounced (it no longer pays anything from that day); cs-dunning
 * remembers a customer catching up with a debt older than the ladder,
 * and the stage it stood at when its arrears were paid, to return to
 * it if the payment bounces.
 */
static const char v6[] =
"ALTER TABLE payments ADD COLUMN bounced_on TEXT\n"
"  CHECK (length(bounced_on) = 10 AND bounced_on >= paid_on);\n"
"DROP INDEX payments_by_customer;\n"
"CREATE INDEX payments_by_customer ON payments\n"
"  (customer_id, paid_on, payment_id, amount_cents, invoice_id, bounced_on);\n"
"ALTER TABLE dunning_state ADD COLUMN catching_up INTEGER NOT NULL DEFAULT 0\n"
"  CHECK (catching_up IN (0, 1));\n"
"ALTER TABLE dunning_state ADD COLUMN restored_stage TEXT\n"
"  CHECK (restored_stage IN ('prevent', 'remind', 'guide', 'pursue', 'sue'));\n"
"ALTER TABLE dunning_state ADD COLUMN restored_on TEXT CHECK (length(restored_on) = 10);\n";

/*
 * The order of the steps of a complaint (cs-data(5)), which is also the
 * order of two events at the same time: "latest" is by at, then by it.
 */
#define STEP_ORDER(e) "CASE " e ".step WHEN 'recorded' THEN 1 WHEN 'validated' THEN 2\n" \
	"      WHEN 'invalidated' THEN 3 WHEN 'assigned' THEN 4 WHEN 'handed-over' THEN 5\n" \
	"      WHEN 'investigated' THEN 6 WHEN 'remedy-proposed' THEN 7 WHEN 'approved' THEN 8\n" \
	"      WHEN 'rejected' THEN 9 WHEN 'customer-notified' THEN 10 WHEN 'closed' THEN 11\n" \
	"      WHEN 'reopened' THEN 12 WHEN 'reviewed' THEN 13 END"

/* The events of the complaint k of the view, as "FROM ... WHERE" for a subquery. */
#define EVENTS_OF_K "FROM complaint_events e WHERE e.complaint_id = k.complaint_id"

/* The latest of them, once the WHERE is complete. */
#define LATEST "\n    ORDER BY e.at DESC, " STEP_ORDER("e") " DESC LIMIT 1)"

/*
 * Version 7: complaints handled as a process.  A complaint records what
 * it is about, what the customer asks and its first-contact owner; its
 * events (complaint_events) say what was done when; the view
 * complaint_status derives from them, in one place, whether it is
 * valid, closed, whose it is and the step it is at.
 */
static const char v7[] =
"ALTER TABLE complaints ADD COLUMN subject TEXT;\n"
"ALTER TABLE complaints ADD COLUMN demand TEXT;\n"
"ALTER TABLE complaints ADD COLUMN description TEXT;\n"
"ALTER TABLE complaints ADD COLUMN owner TEXT;\n"
"CREATE TABLE complaint_events (\n"
"  complaint_id TEXT NOT NULL REFERENCES complaints (complaint_id),\n"
"  at TEXT NOT NULL CHECK (length(at) = 19),\n"
"  step TEXT NOT NULL CHECK (step IN ('recorded', 'validated', 'invalidated', 'assigned',\n"
"    'handed-over', 'investigated', 'remedy-proposed', 'approved', 'rejected',\n"
"    'customer-notified', 'closed', 'reopened', 'reviewed')),\n"
"  actor TEXT,\n"
"  assignee TEXT,\n"
"  remedy TEXT CHECK (remedy IN ('return', 'exchange', 'repair', 'discount',\n"
"    'compensation', 'none')),\n"
"  amount_cents INTEGER CHECK (amount_cents >= 0),\n"
"  approved_by TEXT,\n"
"  note TEXT,\n"
"  PRIMARY KEY (complaint_id, at, step)\n"
") STRICT;\n"
"CREATE VIEW complaint_status AS\n"
"SELECT k.complaint_id, k.customer_id, k.opened_on, k.channel, k.category, k.severity,\n"
"  nullif(coalesce((SELECT CASE e.step WHEN 'closed' THEN substr(e.at, 1, 10) ELSE '' END\n"
"    " EVENTS_OF_K " AND e.step IN ('closed', 'reopened')" LATEST ",\n"
"    k.closed_on), '') AS closed_on,\n"
"  coalesce((SELECT e.step = 'validated'\n"
"    " EVENTS_OF_K " AND e.step IN ('validated', 'invalidated')" LATEST ",\n"
"    k.valid) AS valid,\n"
"  k.subject, k.demand, k.description,\n"
"  coalesce((SELECT e.assignee " EVENTS_OF_K " AND e.step = 'handed-over'\n"
"    ORDER BY e.at DESC LIMIT 1), k.owner,\n"
"    (SELECT e.actor " EVENTS_OF_K " AND e.step = 'recorded' ORDER BY e.at LIMIT 1))\n"
"    AS owner,\n"
"  coalesce((SELECT e.step " EVENTS_OF_K LATEST ", 'recorded') AS step,\n"
"  (SELECT max(e.at) " EVENTS_OF_K ") AS step_at,\n"
"  coalesce((SELECT min(e.at) " EVENTS_OF_K " AND e.step = 'recorded'),\n"
"    k.opened_on || ' 00:00:00') AS opened_at\n"
"FROM complaints k;\n";

/* A level of secrecy (cs-access(5)), in the CHECK of a column c. */
#define LEVEL_IN(c) "CHECK (" c " IN ('secret', 'confidential', 'top-secret'))"

/* The customers columns whose change is a "changed" in record_changes. */
#define CARD_COLUMNS(r) "(" r ".name, " r ".kind, " r ".region, " r ".industry, " \
	r ".manager, " r ".phone, " r ".email, " r ".opened_on, " r ".credit_limit_cents, " \
	r ".status, " r ".parent_id, " r ".reg_no, " r ".address, " r ".employees, " \
	r ".yearly_sales_cents, " r ".founded_on, " r ".qualification, " r ".special_terms, " \
	r ".level)"

/* The moment a trigger records, on the wall clock as the programs keep it. */
#define NOW "datetime('now', 'localtime')"

/*
 * Version 8: the customer file as the department keeps it, and who may
 * see it.  A customer gains what the card of a business customer lists
 * (parent company, registration number, address, size, founded,
 * qualification, special terms), its level of secrecy and when its
 * record was last checked and by whom; its contact persons are a table.
 * Approvals to see above one's clearance (access_grants) and the log of
 * every reveal (access_log, append-only) make the rules' signature data;
 * retirement_approvals holds the three approvals a purge needs;
 * record_changes, kept by triggers, what happened to each record and
 * when; door_matches, the new customers who match a blacklisted one.
 */
static const char v8[] =
"ALTER TABLE customers ADD COLUMN parent_id TEXT CHECK (length(parent_id) BETWEEN 1 AND 64);\n"
"ALTER TABLE customers ADD COLUMN reg_no TEXT;\n"
"ALTER TABLE customers ADD COLUMN address TEXT;\n"
"ALTER TABLE customers ADD COLUMN employees INTEGER CHECK (employees >= 0);\n"
"ALTER TABLE customers ADD COLUMN yearly_sales_cents INTEGER CHECK (yearly_sales_cents >= 0);\n"
"ALTER TABLE customers ADD COLUMN founded_on TEXT CHECK (length(founded_on) = 10);\n"
"ALTER TABLE customers ADD COLUMN qualification TEXT;\n"
"ALTER TABLE customers ADD COLUMN special_terms TEXT;\n"
"ALTER TABLE customers ADD COLUMN level TEXT " LEVEL_IN("level") ";\n"
"ALTER TABLE customers ADD COLUMN checked_on TEXT CHECK (length(checked_on) = 10);\n"
"ALTER TABLE customers ADD COLUMN checked_by TEXT;\n"
"CREATE INDEX customers_by_parent ON customers (parent_id) WHERE parent_id IS NOT NULL;\n"
"CREATE INDEX customers_by_reg_no ON customers (reg_no) WHERE reg_no IS NOT NULL;\n"
"CREATE TABLE contacts (\n"
"  contact_id TEXT NOT NULL PRIMARY KEY CHECK (length(contact_id) BETWEEN 1 AND 64),\n"
"  customer_id TEXT NOT NULL REFERENCES customers (customer_id),\n"
"  name TEXT NOT NULL CHECK (name <> ''),\n"
"  role TEXT,\n"
"  decision_maker INTEGER CHECK (decision_maker IN (0, 1)),\n"
"  phone TEXT,\n"
"  email TEXT\n"
") STRICT;\n"
"CREATE INDEX contacts_by_customer ON contacts (customer_id);\n"
"CREATE TABLE access_grants (\n"
"  grant_id TEXT NOT NULL PRIMARY KEY CHECK (length(grant_id) BETWEEN 1 AND 64),\n"
"  reader TEXT NOT NULL CHECK (reader <> ''),\n"
"  customer_id TEXT REFERENCES customers (customer_id),\n"
"  level TEXT NOT NULL " LEVEL_IN("level") ",\n"
"  approved_by TEXT NOT NULL CHECK (approved_by <> ''),\n"
"  valid_from TEXT NOT NULL CHECK (length(valid_from) = 10),\n"
"  valid_until TEXT NOT NULL CHECK (length(valid_until) = 10 AND valid_until >= valid_from),\n"
"  reason TEXT NOT NULL CHECK (reason <> '')\n"
") STRICT;\n"
"CREATE INDEX access_grants_by_reader ON access_grants (reader, valid_until);\n"
"CREATE TABLE access_log (\n"
"  seq INTEGER PRIMARY KEY,\n"
"  at TEXT NOT NULL CHECK (length(at) = 19),\n"
"  reader TEXT NOT NULL,\n"
"  program TEXT NOT NULL,\n"
"  customer_id TEXT NOT NULL,\n"
"  fields TEXT NOT NULL,\n"
"  outcome TEXT NOT NULL CHECK (outcome IN ('cleared', 'granted', 'refused')),\n"
"  grant_id TEXT\n"
") STRICT;\n"
"CREATE INDEX access_log_by_customer ON access_log (customer_id, at);\n"
"CREATE TRIGGER access_log_no_update BEFORE UPDATE ON access_log\n"
"BEGIN SELECT RAISE(ABORT, 'access_log is append-only'); END;\n"
"CREATE TRIGGER access_log_no_delete BEFORE DELETE ON access_log\n"
"BEGIN SELECT RAISE(ABORT, 'access_log is append-only'); END;\n"
"CREATE TABLE retirement_approvals (\n"
"  customer_id TEXT NOT NULL REFERENCES customers (customer_id),\n"
"  role TEXT NOT NULL\n"
"    CHECK (role IN ('information-owner', 'service-manager', 'general-manager')),\n"
"  approved_by TEXT NOT NULL CHECK (approved_by <> ''),\n"
"  approved_on TEXT NOT NULL CHECK (length(approved_on) = 10),\n"
"  PRIMARY KEY (customer_id, role)\n"
") STRICT;\n"
"CREATE TABLE record_changes (\n"
"  customer_id TEXT NOT NULL,\n"
"  at TEXT NOT NULL CHECK (length(at) = 19),\n"
"  change TEXT NOT NULL CHECK (change IN ('new', 'changed', 'checked', 'closed', 'purged')),\n"
"  actor TEXT\n"
") STRICT;\n"
"CREATE INDEX record_changes_by_date ON record_changes (at, change);\n"
"CREATE TRIGGER customers_new AFTER INSERT ON customers\n"
"BEGIN INSERT INTO record_changes (customer_id, at, change)\n"
"  VALUES (new.customer_id, " NOW ", 'new'); END;\n"
"CREATE TRIGGER customers_changed AFTER UPDATE ON customers\n"
"WHEN " CARD_COLUMNS("old") " IS NOT " CARD_COLUMNS("new") "\n"
"BEGIN INSERT INTO record_changes (customer_id, at, change)\n"
"  VALUES (new.customer_id, " NOW ", 'changed'); END;\n"
"CREATE TRIGGER customers_checked AFTER UPDATE OF checked_on ON customers\n"
"WHEN new.checked_on IS NOT old.checked_on AND new.checked_on IS NOT NULL\n"
"BEGIN INSERT INTO record_changes (customer_id, at, change, actor)\n"
"  VALUES (new.customer_id, " NOW ", 'checked', new.checked_by); END;\n"
"CREATE TRIGGER customers_closed AFTER UPDATE OF status ON customers\n"
"WHEN new.status = 'closed' AND old.status IS NOT 'closed'\n"
"BEGIN INSERT INTO record_changes (customer_id, at, change)\n"
"  VALUES (new.customer_id, " NOW ", 'closed'); END;\n"
"CREATE TABLE door_matches (\n"
"  customer_id TEXT NOT NULL,\n"
"  matched_id TEXT NOT NULL,\n"
"  match TEXT NOT NULL CHECK (match IN ('name-phone', 'reg-no')),\n"
"  at TEXT NOT NULL CHECK (length(at) = 19),\n"
"  file TEXT,\n"
"  line INTEGER,\n"
"  PRIMARY KEY (customer_id, matched_id)\n"
") STRICT;\n";

/*
 * What each version adds that tells it apart, for recognising a cs
 * database whose version was lost (restored from sqlite3 .dump).
 */
static const struct cs_schema_mark marks[] = {
	{ 1, "table", "customers" }, { 1, "table", "invoices" }, { 1, "table", "payments" },
	{ 1, "table", "complaints" }, { 1, "table", "visits" }, { 1, "table", "responses" },
	{ 1, "table", "promises" },
	{ 2, "table", "import_runs" },
	{ 3, "table", "segments" },
	{ 4, "table", "dunning_runs" }, { 4, "table", "dunning_state" },
	{ 4, "table", "dunning_history" }, { 4, "table", "dunning_fees" },
	{ 4, "table", "dunning_holds" },
	{ 5, "trigger", "invoices_keep_customer" },
	{ 6, "column", "payments.bounced_on" }, { 6, "column", "dunning_state.catching_up" },
	{ 7, "column", "complaints.owner" }, { 7, "table", "complaint_events" },
	{ 7, "view", "complaint_status" },
	{ 8, "column", "customers.level" }, { 8, "table", "contacts" },
	{ 8, "table", "access_grants" }, { 8, "table", "access_log" },
	{ 8, "table", "retirement_approvals" }, { 8, "table", "record_changes" },
	{ 8, "table", "door_matches" },
	{ 0, NULL, NULL }
};

const struct cs_schema_mark *
cs_schema_marks(void)
{
	return marks;
}

const char *
cs_schema_migration(int v)
{
	static const char *const scripts[] = { NULL, v1, v2, v3, v4, v5, v6, v7, v8 };

	_Static_assert(sizeof scripts / sizeof scripts[0] == CS_SCHEMA_VERSION + 1,
	    "one migration per schema version");
	return v >= 1 && v <= CS_SCHEMA_VERSION ? scripts[v] : "";
}
