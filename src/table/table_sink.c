/* A text sink for the table writers (table_write.c, table_extension_io.c): a plain file or a gzip stream. */
#include <errno.h>
#include <string.h>

#include "error_int.h"
#include "table_sink_int.h"

int tsc__sink_open(tsc_sink *s, const char *path, int gzip, tsc_error *err)
{
    memset(s, 0, sizeof *s);
    if (gzip) s->gz = gzopen(path, "wb6");
    else s->f = fopen(path, "wb");
    if (!s->gz && !s->f) return tsc__error(err, TSC_EIO, path, 0, 0, "cannot open for writing: %s", strerror(errno));
    return TSC_OK;
}

int tsc__sink_close(tsc_sink *s, const char *path, tsc_error *err)
{
    int bad = s->failed;
    if (s->gz) bad |= gzclose(s->gz) != Z_OK;
    if (s->f) bad |= fclose(s->f) != 0;
    return bad ? tsc__error(err, TSC_EIO, path, 0, 0, "write failed (disk full?)") : TSC_OK;
}

void tsc__sink_put(tsc_sink *s, const char *str, size_t len)
{
    if (s->failed || len == 0) return;
    if (s->gz) s->failed = gzwrite(s->gz, str, (unsigned)len) != (int)len;
    else s->failed = fwrite(str, 1, len, s->f) != len;
}

void tsc__sink_str(tsc_sink *s, const char *str)
{
    tsc__sink_put(s, str, strlen(str));
}

void tsc__sink_field(tsc_sink *s, const char *str)
{
    if (!strpbrk(str, ",\"\n\r")) {
        tsc__sink_str(s, str);
        return;
    }
    tsc__sink_put(s, "\"", 1);
    for (const char *p = str; *p; p++) {
        if (*p == '"') tsc__sink_put(s, "\"", 1);
        tsc__sink_put(s, p, 1);
    }
    tsc__sink_put(s, "\"", 1);
}

void tsc__sink_label(tsc_sink *s, const char *a, const char *b)
{
    char buf[600];
    snprintf(buf, sizeof buf, "%s.%s", a, b);
    tsc__sink_field(s, buf);
}

void tsc__sink_num(tsc_sink *s, double v)
{
    char buf[40];
    int k = snprintf(buf, sizeof buf, ",%.17g", v);
    tsc__sink_put(s, buf, (size_t)k);
}
