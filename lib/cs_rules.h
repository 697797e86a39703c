/*
 * cs_rules.h - user-defined segments: a rule file of "label: condition"
 * lines, evaluated in order, the first match giving the label.  The
 * text is parsed here into a tree and evaluated in C; it never becomes
 * SQL.  The grammar is in cs-segment(1):
 *
 *	condition := or
 *	or        := and { "or" and }
 *	and       := not { "and" not }
 *	not       := "not" not | "(" condition ")" | "true" | comparison
 *	comparison:= metric ( "=" | "!=" | "<" | "<=" | ">" | ">=" ) literal
 *
 * A literal is read by the type of the metric it is compared with:
 * money as an exact amount (cents), counts and days as whole numbers,
 * hundredths as decimals with up to two places, dates as dates, text as
 * a "quoted" string.  A comparison with a missing value is false.
 */
#ifndef CS_RULES_H
#define CS_RULES_H

#include <stddef.h>
#include <stdint.h>

enum cs_rule_type {
	CS_RULE_MONEY,		/* cents; literal 10,000.00 */
	CS_RULE_COUNT,		/* whole number */
	CS_RULE_HUNDREDTHS,	/* literal 12.5 is 1250 */
	CS_RULE_DATE,		/* day number; literal 2026-01-31 */
	CS_RULE_TEXT		/* literal "Champions" */
};

/* A metric that rules may name. */
struct cs_rule_metric {
	const char *name;
	enum cs_rule_type type;
};

/* A parsed rule file. */
struct cs_rules;

/*
 * Parses the rule file at path over the metrics[0..n).  Returns the
 * rules, or NULL with "path:line:column: what was expected" in err.
 * Free with cs_rules_free.
 */
struct cs_rules *cs_rules_load(const char *path, const struct cs_rule_metric *metrics,
    size_t n, char *err, size_t errlen);

/*
 * Parses rules from text (for tests and --from-csv), naming them name
 * in messages; otherwise as cs_rules_load.
 */
struct cs_rules *cs_rules_parse(const char *name, const char *text,
    const struct cs_rule_metric *metrics, size_t n, char *err, size_t errlen);

/*
 * Supplies metric m of the customer being evaluated: stores a number in
 * *v or text in *s and returns 1, or returns 0 when the value is
 * missing.
 */
typedef int (*cs_rule_value_fn)(void *ctx, int m, int64_t *v, const char **s);

/* Returns the label of the first rule that matches, or NULL. */
const char *cs_rules_match(const struct cs_rules *r, cs_rule_value_fn value, void *ctx);

/* Returns nonzero when some rule names metric m (so that it must be computed). */
int cs_rules_use(const struct cs_rules *r, int m);

/* Frees rules; NULL is allowed. */
void cs_rules_free(struct cs_rules *r);

#endif
