/*
 * unit_records.c - unit tests of the customer file's keeping: the
 * blacklist at the door (cs_door.h) and the approvals a purge needs
 * (cs_purge.h), each expectation worked by hand in the comments.
 */
#include <stdio.h>
#include <string.h>

#include "cs_door.h"
#include "cs_purge.h"
#include "unit.h"

/* Looks up name, phone and reg_no (NULL: missing) in d; returns how many matched. */
static int
find(struct cs_door *d, const char *name, const char *phone, const char *reg_no,
    struct cs_door_match *m)
{
	return cs_door_find(d, name, name ? strlen(name) : 0, phone, phone ? strlen(phone) : 0,
	    reg_no, reg_no ? strlen(reg_no) : 0, m, CS_DOOR_MAX_MATCHES);
}

/* The door's keys: what is normalised, what must be equal, each customer once. */
static void
test_door(void)
{
	struct cs_door *d = cs_door_new();
	struct cs_door_match m[CS_DOOR_MAX_MATCHES];
	char buf[64];
	int n;

	ok(find(d, "x", "1", "R", m) == 0, "door: an empty blacklist matches nothing");
	cs_door_add(d, "B1", "长江建材", "138-0013-8000", "91110000ABC");
	cs_door_add(d, "B2", "Beta", NULL, "91110000abc");	/* same number, other case */
	cs_door_add(d, "B3", "长江建材", "+86 139 0000 0000", NULL);
	cs_door_add(d, "B4", "长江建材", "13800138000", NULL);	/* B1's twin by phone */
	ok(cs_door_size(d) == 4, "door: four blacklisted customers");

	/* Digits only: "138 0013 8000" is 13800138000, B1's and B4's. */
	n = find(d, "长江建材", "138 0013 8000", NULL, m);
	ok(n == 2 && strcmp(m[0].matched_id, "B1") == 0 && strcmp(m[1].matched_id, "B4") == 0 &&
	    strcmp(m[0].how, "name-phone") == 0 && strcmp(m[0].value, "138-0013-8000") == 0,
	    "door: name and phone by digits, both twins (%d)", n);
	/* Full-width digits (U+FF11 ...) read as ASCII ones; the name trimmed (U+3000). */
	n = find(d, "\xe3\x80\x80长江建材 ", "\xef\xbc\x91\xef\xbc\x93\xef\xbc\x98"
	    "00138000", NULL, m);
	ok(n == 2, "door: full-width digits and an ideographic space (%d)", n);
	/* +86 is part of the digits: 8613900000000 is not 13900000000. */
	ok(find(d, "长江建材", "13900000000", NULL, m) == 0,
	    "door: digits compared whole, the country code too");
	ok(find(d, "长江建材", "+86-139-0000-0000", NULL, m) == 1 &&
	    strcmp(m[0].matched_id, "B3") == 0, "door: the same digits, written otherwise");
	/* A near miss: the phone of B1 under another name; a name with no phone. */
	ok(find(d, "长江建材有限公司", "13800138000", NULL, m) == 0, "door: another name");
	ok(find(d, "长江建材", NULL, NULL, m) == 0, "door: no phone, no match by name alone");
	ok(find(d, "长江建材", "n/a", NULL, m) == 0, "door: a phone without digits matches none");
	/* Registration numbers trimmed, ASCII case ignored: B1 and B2; a
	 * match by name and phone comes first and names B1 once. */
	n = find(d, "Other", NULL, " 91110000Abc ", m);
	ok(n == 2 && strcmp(m[0].matched_id, "B1") == 0 && strcmp(m[1].matched_id, "B2") == 0 &&
	    strcmp(m[0].how, "reg-no") == 0 && strcmp(m[1].value, "91110000abc") == 0,
	    "door: by registration number (%d)", n);
	n = find(d, "长江建材", "13800138000", "91110000ABC", m);
	ok(n == 3 && strcmp(m[0].how, "name-phone") == 0 && strcmp(m[2].matched_id, "B2") == 0 &&
	    strcmp(m[2].how, "reg-no") == 0, "door: each blacklisted customer once (%d)", n);
	ok(find(d, "Other", NULL, "91110000AB", m) == 0, "door: a shorter number is another");
	n = cs_door_find(d, "长江建材", 12, "13800138000", 11, NULL, 0, m, 1);
	ok(n == 1, "door: at most max matches");
	/* Shown masked: a phone keeps 3 and 4 characters, a number is ***. */
	ok(strcmp(cs_door_shown("name-phone", "138-0013-8000", buf, sizeof buf),
	    "138******8000") == 0, "door: the phone shown masked");
	ok(strcmp(cs_door_shown("reg-no", "91110000ABC", buf, sizeof buf), "***") == 0,
	    "door: the registration number shown masked");
	ok(strcmp(cs_door_shown("reg-no", NULL, buf, sizeof buf), "") == 0,
	    "door: nothing to show");
	cs_door_free(d);
}

/* Checks that approvals io, sm and gm are refused with why, or allowed when why is NULL. */
static void
refusal(const char *io, const char *sm, const char *gm, const char *why)
{
	struct cs_purge_approvals a = { { io, sm, gm } };
	char buf[512];
	const char *got = cs_purge_refusal(&a, buf, sizeof buf);

	ok(why == NULL ? got == NULL : got != NULL && strcmp(got, why) == 0,
	    "purge: %s, %s, %s: %s", io ? io : "-", sm ? sm : "-", gm ? gm : "-",
	    got ? got : "allowed");
}

/* The approvals of a purge: three roles, three people. */
static void
test_purge_approvals(void)
{
	refusal("王", "李", "张", NULL);
	refusal("王", "李", NULL, "no approval of the general manager (总经理)");
	refusal(NULL, "李", NULL, "no approval of the information owner (客户信息负责人) and the"
	    " general manager (总经理)");
	refusal(NULL, NULL, NULL, "no approval of the information owner (客户信息负责人), the"
	    " service manager (客服经理) and the general manager (总经理)");
	refusal("wang", "li", " Wang ", "wang approved as the information owner (客户信息负责人)"
	    " and the general manager (总经理): three different people must approve");
	refusal("王", "王", "王", "王 approved as the information owner (客户信息负责人), the"
	    " service manager (客服经理) and the general manager (总经理): three different"
	    " people must approve");
	refusal("李", "王", "王", "王 approved as the service manager (客服经理) and the general"
	    " manager (总经理): three different people must approve");
	refusal("王", "王", NULL, "no approval of the general manager (总经理); 王 approved as the"
	    " information owner (客户信息负责人) and the service manager (客服经理): three"
	    " different people must approve");
	refusal("王", "王五", "王六", NULL);
}

void
test_records(void)
{
	test_door();
	test_purge_approvals();
}
