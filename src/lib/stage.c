/*
 * stage.c — staging of an output folder (stage.h).
 *
 * The temporary folder lives inside the destination, so the final rename(2)s stay on one
 * file system and are atomic per entry. It is named after the process id: two processes
 * writing into one folder do not share it, and a crashed run's leftover is removed by the
 * next run that gets the same pid. Entries are moved in name order, so a listing taken
 * while they move shows a deterministic subset.
 *
 * It knows nothing of what is written; the callers decide which existing outputs may be
 * replaced (ls_run() and ls_report_write() refuse them without --force before staging).
 */
#define _XOPEN_SOURCE 700 /* nftw */
#include <dirent.h>
#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "stage.h"

int ls__mkdir_p(const char *path)
{
    char *p = ls__strdup(path);
    if (!p)
        return -1;
    for (char *c = p + 1; *c; c++) {
        if (*c != '/')
            continue;
        *c = '\0';
        if (mkdir(p, 0777) != 0 && errno != EEXIST) {
            free(p);
            return -1;
        }
        *c = '/';
    }
    int rc = mkdir(p, 0777) != 0 && errno != EEXIST ? -1 : 0;
    free(p);
    return rc;
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)ftw;
    return flag == FTW_DP ? rmdir(path) : unlink(path);
}

void ls__remove_tree(const char *path)
{
    if (path)
        nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

int ls__stage_begin(ls_context *ctx, const char *dir, ls__stage *st)
{
    struct stat sb;
    memset(st, 0, sizeof(*st));
    int created = stat(dir, &sb) != 0;
    if (ls__mkdir_p(dir) != 0)
        return ls__error_set(ctx, LS_EIO, "%s: cannot create the output folder (%s)", dir,
                             strerror(errno));
    char name[64];
    snprintf(name, sizeof(name), ".landscan-tmp-%ld", (long)getpid());
    char *tmp = ls__path_join(dir, name);
    char *d = ls__strdup(dir);
    if (!tmp || !d) {
        free(tmp);
        free(d);
        return ls__error_set(ctx, LS_ENOMEM, "out of memory");
    }
    ls__remove_tree(tmp); /* leftovers of an earlier crashed run with the same pid */
    if (mkdir(tmp, 0777) != 0) {
        int rc = ls__error_set(ctx, LS_EIO, "%s: cannot create a temporary folder (%s)", dir,
                               strerror(errno));
        if (created)
            rmdir(dir);
        free(tmp);
        free(d);
        return rc;
    }
    st->dir = d;
    st->tmp = tmp;
    st->created = created;
    return LS_OK;
}

static int cmp_cstr(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int ls__stage_commit(ls_context *ctx, ls__stage *st)
{
    int error = LS_OK;
    char **names = NULL;
    size_t n = 0, cap = 0;
    DIR *d = opendir(st->tmp);
    if (!d)
        return ls__error_set(ctx, LS_EIO, "%s: cannot read (%s)", st->tmp, strerror(errno));
    struct dirent *e;
    while (error == LS_OK && (e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        if (n == cap) {
            size_t c = cap ? cap * 2 : 16;
            char **nn = realloc(names, c * sizeof(*nn));
            if (!nn) {
                error = ls__error_set(ctx, LS_ENOMEM, "out of memory");
                break;
            }
            names = nn;
            cap = c;
        }
        if ((names[n] = ls__strdup(e->d_name)) == NULL)
            error = ls__error_set(ctx, LS_ENOMEM, "out of memory");
        else
            n++;
    }
    closedir(d);
    if (n > 1)
        qsort(names, n, sizeof(char *), cmp_cstr);
    for (size_t i = 0; i < n && error == LS_OK; i++) {
        char *from = ls__path_join(st->tmp, names[i]);
        char *to = ls__path_join(st->dir, names[i]);
        struct stat sb;
        if (to && stat(to, &sb) == 0 && S_ISDIR(sb.st_mode))
            ls__remove_tree(to);
        if (!from || !to || rename(from, to) != 0)
            error = ls__error_set(ctx, LS_EIO, "%s: cannot move %s into place (%s)", st->dir,
                                  names[i], strerror(errno));
        free(from);
        free(to);
    }
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
    return error;
}

void ls__stage_end(ls__stage *st, int failed)
{
    if (!st)
        return;
    ls__remove_tree(st->tmp);
    if (failed && st->created && st->dir)
        rmdir(st->dir); /* only when empty: nothing of a failed call is left behind */
    free(st->tmp);
    free(st->dir);
    memset(st, 0, sizeof(*st));
}

int ls__stage_failed(ls_context *ctx, const ls__stage *st, int error)
{
    if (error == LS_EINTERRUPTED || error == LS_ENOMEM || !st || !st->tmp)
        return error;
    ls__buf b = {0};
    const char *msg = ls_context_error(ctx);
    size_t tl = strlen(st->tmp);
    for (const char *p = msg; *p;) { /* the temporary folder's name → the destination's */
        if (strncmp(p, st->tmp, tl) == 0) {
            ls__buf_add(&b, st->dir);
            p += tl;
        } else {
            ls__buf_addn(&b, p, 1);
            p++;
        }
    }
    struct statvfs v;
    const char *cause = "";
    if (statvfs(st->tmp, &v) == 0) {
        if (v.f_flag & ST_RDONLY)
            cause = "; the file system is read-only";
        else if ((unsigned long long)v.f_bavail * v.f_frsize < 256ULL * 1024)
            cause = "; the disk is full";
    }
    char *text = ls__buf_take(&b);
    /* the cause before the detail: a library's detail can be long enough (GDAL quotes its
     * SQL) to be cut off at the message's length */
    ls__error_set(ctx, error,
                  "%s: the outputs could not be written (nothing was left behind, the ledger is "
                  "unchanged)%s: %s",
                  st->dir, cause, text ? text : "");
    free(text);
    return error;
}
