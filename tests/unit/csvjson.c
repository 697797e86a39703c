/*
 * csvjson.c - test helper: reads CSV with the libcs reader and prints
 * the records as a JSON array of objects keyed by the header, the form
 * of the csv-spectrum suite.  Empty fields print as "".
 *
 *   cs-csvjson [-e ENCODING] FILE
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cs_cli.h"
#include "cs_csv.h"
#include "cs_err.h"
#include "cs_import.h"
#include "cs_text.h"

struct state {
	char **header;
	size_t nheader;
	long records;
};

/* Prints s[0..len) as a JSON string. */
static void
json_string(const char *s, size_t len)
{
	size_t i;

	putchar('"');
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '"' || c == '\\')
			printf("\\%c", c);
		else if (c == '\n')
			fputs("\\n", stdout);
		else if (c == '\r')
			fputs("\\r", stdout);
		else if (c < 0x20)
			printf("\\u%04x", c);
		else
			putchar(c);
	}
	putchar('"');
}

static int
on_record(void *ctx, const struct cs_record *rec)
{
	struct state *st = ctx;
	size_t i;

	if (st->header == NULL) {
		st->header = cs_xmalloc(rec->n * sizeof *st->header);
		st->nheader = rec->n;
		for (i = 0; i < rec->n; i++)
			st->header[i] = cs_xstrndup(rec->fields[i].s, rec->fields[i].len);
		return 0;
	}
	fputs(st->records++ ? ",\n{" : "\n{", stdout);
	for (i = 0; i < rec->n && i < st->nheader; i++) {
		if (i)
			putchar(',');
		json_string(st->header[i], strlen(st->header[i]));
		putchar(':');
		json_string(rec->fields[i].s, rec->fields[i].len);
	}
	putchar('}');
	return 0;
}

static int
on_malformed(void *ctx, long line, size_t column, const char *raw, size_t len)
{
	(void)ctx;
	(void)column;
	(void)raw;
	(void)len;
	cs_warnx("line %ld: malformed", line);
	return 1;
}

int
main(int argc, char *argv[])
{
	struct state st = { NULL, 0, 0 };
	struct cs_csv_handler h = { on_record, on_malformed, &st };
	struct cs_csv_opts o = { CS_ENC_AUTO, 1 << 20, CS_SEP_DEFAULT };
	struct cs_csv_result res;
	size_t i;
	int fd;

	cs_program_init(argc, argv);
	if (argc == 4 && strcmp(argv[1], "-e") == 0) {
		if (cs_encoding_parse(argv[2], &o.encoding) != 0)
			cs_errx(CS_EXIT_USAGE, "bad encoding %s", argv[2]);
		argv += 2;
		argc -= 2;
	}
	if (argc != 2)
		cs_errx(CS_EXIT_USAGE, "usage: cs-csvjson [-e ENCODING] FILE");
	if ((fd = open(argv[1], O_RDONLY)) < 0)
		cs_errx(CS_EXIT_IO, "%s: cannot open", argv[1]);
	putchar('[');
	if (cs_csv_read(fd, &o, &h, &res) != CS_CSV_OK)
		cs_errx(CS_EXIT_DATA, "%s:%ld: %s", argv[1], res.error_line, res.message);
	puts(st.records ? "\n]" : "]");
	for (i = 0; i < st.nheader; i++)
		free(st.header[i]);
	free(st.header);
	close(fd);
	return 0;
}
