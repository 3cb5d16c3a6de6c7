/* File-system paths: joining a folder and a name, and asking what a path is (a path may run into a zip archive:
 * archive_int.h). */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "archive_int.h"
#include "path_int.h"

int tsc__path_join(char *buf, size_t size, const char *dir, const char *name)
{
    size_t dl = strlen(dir);
    /* "archive.zip/" names an archive's top folder: no second '/' */
    int k = snprintf(buf, size, "%s%s%s", dir, dl && dir[dl - 1] == '/' ? "" : "/", name);
    return (k < 0 || (size_t)k >= size) ? -1 : 0;
}

int tsc__file_exists(const char *path)
{
    struct stat st;
    if (stat(path, &st) == 0) return S_ISREG(st.st_mode);
    return tsc__archive_kind(path) == 1;
}

int tsc__dir_exists(const char *path)
{
    struct stat st;
    if (stat(path, &st) == 0) return S_ISDIR(st.st_mode);
    return tsc__archive_kind(path) == 2;
}

int tsc__same_file(const char *a, const char *b)
{
    struct stat x, y;
    if (strcmp(a, b) == 0) return 1;
    return stat(a, &x) == 0 && stat(b, &y) == 0 && x.st_dev == y.st_dev && x.st_ino == y.st_ino;
}
