/*
 * e2e_helpers.c — process, file and GeoPackage helpers for the end-to-end tests.
 *
 * Runs the landscan binary with fork/exec (stdout and stderr redirected to files in a
 * private temporary folder, then read back), copies case folders with plain POSIX calls,
 * and reads outputs through the OGR C API only. It deliberately knows nothing about
 * landscan's internals: the binary is a black box and the GeoPackage is read as any QGIS
 * user would read it.
 */
#include "e2e_helpers.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <setjmp.h>
#include <cmocka.h>

#include <cpl_conv.h>
#include <ogr_api.h>

static char *xstrdup(const char *s)
{
    char *d = strdup(s ? s : "");
    if (!d)
        abort();
    return d;
}

static char *xprintf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *buf = malloc((size_t)n + 1);
    if (!buf)
        abort();
    va_start(ap, fmt);
    vsnprintf(buf, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return buf;
}

char *e2e_join(const char *a, const char *b)
{
    return xprintf("%s/%s", a, b);
}

char *e2e_tmpdir(void)
{
    const char *base = getenv("TMPDIR");
    if (!base || !*base)
        base = "/tmp";
    char *tmpl = xprintf("%s/landscan-e2e-XXXXXX", base);
    if (!mkdtemp(tmpl)) {
        free(tmpl);
        return NULL;
    }
    return tmpl;
}

int e2e_file_exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

char *e2e_read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap + 1);
    if (!buf)
        abort();
    for (;;) {
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (n < cap)
            break;
        cap *= 2;
        buf = realloc(buf, cap + 1);
        if (!buf)
            abort();
    }
    fclose(f);
    buf[n] = '\0';
    if (len)
        *len = n;
    return buf;
}

int e2e_files_equal(const char *a, const char *b)
{
    size_t la = 0, lb = 0;
    char *da = e2e_read_file(a, &la);
    char *db = e2e_read_file(b, &lb);
    int same = da && db && la == lb && memcmp(da, db, la) == 0;
    free(da);
    free(db);
    return same;
}

int e2e_file_has_bom(const char *path)
{
    unsigned char head[3] = {0, 0, 0};
    FILE *f = fopen(path, "rb");
    if (!f)
        return 0;
    size_t n = fread(head, 1, 3, f);
    fclose(f);
    return n == 3 && head[0] == 0xEF && head[1] == 0xBB && head[2] == 0xBF;
}

static int copy_file(const char *from, const char *to)
{
    size_t len = 0;
    char *data = e2e_read_file(from, &len);
    if (!data)
        return -1;
    FILE *f = fopen(to, "wb");
    if (!f) {
        free(data);
        return -1;
    }
    size_t w = fwrite(data, 1, len, f);
    int rc = (fclose(f) == 0 && w == len) ? 0 : -1;
    free(data);
    return rc;
}

