/*
 * unit_access.c - unit tests of the access file and the one decision
 * (cs_access.h) and of masking (cs_shown.h), each case worked by hand
 * in its comment.
 */
#include <stdio.h>
#include <string.h>

#include "cs_access.h"
#include "cs_shown.h"
#include "unit.h"

/* The file of these tests: its own levels, not the default file's. */
static const char access_text[] =
    "[fields]\n"
    "phone = secret\n"
    "email = 秘密\n"
    "contacts = confidential\n"
    "special_terms = top-secret\n"
    "[customers]\n"
    "strategic = top-secret\n"
    "key = confidential\n"
    "default = secret\n"
    "[readers]\n"
    "* = secret\n"
    "alice = confidential\n"
    "@audit = top-secret\n"
    "[approvers]\n"
    "boss = top-secret\n"
    "[settings]\n"
    "data_dir = /var/lib/cs\n";

/* The file's errors: one line each, naming the line. */
static void
test_access_file_errors(void)
{
	static const struct { const char *text, *err; } bad[] = {
		{ "phone = secret\n", "t:1: expected a [section] first: phone" },
		{ "[fields]\nfax = secret\n", "t:2: unknown field (expected phone, email, address,"
		    " contacts, reg_no, credit_limit, yearly_sales or special_terms): fax" },
		{ "[fields]\nphone = high\n", "t:2: expected a level: none, secret, confidential or"
		    " top-secret (秘密, 机密, 绝密): phone" },
		{ "[people]\n", "t:1: unknown section (expected [fields], [customers], [readers],"
		    " [approvers] or [settings]): [people]" },
		{ "[customers]\nvip = secret\n", "t:2: unknown class (expected strategic, key,"
		    " high-value, group, regular or default): vip" },
		{ "[settings]\ndata_dir = var/lib\n", "t:2: expected an absolute path: data_dir" },
	};
	static struct cs_access_conf c;
	char err[256];
	size_t k;

	for (k = 0; k < sizeof bad / sizeof bad[0]; k++) {
		err[0] = '\0';
		ok(cs_access_conf_parse("t", bad[k].text, &c, err, sizeof err) == -1 &&
		    strcmp(err, bad[k].err) == 0, "access file error %zu: %s", k, err);
	}
	ok(cs_access_conf_parse("built-in", cs_access_default, &c, err, sizeof err) == 0 &&
	    c.field[CS_FIELD_SPECIAL_TERMS] == CS_LEVEL_TOP_SECRET && c.default_level ==
	    CS_LEVEL_SECRET && strcmp(c.data_dir, "/var/lib/cs") == 0,
	    "the built-in file reads: special_terms top-secret, default secret, /var/lib/cs");
}

/*
 * Clearance: the highest entry naming the reader.  bob (groups staff)
 * matches only "*": secret.  alice: "*" and "alice": confidential.
 * carol in group audit: top-secret.  Nobody names dave in a file
 * without "*": -1.
 */
static void
test_clearance(const struct cs_access_conf *c)
{
	struct cs_reader bob = { "bob", { "staff" }, 1 }, alice = { "alice", { "staff" }, 1 };
	struct cs_reader carol = { "carol", { "staff", "audit" }, 2 };

	ok(cs_access_entry_level(c->readers, c->nreaders, &bob) == CS_LEVEL_SECRET,
	    "clearance: * gives secret");
	ok(cs_access_entry_level(c->readers, c->nreaders, &alice) == CS_LEVEL_CONFIDENTIAL,
	    "clearance: a login's entry above *");
	ok(cs_access_entry_level(c->readers, c->nreaders, &carol) == CS_LEVEL_TOP_SECRET,
	    "clearance: a group's entry");
	ok(cs_access_entry_level(c->readers, 1 + 0 * c->nreaders, &bob) == CS_LEVEL_SECRET &&
	    cs_access_entry_level(c->approvers, c->napprovers, &bob) == -1,
	    "an approver's list that does not name bob: -1");
}

/*
 * Customer levels: its own (confidential), by class (strategic:
 * top-secret, key: confidential), an unknown class or none: the default
 * (secret).
 */
