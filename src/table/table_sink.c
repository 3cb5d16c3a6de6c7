/* A text sink for the table writers (table_write.c, table_extension_io.c): a plain file or a gzip stream, through
 * the library's one text writer (src/base/writer.c). */
#include <stdio.h>
#include <string.h>

#include "error_int.h"
#include "table_sink_int.h"

int tsc__sink_open(tsc_sink *s, const char *path, int gzip, tsc_error *err)
{
    return tsc_writer_open(path, gzip ? TSC_WRITER_GZIP : 0, &s->w, err);
}

int tsc__sink_close(tsc_sink *s, const char *path, tsc_error *err)
{
    (void)path; /* the writer names its file */
    int rc = tsc_writer_close(s->w, err);
    s->w = NULL;
    return rc;
}

void tsc__sink_put(tsc_sink *s, const char *str, size_t len)
{
    tsc_writer_put(s->w, str, len);
}

void tsc__sink_str(tsc_sink *s, const char *str)
{
    tsc_writer_str(s->w, str);
}

void tsc__sink_field(tsc_sink *s, const char *str)
{
    tsc_writer_field(s->w, str);
}

void tsc__sink_label(tsc_sink *s, const char *a, const char *b)
{
    char buf[600];
    snprintf(buf, sizeof buf, "%s.%s", a, b);
    tsc_writer_field(s->w, buf);
}

void tsc__sink_num(tsc_sink *s, double v)
{
    tsc_writer_put(s->w, ",", 1);
    tsc_writer_num(s->w, v);
}
