/*
 * test_hostile.c — end-to-end: a run in a hostile environment (issue 13 §8): the output
 * folder read-only, the disk full while the outputs are written. Each must end with a
 * non-zero exit and a message naming the folder and the cause, no output (no GeoPackage, no
 * temporary .landscan-tmp-* folder), the ledger byte-identical and the input folder byte-
 * and file-list-identical. (SIGTERM is in test_interrupt.c, beside SIGINT.)
 *
 * Data: testdata/realdata/osm_karhula (OpenStreetMap, Finland; see its SOURCE.md), copied to
 * a temporary folder. A first, normal run writes the ledger beside RUN.yaml; its bytes are
 * kept and compared after every hostile run.
 *
 * The hostile places: as root (this test machine), a tmpfs mounted read-only, and a tmpfs
 * of 192 KiB (full while the GeoPackage is written) and of 830 KiB (full while the reports
 * are written) for the full disk. Without the right to mount,
 * the read-only folder is a chmod 0555 folder (meaningless for root, so skipped then) and
 * the full disk is RLIMIT_FSIZE (`ulimit -f` with SIGXFSZ ignored, so write(2) fails with
 * EFBIG as it would with ENOSPC).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gdal.h>

#include "e2e_helpers.h"

static char *work;   /* temporary folder */
static char *data;   /* work/data: the case, run in place */
static char *ref;    /* work/ref: the case after the first run (with its ledger) */
static char *ledger; /* data/landscan-ledger.sqlite */

static int sh(const char *fmt, ...)
{
    char cmd[4096];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(cmd, sizeof(cmd), fmt, ap);
    va_end(ap);
    return system(cmd);
}

static int setup(void **state)
{
    (void)state;
    GDALAllRegister();
    work = e2e_tmpdir();
    char *src = e2e_case_src("../realdata/osm_karhula");
    data = e2e_join(work, "data");
    ref = e2e_join(work, "ref");
    ledger = e2e_join(data, "landscan-ledger.sqlite");
    int rc = sh("cp -r '%s' '%s'", src, data);
    free(src);
    if (rc != 0)
        return -1;
    /* a first run: the ledger exists and has one run, which no hostile run may change */
    char *out = e2e_join(work, "first");
    const char *args[] = {"run", "RUN.yaml", "-o", out, "--quiet", NULL};
    e2e_result r;
    if (e2e_run_in(data, &r, args) != 0 || r.exit_code != 0) {
        fprintf(stderr, "first run failed: %s\n", r.err);
        return -1;
    }
    e2e_result_free(&r);
    free(out);
    return sh("cp -r '%s' '%s'", data, ref) == 0 && e2e_file_exists(ledger) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    e2e_rm_rf(work);
    free(work);
    free(data);
    free(ref);
    free(ledger);
    return 0;
}

/* After a failed run into `out`: exit code, message, nothing left, ledger and inputs same. */
static void expect_refused(const e2e_result *r, const char *out, const char *fragment1,
                           const char *fragment2)
{
    if (r->exit_code == 0 || r->exit_code >= 128 || !strstr(r->err, "landscan: ") ||
        !strstr(r->err, fragment1) || (fragment2 && !strstr(r->err, fragment2)))
        fail_msg("exit %d, stderr lacks '%s' / '%s':\n%s", r->exit_code, fragment1,
                 fragment2 ? fragment2 : "", r->err);
    char *left = e2e_folder_entries(out);
    if (*left)
        fail_msg("the failed run left output in %s: %s", out, left);
    free(left);
    char why[1024] = "";
    if (!e2e_tree_same(ref, data, why, sizeof(why))) /* the ledger is in data/ too */
        fail_msg("the inputs or the ledger changed: %s", why);
}

static int mount_tmpfs(const char *dir, const char *opts)
{
    return geteuid() == 0 && mount("tmpfs", dir, "tmpfs", 0, opts) == 0 ? 0 : -1;
}

