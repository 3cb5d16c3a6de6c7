/* Internal: paths that run into zip archives, and folder listings over them (archive.c). */
#ifndef TSC_ARCHIVE_INT_H
#define TSC_ARCHIVE_INT_H

#include <stddef.h>
#include <zip.h>

#include "tariffscope/error.h"

/* A path may run into a zip archive as into a folder: "dir/IOT_2011_pxp.zip/IOT_2011_pxp/A.txt" names the entry
 * IOT_2011_pxp/A.txt of dir/IOT_2011_pxp.zip, and "dir/IOT_2011_pxp.zip/" the archive's top folder. Folders of an
 * archive are the prefixes of its entries' names (with or without an entry of their own). */

/* 1 when path is not a file or folder of its own but runs into a zip archive: the archive's path into arch (size
 * bytes) and *entry pointing into path at the rest (leading '/' skipped; "" for the top folder). 0 otherwise. */
int tsc__archive_split(const char *path, char *arch, size_t size, const char **entry);

/* 1 when the file at path starts as a zip archive does ("PK\3\4"), 0 when not, -1 when it cannot be read (errno). */
int tsc__file_is_zip(const char *path);

/* What a path into an archive names: 1 a file, 2 a folder, 0 nothing (or not a path into an archive). */
int tsc__archive_kind(const char *path);

/* 1 when the zip archive at arch holds an entry named name, 0 when not; < 0 when it cannot be opened (TSC_ENOMEM
 * when libzip ran out of memory, else TSC_EIO; err filled). */
int tsc__archive_has(const char *arch, const char *name, tsc_error *err);

/* Opens the zip archive arch read only into *z: TSC_OK, else TSC_ENOMEM or TSC_EIO with libzip's reason in err. */
int tsc__zip_open(const char *arch, zip_t **z, tsc_error *err);

/* The names in a folder, a real one or one inside an archive (the archive file itself lists its top folder): sorted,
 * without the names starting with '.'; *names and each name to free with tsc__names_free. */
int tsc__dir_list(const char *path, char ***names, size_t *n, tsc_error *err);
void tsc__names_free(char **names, size_t n);

#endif
