/*
 * cs_rules.c - the rule file parser (recursive descent) and evaluator.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cs_i18n.h"
#include "cs_cli.h"
#include "cs_err.h"
#include "cs_rules.h"
#include "cs_text.h"
#include "cs_value.h"

#define MAX_RULES_FILE (1 << 20)
#define MAX_NESTING 100		/* levels of "not" and parentheses in a condition */
#define MAX_OPERATORS 1000	/* "and" and "or" in a condition */

enum node_kind { N_TRUE, N_AND, N_OR, N_NOT, N_CMP };
enum cmp_op { OP_EQ, OP_NE, OP_LT, OP_LE, OP_GT, OP_GE };

/* A node of a condition. */
struct node {
	enum node_kind kind;
	struct node *a, *b;		/* operands of and, or, not */
	int metric;			/* comparison: the metric, */
	enum cmp_op op;			/* the operator */
	int64_t v;			/* and the literal: a number, */
	char *s;			/* or text */
};

struct rule {
	char *label;
	struct node *cond;
};

struct cs_rules {
	struct rule *rules;
	size_t n;
	unsigned char *used;		/* per metric: named by some rule */
	size_t nmetrics;
};

/* The state of parsing one line. */
struct parser {
	const char *name;		/* file name for messages */
	long line;
	const char *start;		/* the line's first byte */
	const char *p;			/* the next byte */
	const char *end;		/* the line's end */
	const struct cs_rule_metric *metrics;
	size_t nmetrics;
	unsigned char *used;
	char *err;
	size_t errlen;
	int failed;
	int depth;			/* "not" and "(" open at this point */
	int operators;			/* "and" and "or" read in this condition */
};

/* Records the first error, with its line and column; what is translated. */
static void
fail(struct parser *ps, const char *what, const char *detail)
{
	if (ps->failed)
		return;
	ps->failed = 1;
	snprintf(ps->err, ps->errlen, "%s:%ld:%ld: %s%s", ps->name, ps->line,
	    (long)(ps->p - ps->start) + 1, _(what), detail ? detail : "");
}

/* Skips spaces and tabs. */
static void
skip_space(struct parser *ps)
{
	while (ps->p < ps->end && (*ps->p == ' ' || *ps->p == '\t' || *ps->p == '\r'))
		ps->p++;
}

/* Returns the length of the identifier at p, or 0. */
static size_t
word_length(const struct parser *ps)
{
	size_t n = 0;

	while (ps->p + n < ps->end && (ps->p[n] == '_' ||
	    (ps->p[n] >= 'a' && ps->p[n] <= 'z') || (ps->p[n] >= 'A' && ps->p[n] <= 'Z') ||
	    (n > 0 && ps->p[n] >= '0' && ps->p[n] <= '9')))
		n++;
	return n;
}

/* Consumes the keyword w (ASCII case ignored) if it is next; returns 1 if so. */
static int
accept_word(struct parser *ps, const char *w)
{
	size_t n;

	skip_space(ps);
	n = word_length(ps);
	if (n == 0 || !cs_equal_nocase(ps->p, n, w))
		return 0;
	ps->p += n;
	return 1;
}

/* Consumes the character c if it is next; returns 1 if so. */
static int
accept_char(struct parser *ps, char c)
{
	skip_space(ps);
	if (ps->p < ps->end && *ps->p == c) {
		ps->p++;
		return 1;
	}
	return 0;
}

/* Allocates a node. */
static struct node *
new_node(enum node_kind kind, struct node *a, struct node *b)
{
	struct node *n = cs_xmalloc(sizeof *n);

	memset(n, 0, sizeof *n);
	n->kind = kind;
	n->a = a;
	n->b = b;
	return n;
}

/* Frees a condition tree. */
static void
free_node(struct node *n)
{
	if (n == NULL)
		return;
	free_node(n->a);
	free_node(n->b);
	free(n->s);
	free(n);
}

/* Reads a comparison operator; returns 0 and sets *op, or -1. */
static int
parse_op(struct parser *ps, enum cmp_op *op)
{
	static const struct { const char *text; enum cmp_op op; } ops[] = {
		{ "!=", OP_NE }, { "<>", OP_NE }, { "<=", OP_LE }, { ">=", OP_GE },
		{ "==", OP_EQ }, { "=", OP_EQ }, { "<", OP_LT }, { ">", OP_GT }
	};
	size_t i, n;

	skip_space(ps);
	for (i = 0; i < sizeof ops / sizeof ops[0]; i++) {
		n = strlen(ops[i].text);
		if ((size_t)(ps->end - ps->p) >= n && memcmp(ps->p, ops[i].text, n) == 0) {
			ps->p += n;
			*op = ops[i].op;
			return 0;
		}
	}
	return -1;
}

/* Reads a "quoted" text literal into n->s. */
static void
parse_text(struct parser *ps, struct node *n)
{
	const char *close;

	if (ps->p >= ps->end || *ps->p != '"') {
		fail(ps, "expected a \"quoted\" text", NULL);
		return;
	}
	close = memchr(ps->p + 1, '"', (size_t)(ps->end - ps->p - 1));
	if (close == NULL) {
		fail(ps, "text not closed with \"", NULL);
		return;
	}
	n->s = cs_xstrndup(ps->p + 1, (size_t)(close - ps->p - 1));
	ps->p = close + 1;
}

