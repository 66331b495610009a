/*
 * e2e_helpers.h — helpers for the end-to-end tests (tests/e2e/test_run_*.c).
 *
 * The e2e tests treat landscan as a black box: they copy a case folder from testdata/e2e/ to
 * a fresh temporary folder (so a ledger written "beside RUN.yaml" never lands in the source
 * tree), run the real binary (LS_TEST_BINARY) with fork/exec, capture its exit code, stdout
 * and stderr, and read the GeoPackage back with the OGR C API, read-only. Nothing here links
 * to landscan's own code: expected values come from hand calculation or from SpatiaLite run
 * through OGR's SQL, never from landscan.
 *
 * Ownership: every char * returned belongs to the caller (free()); e2e_result_free() frees a
 * result. GDALDatasetH handles are the caller's, close them with GDALClose().
 */
#ifndef LS_E2E_HELPERS_H
#define LS_E2E_HELPERS_H

#include <stddef.h>

#include <gdal.h>

/* The outcome of one run of the binary. */
typedef struct e2e_result {
    int exit_code; /* the process exit status, 128 + signal when killed, -1 when not run */
    char *out;     /* captured stdout, NUL-terminated (never NULL after e2e_run) */
    char *err;     /* captured stderr, NUL-terminated (never NULL after e2e_run) */
} e2e_result;

/* Run LS_TEST_BINARY with the NULL-terminated argument list `args` (without argv[0]) in the
 * current working folder. Leak detection of the sanitizers is switched off in the child
 * unless LS_E2E_DETECT_LEAKS is set, so exit codes test the contract, not GDAL's one-time
 * allocations. Returns 0 when the process ran (whatever its exit code), -1 when it could
 * not be started. */
int e2e_run(e2e_result *res, const char *const *args);
/* The same, with the child's working folder set to `cwd` (for relative paths). */
int e2e_run_in(const char *cwd, e2e_result *res, const char *const *args);
void e2e_result_free(e2e_result *res);

/* A fresh, empty temporary folder ($TMPDIR or /tmp, "landscan-e2e-XXXXXX"). */
char *e2e_tmpdir(void);
/* Copy testdata/e2e/<case_name> into a fresh temporary folder; returns that folder. */
char *e2e_copy_case(const char *case_name);
/* The source folder testdata/e2e/<case_name>. */
char *e2e_case_src(const char *case_name);
/* a + "/" + b. */
char *e2e_join(const char *a, const char *b);
/* rm -rf path (only used on folders made by e2e_tmpdir / e2e_copy_case). */
void e2e_rm_rf(const char *path);
int e2e_file_exists(const char *path);

/* Whole file into memory; *len gets its size. NULL when unreadable. */
char *e2e_read_file(const char *path, size_t *len);
/* 1 when the two files exist and are byte-identical, else 0. */
int e2e_files_equal(const char *a, const char *b);
/* 1 when every regular file of folder `ref` (recursively) exists in `other` with the same
 * bytes; on a difference, writes the relative path into why (if not NULL). */
int e2e_tree_contains_same(const char *ref, const char *other, char *why, size_t why_len);
/* 1 when the folders hold the same files (recursively: same names, same bytes, nothing
 * added or removed); on a difference, writes what differs into why (if not NULL). */
int e2e_tree_same(const char *a, const char *b, char *why, size_t why_len);
/* The names in a folder (not recursive), each followed by a space; "" when the folder is
 * empty or absent. */
char *e2e_folder_entries(const char *dir);
/* 1 when the file starts with the UTF-8 BOM EF BB BF. */
int e2e_file_has_bom(const char *path);

/* GeoPackage reading (GDALOpenEx, read-only, vector). NULL when it cannot be opened. */
GDALDatasetH e2e_gpkg_open(const char *path);
/* `landscan run DIR/RUN_FILE -o DIR/TAG --quiet --no-ledger`; fails the test unless it exits 0;
 * returns DIR/TAG/landscan.gpkg opened (GDALClose it). */
