/*
 * cs_i18n.h - messages in the reader's language: gettext(3) with the
 * "cs" text domain (po/, cs(7)), and the built-in Chinese labels of
 * column names and of the words reports show (segments, stages,
 * classes ...).  The C locale stays English: every msgid is the
 * English text.
 */
#ifndef CS_I18N_H
#define CS_I18N_H

#include <libintl.h>

/* A message for people, translated (xgettext: --keyword=_); "" stays "". */
#define _(s) cs_gettext(s)
/* A message marked for translation, translated where it is used. */
#define N_(s) (s)

/* Returns gettext(s), or s when it is "" (whose gettext is the catalog's header). */
static inline const char *
cs_gettext(const char *s)
{
	return *s != '\0' ? gettext(s) : s;
}

/* The text domain of the catalogs: cs.mo. */
#define CS_TEXTDOMAIN "cs"

/*
 * Returns nonzero when messages are in Chinese: the catalog gettext
 * chose (by LC_MESSAGES, or LANGUAGE) is the Chinese one, so that
 * labels and messages are always in the same language.
 */
int cs_lang_zh(void);

/*
 * Returns the Chinese label of name (a column name or a word a report
 * shows: "customer_id", "remind", "strategic" ...), or name itself when
 * the table has none.
 */
const char *cs_label_zh(const char *name);

/* Returns cs_label_zh(name) when cs_lang_zh, else name. */
const char *cs_label(const char *name);

/*
 * Returns how text and HTML output show value, a cell of column: its
 * Chinese label when cs_lang_zh and the column holds words for people
 * (a stage, a class, a segment ...: "remind" is 催, a class "group"
 * 集团; the records report's lists of what is missing), else value
 * itself.  The result may be value or static.
 */
const char *cs_label_cell(const char *column, const char *value);

#endif
