-- pg-roles.sql - the secrecy levels of cs-access(5) as PostgreSQL roles,
-- so that on a database server the levels are enforced by the server
-- itself for everyone who reaches the data with SQL, not only by the
-- programs (cs(7), "PostgreSQL and Citus").
--
-- Use: once per database, after the schema exists (and after
-- scripts/citus-distribute.sql on Citus), as a superuser, or as the
-- owner of the tables if it may create roles (CREATEROLE):
--
--   psql -v ON_ERROR_STOP=1 -1 -d postgresql://host/cs -f pg-roles.sql
--
-- then make people members of a level and the programs' logins members
-- of a program role, for example
--
--   CREATE ROLE wang_jing LOGIN IN ROLE cs_level_confidential;
--   CREATE ROLE cs_nightly LOGIN IN ROLE cs_dunning;
--
-- Roles are shared by every database of the server; running the file
-- again is harmless.
--
-- Levels (NOLOGIN roles), each a member of the one below, so a level
-- holds the privileges of the lower ones:
--   cs_level_none          every table but the leveled columns
--   cs_level_secret        + customers.phone, email, address
--   cs_level_confidential  + customers.reg_no, credit_limit_cents,
--                          yearly_sales_cents; contacts.name, phone, email
--   cs_level_top_secret    + customers.special_terms
-- These are the levels of the fields in the built-in access file
-- (etc/cs-access.conf); where the installed file gives a field another
-- level, move its GRANT below to that level's role.
--
-- A customer's own level (customers.level; when empty, confidential
-- for a strategic or key customer of the latest bigcustomer snapshot
-- and secret for the others, the built-in [customers]) is enforced by
-- row-level security: a level role sees a customer, and its contacts,
-- only when the customer's level is within its clearance.  That is
-- stricter than the programs, which show the unleveled columns of every
-- customer and mask the rest; a person who needs those uses the
-- programs.  Grants (access_grants) are honoured by the programs only.
--
-- Programs (NOLOGIN roles) read everything and decide what to show as
-- the access file says, as the setgid programs do on one machine; each
-- writes only its own tables.  History is append-only: no role is
-- granted UPDATE, DELETE or TRUNCATE on access_log, dunning_history or
-- record_changes.
--   cs_program   SELECT on every table; INSERT on access_log
--   cs_import    + the input tables, import_runs, record_changes, door_matches
--   cs_segment   + segments
--   cs_dunning   + the dunning tables
--   cs_survey, cs_report   cs_program's privileges

DO $$
DECLARE
	r text;
BEGIN
	FOREACH r IN ARRAY ARRAY['cs_level_none', 'cs_level_secret', 'cs_level_confidential',
	    'cs_level_top_secret', 'cs_program', 'cs_import', 'cs_segment', 'cs_dunning',
	    'cs_survey', 'cs_report'] LOOP
		IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r) THEN
			EXECUTE format('CREATE ROLE %I NOLOGIN', r);
		END IF;
	END LOOP;
END
$$;

GRANT cs_level_none TO cs_level_secret;
GRANT cs_level_secret TO cs_level_confidential;
GRANT cs_level_confidential TO cs_level_top_secret;
GRANT cs_program TO cs_import, cs_segment, cs_dunning, cs_survey, cs_report;

-- Levels: the tables without leveled columns, whole.
GRANT SELECT ON cs_schema_version, invoices, payments, complaints, complaint_events,
    complaint_status, visits, responses, promises, import_runs, segments, dunning_runs,
    dunning_state, dunning_history, dunning_fees, dunning_holds, access_grants, access_log,
    retirement_approvals, record_changes, door_matches TO cs_level_none;
-- customers and contacts, column by column.
GRANT SELECT (customer_id, name, kind, region, industry, manager, opened_on, status,
    parent_id, employees, founded_on, qualification, level, checked_on, checked_by)
    ON customers TO cs_level_none;
