/*
 * encoding.c — make every attribute string of an input UTF-8 (research-domain.md §7.3,
 * qgis.md §5, domain.md §9).
 *
 * Shapefiles: GDAL decodes the .dbf itself when a .cpg or the LDID byte (offset 29)
 * declares a code page; with neither (LDID 0) it hands out the raw bytes, which for the
 * many GBK files in circulation is invalid UTF-8 (mojibake in every tool downstream). The
 * order applied here (settle_shapefile, issue 13 §6) is: .cpg → LDID (every code page GDAL
 * maps) → the run file's `encoding:` → the bytes (valid UTF-8 → UTF-8; decodable as GB18030
 * → GB18030 with a warning; else CP1252 with a warning). LDID 0x57 (87, Windows ANSI =
 * CP1252) is also the default byte of shapelib and GDAL writers, so under it `encoding:`
 * wins and bytes that are plainly something else say so: valid multi-byte UTF-8 is UTF-8,
 * text made only of GB2312 pairs is GBK (warning); anything else is CP1252. A declaration
 * whose decoded text is still invalid (a .cpg saying UTF-8 over GBK bytes) falls back to
 * GB18030 with a warning. The label kept in run_info names the evidence ("CP936 (LDID
 * 0x4D)", "CP1252 (LDID 0x57)", "GB18030 (detected)", "UTF-8 (encoding:)" …).
 *
 * A .shp without its .shx is copied (with .dbf, .prj, .cpg) into /vsimem/ and opened there
 * with SHAPE_RESTORE_SHX, so GDAL rebuilds the index in memory; every other open sets
 * SHAPE_RESTORE_SHX=NO, so a user's environment can never make GDAL write beside an input
 * (issue 13 §5).
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
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <iconv.h>
#include <ogr_api.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

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

GDALDatasetH ls__encoding_open_raw(const char *path, const char *encoding)
{
    char **opts = NULL;
    if (encoding)
        opts = CSLSetNameValue(opts, "ENCODING", encoding);
    /* GDAL would write a missing .shx beside the input with SHAPE_RESTORE_SHX=YES set in
     * the environment: never for an input (a missing .shx is rebuilt in memory instead) */
    int in_memory = strncmp(path, "/vsimem/", 8) == 0;
    char *old = ls__strdup(CPLGetThreadLocalConfigOption("SHAPE_RESTORE_SHX", NULL));
    CPLSetThreadLocalConfigOption("SHAPE_RESTORE_SHX", in_memory ? "YES" : "NO");
    GDALDatasetH d =
        GDALOpenEx(path, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, (const char *const *)opts, NULL);
    CPLSetThreadLocalConfigOption("SHAPE_RESTORE_SHX", old);
    free(old);
    CSLDestroy(opts);
    return d;
}
#define open_vector ls__encoding_open_raw

static OGRLayerH pick_layer(GDALDatasetH d, const char *layer)
{
    return layer ? GDALDatasetGetLayerByName(d, layer) : GDALDatasetGetLayer(d, 0);
}

/* What the raw text of a layer looks like. */
typedef struct text_profile {
    int invalid_utf8; /* a field name or value is not valid UTF-8 */
    int non_ascii;    /* some byte >= 0x80 */
    int gb2312_pairs; /* every run of bytes >= 0x80 is GB2312 pairs (lead A1–F7, trail A1–FE) */
    long pairs;       /* how many such pairs */
    int not_gb18030;  /* some value cannot be decoded as GB18030 */
} text_profile;

/* 1 when iconv (cd: GB18030 → UTF-8) decodes all of s. */
static int decodes(iconv_t cd, const char *s)
{
    char out[256];
    char *ip = (char *)(uintptr_t)s; /* iconv never writes through inbuf */
    size_t ileft = strlen(s);
    iconv(cd, NULL, NULL, NULL, NULL);
    while (ileft > 0) {
        char *op = out;
        size_t oleft = sizeof(out);
        if (iconv(cd, &ip, &ileft, &op, &oleft) == (size_t)-1 && errno != E2BIG)
            return 0;
    }
    return 1;
}

