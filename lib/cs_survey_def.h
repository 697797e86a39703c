/*
 * cs_survey_def.h - a survey definition for cs-survey(1): the items,
 * their scales, the dimensions they make up (with importance weights),
 * reverse-scored items, the NPS and CSAT items and the items of the
 * ACSI-style index.  The built-in default (etc/cs-survey.def, compiled
 * in) is the SERVQUAL questionnaire of cs-data(5).
 */
#ifndef CS_SURVEY_DEF_H
#define CS_SURVEY_DEF_H

#include <stddef.h>

#define CS_DEF_NAME 32			/* an item or dimension name, with its NUL */
#define CS_DEF_ITEMS 128		/* distinct items a definition uses */
#define CS_DEF_DIMS 16
#define CS_DEF_DIM_ITEMS 32

/* One item the definition uses. */
struct cs_def_item {
	char name[CS_DEF_NAME];		/* as in responses.item, e.g. P05 */
	double min, max;		/* its scale */
	int reverse;			/* scored min + max - answer */
};

/* A dimension: items (numbers when pairs are used, else item names). */
struct cs_def_dim {
	char name[CS_DEF_NAME];
	int n;
	int e[CS_DEF_DIM_ITEMS];	/* pairs: the expectation items (indexes), else -1 */
	int p[CS_DEF_DIM_ITEMS];	/* pairs: the perception items; else the items */
	char label[CS_DEF_DIM_ITEMS][CS_DEF_NAME];	/* the item as named in the definition */
	double weight;			/* 0: none given */
};

/* An item of the ACSI-style index. */
struct cs_def_acsi {
	int item;			/* index in items */
	double weight;
};

struct cs_survey_def {
	char survey[64];		/* the responses.survey scored */
	double min, max;		/* the scale of items without one of their own */
	int pairs;			/* items come as expectation/perception pairs */
	char epfx[CS_DEF_NAME], ppfx[CS_DEF_NAME];
	struct cs_def_item item[CS_DEF_ITEMS];
	int nitems;
	struct cs_def_dim dim[CS_DEF_DIMS];
	int ndims;
	int nps, csat;			/* item indexes, or -1 */
	struct cs_def_acsi acsi[CS_DEF_ITEMS];
	int nacsi;
};

/* The text of the built-in definition (etc/cs-survey.def). */
extern const char cs_survey_default[];

/*
 * Reads the definition file at path, or the built-in one when path is
 * NULL, into *d: the definition cs-survey and cs-report share.
 * Returns 0, -1 with "path: why" in err when the file cannot be read,
 * or -2 with "name:line: what was expected" when it is not a
 * definition.
 */
int cs_survey_def_load(const char *path, struct cs_survey_def *d, char *err, size_t errlen);

/*
 * Parses a definition from text, naming it name in messages, into *d.
 * Returns 0, or -1 with "name:line: what was expected" in err.
 */
int cs_survey_def_parse(const char *name, const char *text, struct cs_survey_def *d,
    char *err, size_t errlen);

/*
 * Sets the importance weights from "DIM=W,DIM=W,..." (the --weights
 * option).  Returns NULL, or what was wrong.
 */
const char *cs_survey_def_weights(struct cs_survey_def *d, const char *spec);

/*
 * Sets the ACSI-style items from "ITEM[:W],..." (the --acsi option);
 * items the definition does not name are added on its default scale.
 * Returns NULL, or what was wrong.
 */
const char *cs_survey_def_acsi(struct cs_survey_def *d, const char *spec);

/* Returns the index of item name in d, or -1. */
int cs_survey_def_find(const struct cs_survey_def *d, const char *name);

/*
 * PostgreSQL SQL that writes a score x (double precision) as SQLite
 * writes a REAL as text: a whole number with ".0" (5.0), else its
 * shortest form (4.5), so that the text is the same on both backends.
 */
#define CS_SQL_PG_SCORE(x) "(CASE WHEN " x " = trunc(" x ") AND abs(" x ") < 1e15" \
	" THEN CAST(CAST(" x " AS numeric) AS text) || '.0' ELSE CAST(" x " AS text) END)"

#endif