static void
test_customer_level(const struct cs_access_conf *c)
{
	ok(cs_access_customer_level(c, "confidential") == CS_LEVEL_CONFIDENTIAL &&
	    cs_access_customer_level(c, "class:strategic") == CS_LEVEL_TOP_SECRET &&
	    cs_access_customer_level(c, "class:key") == CS_LEVEL_CONFIDENTIAL &&
	    cs_access_customer_level(c, "class:regular") == CS_LEVEL_SECRET &&
	    cs_access_customer_level(c, NULL) == CS_LEVEL_SECRET,
	    "customer levels: own, by class, default");
}

/*
 * The decision, for a reader cleared secret with one grant (G1,
 * customer K, confidential): phone of an ordinary customer C (secret,
 * secret) cleared; phone of K (confidential) granted by G1; phone of
 * S (top-secret) refused; special_terms of C (top-secret) refused.  Not
 * asked (reveal 0): masked, nothing recorded.
 */
static void
test_decide(const struct cs_access_conf *c)
{
	static struct cs_access a;
	struct cs_grant g = { "G1", "K", CS_LEVEL_CONFIDENTIAL };

	memset(&a, 0, sizeof a);
	a.conf = *c;
	a.clearance = CS_LEVEL_SECRET;
	a.grants = &g;
	a.ngrants = 1;
	ok(cs_access_decide(&a, "C", CS_LEVEL_SECRET, CS_FIELD_PHONE) == 0 && a.nseen == 0,
	    "not asked: masked, nothing recorded");
	a.reveal = 1;
	ok(cs_access_decide(&a, "C", CS_LEVEL_SECRET, CS_FIELD_PHONE) == 1, "cleared");
	ok(cs_access_decide(&a, "C", CS_LEVEL_SECRET, CS_FIELD_SPECIAL_TERMS) == 0,
	    "a top-secret field refused");
	ok(cs_access_decide(&a, "K", CS_LEVEL_CONFIDENTIAL, CS_FIELD_PHONE) == 1, "granted");
	ok(cs_access_decide(&a, "S", CS_LEVEL_TOP_SECRET, CS_FIELD_PHONE) == 0,
	    "a top-secret customer refused, the grant is for K only");
	ok(a.nseen == 4, "four outcomes recorded: C cleared, C refused, K granted, S refused");
	ok(cs_access_decide(NULL, "C", CS_LEVEL_NONE, CS_FIELD_PHONE) == 0, "no reader: masked");
	a.grants = NULL;
	cs_access_end(&a);
}

/*
 * Masking: a phone keeps 3 and 4 characters, an email its first and
 * domain, a name its first character (one UTF-8 character: 张) and
 * "**", money and other text "***"; a column without a level as it is.
 */
static void
test_masking(void)
{
	const struct cs_table *t = cs_table_find("customers");
	const struct cs_column *phone = &t->cols[cs_table_column(t, "phone", 5)];
	const struct cs_column *credit = &t->cols[cs_table_column(t, "credit_limit", 12)];
	const struct cs_column *address = &t->cols[cs_table_column(t, "address", 7)];
	const struct cs_column *region = &t->cols[cs_table_column(t, "region", 6)];
	struct cs_shown_of who = { "C", CS_LEVEL_SECRET };
	char buf[64];

	ok(strcmp(cs_shown_value(phone, "13812345678", 0, buf, sizeof buf), "138****5678") == 0,
	    "a phone masked");
	ok(strcmp(cs_shown_value(credit, "500000", 0, buf, sizeof buf), "***") == 0 &&
	    strcmp(cs_shown_value(credit, "500000", 1, buf, sizeof buf), "5000.00") == 0,
	    "money masked ***, shown in yuan");
	ok(strcmp(cs_shown_value(address, "北京市", 0, buf, sizeof buf), "***") == 0,
	    "an address masked ***");
	ok(strcmp(cs_shown_contact(NULL, who, "name", "张三", buf, sizeof buf), "张**") == 0,
	    "a contact's name: its first character and **");
	ok(strcmp(cs_shown_field(NULL, who, region, "华北", buf, sizeof buf), "华北") == 0,
	    "a column without a level as it is");
}

void
test_access(void)
{
	static struct cs_access_conf c;
	char err[256];

	ok(cs_access_conf_parse("t", access_text, &c, err, sizeof err) == 0, "the test file reads");
	test_access_file_errors();
	test_clearance(&c);
	test_customer_level(&c);
	test_decide(&c);
	test_masking();
}