static void test_hostile__read_only_output_folder(void **state)
{
    (void)state;
    char *out = e2e_join(work, "ro");
    assert_int_equal(mkdir(out, 0755), 0);
    int mounted = mount_tmpfs(out, "size=1m") == 0 &&
                  mount("tmpfs", out, "tmpfs", MS_REMOUNT | MS_RDONLY, "size=1m") == 0;
    if (!mounted) {
        if (geteuid() == 0) { /* root ignores permissions: nothing to test without a mount */
            free(out);
            skip();
        }
        assert_int_equal(chmod(out, 0555), 0);
    }
    const char *args[] = {"run", "RUN.yaml", "-o", out, "--quiet", NULL};
    e2e_result r;
    assert_int_equal(e2e_run_in(data, &r, args), 0);
    expect_refused(&r, out, out, mounted ? "Read-only file system" : "Permission denied");
    e2e_result_free(&r);
    /* a folder that must be created inside the read-only one */
    char *sub = e2e_join(out, "新 输出");
    const char *args2[] = {"run", "RUN.yaml", "-o", sub, "--quiet", NULL};
    assert_int_equal(e2e_run_in(data, &r, args2), 0);
    expect_refused(&r, out, "新 输出", NULL);
    e2e_result_free(&r);
    if (mounted)
        umount(out);
    else
        chmod(out, 0755);
    rmdir(out);
    free(sub);
    free(out);
}

static void test_hostile__disk_full_while_writing(void **state)
{
    (void)state;
    char *out = e2e_join(work, "full");
    assert_int_equal(mkdir(out, 0755), 0);
    e2e_result r;
    int mounted = mount_tmpfs(out, "size=192k") == 0;
    if (mounted) {
        /* 192 KiB: full while the GeoPackage is written; 830 KiB: GeoPackage and project
         * fit (about 780 KiB), the workbook does not */
        static const char *const sizes[] = {"size=192k", "size=830k"};
        for (size_t i = 0; i < 2; i++) {
            if (i > 0)
                assert_int_equal(mount("tmpfs", out, "tmpfs", MS_REMOUNT, sizes[i]), 0);
            const char *args[] = {"run", "RUN.yaml", "-o", out, "--quiet", NULL};
            assert_int_equal(e2e_run_in(data, &r, args), 0);
            expect_refused(&r, out, "the outputs could not be written (nothing was left behind",
                           "; the disk is full");
            /* landscan's own line (libxlsxwriter prints its own "[ERROR]" lines before it) */
            const char *mine = strstr(r.err, "landscan: ");
            if (!mine || !strstr(mine, out) || strstr(mine, ".landscan-tmp"))
                fail_msg("the message should name %s, not the temporary folder: %s", out, r.err);
            e2e_result_free(&r);
        }
        umount(out);
        memset(&r, 0, sizeof(r));
    } else {
        /* RLIMIT_FSIZE 192 KiB, SIGXFSZ ignored: writes past it fail with EFBIG */
        char *err = e2e_join(work, "full.err");
        int rc = sh("cd '%s' && (trap '' XFSZ; ulimit -f 192; ASAN_OPTIONS=detect_leaks=0 "
                    "exec '%s' run RUN.yaml -o '%s' --quiet) 2>'%s'",
                    data, LS_TEST_BINARY, out, err);
        memset(&r, 0, sizeof(r));
        r.exit_code = WIFEXITED(rc) ? WEXITSTATUS(rc) : 128;
        r.err = e2e_read_file(err, NULL);
        r.out = strdup("");
        expect_refused(&r, out, out,
                       strstr(r.err, "disk is full") ? "disk is full" : "File too large");
        free(err);
    }
    e2e_result_free(&r);
    rmdir(out);
    free(out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hostile__read_only_output_folder),
        cmocka_unit_test(test_hostile__disk_full_while_writing),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