static void profile_text(const char *s, text_profile *t, iconv_t gb)
{
    const unsigned char *p = (const unsigned char *)s;
    if (!s)
        return;
    if (!ls__utf8_valid(s)) {
        t->invalid_utf8 = 1;
        if (!t->not_gb18030 && gb != (iconv_t)-1 && !decodes(gb, s))
            t->not_gb18030 = 1;
    }
    while (*p) {
        if (*p < 0x80) {
            p++;
            continue;
        }
        t->non_ascii = 1;
        if (p[0] >= 0xA1 && p[0] <= 0xF7 && p[1] >= 0xA1 && p[1] <= 0xFE) {
            t->pairs++;
            p += 2;
        } else {
            t->gb2312_pairs = 0;
            p++;
        }
    }
}

/* Profile every field name and string value of the layer (geometries are not read).
 * LS_OK or LS_EINTERRUPTED. */
static int layer_profile(ls_context *ctx, OGRLayerH l, text_profile *t)
{
    memset(t, 0, sizeof(*t));
    t->gb2312_pairs = 1;
    iconv_t gb = iconv_open("UTF-8", "GB18030");
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(l);
    int nf = OGR_FD_GetFieldCount(defn);
    for (int i = 0; i < nf; i++)
        profile_text(OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, i)), t, gb);
    const char *ignore[] = {"OGR_GEOMETRY", NULL};
    OGR_L_SetIgnoredFields(l, ignore);
    OGR_L_ResetReading(l);
    int error = LS_OK;
    long k = 0;
    OGRFeatureH f;
    while ((f = OGR_L_GetNextFeature(l)) != NULL) {
        for (int i = 0; i < nf; i++)
            if (OGR_Fld_GetType(OGR_FD_GetFieldDefn(defn, i)) == OFTString &&
                OGR_F_IsFieldSetAndNotNull(f, i))
                profile_text(OGR_F_GetFieldAsString(f, i), t, gb);
        OGR_F_Destroy(f);
        if ((++k & 1023) == 0 && ls_context_interrupted(ctx)) {
            error = LS_EINTERRUPTED;
            break;
        }
    }
    OGR_L_SetIgnoredFields(l, NULL);
    OGR_L_ResetReading(l);
    if (gb != (iconv_t)-1)
        iconv_close(gb);
    if (!t->non_ascii || t->pairs == 0)
        t->gb2312_pairs = 0;
    return error;
}

/* 1 when a field name or a string value of the layer is not valid UTF-8, 0 when all are,
 * LS_EINTERRUPTED. */
static int layer_has_invalid_text(ls_context *ctx, OGRLayerH l)
{
    text_profile t;
    int error = layer_profile(ctx, l, &t);
    return error != LS_OK ? error : t.invalid_utf8;
}

/* Replace *gds by `path` opened with `encoding`; 0 on success. */
static int reopen(GDALDatasetH *gds, const char *path, const char *encoding)
{
    GDALDatasetH d = open_vector(path, encoding);
    if (!d)
        return -1;
    GDALClose(*gds);
    *gds = d;
    return 0;
}

/* Shapefile / DBF: settle the decoding; *gds may be replaced by a reopened dataset. `path`
 * names the input in messages, `open_path` is what is opened (the /vsimem/ copy when the
 * .shx was rebuilt). Evidence, strongest first (research-domain.md §7.3):
 *  1. a .cpg;
 *  2. the code page byte (LDID) of the .dbf, every value GDAL maps (0x4D → CP936, 0x03 →
 *     CP1252 …), except that LDID 0x57 (87, "Windows ANSI", CP1252) is the default of
 *     shapelib and GDAL writers and so also sits on files whose text is something else:
 *     under 0x57, `encoding:` wins; bytes that are all valid multi-byte UTF-8 are UTF-8;
 *     bytes that all form GB2312 pairs are GBK (warning); anything else is CP1252;
 *  3. the run file's `encoding:`;
 *  4. the bytes: valid UTF-8 is UTF-8, else GB18030 (warning).
 * A declaration whose text still comes out as invalid UTF-8 falls back to `encoding:` or
 * GB18030 with a warning. The label says which evidence decided. */