GRANT SELECT (contact_id, customer_id, role, decision_maker) ON contacts TO cs_level_none;
GRANT SELECT (phone, email, address) ON customers TO cs_level_secret;
GRANT SELECT (reg_no, credit_limit_cents, yearly_sales_cents) ON customers
    TO cs_level_confidential;
GRANT SELECT (name, phone, email) ON contacts TO cs_level_confidential;
GRANT SELECT (special_terms) ON customers TO cs_level_top_secret;

-- The rank of a level: 0 none, 1 secret, 2 confidential, 3 top-secret.
CREATE OR REPLACE FUNCTION cs_level_rank(level text) RETURNS integer
LANGUAGE sql IMMUTABLE AS $$
	SELECT CASE level WHEN 'secret' THEN 1 WHEN 'confidential' THEN 2
	    WHEN 'top-secret' THEN 3 ELSE 0 END
$$;

-- The clearance of the current role: the rank of the highest level it is a member of.
CREATE OR REPLACE FUNCTION cs_clearance() RETURNS integer
LANGUAGE sql STABLE AS $$
	SELECT CASE WHEN pg_has_role('cs_level_top_secret', 'USAGE') THEN 3
	    WHEN pg_has_role('cs_level_confidential', 'USAGE') THEN 2
	    WHEN pg_has_role('cs_level_secret', 'USAGE') THEN 1 ELSE 0 END
$$;

-- The rank of a customer's level: its own, else by its class in the
-- latest bigcustomer snapshot, else the default (the built-in [customers]).
CREATE OR REPLACE FUNCTION cs_customer_rank(id text, level text) RETURNS integer
LANGUAGE sql STABLE AS $$
	SELECT cs_level_rank(coalesce(level,
	    (SELECT CASE WHEN s.label IN ('strategic', 'key') THEN 'confidential' END
	     FROM segments s WHERE s.customer_id = id AND s.model = 'bigcustomer'
	       AND s.as_of = (SELECT max(as_of) FROM segments WHERE model = 'bigcustomer')),
	    'secret'))
$$;

GRANT EXECUTE ON FUNCTION cs_level_rank(text), cs_clearance(), cs_customer_rank(text, text)
    TO cs_level_none, cs_program;

ALTER TABLE customers ENABLE ROW LEVEL SECURITY;
ALTER TABLE contacts ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS customers_by_level ON customers;
CREATE POLICY customers_by_level ON customers FOR SELECT TO cs_level_none
    USING (cs_customer_rank(customer_id, level) <= cs_clearance());
-- A contact is seen with its customer (the subquery is under customers' policy).
DROP POLICY IF EXISTS contacts_by_level ON contacts;
CREATE POLICY contacts_by_level ON contacts FOR SELECT TO cs_level_none
    USING (EXISTS (SELECT 1 FROM customers c WHERE c.customer_id = contacts.customer_id));
DROP POLICY IF EXISTS customers_programs ON customers;
CREATE POLICY customers_programs ON customers TO cs_program USING (true) WITH CHECK (true);
DROP POLICY IF EXISTS contacts_programs ON contacts;
CREATE POLICY contacts_programs ON contacts TO cs_program USING (true) WITH CHECK (true);

-- Programs: read everything, log what they reveal.
GRANT SELECT ON ALL TABLES IN SCHEMA public TO cs_program;
GRANT INSERT ON access_log TO cs_program;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO cs_program;
GRANT INSERT, UPDATE, DELETE ON customers, invoices, payments, complaints, complaint_events,
    visits, responses, promises, contacts, access_grants, retirement_approvals TO cs_import;
GRANT INSERT ON import_runs, record_changes, door_matches TO cs_import;
GRANT INSERT, DELETE ON segments TO cs_segment;
GRANT INSERT, UPDATE ON dunning_runs, dunning_state, dunning_fees, dunning_holds TO cs_dunning;
GRANT INSERT ON dunning_history TO cs_dunning;