/* Reads the literal of a comparison by the metric's type. */
static void
parse_literal(struct parser *ps, struct node *n, enum cs_rule_type type)
{
	const char *s;
	size_t len;
	struct cs_date d;
	long long count;
	char buf[64];

	skip_space(ps);
	if (type == CS_RULE_TEXT) {
		parse_text(ps, n);
		return;
	}
	s = ps->p;
	len = strcspn(s, " \t\r()");
	if ((size_t)(ps->end - s) < len)
		len = (size_t)(ps->end - s);
	if (len == 0 || len >= sizeof buf) {
		fail(ps, "expected a value", NULL);
		return;
	}
	memcpy(buf, s, len);
	buf[len] = '\0';
	if (type == CS_RULE_DATE) {
		if (cs_date_parse(s, len, &d) != NULL) {
			fail(ps, "expected a date YYYY-MM-DD", NULL);
			return;
		}
		n->v = cs_date_to_days(d);
	} else if (type == CS_RULE_COUNT) {
		if (cs_strtonum(buf, -1000000000000LL, 1000000000000LL, &count) != NULL) {
			fail(ps, "expected a whole number", NULL);
			return;
		}
		n->v = count;
	} else if (type == CS_RULE_MONEY ? cs_money_parse(s, len, &n->v) != NULL :
	    cs_hundredths_parse(s, len, &n->v) != NULL) {
		fail(ps, type == CS_RULE_MONEY ? N_("expected an amount") :
		    N_("expected a number with at most two decimals"), NULL);
		return;
	}
	ps->p += len;
}

/* Reads "metric op literal". */
static struct node *
parse_comparison(struct parser *ps)
{
	struct node *n = new_node(N_CMP, NULL, NULL);
	size_t len, i;
	char name[64];

	skip_space(ps);
	len = word_length(ps);
	snprintf(name, sizeof name, "%.*s", (int)(len < 63 ? len : 63), ps->p);
	for (i = 0; i < ps->nmetrics; i++)
		if (len > 0 && strlen(ps->metrics[i].name) == len &&
		    memcmp(ps->metrics[i].name, ps->p, len) == 0)
			break;
	if (i == ps->nmetrics) {
		fail(ps, len ? N_("unknown metric: ") : N_("expected a metric name"), len ? name : NULL);
		return n;
	}
	ps->p += len;
	n->metric = (int)i;
	ps->used[i] = 1;
	if (parse_op(ps, &n->op) != 0)
		fail(ps, "expected =, !=, <, <=, > or >= after ", name);
	else if (ps->metrics[i].type == CS_RULE_TEXT && n->op != OP_EQ && n->op != OP_NE)
		fail(ps, "text is compared with = or != only: ", name);
	else
		parse_literal(ps, n, ps->metrics[i].type);
	return n;
}

static struct node *parse_or(struct parser *ps);

/*
 * Enters one more level of "not" or parentheses; returns -1 (after an
 * error) past MAX_NESTING, so that no condition can exhaust the stack
 * of the parser or of eval.
 */
static int
nest(struct parser *ps)
{
	if (++ps->depth <= MAX_NESTING)
		return 0;
	fail(ps, "condition nested too deeply (more than 100 levels of not and parentheses)",
	    NULL);
	return -1;
}

/* Counts an "and" or "or"; returns -1 (after an error) past MAX_OPERATORS. */
static int
count_operator(struct parser *ps)
{
	if (++ps->operators <= MAX_OPERATORS)
		return 0;
	fail(ps, "condition too long (more than 1000 and/or)", NULL);
	return -1;
}

/* not := "not" not | "(" condition ")" | "true" | comparison */
static struct node *
parse_not(struct parser *ps)
{
	struct node *n;

	if (accept_word(ps, "not")) {
		if (nest(ps) != 0)
			return new_node(N_TRUE, NULL, NULL);
		n = new_node(N_NOT, parse_not(ps), NULL);
		ps->depth--;
		return n;
	}
	if (accept_char(ps, '(')) {
		if (nest(ps) != 0)
			return new_node(N_TRUE, NULL, NULL);
		n = parse_or(ps);
		ps->depth--;
		if (!accept_char(ps, ')'))
			fail(ps, "expected )", NULL);
		return n;
	}
	if (accept_word(ps, "true"))
		return new_node(N_TRUE, NULL, NULL);
	return parse_comparison(ps);
}

/* and := not { "and" not } */
static struct node *
parse_and(struct parser *ps)
{
	struct node *n = parse_not(ps);

	while (!ps->failed && accept_word(ps, "and") && count_operator(ps) == 0)
		n = new_node(N_AND, n, parse_not(ps));
	return n;
}