GDALDatasetH e2e_run_open(const char *dir, const char *run_file, const char *tag);
/* Number of features of a layer or table; -1 when the layer is absent. */
long e2e_layer_count(GDALDatasetH ds, const char *layer);
/* 1 when the layer has the field. */
int e2e_layer_has_field(GDALDatasetH ds, const char *layer, const char *field);

/* Read `field` of the first feature of `layer` whose `key_field` equals `key` (string
 * comparison). Return codes shared by the three readers: */
enum {
    E2E_OK = 0,
    E2E_NULL = 1, /* the field is NULL (or unset) */
    E2E_NO_LAYER = -1,
    E2E_NO_FEATURE = -2,
    E2E_NO_FIELD = -3
};
int e2e_get_double(GDALDatasetH ds, const char *layer, const char *key_field, const char *key,
                   const char *field, double *out);
/* *out is a malloc'ed copy (NULL when the field is NULL). */
int e2e_get_string(GDALDatasetH ds, const char *layer, const char *key_field, const char *key,
                   const char *field, char **out);
/* E2E_NULL when NULL, E2E_OK when set, negative when missing. */
int e2e_field_state(GDALDatasetH ds, const char *layer, const char *key_field, const char *key,
                    const char *field);

/* All rows of a table joined as "c1|c2|...|cn\n" over the given columns (missing columns
 * and NULLs are empty). NULL when the layer is absent. */
char *e2e_table_dump(GDALDatasetH ds, const char *layer, const char *const *columns);

/* Single-row, single-value SQL (OGR SQL of the datasource, SpatiaLite functions available
 * on a GeoPackage). Returns 0 and *out on success; E2E_NULL when the value is NULL; -1 on a
 * failing statement or no row. */
int e2e_sql_double(GDALDatasetH ds, const char *sql, double *out);
int e2e_sql_string(GDALDatasetH ds, const char *sql, char **out);

/* Case-insensitive substring test (ASCII case folding; UTF-8 passes through). */
int e2e_contains_ci(const char *haystack, const char *needle);

/* Fail the current cmocka test unless |actual - expected| <= max(abs_tol, rel_tol*|expected|),
 * printing both values and what was compared. */
void e2e_assert_near_impl(double actual, double expected, double rel_tol, double abs_tol,
                          const char *what, const char *file, int line);
#define e2e_assert_near(actual, expected, what)                                                    \
    e2e_assert_near_impl((actual), (expected), 1e-6, 1e-6, (what), __FILE__, __LINE__)

/* Read a double field and assert it is near `expected` (fails on NULL / missing). */
void e2e_assert_field_near_impl(GDALDatasetH ds, const char *layer, const char *key_field,
                                const char *key, const char *field, double expected,
                                const char *file, int line);
#define e2e_assert_field_near(ds, layer, key_field, key, field, expected)                          \
    e2e_assert_field_near_impl((ds), (layer), (key_field), (key), (field), (expected), __FILE__,   \
                               __LINE__)
/* Read a string field and assert it equals `expected` (NULL expected = NULL or empty). */
void e2e_assert_field_str_impl(GDALDatasetH ds, const char *layer, const char *key_field,
                               const char *key, const char *field, const char *expected,
                               const char *file, int line);
#define e2e_assert_field_str(ds, layer, key_field, key, field, expected)                           \
    e2e_assert_field_str_impl((ds), (layer), (key_field), (key), (field), (expected), __FILE__,    \
                              __LINE__)
/* Assert the field is NULL. */
void e2e_assert_field_null_impl(GDALDatasetH ds, const char *layer, const char *key_field,
                                const char *key, const char *field, const char *file, int line);
#define e2e_assert_field_null(ds, layer, key_field, key, field)                                    \
    e2e_assert_field_null_impl((ds), (layer), (key_field), (key), (field), __FILE__, __LINE__)

/* Convenience: copy a case, run `landscan run RUN.yaml -o <tmp>/out --quiet [extra...]` in
 * the copy. *case_dir and *out_dir are set (caller frees). Returns the e2e_run result. */
int e2e_run_case(const char *case_name, const char *const *extra, e2e_result *res, char **case_dir,
                 char **out_dir);

#endif
