/*
 * rules_presets.c — the shipped rules presets: listing the preset folder and resolving a
 * rules name to a file.
 *
 * A rules name is a path when it contains '/' or ends in .yaml / .yml (joined to the
 * referring file's folder when relative), else a preset name: letters, digits, '-', '_'
 * and '.', looked up as <preset folder>/<name>.yaml (ls_context_preset_dir()). An unknown
 * preset's message lists the available ones.
 *
 * This file does not read the files it finds (rules_load.c does).
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "internal.h"
#include "yaml_util.h"

int ls__rules_is_path(const char *name)
{
    size_t n = strlen(name);
    return strchr(name, '/') || (n >= 5 && strcasecmp(name + n - 5, ".yaml") == 0) ||
           (n >= 4 && strcasecmp(name + n - 4, ".yml") == 0);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int ls_rules_list_presets(ls_context *ctx, char ***out)
{
    int error = LS_OK;
    DIR *d = NULL;
    char **names = NULL;
    size_t n = 0, cap = 0;

    LS__ASSERT_ARG(ctx, ctx);
    LS__ASSERT_ARG(ctx, out);
    const char *dir = ls_context_preset_dir(ctx);
    if (!(d = opendir(dir))) {
        return ls__error_set(ctx, errno == ENOENT ? LS_ENOTFOUND : LS_EIO,
                             "%s: cannot open the preset folder: %s", dir, strerror(errno));
    }
    struct dirent *e;
    while ((e = readdir(d))) {
        size_t len = strlen(e->d_name);
        if (len <= 5 || strcmp(e->d_name + len - 5, ".yaml") != 0 || e->d_name[0] == '.')
            continue;
        if (n + 2 > cap) {
            cap = cap ? cap * 2 : 8;
            char **grown = realloc(names, cap * sizeof(*names));
            if (!grown) {
                error = ls__error_set(ctx, LS_ENOMEM, "out of memory");
                goto cleanup;
            }
            names = grown;
        }
        if (!(names[n] = malloc(len - 4))) {
            error = ls__error_set(ctx, LS_ENOMEM, "out of memory");
            goto cleanup;
        }
        memcpy(names[n], e->d_name, len - 5);
        names[n][len - 5] = '\0';
        n++;
    }
    if (!names && !(names = malloc(sizeof(*names)))) {
        error = ls__error_set(ctx, LS_ENOMEM, "out of memory");
        goto cleanup;
    }
    qsort(names, n, sizeof(*names), cmp_str);
    names[n] = NULL;
    *out = names;
    names = NULL;

cleanup:
    ls__rules_free_strings(names, n);
    closedir(d);
    return error;
}

void ls_strings_free(char **strings)
{
    if (!strings)
        return;
    for (char **p = strings; *p; p++)
        free(*p);
    free(strings);
}

/* "a, b, c" of the presets, or a note when the folder cannot be read; the context's
 * message is left as it was. */
static void available_text(ls_context *ctx, char *buf, size_t size)
{
    char **names = NULL;
    char saved[sizeof(ctx->error)];
    int saved_code = ctx->error_code;
    memcpy(saved, ctx->error, sizeof(saved));
    if (ls_rules_list_presets(ctx, &names) != LS_OK || !names[0])
        snprintf(buf, size, "none in %s", ls_context_preset_dir(ctx));
    else
        ls__yaml_list_text((const char *const *)names, buf, size);
    ls_strings_free(names);
    memcpy(ctx->error, saved, sizeof(saved));
    ctx->error_code = saved_code;
}

static int file_exists(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return 0;
    fclose(f);
    return 1;
}

int ls__rules_resolve(ls_context *ctx, const char *name_or_path, const char *base_dir,
                      const char *prefix, char **out)
{
    char *path = NULL;
    if (ls__rules_is_path(name_or_path)) {
        if (!(path = ls__path_join(base_dir, name_or_path)))
            return ls__error_set(ctx, LS_ENOMEM, "out of memory");
        if (!file_exists(path)) {
            int e = errno;
            int code = e == ENOENT ? LS_ENOTFOUND : LS_EIO;
            ls__error_set(ctx, code, "%s%s: cannot open rules file: %s", prefix, path, strerror(e));
            free(path);
            return code;
        }
    } else {
        char available[512];
        int ok = name_or_path[0] != '\0';
        for (const char *c = name_or_path; *c; c++)
            if (!isalnum((unsigned char)*c) && *c != '-' && *c != '_' && *c != '.')
                ok = 0;
        if (ok) {
            if (!(path = ls__sprintf("%s/%s.yaml", ls_context_preset_dir(ctx), name_or_path)))
                return ls__error_set(ctx, LS_ENOMEM, "out of memory");
            ok = file_exists(path);
        }
        if (!ok) {
            free(path);
            available_text(ctx, available, sizeof(available));
            return ls__error_set(ctx, LS_ENOTFOUND, "%sunknown rules preset '%s' (available: %s)",
                                 prefix, name_or_path, available);
        }
    }
    *out = path;
    return LS_OK;
}
