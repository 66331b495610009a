/*
 * context.c — the ls_context: last error, notices, progress and the interrupt flag,
 * plus the small string helpers every stage shares.
 *
 * The context is the only mutable state of the library; there are no globals. Error
 * messages are single lines (newlines are replaced) so a CLI can print them as they are,
 * and every password of a connection string in them is replaced by *** (source.c).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "source.h"

#ifndef LS_VERSION
#define LS_VERSION "0.0.0"
#endif
#ifndef LS_PRESET_DIR
#define LS_PRESET_DIR "/usr/local/share/landscan/presets"
#endif
#ifndef LS_SOURCE_PRESET_DIR
#define LS_SOURCE_PRESET_DIR LS_PRESET_DIR
#endif

const char *ls_version(void)
{
    return LS_VERSION;
}

int ls_context_new(ls_context **out)
{
    ls_context *ctx = calloc(1, sizeof(*ctx));
    if (!ctx)
        return LS_ENOMEM;
    *out = ctx;
    return LS_OK;
}

void ls_context_free(ls_context *ctx)
{
    if (!ctx)
        return;
    free(ctx->preset_dir);
    free(ctx);
}

const char *ls_context_error(const ls_context *ctx)
{
    return ctx ? ctx->error : "";
}

int ls_context_error_code(const ls_context *ctx)
{
    return ctx ? ctx->error_code : LS_OK;
}

void ls_context_set_progress(ls_context *ctx, ls_progress_fn fn, void *userdata)
{
    ctx->progress = fn;
    ctx->progress_data = userdata;
}

void ls_context_set_notice(ls_context *ctx, ls_notice_fn fn, void *userdata)
{
    ctx->notice = fn;
    ctx->notice_data = userdata;
}

void ls_context_interrupt(ls_context *ctx)
{
    ctx->interrupted = 1;
}

int ls_context_interrupted(const ls_context *ctx)
{
    return ctx->interrupted != 0 || (ctx->parent && ctx->parent->interrupted != 0);
}

int ls__context_child(const ls_context *parent, ls_context **out)
{
    ls_context *ctx = NULL;
    if (ls_context_new(&ctx) != LS_OK)
        return LS_ENOMEM;
    if (parent->preset_dir && !(ctx->preset_dir = ls__strdup(parent->preset_dir))) {
        ls_context_free(ctx);
        return LS_ENOMEM;
    }
    ctx->parent = parent;
    *out = ctx;
    return LS_OK;
}

int ls_context_set_preset_dir(ls_context *ctx, const char *dir)
{
    char *copy = NULL;
    if (dir && !(copy = ls__strdup(dir)))
        return ls__error_set(ctx, LS_ENOMEM, "out of memory");
    free(ctx->preset_dir);
    ctx->preset_dir = copy;
    return LS_OK;
}

const char *ls__default_preset_dir(void)
{
    const char *env = getenv("LANDSCAN_PRESET_DIR");
    if (env && *env)
        return env;
    /* the presets of the source tree the binary was built from, while it exists (a build
     * tree must never read an older installed copy), else the installed ones */
    FILE *f = fopen(LS_SOURCE_PRESET_DIR "/national-2008.yaml", "r");
    if (f) {
        fclose(f);
        return LS_SOURCE_PRESET_DIR;
    }
    return LS_PRESET_DIR;
}

const char *ls_context_preset_dir(const ls_context *ctx)
{
    return ctx->preset_dir ? ctx->preset_dir : ls__default_preset_dir();
}

static void one_line(char *s)
{
    for (; *s; s++)
        if (*s == '\n' || *s == '\r')
            *s = ' ';
}

int ls__error_set(ls_context *ctx, int code, const char *fmt, ...)
{
    if (!ctx)
        return code;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(ctx->error, sizeof(ctx->error), fmt, ap);
    va_end(ap);
    one_line(ctx->error);
    ls__source_redact(ctx->error, sizeof(ctx->error)); /* never a connection's password */
    ctx->error_code = code;
    return code;
}

void ls__error_clear(ls_context *ctx)
{
    ctx->error[0] = '\0';
    ctx->error_code = LS_OK;
}

