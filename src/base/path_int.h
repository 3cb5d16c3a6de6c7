/* Internal: file-system path helpers shared by the loaders and the output sets. */
#ifndef TSC_PATH_INT_H
#define TSC_PATH_INT_H

#include <stddef.h>

/* Joins path parts into buf ("dir/name"); returns 0 or -1 if it does not fit. */
int tsc__path_join(char *buf, size_t size, const char *dir, const char *name);
/* 1 if path names a regular file (following links) or a file in a zip archive (archive_int.h), else 0. */
int tsc__file_exists(const char *path);
/* 1 if path names a folder (following links) or a folder in a zip archive, else 0. */
int tsc__dir_exists(const char *path);
/* 1 if a and b name the same file (equal strings, or the same device and inode), else 0. */
int tsc__same_file(const char *a, const char *b);

#endif
