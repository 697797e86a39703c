/*
 * cs_report_html.c - the report as one self-contained HTML page: no
 * scripts, fonts or images from anywhere; the charts are inline SVG
 * with their size fixed in the markup.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cs_i18n.h"
#include "cs_report.h"
#include "cs_text.h"

#define CHART_W 640
#define CHART_H 280
#define PAD_L 70			/* room for the value axis */
#define PAD_R 20
#define PAD_T 30
#define PAD_B 60			/* room for the labels */

static const char style[] =
"body{font-family:system-ui,\"Noto Sans CJK SC\",\"WenQuanYi Micro Hei\",sans-serif;"
"margin:2em;color:#222}h1{font-size:1.5em}h2{font-size:1.15em;margin-top:2em}"
"table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ccc;"
"padding:.2em .6em}th{background:#f2f2f2}td.r{text-align:right}"
"svg.chart{display:block;margin:.5em 0;background:#fafafa}"
"svg text{font-size:11px;fill:#333}";

/* Writes s with the HTML special characters escaped. */
static void
esc(FILE *fp, const char *s)
{
	for (; *s; s++)
		switch (*s) {
		case '&': fputs("&amp;", fp); break;
		case '<': fputs("&lt;", fp); break;
		case '>': fputs("&gt;", fp); break;
		case '"': fputs("&quot;", fp); break;
		default: fputc(*s, fp);
		}
}

/* The points a chart draws: labels and values of the rows that match. */
struct points {
	const char **label;
	double *value;
	size_t n;
};

/* Collects the chart's points from t. */
static void
chart_points(const struct cs_report_table *t, struct points *p)
{
	size_t i, nc = t->rows.ncols;

	p->label = cs_xmalloc((t->rows.n + 1) * sizeof *p->label);
	p->value = cs_xmalloc((t->rows.n + 1) * sizeof *p->value);
	p->n = 0;
	for (i = 0; i < t->rows.n; i++) {
		char *const *f = t->rows.field + i * nc;

		if (t->chart_filter >= 0 && strcmp(f[t->chart_filter], t->chart_match) != 0)
			continue;
		if (!cs_is_plain_number(f[t->chart_value]))
			continue;
		p->label[p->n] = cs_label_cell(t->columns[t->chart_label], f[t->chart_label]);
		p->value[p->n++] = strtod(f[t->chart_value], NULL);
	}
}

/* Returns the y pixel of value v on a scale from lo to hi. */
static double
y_of(double v, double lo, double hi)
{
	return PAD_T + (hi - v) / (hi - lo) * (CHART_H - PAD_T - PAD_B);
}

/* Writes v short enough for the axis: 39.7M, 12.5k, 0.86. */
static const char *
compact(double v, char buf[32])
{
	double a = fabs(v);

	if (a >= 1e6)
		snprintf(buf, 32, "%.1fM", v / 1e6);
	else if (a >= 1e4)
		snprintf(buf, 32, "%.1fk", v / 1e3);
	else
		snprintf(buf, 32, "%.2f", v);
	return buf;
}

/* Writes the value axis: lo, 0 and hi with grid lines. */
static void
axis(FILE *fp, double lo, double hi)
{
	double ticks[3] = { lo, 0, hi };
	char buf[32];
	int k;

	for (k = 0; k < 3; k++) {
		if (k == 1 && (lo >= 0 || hi <= 0))
			continue;
		fprintf(fp, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#ccc\"/>"
		    "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>\n", PAD_L,
		    CHART_W - PAD_R, y_of(ticks[k], lo, hi), y_of(ticks[k], lo, hi), PAD_L - 6,
		    y_of(ticks[k], lo, hi) + 4, compact(ticks[k], buf));
	}
}

/* Writes a label at x under the chart, turned when there are many (more than 8). */
static void
x_label(FILE *fp, double x, const char *label, size_t n)
{
	int y = CHART_H - PAD_B + 14;

	if (n > 8)
		fprintf(fp, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"end\""
		    " transform=\"rotate(-40 %.1f %d)\">", x, y, x, y);
	else
		fprintf(fp, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">", x, y);
	esc(fp, label);
	fputs("</text>\n", fp);
}