/* or := and { "or" and } */
static struct node *
parse_or(struct parser *ps)
{
	struct node *n = parse_and(ps);

	while (!ps->failed && accept_word(ps, "or") && count_operator(ps) == 0)
		n = new_node(N_OR, n, parse_and(ps));
	return n;
}

/* Parses one "label: condition" line into r; returns 0, 1 for a blank line, -1 on error. */
static int
parse_line(struct parser *ps, struct rule *r)
{
	const char *colon, *label;
	size_t len;

	skip_space(ps);
	if (ps->p == ps->end || *ps->p == '#')
		return 1;
	colon = memchr(ps->p, ':', (size_t)(ps->end - ps->p));
	label = ps->p;
	len = colon ? (size_t)(colon - label) : 0;
	cs_trim(&label, &len);
	if (colon == NULL || len == 0) {
		fail(ps, "expected \"label: condition\"", NULL);
		return -1;
	}
	if (cs_utf8_valid_prefix(label, len) != len || cs_has_control(label, len)) {
		fail(ps, "label is not clean UTF-8 text", NULL);
		return -1;
	}
	ps->p = colon + 1;
	ps->depth = ps->operators = 0;
	r->cond = parse_or(ps);
	skip_space(ps);
	if (!ps->failed && ps->p != ps->end)
		fail(ps, "unexpected text after the condition", NULL);
	r->label = cs_xstrndup(label, len);
	return ps->failed ? -1 : 0;
}

struct cs_rules *
cs_rules_parse(const char *name, const char *text, const struct cs_rule_metric *metrics,
    size_t n, char *err, size_t errlen)
{
	struct cs_rules *rs = cs_xmalloc(sizeof *rs);
	struct parser ps = { .name = name, .metrics = metrics, .nmetrics = n,
	    .err = err, .errlen = errlen };
	size_t cap = 0;
	const char *line = text;

	memset(rs, 0, sizeof *rs);
	rs->nmetrics = n;
	rs->used = ps.used = cs_xcalloc(n ? n : 1, 1);
	while (*line != '\0') {
		const char *nl = strchr(line, '\n');
		struct rule r = { NULL, NULL };
		int rc;

		ps.line++;
		ps.start = ps.p = line;
		ps.end = nl ? nl : line + strlen(line);
		if ((rc = parse_line(&ps, &r)) == 0) {
			if (rs->n == cap) {
				cap = cap ? 2 * cap : 16;
				rs->rules = cs_xrealloc(rs->rules, cap * sizeof *rs->rules);
			}
			rs->rules[rs->n++] = r;
		} else if (rc < 0) {
			free(r.label);
			free_node(r.cond);
			cs_rules_free(rs);
			return NULL;
		}
		line = nl ? nl + 1 : ps.end;
	}
	if (rs->n == 0) {
		snprintf(err, errlen, _("%s: no rules"), name);
		cs_rules_free(rs);
		return NULL;
	}
	return rs;
}

struct cs_rules *
cs_rules_load(const char *path, const struct cs_rule_metric *metrics, size_t n,
    char *err, size_t errlen)
{
	struct cs_buf text = { 0 };
	struct cs_rules *rs = NULL;

	if (cs_read_small_file(path, &text, err, errlen) == 0)
		rs = cs_rules_parse(path, text.data, metrics, n, err, errlen);
	cs_buf_free(&text);
	return rs;
}

/* Returns the truth of a comparison result for op. */
static int
holds(int cmp, enum cmp_op op)
{
	switch (op) {
	case OP_EQ: return cmp == 0;
	case OP_NE: return cmp != 0;
	case OP_LT: return cmp < 0;
	case OP_LE: return cmp <= 0;
	case OP_GT: return cmp > 0;
	default: return cmp >= 0;
	}
}

/* Evaluates a condition for the customer behind ctx. */
static int
eval(const struct node *n, cs_rule_value_fn value, void *ctx)
{
	int64_t v;
	const char *s = NULL;

	switch (n->kind) {
	case N_TRUE:
		return 1;
	case N_AND:
		return eval(n->a, value, ctx) && eval(n->b, value, ctx);
	case N_OR:
		return eval(n->a, value, ctx) || eval(n->b, value, ctx);
	case N_NOT:
		return !eval(n->a, value, ctx);
	default:
		if (!value(ctx, n->metric, &v, &s))
			return 0;	/* a missing value matches nothing */
		if (n->s != NULL)
			return holds(strcmp(s ? s : "", n->s), n->op);
		return holds(v < n->v ? -1 : v > n->v, n->op);
	}
}

const char *
cs_rules_match(const struct cs_rules *r, cs_rule_value_fn value, void *ctx)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		if (eval(r->rules[i].cond, value, ctx))
			return r->rules[i].label;
	return NULL;
}

int
cs_rules_use(const struct cs_rules *r, int m)
{
	return m >= 0 && (size_t)m < r->nmetrics && r->used[m];
}

void
cs_rules_free(struct cs_rules *r)
{
	size_t i;

	if (r == NULL)
		return;
	for (i = 0; i < r->n; i++) {
		free(r->rules[i].label);
		free_node(r->rules[i].cond);
	}
	free(r->rules);
	free(r->used);
	free(r);
}
