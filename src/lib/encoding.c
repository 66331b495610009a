/*
 * encoding.c — make every attribute string of an input UTF-8 (research-domain.md §7.3,
 * qgis.md §5, domain.md §9).
 *
 * Shapefiles: GDAL decodes the .dbf itself when a .cpg or the LDID byte (offset 29)
 * declares a code page; with neither (LDID 0) it hands out the raw bytes, which for the
 * many GBK files in circulation is invalid UTF-8 (mojibake in every tool downstream). The
 * order applied here is: .cpg → LDID → the run file's `encoding:` → detection (any field
 * name or string value that is not valid UTF-8 → reopen as GB18030, a warning names the
 * file). LDID 87 (ISO-8859-1) is GDAL's and other writers' default and says nothing about
 * the text, so it counts as "no declaration". A declaration whose decoded text is still
 * invalid (a .cpg saying UTF-8 over GBK bytes) falls back the same way, with a warning.
 *
 * CSV: GDAL's CSV driver does no recoding. A UTF-8 BOM declares UTF-8 (the driver drops
 * the BOM, so the first column keeps its name); else `encoding:`; else invalid UTF-8 is
 * read as GB18030 with a warning. Non-UTF-8 text is transcoded with iconv into a copy under
 * /vsimem/ (with its .csvt/.prj sidecars) and that copy is opened; the input file is only
 * read. Other formats (GeoPackage, GeoJSON, XLSX, FileGDB) are UTF-8 by definition.
 *
 * GB18030 is used for GBK, CP936 and GB2312 alike: it is a strict superset, so decoding
 * with it never loses a character those would have decoded.
 */
#include <cpl_conv.h>
#include <cpl_string.h>
#include <cpl_vsi.h>
#include <errno.h>
#include <stdarg.h>
#include <iconv.h>
#include <ogr_api.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "encoding.h"

size_t ls__utf8_invalid_at(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        unsigned c = p[i];
        if (c < 0x80) {
            i++;
            continue;
        }
        size_t len;
        unsigned long cp;
        if (c >= 0xC2 && c <= 0xDF) {
            len = 2;
            cp = c & 0x1F;
        } else if (c >= 0xE0 && c <= 0xEF) {
            len = 3;
            cp = c & 0x0F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            len = 4;
            cp = c & 0x07;
        } else {
            return i;
        }
        if (len > n - i)
            return i;
        for (size_t k = 1; k < len; k++) {
            if ((p[i + k] & 0xC0) != 0x80)
                return i;
            cp = (cp << 6) | (p[i + k] & 0x3F);
        }
        if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
            (cp >= 0xD800 && cp <= 0xDFFF))
            return i;
        i += len;
    }
    return (size_t)-1;
}

int ls__utf8_valid(const char *s)
{
    return !s || ls__utf8_invalid_at(s, strlen(s)) == (size_t)-1;
}

char *ls__utf8_repair(const char *s)
{
    if (!s)
        return NULL;
    size_t n = strlen(s);
    char *out = malloc(3 * n + 1);
    if (!out)
        return NULL;
    size_t o = 0, i = 0;
    while (i < n) {
        size_t bad = ls__utf8_invalid_at(s + i, n - i);
        size_t good = bad == (size_t)-1 ? n - i : bad;
        memcpy(out + o, s + i, good);
        o += good;
        i += good;
        if (i < n) {
            memcpy(out + o, "\xEF\xBF\xBD", 3);
            o += 3;
            i++;
        }
    }
    out[o] = '\0';
    return out;
}

const char *ls__encoding_canonical(const char *name)
{
    static const char *const gb[] = {"GBK",    "CP936",   "936",      "MS936",   "GB2312",
                                     "EUC-CN", "GB18030", "GB-18030", "CP54936", NULL};
    if (!name)
        return NULL;
    for (int i = 0; gb[i]; i++)
        if (strcasecmp(name, gb[i]) == 0)
            return "GB18030";
    if (strcasecmp(name, "UTF8") == 0 || strcasecmp(name, "UTF-8") == 0 ||
        strcasecmp(name, "CP65001") == 0)
        return "UTF-8";
    return name;
}

