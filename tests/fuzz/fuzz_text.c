/*
 * fuzz_text.c - libFuzzer target: the parsers of the files users write
 * by hand: segment rules, the dunning policy, survey definitions and the
 * complaint rules.  The first byte picks the parser.  Built by "make fuzz".
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cs_complaint_rules.h"
#include "cs_policy.h"
#include "cs_rules.h"
#include "cs_survey_def.h"

static const struct cs_rule_metric metrics[] = {
	{ "revenue", CS_RULE_MONEY }, { "invoices", CS_RULE_COUNT },
	{ "share", CS_RULE_HUNDREDTHS }, { "opened_on", CS_RULE_DATE },
	{ "region", CS_RULE_TEXT },
};

/* Supplies a value for every metric. */
static int
value(void *ctx, int m, int64_t *v, const char **s)
{
	(void)ctx;
	*v = 12345LL * (m + 1);
	*s = "华东";
	return m != 2;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text, err[256];
	struct cs_rules *r;
	struct cs_policy *p;
	struct cs_complaint_rules *cr;
	struct cs_ladder l;
	static struct cs_survey_def d;

	if (size == 0)
		return 0;
	text = malloc(size);
	if (text == NULL)
		return 0;
	memcpy(text, data + 1, size - 1);
	text[size - 1] = '\0';
	switch (data[0] % 4) {
	case 0:
		if ((r = cs_rules_parse("fuzz", text, metrics, 5, err, sizeof err)) != NULL) {
			cs_rules_match(r, value, NULL);
			cs_rules_free(r);
		}
		break;
	case 1:
		if ((p = cs_policy_parse("fuzz", text, err, sizeof err)) != NULL) {
			cs_policy_ladder(p, "strategic", "C", &l);
			cs_policy_free(p);
		}
		break;
	case 3:
		if ((cr = cs_complaint_rules_parse("fuzz", text, err, sizeof err)) != NULL) {
			cs_complaint_step_limit(cr, CS_CSTEP_RECORDED, 3, "strategic");
			cs_complaint_first_answer(cr, 2, "key");
			cs_complaint_needs_approval(cr, CS_REMEDY_COMPENSATION, 100);
			cs_complaint_rules_free(cr);
		}
		break;
	default:
		if (cs_survey_def_parse("fuzz", text, &d, err, sizeof err) == 0) {
			cs_survey_def_weights(&d, "tangibles=1");
			cs_survey_def_acsi(&d, "NPS:2,CSAT");
		}
		break;
	}
	free(text);
	return 0;
}