static int copy_tree(const char *from, const char *to)
{
    DIR *d = opendir(from);
    if (!d)
        return -1;
    int rc = 0;
    struct dirent *e;
    while (rc == 0 && (e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        char *src = e2e_join(from, e->d_name);
        char *dst = e2e_join(to, e->d_name);
        struct stat st;
        if (stat(src, &st) != 0) {
            rc = -1;
        } else if (S_ISDIR(st.st_mode)) {
            rc = (mkdir(dst, 0755) == 0 || errno == EEXIST) ? copy_tree(src, dst) : -1;
        } else if (S_ISREG(st.st_mode)) {
            rc = copy_file(src, dst);
        }
        free(src);
        free(dst);
    }
    closedir(d);
    return rc;
}

char *e2e_case_src(const char *case_name)
{
    return xprintf("%s/testdata/e2e/%s", LS_TEST_SOURCE_DIR, case_name);
}

char *e2e_copy_case(const char *case_name)
{
    char *src = e2e_case_src(case_name);
    char *dir = e2e_tmpdir();
    if (!dir || copy_tree(src, dir) != 0) {
        fprintf(stderr, "e2e: cannot copy %s to %s\n", src, dir ? dir : "(no tmpdir)");
        if (dir)
            e2e_rm_rf(dir);
        free(dir);
        dir = NULL;
    }
    free(src);
    return dir;
}

int e2e_tree_contains_same(const char *ref, const char *other, char *why, size_t why_len)
{
    DIR *d = opendir(ref);
    if (!d) {
        if (why)
            snprintf(why, why_len, "cannot open %s", ref);
        return 0;
    }
    int same = 1;
    struct dirent *e;
    while (same && (e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        char *a = e2e_join(ref, e->d_name);
        char *b = e2e_join(other, e->d_name);
        struct stat st;
        if (stat(a, &st) == 0 && S_ISDIR(st.st_mode)) {
            same = e2e_tree_contains_same(a, b, why, why_len);
        } else if (!e2e_files_equal(a, b)) {
            same = 0;
            if (why)
                snprintf(why, why_len, "%s differs from %s", b, a);
        }
        free(a);
        free(b);
    }
    closedir(d);
    return same;
}

int e2e_tree_same(const char *a, const char *b, char *why, size_t why_len)
{
    /* every file of a is in b with the same bytes, and b has no file a lacks */
    if (!e2e_tree_contains_same(a, b, why, why_len))
        return 0;
    DIR *d = opendir(b);
    if (!d) {
        if (why)
            snprintf(why, why_len, "cannot open %s", b);
        return 0;
    }
    int same = 1;
    struct dirent *e;
    while (same && (e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        char *pa = e2e_join(a, e->d_name);
        char *pb = e2e_join(b, e->d_name);
        struct stat sa, sb;
        if (lstat(pa, &sa) != 0) {
            same = 0;
            if (why)
                snprintf(why, why_len, "%s appeared (not in %s)", pb, a);
        } else if (lstat(pb, &sb) == 0 && S_ISDIR(sb.st_mode)) {
            same = e2e_tree_same(pa, pb, why, why_len);
        }
        free(pa);
        free(pb);
    }
    closedir(d);
    return same;
}

char *e2e_folder_entries(const char *dir)
{
    char buf[4096] = "";
    DIR *d = opendir(dir);
    if (d) {
        struct dirent *e;
        while ((e = readdir(d)) != NULL)
            if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0) {
                strncat(buf, e->d_name, sizeof(buf) - strlen(buf) - 2);
                strncat(buf, " ", sizeof(buf) - strlen(buf) - 1);
            }
        closedir(d);
    }
    return xstrdup(buf);
}

void e2e_rm_rf(const char *path)
{
    struct stat st;
    if (!path || lstat(path, &st) != 0)
        return;
    if (S_ISDIR(st.st_mode)) {
        DIR *d = opendir(path);
        if (d) {
            struct dirent *e;
            while ((e = readdir(d)) != NULL) {
                if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
                    continue;
                char *p = e2e_join(path, e->d_name);
                e2e_rm_rf(p);
                free(p);
            }
            closedir(d);
        }
        rmdir(path);
    } else {
        unlink(path);
    }
}

/* Append `extra` to the comma/colon separated sanitizer option variable `name`. */
static void add_sanitizer_option(const char *name, const char *extra)
{
    const char *old = getenv(name);
    char *val = (old && *old) ? xprintf("%s:%s", old, extra) : xstrdup(extra);
    setenv(name, val, 1);
    free(val);
}

int e2e_run(e2e_result *res, const char *const *args)
{
    return e2e_run_in(NULL, res, args);
}

int e2e_run_in(const char *cwd, e2e_result *res, const char *const *args)
{
    res->exit_code = -1;
    res->out = NULL;
    res->err = NULL;
    char *dir = e2e_tmpdir();
    if (!dir)
        return -1;
    char *out_path = e2e_join(dir, "stdout");
    char *err_path = e2e_join(dir, "stderr");

    size_t n = 0;
    while (args[n])
        n++;
    char **argv = calloc(n + 2, sizeof *argv);
    if (!argv)
        abort();
    argv[0] = xstrdup(LS_TEST_BINARY);
    for (size_t i = 0; i < n; i++)
        argv[i + 1] = xstrdup(args[i]);

    fflush(stdout);
    fflush(stderr);
    pid_t pid = fork();
    if (pid == 0) {
        int fo = open(out_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        int fe = open(err_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        int fi = open("/dev/null", O_RDONLY);
        if (fo < 0 || fe < 0 || fi < 0)
            _exit(126);
        if (cwd && chdir(cwd) != 0)
            _exit(126);
        dup2(fi, 0);
        dup2(fo, 1);
        dup2(fe, 2);
        if (!getenv("LS_E2E_DETECT_LEAKS"))
            add_sanitizer_option("ASAN_OPTIONS", "detect_leaks=0");
        execv(argv[0], argv);
        _exit(127);
    }
    int rc = -1;
    if (pid > 0) {
        int status = 0;
        while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
        }
        if (WIFEXITED(status))
            res->exit_code = WEXITSTATUS(status);
        else if (WIFSIGNALED(status))
            res->exit_code = 128 + WTERMSIG(status);
        rc = 0;
    }
    res->out = e2e_read_file(out_path, NULL);
    res->err = e2e_read_file(err_path, NULL);
    if (!res->out)
        res->out = xstrdup("");
    if (!res->err)
        res->err = xstrdup("");
    for (size_t i = 0; i < n + 1; i++)
        free(argv[i]);
    free(argv);
    free(out_path);
    free(err_path);
    e2e_rm_rf(dir);
    free(dir);
    return rc;
}

void e2e_result_free(e2e_result *res)
{
    if (!res)
        return;
    free(res->out);
    free(res->err);
    res->out = res->err = NULL;
}

int e2e_run_case(const char *case_name, const char *const *extra, e2e_result *res, char **case_dir,
                 char **out_dir)
{
    *case_dir = e2e_copy_case(case_name);
    *out_dir = NULL;
    if (!*case_dir) {
        res->exit_code = -1;
        res->out = xstrdup("");
        res->err = xstrdup("cannot copy the case");
        return -1;
    }
    char *run_yaml = e2e_join(*case_dir, "RUN.yaml");
    /* The output folder sits beside the copied case, not inside it, so that the copy can be
     * compared with the source afterwards. */
    *out_dir = xprintf("%s-out", *case_dir);
    const char *args[32];
    size_t k = 0;
    args[k++] = "run";
    args[k++] = run_yaml;
    args[k++] = "-o";
    args[k++] = *out_dir;
    args[k++] = "--quiet";
    for (size_t i = 0; extra && extra[i] && k < 31; i++)
        args[k++] = extra[i];
    args[k] = NULL;
    int rc = e2e_run(res, args);
    free(run_yaml);
    return rc;
}

GDALDatasetH e2e_gpkg_open(const char *path)
{
    return GDALOpenEx(path, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
}

long e2e_layer_count(GDALDatasetH ds, const char *layer)
{
    OGRLayerH lyr = ds ? GDALDatasetGetLayerByName(ds, layer) : NULL;
    if (!lyr)
        return -1;
    return (long)OGR_L_GetFeatureCount(lyr, 1);
}

int e2e_layer_has_field(GDALDatasetH ds, const char *layer, const char *field)
{
    OGRLayerH lyr = ds ? GDALDatasetGetLayerByName(ds, layer) : NULL;
    if (!lyr)
        return 0;
    return OGR_FD_GetFieldIndex(OGR_L_GetLayerDefn(lyr), field) >= 0;
}

/* Find the feature; on success *feat is owned by the caller and *idx is the field index. */
static int find_feature(GDALDatasetH ds, const char *layer, const char *key_field, const char *key,
                        const char *field, OGRFeatureH *feat, int *idx)
{
    *feat = NULL;
    OGRLayerH lyr = ds ? GDALDatasetGetLayerByName(ds, layer) : NULL;
    if (!lyr)
        return E2E_NO_LAYER;
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(lyr);
    int kidx = OGR_FD_GetFieldIndex(defn, key_field);
    *idx = OGR_FD_GetFieldIndex(defn, field);
    if (kidx < 0 || *idx < 0)
        return E2E_NO_FIELD;
    OGR_L_SetAttributeFilter(lyr, NULL);
    OGR_L_ResetReading(lyr);
    OGRFeatureH f;
    while ((f = OGR_L_GetNextFeature(lyr)) != NULL) {
        if (OGR_F_IsFieldSetAndNotNull(f, kidx) &&
            strcmp(OGR_F_GetFieldAsString(f, kidx), key) == 0) {
            *feat = f;
            return E2E_OK;
        }
        OGR_F_Destroy(f);
    }
    return E2E_NO_FEATURE;
}

int e2e_get_double(GDALDatasetH ds, const char *layer, const char *key_field, const char *key,
                   const char *field, double *out)
{
    OGRFeatureH f;
    int idx;
    int rc = find_feature(ds, layer, key_field, key, field, &f, &idx);
    if (rc != E2E_OK)
        return rc;
    if (!OGR_F_IsFieldSetAndNotNull(f, idx)) {
        rc = E2E_NULL;
    } else {
        OGRFieldType t = OGR_Fld_GetType(OGR_F_GetFieldDefnRef(f, idx));
        if (t == OFTString) {
            const char *s = OGR_F_GetFieldAsString(f, idx);
            if (!*s)
                rc = E2E_NULL;
            else
                *out = CPLAtof(s);
        } else {
            *out = OGR_F_GetFieldAsDouble(f, idx);
        }
    }
    OGR_F_Destroy(f);
    return rc;
}

int e2e_get_string(GDALDatasetH ds, const char *layer, const char *key_field, const char *key,
                   const char *field, char **out)
{
    OGRFeatureH f;
    int idx;
    *out = NULL;
    int rc = find_feature(ds, layer, key_field, key, field, &f, &idx);
    if (rc != E2E_OK)
        return rc;
    if (!OGR_F_IsFieldSetAndNotNull(f, idx))
        rc = E2E_NULL;
    else
        *out = xstrdup(OGR_F_GetFieldAsString(f, idx));
    OGR_F_Destroy(f);
    return rc;
}

int e2e_field_state(GDALDatasetH ds, const char *layer, const char *key_field, const char *key,
                    const char *field)
{
    OGRFeatureH f;
    int idx;
    int rc = find_feature(ds, layer, key_field, key, field, &f, &idx);
    if (rc != E2E_OK)
        return rc;
    rc = OGR_F_IsFieldSetAndNotNull(f, idx) ? E2E_OK : E2E_NULL;
    OGR_F_Destroy(f);
    return rc;
}

char *e2e_table_dump(GDALDatasetH ds, const char *layer, const char *const *columns)
{
    OGRLayerH lyr = ds ? GDALDatasetGetLayerByName(ds, layer) : NULL;
    if (!lyr)
        return NULL;
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(lyr);
    size_t cap = 1024, len = 0;
    char *buf = malloc(cap);
    if (!buf)
        abort();
    buf[0] = '\0';
    OGR_L_ResetReading(lyr);
    OGRFeatureH f;
    while ((f = OGR_L_GetNextFeature(lyr)) != NULL) {
        for (size_t c = 0; columns[c]; c++) {
            int idx = OGR_FD_GetFieldIndex(defn, columns[c]);
            const char *v = (idx >= 0 && OGR_F_IsFieldSetAndNotNull(f, idx))
                                ? OGR_F_GetFieldAsString(f, idx)
                                : "";
            size_t need = len + strlen(v) + 3;
            if (need > cap) {
                while (need > cap)
                    cap *= 2;
                buf = realloc(buf, cap);
                if (!buf)
                    abort();
            }
            len += (size_t)sprintf(buf + len, "%s%s", c ? "|" : "", v);
        }
        if (len + 2 > cap) {
            cap *= 2;
            buf = realloc(buf, cap);
            if (!buf)
                abort();
        }
        buf[len++] = '\n';
        buf[len] = '\0';
        OGR_F_Destroy(f);
    }
    return buf;
}

static int sql_first(GDALDatasetH ds, const char *sql, OGRLayerH *lyr, OGRFeatureH *feat)
{
    *lyr = GDALDatasetExecuteSQL(ds, sql, NULL, NULL);
    *feat = NULL;
    if (!*lyr)
        return -1;
    *feat = OGR_L_GetNextFeature(*lyr);
    if (!*feat) {
        GDALDatasetReleaseResultSet(ds, *lyr);
        return -1;
    }
    return 0;
}

int e2e_sql_double(GDALDatasetH ds, const char *sql, double *out)
{
    OGRLayerH lyr;
    OGRFeatureH f;
    if (sql_first(ds, sql, &lyr, &f) != 0)
        return -1;
    int rc = E2E_OK;
    if (!OGR_F_IsFieldSetAndNotNull(f, 0))
        rc = E2E_NULL;
    else
        *out = OGR_F_GetFieldAsDouble(f, 0);
    OGR_F_Destroy(f);
    GDALDatasetReleaseResultSet(ds, lyr);
    return rc;
}

int e2e_sql_string(GDALDatasetH ds, const char *sql, char **out)
{
    OGRLayerH lyr;
    OGRFeatureH f;
    *out = NULL;
    if (sql_first(ds, sql, &lyr, &f) != 0)
        return -1;
    int rc = E2E_OK;
    if (!OGR_F_IsFieldSetAndNotNull(f, 0))
        rc = E2E_NULL;
    else
        *out = xstrdup(OGR_F_GetFieldAsString(f, 0));
    OGR_F_Destroy(f);
    GDALDatasetReleaseResultSet(ds, lyr);
    return rc;
}

int e2e_contains_ci(const char *haystack, const char *needle)
{
    if (!haystack || !needle)
        return 0;
    size_t n = strlen(needle);
    for (const char *p = haystack; *p; p++) {
        size_t i = 0;
        while (i < n && p[i]) {
            unsigned char a = (unsigned char)p[i], b = (unsigned char)needle[i];
            if (a >= 'A' && a <= 'Z')
                a = (unsigned char)(a - 'A' + 'a');
            if (b >= 'A' && b <= 'Z')
                b = (unsigned char)(b - 'A' + 'a');
            if (a != b)
                break;
            i++;
        }
        if (i == n)
            return 1;
    }
    return n == 0;
}

void e2e_assert_near_impl(double actual, double expected, double rel_tol, double abs_tol,
                          const char *what, const char *file, int line)
{
    double tol = fmax(abs_tol, rel_tol * fabs(expected));
    if (!(fabs(actual - expected) <= tol)) {
        print_error("%s: got %.10g, expected %.10g (tolerance %.3g)\n", what, actual, expected,
                    tol);
        _fail(file, line);
    }
}

static const char *rc_name(int rc)
{
    switch (rc) {
    case E2E_NULL:
        return "NULL";
    case E2E_NO_LAYER:
        return "no such layer";
    case E2E_NO_FEATURE:
        return "no such feature";
    case E2E_NO_FIELD:
        return "no such field";
    default:
        return "?";
    }
}

void e2e_assert_field_near_impl(GDALDatasetH ds, const char *layer, const char *key_field,
                                const char *key, const char *field, double expected,
                                const char *file, int line)
{
    double v = 0;
    int rc = e2e_get_double(ds, layer, key_field, key, field, &v);
    char what[256];
    snprintf(what, sizeof what, "%s[%s=%s].%s", layer, key_field, key, field);
    if (rc != E2E_OK) {
        print_error("%s: %s, expected %.10g\n", what, rc_name(rc), expected);
        _fail(file, line);
        return;
    }
    e2e_assert_near_impl(v, expected, 1e-6, 1e-6, what, file, line);
}

void e2e_assert_field_str_impl(GDALDatasetH ds, const char *layer, const char *key_field,
                               const char *key, const char *field, const char *expected,
                               const char *file, int line)
{
    char *v = NULL;
    int rc = e2e_get_string(ds, layer, key_field, key, field, &v);
    int ok;
    if (rc < 0) {
        print_error("%s[%s=%s].%s: %s, expected '%s'\n", layer, key_field, key, field, rc_name(rc),
                    expected ? expected : "(NULL)");
        _fail(file, line);
        return;
    }
    if (!expected)
        ok = (rc == E2E_NULL) || (v && !*v);
    else
        ok = (rc == E2E_OK) && strcmp(v, expected) == 0;
    if (!ok) {
        print_error("%s[%s=%s].%s: got '%s', expected '%s'\n", layer, key_field, key, field,
                    rc == E2E_NULL ? "(NULL)" : v, expected ? expected : "(NULL or empty)");
        free(v);
        _fail(file, line);
        return;
    }
    free(v);
}

void e2e_assert_field_null_impl(GDALDatasetH ds, const char *layer, const char *key_field,
                                const char *key, const char *field, const char *file, int line)
{
    char *v = NULL;
    int rc = e2e_get_string(ds, layer, key_field, key, field, &v);
    if (rc != E2E_NULL) {
        print_error("%s[%s=%s].%s: expected NULL, got %s%s%s\n", layer, key_field, key, field,
                    rc == E2E_OK ? "'" : "", rc == E2E_OK ? v : rc_name(rc),
                    rc == E2E_OK ? "'" : "");
        free(v);
        _fail(file, line);
        return;
    }
    free(v);
}

GDALDatasetH e2e_run_open(const char *dir, const char *run_file, const char *tag)
{
    char *run_path = e2e_join(dir, run_file);
    char *out = e2e_join(dir, tag);
    const char *args[] = {"run", run_path, "-o", out, "--quiet", "--no-ledger", NULL};
    e2e_result r;
    assert_int_equal(e2e_run(&r, args), 0);
    if (r.exit_code != 0)
        fail_msg("landscan run %s exited %d: %s", run_file, r.exit_code, r.err);
    e2e_result_free(&r);
    char *gpkg = e2e_join(out, "landscan.gpkg");
    GDALDatasetH g = e2e_gpkg_open(gpkg);
    assert_non_null(g);
    free(gpkg);
    free(out);
    free(run_path);
    return g;
}