int ls__encoding_known(const char *name)
{
    if (!name || !*name)
        return 0;
    iconv_t cd = iconv_open("UTF-8", ls__encoding_canonical(name));
    if (cd == (iconv_t)-1)
        return 0;
    iconv_close(cd);
    return 1;
}

int ls__encoding_to_utf8(const char *from, const char *in, size_t n, char **out, size_t *out_len,
                         size_t *bad_at)
{
    *bad_at = n;
    iconv_t cd = iconv_open("UTF-8", ls__encoding_canonical(from));
    if (cd == (iconv_t)-1)
        return -1;
    size_t cap = n + n / 2 + 16;
    char *buf = malloc(cap + 1);
    /* iconv's prototype is not const-correct; it never writes through inbuf */
    char *ip = (char *)(uintptr_t)in;
    size_t ileft = n, used = 0;
    int rc = 0;
    while (buf && ileft > 0) {
        char *op = buf + used;
        size_t oleft = cap - used;
        size_t r = iconv(cd, &ip, &ileft, &op, &oleft);
        used = (size_t)(op - buf);
        if (r != (size_t)-1)
            continue;
        if (errno == E2BIG) {
            cap *= 2;
            char *b = realloc(buf, cap + 1);
            if (!b) {
                free(buf);
                buf = NULL;
            }
            buf = b;
            continue;
        }
        *bad_at = (size_t)(ip - in);
        rc = -1;
        break;
    }
    iconv_close(cd);
    if (!buf || rc != 0) {
        free(buf);
        return -1;
    }
    buf[used] = '\0';
    *out = buf;
    *out_len = used;
    return 0;
}

/* A warning notice unless quiet. */
static void warn(ls_context *ctx, int quiet, const char *fmt, ...) LS__PRINTF(3, 4);
static void warn(ls_context *ctx, int quiet, const char *fmt, ...)
{
    if (quiet)
        return;
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    ls__notice(ctx, LS_NOTICE_WARNING, "%s", msg);
}

static int ends_with_ci(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcasecmp(s + n - m, suffix) == 0;
}

static GDALDatasetH open_vector(const char *path, const char *encoding)
{
    char **opts = NULL;
    if (encoding)
        opts = CSLSetNameValue(opts, "ENCODING", encoding);
    GDALDatasetH d =
        GDALOpenEx(path, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, (const char *const *)opts, NULL);
    CSLDestroy(opts);
    return d;
}

static OGRLayerH pick_layer(GDALDatasetH d, const char *layer)
{
    return layer ? GDALDatasetGetLayerByName(d, layer) : GDALDatasetGetLayer(d, 0);
}

/* 1 when a field name or a string value of the layer is not valid UTF-8, 0 when all are,
 * LS_EINTERRUPTED. Geometries are not read. */
static int layer_has_invalid_text(ls_context *ctx, OGRLayerH l)
{
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(l);
    int nf = OGR_FD_GetFieldCount(defn);
    for (int i = 0; i < nf; i++)
        if (!ls__utf8_valid(OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, i))))
            return 1;
    const char *ignore[] = {"OGR_GEOMETRY", NULL};
    OGR_L_SetIgnoredFields(l, ignore);
    OGR_L_ResetReading(l);
    int found = 0;
    long k = 0;
    OGRFeatureH f;
    while (!found && (f = OGR_L_GetNextFeature(l)) != NULL) {
        for (int i = 0; i < nf && !found; i++)
            if (OGR_Fld_GetType(OGR_FD_GetFieldDefn(defn, i)) == OFTString &&
                OGR_F_IsFieldSetAndNotNull(f, i) && !ls__utf8_valid(OGR_F_GetFieldAsString(f, i)))
                found = 1;
        OGR_F_Destroy(f);
        if ((++k & 1023) == 0 && ls_context_interrupted(ctx)) {
            found = LS_EINTERRUPTED;
            break;
        }
    }
    OGR_L_SetIgnoredFields(l, NULL);
    OGR_L_ResetReading(l);
    return found;
}

