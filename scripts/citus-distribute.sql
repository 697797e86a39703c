-- citus-distribute.sql - makes a cs database on PostgreSQL a Citus
-- database: the reference tables copied to every node, the tables of
-- customers' rows distributed by customer_id and colocated with
-- customers, so that every join on customer_id runs on one node.
--
-- Use: on the Citus coordinator, in a database where the extension
-- citus is created and the workers are added, after the schema exists
-- (the first run of any cs program with -d postgresql://... makes it)
-- and before the data is loaded (distributing a full table copies it):
--
--   psql -v ON_ERROR_STOP=1 -1 -d postgresql://coordinator/cs -f citus-distribute.sql
--
-- Then run scripts/pg-roles.sql if the levels of cs-access(5) are to be
-- enforced by the server (cs(7)).  The order matters: a table is
-- distributed after the tables its foreign keys name.  Not run on
-- Citus here (its packages were not reachable); tests/57-citus-schema.t
-- runs it against stand-ins of these two functions that check Citus's
-- rules on the catalog of the real schema.

-- Reference tables: small, not keyed by customer.
SELECT create_reference_table('cs_schema_version');
SELECT create_reference_table('import_runs');
SELECT create_reference_table('dunning_runs');
SELECT create_reference_table('access_grants');

-- The anchor of the colocation group.
SELECT create_distributed_table('customers', 'customer_id');

-- Every table that holds rows of one customer.
SELECT create_distributed_table('invoices', 'customer_id', colocate_with => 'customers');
SELECT create_distributed_table('payments', 'customer_id', colocate_with => 'customers');
SELECT create_distributed_table('complaints', 'customer_id', colocate_with => 'customers');
SELECT create_distributed_table('complaint_events', 'customer_id', colocate_with => 'customers');
SELECT create_distributed_table('visits', 'customer_id', colocate_with => 'customers');
SELECT create_distributed_table('responses', 'customer_id', colocate_with => 'customers');
SELECT create_distributed_table('promises', 'customer_id', colocate_with => 'customers');
SELECT create_distributed_table('segments', 'customer_id', colocate_with => 'customers');
SELECT create_distributed_table('dunning_state', 'customer_id', colocate_with => 'customers');
SELECT create_distributed_table('dunning_history', 'customer_id', colocate_with => 'customers');
SELECT create_distributed_table('dunning_fees', 'customer_id', colocate_with => 'customers');
SELECT create_distributed_table('dunning_holds', 'customer_id', colocate_with => 'customers');
SELECT create_distributed_table('contacts', 'customer_id', colocate_with => 'customers');
SELECT create_distributed_table('access_log', 'customer_id', colocate_with => 'customers');
SELECT create_distributed_table('retirement_approvals', 'customer_id', colocate_with => 'customers');
SELECT create_distributed_table('record_changes', 'customer_id', colocate_with => 'customers');
SELECT create_distributed_table('door_matches', 'customer_id', colocate_with => 'customers');