void ls__notice(ls_context *ctx, int level, const char *fmt, ...)
{
    char msg[1024];
    if (!ctx || !ctx->notice)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    one_line(msg);
    ls__source_redact(msg, sizeof(msg));
    ctx->notice(level, msg, ctx->notice_data);
}

void ls__progress(ls_context *ctx, const char *stage, double fraction)
{
    /* a child context (a worker thread's, ls__context_child) reports through its parent's
     * callback, which must then be thread-safe (the CLI's is) */
    const ls_context *c = ctx;
    while (c && !c->progress)
        c = c->parent;
    if (c)
        c->progress(stage, fraction, c->progress_data);
}

char *ls__strdup(const char *s)
{
    if (!s)
        return NULL;
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d)
        memcpy(d, s, n);
    return d;
}

char *ls__sprintf(const char *fmt, ...)
{
    va_list ap, ap2;
    va_start(ap, fmt);
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *s = NULL;
    if (n >= 0 && (s = malloc((size_t)n + 1)))
        vsnprintf(s, (size_t)n + 1, fmt, ap2);
    va_end(ap2);
    return s;
}

char *ls__path_join(const char *dir, const char *path)
{
    if (!path)
        return NULL;
    if (path[0] == '/' || !dir || !*dir || strcmp(dir, ".") == 0)
        return ls__strdup(path);
    size_t n = strlen(dir);
    return ls__sprintf("%s%s%s", dir, dir[n - 1] == '/' ? "" : "/", path);
}

char *ls__path_dir(const char *path)
{
    const char *slash = path ? strrchr(path, '/') : NULL;
    if (!slash)
        return ls__strdup(".");
    if (slash == path)
        return ls__strdup("/");
    char *d = malloc((size_t)(slash - path) + 1);
    if (d) {
        memcpy(d, path, (size_t)(slash - path));
        d[slash - path] = '\0';
    }
    return d;
}

char *ls__trim(char *s)
{
    if (!s)
        return s;
    char *start = s;
    while (*start && isspace((unsigned char)*start))
        start++;
    size_t n = strlen(start);
    while (n > 0 && isspace((unsigned char)start[n - 1]))
        n--;
    memmove(s, start, n);
    s[n] = '\0';
    return s;
}

void ls__buf_addn(ls__buf *b, const char *s, size_t n)
{
    if (b->failed)
        return;
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < b->len + n + 1)
            cap *= 2;
        char *d = realloc(b->data, cap);
        if (!d) {
            b->failed = 1;
            return;
        }
        b->data = d;
        b->cap = cap;
    }
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void ls__buf_add(ls__buf *b, const char *s)
{
    ls__buf_addn(b, s, strlen(s));
}

void ls__buf_addf(ls__buf *b, const char *fmt, ...)
{
    char small[512];
    va_list ap, ap2;
    va_start(ap, fmt);
    va_copy(ap2, ap);
    int n = vsnprintf(small, sizeof(small), fmt, ap);
    va_end(ap);
    if (n < 0) {
        b->failed = 1;
    } else if ((size_t)n < sizeof(small)) {
        ls__buf_addn(b, small, (size_t)n);
    } else {
        char *big = malloc((size_t)n + 1);
        if (!big) {
            b->failed = 1;
        } else {
            vsnprintf(big, (size_t)n + 1, fmt, ap2);
            ls__buf_addn(b, big, (size_t)n);
            free(big);
        }
    }
    va_end(ap2);
}

void ls__buf_add_quoted(ls__buf *b, const char *s)
{
    ls__buf_add(b, "\"");
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\') {
            char esc[3] = {'\\', (char)*p, '\0'};
            ls__buf_add(b, esc);
        } else if (*p < 0x20) {
            ls__buf_addf(b, "\\u%04x", *p);
        } else {
            ls__buf_addn(b, (const char *)p, 1);
        }
    }
    ls__buf_add(b, "\"");
}

char *ls__buf_take(ls__buf *b)
{
    if (b->failed) {
        free(b->data);
        b->data = NULL;
        b->len = b->cap = 0;
        return NULL;
    }
    char *d = b->data ? b->data : ls__strdup("");
    b->data = NULL;
    b->len = b->cap = 0;
    return d;
}

void ls__buf_free(ls__buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}