/* Writes the chart of t as an SVG element. */
static void
chart(FILE *fp, const struct cs_report_table *t)
{
	struct points p;
	double lo = 0, hi = 0, slot, x, y0;
	size_t k;

	chart_points(t, &p);
	for (k = 0; k < p.n; k++) {
		lo = p.value[k] < lo ? p.value[k] : lo;
		hi = p.value[k] > hi ? p.value[k] : hi;
	}
	if (hi - lo <= 0)
		hi = lo + 1;
	fprintf(fp, "<svg class=\"chart\" id=\"chart-%s\" xmlns=\"http://www.w3.org/2000/svg\""
	    " width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"", t->name,
	    CHART_W, CHART_H, CHART_W, CHART_H);
	esc(fp, t->chart_title);
	fprintf(fp, "\">\n<text x=\"%d\" y=\"18\" font-weight=\"bold\">", PAD_L);
	esc(fp, t->chart_title);
	fputs("</text>\n", fp);
	axis(fp, lo, hi);
	slot = p.n ? (double)(CHART_W - PAD_L - PAD_R) / (double)p.n : 0;
	y0 = y_of(0, lo, hi);
	if (t->chart == CS_CHART_LINE && p.n > 0) {
		fputs("<polyline fill=\"none\" stroke=\"#2b6cb0\" stroke-width=\"2\" points=\"", fp);
		for (k = 0; k < p.n; k++)
			fprintf(fp, "%.1f,%.1f ", PAD_L + slot * ((double)k + 0.5),
			    y_of(p.value[k], lo, hi));
		fputs("\"/>\n", fp);
	}
	for (k = 0; k < p.n; k++) {
		double y = y_of(p.value[k], lo, hi);

		x = PAD_L + slot * (double)k;
		if (t->chart == CS_CHART_BARS)
			fprintf(fp, "<rect class=\"bar\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\""
			    " height=\"%.1f\" fill=\"%s\"><title>%.2f</title></rect>\n", x + slot * 0.15,
			    y < y0 ? y : y0, slot * 0.7, fabs(y0 - y) < 1 ? 1 : fabs(y0 - y),
			    p.value[k] < 0 ? "#c53030" : "#2b6cb0", p.value[k]);
		else
			fprintf(fp, "<circle class=\"point\" cx=\"%.1f\" cy=\"%.1f\" r=\"3\""
			    " fill=\"#2b6cb0\"><title>%.2f</title></circle>\n", x + slot / 2, y,
			    p.value[k]);
		x_label(fp, x + slot / 2, p.label[k], p.n);
	}
	fputs("</svg>\n", fp);
	free(p.label);
	free(p.value);
}

/* Writes one table as HTML. */
static void
table(FILE *fp, const struct cs_report_table *t)
{
	size_t i, c, nc = t->rows.ncols;

	fprintf(fp, "<section id=\"%s\">\n<h2>", t->name);
	esc(fp, t->title);
	fputs("</h2>\n", fp);
	if (t->chart != CS_CHART_NONE)
		chart(fp, t);
	fputs("<table>\n<tr>", fp);
	for (c = 0; c < nc; c++) {
		fputs("<th>", fp);
		esc(fp, cs_label(t->columns[c]));
		fputs("</th>", fp);
	}
	fputs("</tr>\n", fp);
	for (i = 0; i < t->rows.n; i++) {
		fputs("<tr>", fp);
		for (c = 0; c < nc; c++) {
			char buf[64];

			fputs(t->align[c] == 'r' ? "<td class=\"r\">" : "<td>", fp);
			esc(fp, cs_label_cell(t->columns[c], cs_report_cell(t, c, t->rows.field[i * nc + c],
			    buf)));
			fputs("</td>", fp);
		}
		fputs("</tr>\n", fp);
	}
	fputs("</table>\n</section>\n", fp);
}

int
cs_report_write_html(FILE *fp, const struct cs_report *r)
{
	size_t k;

	fprintf(fp, "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
	    "<title>cs-report %s</title>\n<style>%s</style>\n</head>\n<body>\n<h1>%s</h1>\n<p>",
	    r->as_of, style, _("cs-report"));
	fprintf(fp, _("As of %s."), r->as_of);
	fputs("</p>\n", fp);
	for (k = 0; k < r->n; k++)
		table(fp, &r->t[k]);
	fputs("</body>\n</html>\n", fp);
	return fflush(fp) == 0 && !ferror(fp) ? 0 : -1;
}
