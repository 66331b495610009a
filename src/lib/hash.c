/*
 * hash.c — SHA-256 digests of input files for run_info (reproducibility: the same inputs
 * give the same hashes). A shapefile is hashed together with its sidecar files, since the
 * attributes (.dbf), the CRS (.prj) and the encoding (.cpg) all change the result.
 */
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hash.h"
#include "internal.h"

static int add_file(EVP_MD_CTX *md, const char *path, int required)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return required ? -1 : 0;
    unsigned char buf[65536];
    size_t n;
    int rc = 0;
    while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
        if (EVP_DigestUpdate(md, buf, n) != 1) {
            rc = -1;
            break;
        }
    if (ferror(f))
        rc = -1;
    fclose(f);
    return rc;
}

char *ls__hash_hex(const unsigned char *digest, unsigned int len)
{
    char *hex = malloc((size_t)len * 2 + 1);
    if (!hex)
        return NULL;
    for (unsigned int i = 0; i < len; i++)
        snprintf(hex + 2 * i, 3, "%02x", digest[i]);
    hex[2 * (size_t)len] = '\0';
    return hex;
}

char *ls__hash_bytes(const void *data, size_t len)
{
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int dlen = 0;
    if (EVP_Digest(data, len, digest, &dlen, EVP_sha256(), NULL) != 1)
        return NULL;
    return ls__hash_hex(digest, dlen);
}

char *ls__hash_file(const char *path)
{
    EVP_MD_CTX *md = EVP_MD_CTX_new();
    char *hex = NULL;
    if (!md || EVP_DigestInit_ex(md, EVP_sha256(), NULL) != 1)
        goto cleanup;
    if (add_file(md, path, 1) != 0)
        goto cleanup;
    size_t len = strlen(path);
    if (len > 4 && (strcmp(path + len - 4, ".shp") == 0 || strcmp(path + len - 4, ".SHP") == 0)) {
        static const char *const sidecars[] = {".shx", ".dbf", ".prj", ".cpg"};
        for (size_t i = 0; i < sizeof(sidecars) / sizeof(sidecars[0]); i++) {
            char *side = ls__sprintf("%.*s%s", (int)(len - 4), path, sidecars[i]);
            int rc = side ? add_file(md, side, 0) : -1;
            free(side);
            if (rc != 0)
                goto cleanup;
        }
    }
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int dlen = 0;
    if (EVP_DigestFinal_ex(md, digest, &dlen) != 1)
        goto cleanup;
    hex = ls__hash_hex(digest, dlen);
cleanup:
    EVP_MD_CTX_free(md);
    return hex;
}