static int settle_shapefile(ls_context *ctx, const char *path, const char *open_path,
                            const char *layer, const char *override, const char *yaml_where,
                            int quiet, GDALDatasetH *gds, char **label)
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
    int ldid_value = ldid ? atoi(ldid) : 0;
    int ldid_87 = !has_cpg && ldid_value == 87;
    int declared = src_enc && *src_enc && !ldid_87;
    const char *use = override ? ls__encoding_canonical(override) : NULL;
    char *enc_copy = ls__strdup(src_enc);
    int error = LS_OK;

    if (declared) {
        char by[64];
        if (has_cpg)
            snprintf(by, sizeof(by), "its .cpg");
        else
            snprintf(by, sizeof(by), "the code page byte 0x%02X (LDID) of its .dbf", ldid_value);
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
            reopen(gds, open_path, fallback);
            warn(ctx, quiet,
                 "%s: text is not valid %s although %s declares it; read as %s (correct "
                 "or delete the declaration)",
                 path, enc_copy, by, fallback);
            *label = ls__sprintf("%s (fallback)", fallback);
        } else if (has_cpg) {
            *label = ls__sprintf("%s (.cpg)", enc_copy);
        } else {
            *label = ls__sprintf("%s (LDID 0x%02X)", enc_copy, ldid_value);
        }
    } else if (use) {
        reopen(gds, open_path, use); /* LDID 0x57 or none: the run file says */
        *label = ls__sprintf("%s (encoding:)", use);
    } else {
        /* look at the raw bytes */
        if (ldid_87)
            reopen(gds, open_path, "");
        l = pick_layer(*gds, layer);
        text_profile t;
        memset(&t, 0, sizeof(t));
        error = l ? layer_profile(ctx, l, &t) : LS_OK;
        if (error != LS_OK) {
            /* interrupted */
        } else if (ldid_87 && t.non_ascii && !t.invalid_utf8) {
            *label = ls__strdup("UTF-8 (bytes; LDID 0x57 overruled)");
        } else if (ldid_87 && t.gb2312_pairs) {
            reopen(gds, open_path, "GB18030");
            warn(ctx, quiet,
                 "%s: the .dbf's code page byte 0x57 says CP1252, but every non-ASCII byte "
                 "forms a GB2312 pair (%ld characters): read as GB18030 (GBK); set encoding: "
                 "CP1252 in the run file if the text is Western",
                 path, t.pairs);
            *label = ls__strdup("GB18030 (GB2312 pairs; LDID 0x57 overruled)");
        } else if (ldid_87) {
            reopen(gds, open_path, "CP1252");
            *label = ls__strdup("CP1252 (LDID 0x57)");
        } else if (t.invalid_utf8 && t.not_gb18030) {
            reopen(gds, open_path, "CP1252");
            warn(ctx, quiet,
                 "%s: no .cpg and no code page in the .dbf, and the text is neither UTF-8 nor "
                 "GBK: read as CP1252 (Western European); set encoding: in the run file to "
                 "state it",
                 path);
            *label = ls__strdup("CP1252 (detected: not UTF-8, not GBK)");
        } else if (t.invalid_utf8) {
            reopen(gds, open_path, "GB18030");
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

/* The existing file `base` + one of the extensions (".shx" / ".SHX"), or NULL. */
static char *sidecar(const char *base, size_t base_len, const char *lower)
{
    char upper[8];
    size_t n = strlen(lower);
    for (size_t i = 0; i <= n && i < sizeof(upper); i++)
        upper[i] = (char)toupper((unsigned char)lower[i]);
    upper[sizeof(upper) - 1] = '\0';
    const char *exts[] = {lower, upper};
    for (int i = 0; i < 2; i++) {
        char *p = ls__sprintf("%.*s%s", (int)base_len, base, exts[i]);
        struct stat st;
        if (p && stat(p, &st) == 0 && S_ISREG(st.st_mode))
            return p;
        free(p);
    }
    return NULL;
}

int ls__encoding_shx_missing(const char *path)
{
    size_t n = path ? strlen(path) : 0;
    if (n < 5 || strncmp(path, "/vsi", 4) == 0 || !ends_with_ci(path, ".shp"))
        return 0;
    struct stat st;
    if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
        return 0;
    char *shx = sidecar(path, n - 4, ".shx");
    free(shx);
    return shx == NULL;
}

/* A .shp without its .shx: copy the .shp and its .dbf, .prj, .cpg into /vsimem/ and let
 * GDAL rebuild the index there (SHAPE_RESTORE_SHX, in memory only). *open_path is the
 * copy's .shp, *mem_dir its folder (removed by ls__encoding_close). */
static int restore_shx_in_memory(ls_context *ctx, const char *path, const void *unique,
                                 char **mem_dir, char **open_path)
{
    static const char *const exts[] = {".shp", ".dbf", ".prj", ".cpg", NULL};
    size_t n = strlen(path);
    const char *base = CPLGetBasename(path);
    char *dir = ls__sprintf("/vsimem/landscan-shx-%p", unique);
    int error = LS_OK;
    if (!dir || VSIMkdir(dir, 0755) != 0) {
        free(dir);
        return ls__error_set(ctx, LS_ENOMEM, "%s: cannot make a copy in memory", path);
    }
    for (int i = 0; exts[i] && error == LS_OK; i++) {
        char *side = sidecar(path, n - 4, exts[i]);
        if (!side)
            continue;
        size_t len = 0;
        char *bytes = slurp(side, &len);
        char *mem = ls__sprintf("%s/%s%s", dir, base, exts[i]);
        VSILFILE *f = bytes && mem ? VSIFileFromMemBuffer(mem, (GByte *)bytes, len, TRUE) : NULL;
        if (f) {
            VSIFCloseL(f); /* the buffer now belongs to /vsimem/ */
        } else {
            free(bytes);
            error = ls__error_set(ctx, LS_EIO, "%s: cannot read %s", path, side);
        }
        free(mem);
        free(side);
    }
    if (error == LS_OK && !(*open_path = ls__sprintf("%s/%s.shp", dir, base)))
        error = ls__error_set(ctx, LS_ENOMEM, "out of memory");
    if (error != LS_OK) {
        VSIRmdirRecursive(dir);
        free(dir);
        return error;
    }
    *mem_dir = dir;
    return LS_OK;
}

int ls__encoding_open(ls_context *ctx, const char *path, const char *layer, const char *override,
                      const char *yaml_where, unsigned flags, ls__source *src)
{
    int quiet = (flags & LS__ENCODING_QUIET) != 0;
    if (!yaml_where)
        yaml_where = "the run file";
    int error = LS_OK;
    char *label = NULL, *mem_dir = NULL, *open_path = NULL;
    memset(src, 0, sizeof(*src));
    int shx_missing = ls__encoding_shx_missing(path);
    if (shx_missing &&
        (error = restore_shx_in_memory(ctx, path, src, &mem_dir, &open_path)) != LS_OK)
        return error;
    GDALDatasetH gds = open_vector(open_path ? open_path : path, NULL);
    if (!gds) {
        if (mem_dir)
            VSIRmdirRecursive(mem_dir);
        free(mem_dir);
        free(open_path);
        return LS_OK;
    }
    if (shx_missing)
        warn(ctx, quiet,
             "%s: its .shx (the record index) is missing: rebuilt in memory from the .shp; "
             "nothing is written beside the inputs (deliver the .shx with the .shp)",
             path);
    const char *drv = GDALGetDriverShortName(GDALGetDatasetDriver(gds));
    if (strcmp(drv, "ESRI Shapefile") == 0)
        error = settle_shapefile(ctx, path, open_path ? open_path : path, layer, override,
                                 yaml_where, quiet, &gds, &label);
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
    free(open_path);
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
    src->shx_restored = shx_missing;
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
