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

const char *
cs_schema_migration(int v)
{
	static const char *const scripts[] = { NULL, v1, v2, v3 };

	_Static_assert(sizeof scripts / sizeof scripts[0] == CS_SCHEMA_VERSION + 1,
	    "one migration per schema version");
	return v >= 1 && v <= CS_SCHEMA_VERSION ? scripts[v] : "";
}
