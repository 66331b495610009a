/*
 * hash.h — SHA-256 of input files (with their shapefile sidecars) for run_info, through
 * OpenSSL's EVP interface.
 */
#ifndef LANDSCAN_HASH_H
#define LANDSCAN_HASH_H

#include <stddef.h>

/* Hex SHA-256 of a file; for a .shp also its .shx/.dbf/.prj/.cpg in that order.
 * NULL when the file cannot be read. Caller frees. */
char *ls__hash_file(const char *path);

/* Hex SHA-256 of len bytes. NULL on allocation failure. Caller frees. */
char *ls__hash_bytes(const void *data, size_t len);
/* Lower-case hex text of a digest of len bytes. NULL on allocation failure. Caller frees. */
char *ls__hash_hex(const unsigned char *digest, unsigned int len);

#endif
