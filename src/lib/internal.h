/*
 * internal.h — shared internal helpers of liblandscan: the context layout, error setting,
 * notices, small string utilities and date/number parsing used by several stages.
 *
 * Names here are ls__<module>_<verb>; nothing in this header is part of the public API.
 */
#ifndef LANDSCAN_INTERNAL_H
#define LANDSCAN_INTERNAL_H

#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>

#include "landscan/landscan.h"

struct ls_context {
    int error_code;
    char error[1024];
    ls_progress_fn progress;
    void *progress_data;
    ls_notice_fn notice;
    void *notice_data;
    atomic_int interrupted; /* lock-free: set from any thread or a signal handler */
    char *preset_dir;
    const struct ls_context *parent; /* a worker's context: the parent's interrupt counts too */
};

/* A context for work on another thread: its own error message and no callbacks, the
 * parent's preset folder, and interrupted whenever the parent is. */
int ls__context_child(const ls_context *parent, ls_context **out);

#if defined(__GNUC__)
#define LS__PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define LS__PRINTF(a, b)
#endif

/* Argument checks for programmer errors (libgit2's GIT_ASSERT_ARG): when `expr` is false
 * the calling public function sets "<function>: invalid argument: <expr>" on ctx (ctx may
 * be NULL) and returns LS_EINVAL. No abort, so embedders and tests see the code. */
#define LS__ASSERT_ARG(ctx, expr)                                                                  \
    do {                                                                                           \
        if (!(expr))                                                                               \
            return ls__error_set((ctx), LS_EINVAL, "%s: invalid argument: %s", __func__, #expr);   \
    } while (0)

/* Set the context error (one line) and return code. */
int ls__error_set(ls_context *ctx, int code, const char *fmt, ...) LS__PRINTF(3, 4);
void ls__error_clear(ls_context *ctx);
/* Send a notice to the caller's callback, if any. */
void ls__notice(ls_context *ctx, int level, const char *fmt, ...) LS__PRINTF(3, 4);
void ls__progress(ls_context *ctx, const char *stage, double fraction);

/* strdup that accepts NULL. */
char *ls__strdup(const char *s);
/* printf into a new string (caller frees), NULL on failure. */
char *ls__sprintf(const char *fmt, ...) LS__PRINTF(1, 2);
/* Join a folder and a relative path ("a" + "b" → "a/b"); absolute paths returned as is. */
char *ls__path_join(const char *dir, const char *path);
/* Folder part of a path ("." when none). */
char *ls__path_dir(const char *path);
/* Trim ASCII whitespace in place; returns s. */
char *ls__trim(char *s);

/* Growable string buffer. */
typedef struct ls__buf {
    char *data;
    size_t len, cap;
    int failed;
} ls__buf;
void ls__buf_add(ls__buf *b, const char *s);
void ls__buf_addf(ls__buf *b, const char *fmt, ...) LS__PRINTF(2, 3);
void ls__buf_addn(ls__buf *b, const char *s, size_t n);
/* A double-quoted string with JSON escapes (\" \\ \u00XX), valid in YAML too. */
void ls__buf_add_quoted(ls__buf *b, const char *s);
/* Take the string out of the buffer (caller frees); NULL when allocation failed. */
char *ls__buf_take(ls__buf *b);
void ls__buf_free(ls__buf *b);

/* Dates as days since 1970-01-01. LS_NO_DATE when absent or unparseable. */
#define LS_NO_DATE (-2147483647 - 1)
/* Parse ISO and Chinese date forms: 2021-3-5, 2021/03/05, 20210305, 2021.3.5,
 * 2021年3月5日, and a leading date of a datetime. Returns 0 and sets *days, or -1. */
int ls__date_parse(const char *text, int *days);
int ls__date_from_ymd(int y, int m, int d);
void ls__date_to_ymd(int days, int *y, int *m, int *d);
/* The date `years` whole years after `days` (29 February → 28 February in a common year). */
int ls__date_add_years(int days, int years);
/* Calendar years from one date to another (domain.md §1): the anniversaries passed, k, plus
 * the elapsed share of the year from the k-th to the (k+1)-th anniversary. So for a whole
 * N, ls__date_years(d, r) >= N exactly when r is on or after the N-th anniversary of d
 * (29 February → 28 February). Negative when to_days < from_days. */
double ls__date_years(int from_days, int to_days);
/* The first date r with ls__date_years(from_days, r) >= years (for a whole number: the
 * years-th anniversary); from_days itself when years <= 0. */
int ls__date_after_years(int from_days, double years);

/* Parse a number; accepts surrounding spaces and thousands separators. 0 ok, -1 bad. */
int ls__number_parse(const char *text, double *value);
/* Parse a boolean: 1/0, true/false, yes/no, 是/否, Y/N, T/F. 0 ok, -1 bad. */
int ls__bool_parse(const char *text, int *value);

/* The canonical field names of an input role, NULL-terminated (the run-file contract). */
const char *const *ls__config_role_fields(ls_input_role role);
/* The keys (and value sets) the run file accepts, NULL-terminated, by section: "run" (top
 * level), "input" (every inputs.<role>), "enterprises" (inputs.enterprises), "masks" (an
 * inputs.masks entry), "coord_sys", "area_basis" (the values); NULL for another section.
 * The documentation test (tests/docs) compares them with docs/run-file.md. */
const char *const *ls__config_keys(const char *section);

/* Locate the default preset folder (build tree or installed). */
const char *ls__default_preset_dir(void);

/* The layouts behind the opaque public handles ls_config and ls_rules. */
#include "config.h"
#include "rules.h"

#endif