/* Shapefile / DBF: settle the decoding; *gds may be replaced by a reopened dataset. */
static int settle_shapefile(ls_context *ctx, const char *path, const char *layer,
                            const char *override, const char *yaml_where, int quiet,
                            GDALDatasetH *gds, char **label)
{
    OGRLayerH l = pick_layer(*gds, layer);
    if (!l) { /* the caller reports the missing layer */
        *label = ls__strdup("?");
        return *label ? LS_OK : LS_ENOMEM;
    }
    const char *src_enc = GDALGetMetadataItem((GDALMajorObjectH)l, "SOURCE_ENCODING", "SHAPEFILE");
    const char *from_cpg =
        GDALGetMetadataItem((GDALMajorObjectH)l, "ENCODING_FROM_CPG", "SHAPEFILE");
    const char *ldid = GDALGetMetadataItem((GDALMajorObjectH)l, "LDID_VALUE", "SHAPEFILE");
    int has_cpg = from_cpg && *from_cpg;
    int ldid_87 = ldid && atoi(ldid) == 87;
    int declared = src_enc && *src_enc && (has_cpg || !ldid_87);
    const char *use = override ? ls__encoding_canonical(override) : NULL;
    char *enc_copy = ls__strdup(src_enc);
    int error = LS_OK;

    if (declared) {
        const char *by = has_cpg ? "its .cpg" : "the code page byte (LDID) of its .dbf";
        if (use && strcasecmp(use, ls__encoding_canonical(enc_copy)) != 0)
            warn(ctx, quiet,
                 "%s: encoding %s (%s) not used: %s declares %s; fix the declaration if the "
                 "text comes out wrong",
                 path, override, yaml_where, by, enc_copy);
        int bad = layer_has_invalid_text(ctx, l);
        if (bad < 0) {
            error = bad;
        } else if (bad) {
            const char *fallback = use && strcasecmp(use, "UTF-8") != 0 ? use : "GB18030";
            GDALDatasetH d = open_vector(path, fallback);
            if (d) {
                GDALClose(*gds);
                *gds = d;
            }
            warn(ctx, quiet,
                 "%s: text is not valid %s although %s declares it; read as %s (correct "
                 "or delete the declaration)",
                 path, enc_copy, by, fallback);
            *label = ls__sprintf("%s (fallback)", fallback);
        } else {
            *label = ls__sprintf("%s (%s)", enc_copy, has_cpg ? ".cpg" : "LDID");
        }
    } else {
        GDALDatasetH d = NULL;
        if (use || ldid_87) {
            /* LDID 87 made GDAL recode from ISO-8859-1: reopen raw (or as told) */
            d = open_vector(path, use ? use : "");
            if (d) {
                GDALClose(*gds);
                *gds = d;
                l = pick_layer(*gds, layer);
            }
        }
        if (use) {
            *label = ls__sprintf("%s (encoding:)", use);
        } else {
            int bad = l ? layer_has_invalid_text(ctx, l) : 0;
            if (bad < 0) {
                error = bad;
            } else if (bad) {
                d = open_vector(path, "GB18030");
                if (d) {
                    GDALClose(*gds);
                    *gds = d;
                }
                warn(ctx, quiet,
                     "%s: no .cpg and no code page in the .dbf, and the text is not UTF-8: "
                     "read as GB18030 (GBK); add a .cpg or set encoding: in the run file to "
                     "state it",
                     path);
                *label = ls__strdup("GB18030 (detected)");
            } else {
                *label = ls__strdup("UTF-8");
            }
        }
    }
    free(enc_copy);
    if (error == LS_OK && !*label)
        error = LS_ENOMEM;
    return error;
}

