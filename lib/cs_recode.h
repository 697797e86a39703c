/*
 * cs_recode.h - a stream that takes UTF-8 and writes it on in another
 * encoding (iconv): files that go back to a spreadsheet in the
 * encoding their input came in.
 */
#ifndef CS_RECODE_H
#define CS_RECODE_H

#include <stdio.h>

/*
 * Returns a stream for writing UTF-8 text that is converted to tocode
 * (an iconv name, such as "GB18030") and written to dst, or NULL when
 * iconv cannot convert to it.  A character that tocode cannot hold,
 * and a byte that is not UTF-8, is written as '?'.  Closing the stream
 * (fclose) writes what is left and leaves dst open; a write error on
 * dst sets the stream's error indicator.
 */
FILE *cs_recode_open(FILE *dst, const char *tocode);

#endif
