/*
 * cs_survey_def.c - survey definitions: "key = value" lines, read
 * whole, then resolved into items (so the order of the lines is free).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cs_conf.h"
#include "cs_survey_def.h"
#include "cs_i18n.h"
#include "cs_text.h"

/* What the lines said, before the items are resolved. */
struct said {
	double min, max;			/* scale = */
	char scale_item[CS_DEF_ITEMS][CS_DEF_NAME];	/* item NAME = */
	double scale_min[CS_DEF_ITEMS], scale_max[CS_DEF_ITEMS];
	int nscales;
	char reverse[CS_DEF_ITEMS][CS_DEF_NAME];
	int nreverse;
	char weight_dim[CS_DEF_DIMS][CS_DEF_NAME];
	double weight[CS_DEF_DIMS];
	int nweights;
	char nps[CS_DEF_NAME], csat[CS_DEF_NAME];
	char acsi[1024];
};

/* Splits the next word off *s (spaces or commas between words) into w; returns 0 at the end. */
static int
next_word(const char **s, char *w, size_t len, int *too_long)
{
	size_t n;

	*s += strspn(*s, " \t,");
	n = strcspn(*s, " \t,");
	if (n == 0)
		return 0;
	*too_long = n >= len;
	snprintf(w, len, "%.*s", (int)n, *s);
	*s += n;
	return 1;
}

/* Parses "A..B" into *min and *max (A < B); returns 0 or -1. */
static int
parse_scale(const char *v, double *min, double *max)
{
	const char *dots = strstr(v, "..");
	char left[64], *end;

	if (dots == NULL || dots == v || (size_t)(dots - v) >= sizeof left)
		return -1;
	snprintf(left, sizeof left, "%.*s", (int)(dots - v), v);
	*min = strtod(left, &end);
	if (*end != '\0')
		return -1;
	v = dots + 2;
	*max = strtod(v, &end);
	return end != v && *end == '\0' && *min < *max ? 0 : -1;
}

/* Parses a positive number; returns 0 or -1. */
static int
parse_weight(const char *v, double *w)
{
	char *end;

	*w = strtod(v, &end);
	return end != v && *end == '\0' && *w > 0 && *w < 1e9 ? 0 : -1;
}

/* Adds item name (if new) with the scale said for it; returns its index or -1 when full. */
static int
add_item(struct cs_survey_def *d, const struct said *s, const char *name)
{
	int i = cs_survey_def_find(d, name), k;

	if (i >= 0)
		return i;
	if (d->nitems == CS_DEF_ITEMS)
		return -1;
	i = d->nitems++;
	snprintf(d->item[i].name, sizeof d->item[i].name, "%s", name);
	d->item[i].min = s->min;
	d->item[i].max = s->max;
	for (k = 0; k < s->nscales; k++)
		if (strcmp(s->scale_item[k], name) == 0) {
			d->item[i].min = s->scale_min[k];
			d->item[i].max = s->scale_max[k];
		}
	for (k = 0; k < s->nreverse; k++)
		d->item[i].reverse |= strcmp(s->reverse[k], name) == 0;
	return i;
}

int
cs_survey_def_find(const struct cs_survey_def *d, const char *name)
{
	int i;

	for (i = 0; i < d->nitems; i++)
		if (strcmp(d->item[i].name, name) == 0)
			return i;
	return -1;
}

/* Reads "dimension NAME = items"; returns NULL or what was expected. */
static const char *
dimension(struct cs_survey_def *d, const char *name, const char *v)
{
	struct cs_def_dim *m;
	char w[CS_DEF_NAME];
	int too_long;

	if (d->ndims == CS_DEF_DIMS)
		return N_("too many dimensions (at most 16)");
	m = &d->dim[d->ndims++];
	snprintf(m->name, sizeof m->name, "%s", name);
	while (next_word(&v, w, sizeof w, &too_long)) {
		if (too_long)
			return N_("an item name of at most 31 bytes");
		if (m->n == CS_DEF_DIM_ITEMS)
			return N_("at most 32 items in a dimension");
		snprintf(m->label[m->n++], CS_DEF_NAME, "%s", w);
	}
	return m->n > 0 ? NULL : N_("a list of items");
}