/* Whole file into memory (NUL-terminated). NULL when unreadable. */
static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 65536, n = 0;
    char *buf = malloc(cap + 1);
    while (buf) {
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (n < cap)
            break;
        cap *= 2;
        char *b = realloc(buf, cap + 1);
        if (!b)
            free(buf);
        buf = b;
    }
    int failed = ferror(f);
    fclose(f);
    if (!buf || failed) {
        free(buf);
        return NULL;
    }
    buf[n] = '\0';
    *len = n;
    return buf;
}

static int write_vsimem(const char *path, const char *data, size_t n)
{
    VSILFILE *f = VSIFOpenL(path, "wb");
    if (!f)
        return -1;
    int ok = VSIFWriteL(data, 1, n, f) == n;
    return VSIFCloseL(f) == 0 && ok ? 0 : -1;
}

static size_t line_of_offset(const char *s, size_t off)
{
    size_t line = 1;
    for (size_t i = 0; i < off; i++)
        line += s[i] == '\n';
    return line;
}

/* CSV: settle the decoding; *gds may be replaced by a dataset on a /vsimem/ copy. */
static int settle_csv(ls_context *ctx, const char *path, const char *override,
                      const char *yaml_where, int quiet, GDALDatasetH *gds, char **label,
                      char **mem_dir, const void *unique)
{
    size_t n = 0;
    char *bytes = slurp(path, &n);
    char *utf8 = NULL, *dir = NULL, *copy = NULL;
    size_t utf8_len = 0, bad_at = 0;
    int error = LS_OK;
    const char *use = override ? ls__encoding_canonical(override) : NULL;
    if (!bytes)
        return ls__error_set(ctx, LS_EIO, "%s: cannot read the file", path);
    if (n >= 3 && memcmp(bytes, "\xEF\xBB\xBF", 3) == 0) {
        *label = ls__strdup("UTF-8 (BOM)");
        goto cleanup;
    }
    if (use && strcasecmp(use, "UTF-8") != 0) {
        if (ls__encoding_to_utf8(use, bytes, n, &utf8, &utf8_len, &bad_at) != 0) {
            error =
                ls__error_set(ctx, LS_EINVAL,
                              "%s: not valid %s text (byte %zu, line %zu); correct encoding: "
                              "(%s) or save the file as UTF-8",
                              path, override, bad_at, line_of_offset(bytes, bad_at), yaml_where);
            goto cleanup;
        }
        *label = ls__sprintf("%s (encoding:)", use);
    } else if (ls__utf8_invalid_at(bytes, n) == (size_t)-1) {
        *label = ls__strdup("UTF-8");
        goto cleanup;
    } else if (use) {
        bad_at = ls__utf8_invalid_at(bytes, n);
        error = ls__error_set(ctx, LS_EINVAL,
                              "%s: not valid UTF-8 text (byte %zu, line %zu) although encoding: is "
                              "UTF-8 (%s); correct encoding: or re-save the file as UTF-8",
                              path, bad_at, line_of_offset(bytes, bad_at), yaml_where);
        goto cleanup;
    } else {
        if (ls__encoding_to_utf8("GB18030", bytes, n, &utf8, &utf8_len, &bad_at) != 0) {
            size_t first = ls__utf8_invalid_at(bytes, n);
            error = ls__error_set(ctx, LS_EINVAL,
                                  "%s: text is neither UTF-8 (byte %zu, line %zu) nor GBK/GB18030 "
                                  "(byte %zu, line %zu); save the file as UTF-8 or set encoding: "
                                  "in the run file",
                                  path, first, line_of_offset(bytes, first), bad_at,
                                  line_of_offset(bytes, bad_at));
            goto cleanup;
        }
        warn(ctx, quiet,
             "%s: text is not UTF-8: read as GB18030 (GBK); save it as UTF-8 or set "
             "encoding: in the run file to state it",
             path);
        *label = ls__strdup("GB18030 (detected)");
    }

    /* a transcoded copy with its sidecars, opened instead of the input */
    {
        const char *base = CPLGetFilename(path);
        dir = ls__sprintf("/vsimem/landscan-%p", unique);
        copy = dir ? ls__sprintf("%s/%s", dir, base) : NULL;
        if (!copy || VSIMkdir(dir, 0755) != 0 || write_vsimem(copy, utf8, utf8_len) != 0) {
            error = ls__error_set(ctx, LS_ENOMEM, "%s: cannot make a UTF-8 copy in memory", path);
            goto cleanup;
        }
        static const char *const sidecars[] = {"csvt", "prj", NULL};
        for (int i = 0; sidecars[i]; i++) {
            char *side = ls__strdup(CPLResetExtension(path, sidecars[i]));
            size_t sn = 0;
            char *sb = side ? slurp(side, &sn) : NULL;
            char *mem_side = sb ? ls__strdup(CPLResetExtension(copy, sidecars[i])) : NULL;
            if (mem_side)
                write_vsimem(mem_side, sb, sn);
            free(side);
            free(sb);
            free(mem_side);
        }
        GDALDatasetH d = open_vector(copy, NULL);
        if (!d) {
            error = ls__error_set(ctx, LS_EINVAL, "%s: the UTF-8 copy of the file cannot be read",
                                  path);
            goto cleanup;
        }
        GDALClose(*gds);
        *gds = d;
        *mem_dir = dir;
        dir = NULL;
    }
cleanup:
    if (dir) {
        VSIRmdirRecursive(dir);
        free(dir);
    }
    if (error == LS_OK && !*label)
        error = ls__error_set(ctx, LS_ENOMEM, "out of memory");
    free(copy);
    free(utf8);
    free(bytes);
    return error;
}

