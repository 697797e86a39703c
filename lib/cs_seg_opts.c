/*
 * cs_seg_opts.c - the settings of a cs-segment run: the defaults of
 * cs-segment(1), and the lists of strategic and key customers.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cs_i18n.h"
#include "cs_models.h"
#include "cs_text.h"

/* Orders strings for qsort. */
static int
compare_ids(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void
cs_seg_opts_init(struct cs_seg_opts *o, struct cs_date as_of)
{
	memset(o, 0, sizeof *o);
	o->window.as_of = as_of;
	o->window.months = 12;
	o->window.attitude_item = "NPS";
	o->k = 5;
	o->abc[0] = 8000;
	o->abc[1] = 9500;
	o->pyramid[0] = 100;
	o->pyramid[1] = 400;
	o->pyramid[2] = 1500;
	o->drop = 1500;
	o->attitude_split = o->patronage_split = o->big_revenue = CS_NO_VALUE;
	o->growth_split = 0;
	o->big_top = 50;
}

void
cs_seg_opts_free(struct cs_seg_opts *o)
{
	cs_id_list_free(&o->strategic);
	cs_id_list_free(&o->key);
	cs_rules_free(o->rules);
	cs_rules_free(o->strategic_if);
	cs_rules_free(o->key_if);
}

int
cs_id_list_read(const char *path, struct cs_id_list *l, char *err, size_t errlen)
{
	size_t cap = 0;
	char line[4096];
	FILE *fp = fopen(path, "r");

	l->ids = NULL;
	l->n = 0;
	if (fp == NULL) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	while (fgets(line, sizeof line, fp) != NULL) {
		const char *s = line;
		size_t len = strcspn(line, ",\r\n");

		cs_trim(&s, &len);
		if (len == 0 || s[0] == '#' || cs_equal_nocase(s, len, "customer_id"))
			continue;
		if (l->n == cap) {
			cap = cap ? 2 * cap : 64;
			l->ids = cs_xrealloc(l->ids, cap * sizeof *l->ids);
		}
		l->ids[l->n++] = cs_xstrndup(s, len);
	}
	if (ferror(fp)) {
		snprintf(err, errlen, _("%s: read error"), path);
		fclose(fp);
		return -1;
	}
	fclose(fp);
	if (l->n > 0)
		qsort(l->ids, l->n, sizeof *l->ids, compare_ids);
	return 0;
}

void
cs_id_list_free(struct cs_id_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->ids[i]);
	free(l->ids);
	l->ids = NULL;
	l->n = 0;
}
