/*
 * ledger_store.h (private to the ledger_*.c files) — the ledger's SQLite connection and the
 * small statement helpers shared by matching, recording and reading (ledger_store.c), plus
 * the state carried from ls__ledger_prepare() (ledger_match.c) to ls__ledger_record_*()
 * (ledger_record.c). Every helper that fails sets the context's one-line message naming the
 * ledger file and returns its LS_E* code.
 */
#ifndef LANDSCAN_LEDGER_STORE_H
#define LANDSCAN_LEDGER_STORE_H

#include <sqlite3.h>

#include "ledger.h"

typedef struct ls__lrec ls__lrec; /* a record in progress (ledger_record.c) */

struct ls__ledger {
    char *path;
    long prev_run_id; /* 0 when none */
    char *district;   /* --district of the run */
    ls__lrec *rec;    /* started by ls__ledger_record_start, NULL none */
};

/* Roll back and end a record still in progress (ls__ledger_free). */
void ls__ledger_record_abort(ls__ledger *lg);

/* One open ledger connection (SQLite with SpatiaLite and the ls_series() SQL function). */
typedef struct ls__ldb {
    ls_context *ctx;
    const char *path;
    sqlite3 *db;
    void *cache;    /* SpatiaLite connection cache */
    int version;    /* schema version found by ls__ldb_check (0 empty) */
    int geometries; /* the ledger has the `geometries` table (schema 3 on) */
} ls__ldb;

/* Open path read-only (write 0) or read-write, creating it (write 1); 30 s busy timeout. */
int ls__ldb_open(ls_context *ctx, const char *path, int write, ls__ldb *L);
void ls__ldb_close(ls__ldb *L);
/* Set the context's message from the connection's last SQLite error; returns its code. */
int ls__ldb_error(ls__ldb *L, const char *what);
int ls__ldb_exec(ls__ldb *L, const char *sql);
int ls__ldb_prepare(ls__ldb *L, const char *sql, sqlite3_stmt **st);
/* First column of the first row as a number (0 when no row). */
int ls__ldb_long(ls__ldb *L, const char *sql, long *out);
/* First column of the first row as text (NULL when no row or NULL). Caller frees. */
int ls__ldb_text(ls__ldb *L, const char *sql, char **out);
/* Column i as a new string (NULL for NULL) / as a number (NAN for NULL). */
char *ls__ldb_col_text(sqlite3_stmt *st, int i);
double ls__ldb_col_real(sqlite3_stmt *st, int i);
/* Bind text (NULL binds NULL) / a number (NAN binds NULL). */
void ls__ldb_bind_text(sqlite3_stmt *st, int i, const char *s);
void ls__ldb_bind_real(sqlite3_stmt *st, int i, double v);

/* *exists = 0 when the file is missing or empty (a new ledger); refuses a file that is not
 * SQLite by its header, without opening it. */
int ls__ldb_probe(ls_context *ctx, const char *path, int *exists);
/* Is the open database a landscan ledger (*version > 0) or an empty database (0)? Refuses
 * foreign, corrupt and newer ledgers. */
int ls__ldb_check(ls__ldb *L, int *version);
/* Create schema LS_LEDGER_SCHEMA_VERSION (geometry SRID epsg, 0 when unknown) / upgrade an
 * older one, inside the caller's transaction (*moved_geometry = 1 when the upgrade moved the
 * geometries out of run_parcels: the file then has free pages worth a VACUUM). */
int ls__ldb_create_schema(ls__ldb *L, int epsg);
int ls__ldb_upgrade_schema(ls__ldb *L, int from, int *moved_geometry);
/* The column holding a parcel row's geometry BLOB in a query on run_parcels p (joined with
 * geometries g when the ledger has them: see ls__ldb_parcels_from()). */
const char *ls__ldb_parcel_geom(const ls__ldb *L);
const char *ls__ldb_parcels_from(const ls__ldb *L);
/* Open an existing ledger read-only for the CLI verbs; *empty when it holds no ledger yet. */
int ls__ldb_open_existing(ls_context *ctx, const char *path, ls__ldb *L, int *empty);

/* The ledger series of the campaign targets (ledger_series.c): ds->series from the runs of
 * cfg->name's series dated before the run (L NULL or version 0: none recorded yet), then the
 * current run (after ls__ledger_match; prev_run_id its previous run, 0 none). */
int ls__ledger_series(ls_context *ctx, ls__ldb *L, int version, const ls_config *cfg,
                      const char *district, long prev_run_id, ls__dataset *ds);

#endif