/* Applies one "key = value" line; returns NULL or what was expected. */
static const char *
apply(struct cs_survey_def *d, struct said *s, const char *key, const char *arg, const char *v)
{
	char w[CS_DEF_NAME];
	int too_long;

	if (strcmp(key, "survey") == 0 && !*arg)
		return snprintf(d->survey, sizeof d->survey, "%s", v) < (int)sizeof d->survey ?
		    NULL : N_("a survey name of at most 63 bytes");
	if (strcmp(key, "scale") == 0 && !*arg)
		return parse_scale(v, &s->min, &s->max) ? N_("a scale MIN..MAX") : NULL;
	if (strcmp(key, "pairs") == 0 && !*arg) {
		d->pairs = 1;
		return next_word(&v, d->epfx, sizeof d->epfx, &too_long) &&
		    next_word(&v, d->ppfx, sizeof d->ppfx, &too_long) &&
		    !next_word(&v, w, sizeof w, &too_long) ? NULL :
		    N_("two prefixes: expectation and perception (E P)");
	}
	if (strcmp(key, "dimension") == 0 && *arg)
		return dimension(d, arg, v);
	if (strcmp(key, "weight") == 0 && *arg) {
		if (s->nweights == CS_DEF_DIMS)
			return N_("too many weights");
		snprintf(s->weight_dim[s->nweights], CS_DEF_NAME, "%s", arg);
		return parse_weight(v, &s->weight[s->nweights++]) ? N_("a positive number") : NULL;
	}
	if (strcmp(key, "item") == 0 && *arg) {
		if (s->nscales == CS_DEF_ITEMS)
			return N_("too many item scales");
		snprintf(s->scale_item[s->nscales], CS_DEF_NAME, "%s", arg);
		if (parse_scale(v, &s->scale_min[s->nscales], &s->scale_max[s->nscales]))
			return N_("a scale MIN..MAX");
		s->nscales++;
		return NULL;
	}
	if (strcmp(key, "reverse") == 0 && !*arg) {
		while (s->nreverse < CS_DEF_ITEMS &&
		    next_word(&v, s->reverse[s->nreverse], CS_DEF_NAME, &too_long))
			s->nreverse++;
		return NULL;
	}
	if ((strcmp(key, "nps") == 0 || strcmp(key, "csat") == 0) && !*arg)
		return snprintf(key[0] == 'n' ? s->nps : s->csat, CS_DEF_NAME, "%s", v) <
		    CS_DEF_NAME ? NULL : N_("an item name of at most 31 bytes");
	if (strcmp(key, "acsi") == 0 && !*arg)
		return snprintf(s->acsi, sizeof s->acsi, "%s", v) < (int)sizeof s->acsi ? NULL :
		    N_("a shorter list");
	return N_("survey, scale, pairs, dimension NAME, weight NAME, item NAME, reverse, nps, "
	    "csat or acsi = VALUE");
}

/* Turns the dimensions' item labels into items, with their pairs. */
static const char *
resolve_dims(struct cs_survey_def *d, const struct said *s)
{
	char name[2 * CS_DEF_NAME];
	int k, j, w;

	for (k = 0; k < d->ndims; k++) {
		struct cs_def_dim *m = &d->dim[k];

		for (j = 0; j < m->n; j++) {
			m->e[j] = -1;
			if (d->pairs) {
				snprintf(name, sizeof name, "%s%s", d->epfx, m->label[j]);
				if (strlen(name) >= CS_DEF_NAME || (m->e[j] = add_item(d, s, name)) < 0)
					return N_("too many items, or a name too long");
				snprintf(name, sizeof name, "%s%s", d->ppfx, m->label[j]);
			} else
				snprintf(name, sizeof name, "%s", m->label[j]);
			if (strlen(name) >= CS_DEF_NAME || (m->p[j] = add_item(d, s, name)) < 0)
				return N_("too many items, or a name too long");
		}
		for (w = 0; w < s->nweights; w++)
			if (strcmp(s->weight_dim[w], m->name) == 0)
				m->weight = s->weight[w];
	}
	for (w = 0; w < s->nweights; w++) {
		for (k = 0; k < d->ndims && strcmp(d->dim[k].name, s->weight_dim[w]) != 0; k++)
			;
		if (k == d->ndims)
			return N_("a weight for a dimension that is not defined");
	}
	return NULL;
}

/* Resolves everything said into d; returns NULL or what was wrong. */
static const char *
resolve(struct cs_survey_def *d, const struct said *s)
{
	const char *why = resolve_dims(d, s);
	int k;

	if (why != NULL)
		return why;
	for (k = 0; k < s->nscales; k++)	/* items named with a scale of their own */
		if (add_item(d, s, s->scale_item[k]) < 0)
			return N_("too many items");
	d->nps = *s->nps ? add_item(d, s, s->nps) : -1;
	d->csat = *s->csat ? add_item(d, s, s->csat) : -1;
	if (*s->acsi && (why = cs_survey_def_acsi(d, s->acsi)) != NULL)
		return why;
	if (d->ndims == 0 && d->nps < 0 && d->csat < 0 && d->nacsi == 0)
		return N_("nothing to score: no dimension, nps, csat or acsi");
	return NULL;
}