int ls__encoding_open(ls_context *ctx, const char *path, const char *layer, const char *override,
                      const char *yaml_where, unsigned flags, ls__source *src)
{
    int quiet = (flags & LS__ENCODING_QUIET) != 0;
    if (!yaml_where)
        yaml_where = "the run file";
    int error = LS_OK;
    char *label = NULL, *mem_dir = NULL;
    GDALDatasetH gds = open_vector(path, NULL);
    memset(src, 0, sizeof(*src));
    if (!gds)
        return LS_OK;
    const char *drv = GDALGetDriverShortName(GDALGetDatasetDriver(gds));
    if (strcmp(drv, "ESRI Shapefile") == 0)
        error = settle_shapefile(ctx, path, layer, override, yaml_where, quiet, &gds, &label);
    else if (strcmp(drv, "CSV") == 0 && !ends_with_ci(path, ".gz") && !ends_with_ci(path, ".zip") &&
             strncmp(path, "/vsi", 4) != 0)
        error = settle_csv(ctx, path, override, yaml_where, quiet, &gds, &label, &mem_dir, src);
    else
        label = ls__strdup("UTF-8");
    if (error == LS_OK && !label)
        error = LS_ENOMEM;
    if (error == LS_ENOMEM)
        ls__error_set(ctx, LS_ENOMEM, "out of memory");
    else if (error == LS_EINTERRUPTED)
        ls__error_set(ctx, LS_EINTERRUPTED, "interrupted");
    if (error != LS_OK) {
        GDALClose(gds);
        if (mem_dir)
            VSIRmdirRecursive(mem_dir);
        free(mem_dir);
        free(label);
        return error;
    }
    src->gds = gds;
    src->encoding = label;
    src->mem_dir = mem_dir;
    return LS_OK;
}

void ls__encoding_close(ls__source *src)
{
    if (!src)
        return;
    if (src->gds)
        GDALClose(src->gds);
    if (src->mem_dir)
        VSIRmdirRecursive(src->mem_dir);
    free(src->encoding);
    free(src->mem_dir);
    memset(src, 0, sizeof(*src));
}