/* What reading a definition fills in: the definition and what its lines said. */
struct reading {
	struct cs_survey_def *d;
	struct said *s;
};

/*
 * Applies "key [argument] = value" (struct cs_conf_syntax.setting): the
 * key's first word is the key, the rest its argument.  Returns 0, or -1
 * with "name:line: expected ..." in the error.
 */
static int
setting(void *ctx, struct cs_conf *c, char *key, char *value)
{
	struct reading *rd = ctx;
	char *arg = key + strcspn(key, " \t"), what[256];
	const char *why;

	if (*arg) {
		*arg++ = '\0';
		arg += strspn(arg, " \t");
	}
	if ((why = apply(rd->d, rd->s, key, arg, value)) == NULL)
		return 0;
	snprintf(what, sizeof what, _("expected %s"), _(why));
	return cs_conf_fail(c, what, NULL);
}

int
cs_survey_def_parse(const char *name, const char *text, struct cs_survey_def *d,
    char *err, size_t errlen)
{
	static const struct cs_conf_syntax syntax = { CS_CONF_ASCII_BLANKS,
		N_("expected KEY = VALUE"), NULL, setting };
	struct said *s = cs_xmalloc(sizeof *s);
	struct reading rd = { d, s };
	struct cs_conf c = { name, 0, err, errlen };
	const char *why = NULL;
	int rc;

	memset(d, 0, sizeof *d);
	memset(s, 0, sizeof *s);
	s->min = 1;
	s->max = 7;
	if ((rc = cs_conf_read(text, &syntax, &rd, &c)) == 0) {
		d->min = s->min;
		d->max = s->max;
		if ((why = resolve(d, s)) != NULL)
			rc = cs_conf_fail(&c, why, NULL);
	}
	free(s);
	return rc;
}

const char *
cs_survey_def_weights(struct cs_survey_def *d, const char *spec)
{
	char w[2 * CS_DEF_NAME], *eq;
	double v;
	int k, too_long;

	for (k = 0; k < d->ndims; k++)
		d->dim[k].weight = 0;
	while (next_word(&spec, w, sizeof w, &too_long)) {
		if (too_long || (eq = strchr(w, '=')) == NULL)
			return N_("expected DIMENSION=WEIGHT,...");
		*eq = '\0';
		for (k = 0; k < d->ndims && strcmp(d->dim[k].name, w) != 0; k++)
			;
		if (k == d->ndims)
			return N_("a weight names a dimension that is not defined");
		if (parse_weight(eq + 1, &v))
			return N_("a weight must be a positive number");
		d->dim[k].weight = v;
	}
	for (k = 0; k < d->ndims; k++)
		if (d->dim[k].weight <= 0)
			return N_("a weight for every dimension");
	return NULL;
}

const char *
cs_survey_def_acsi(struct cs_survey_def *d, const char *spec)
{
	char w[2 * CS_DEF_NAME], *colon;
	int too_long, i;

	d->nacsi = 0;
	while (next_word(&spec, w, sizeof w, &too_long)) {
		double weight = 1;

		if ((colon = strchr(w, ':')) != NULL) {
			*colon = '\0';
			if (parse_weight(colon + 1, &weight))
				return N_("an ACSI weight must be a positive number");
		}
		if (too_long || !*w || strlen(w) >= CS_DEF_NAME)
			return N_("ACSI item names of at most 31 bytes");
		if ((i = cs_survey_def_find(d, w)) < 0) {
			if (d->nitems == CS_DEF_ITEMS)
				return N_("fewer items");
			i = d->nitems++;
			memcpy(d->item[i].name, w, strlen(w) + 1);	/* fits: checked above */
			d->item[i].min = d->min;
			d->item[i].max = d->max;
		}
		if (d->nacsi == CS_DEF_ITEMS)
			return N_("fewer ACSI items");
		d->acsi[d->nacsi++] = (struct cs_def_acsi){ i, weight };
	}
	return d->nacsi > 0 ? NULL : N_("at least one ACSI item");
}

int
cs_survey_def_load(const char *path, struct cs_survey_def *d, char *err, size_t errlen)
{
	struct cs_buf text = { NULL, 0, 0 };
	int rc = 0;

	if (path == NULL)
		cs_buf_puts(&text, cs_survey_default);
	else if (cs_read_small_file(path, &text, err, errlen) != 0)
		rc = -1;
	if (rc == 0 && cs_survey_def_parse(path ? path : _("built-in definition"), text.data, d, err,
	    errlen) != 0)
		rc = -2;
	cs_buf_free(&text);
	return rc;
}
