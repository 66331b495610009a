/*
 * xlsx_zip.c — the workbook's zip compression level.
 *
 * libxlsxwriter (1.1.x) packs every workbook part with minizip's zipOpenNewFileInZip4_64 at
 * zlib's default level 6 and offers no option to change it; at 10^5 parcels deflate was the
 * largest single cost of a run (≈ 15 % of its CPU). This file defines that minizip function
 * itself — the dynamic linker resolves libxlsxwriter's call to the executable's definition
 * first (ELF symbol interposition) — and forwards to minizip's own (dlsym RTLD_NEXT) with
 * Z_BEST_SPEED (level 1): the same valid xlsx, a few percent larger, written several times
 * faster. Nothing else in landscan calls minizip. Where libxlsxwriter carries its own minizip
 * (built statically) the call never reaches here and the default level stays.
 * CMakeLists.txt links every in-tree user of the static library with
 * --undefined=zipOpenNewFileInZip4_64 so that this file is taken from the archive.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <minizip/zip.h>
#include <pthread.h>
#include <stddef.h>

typedef int (*open4_fn)(zipFile, const char *, const zip_fileinfo *, const void *, uInt,
                        const void *, uInt, const char *, int, int, int, int, int, int,
                        const char *, uLong, uLong, uLong, int);

static open4_fn real;
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void find_real(void)
{
    /* POSIX: a function pointer through void * (dlsym's documented use) */
    void *sym = dlsym(RTLD_NEXT, "zipOpenNewFileInZip4_64");
    *(void **)&real = sym;
}

int zipOpenNewFileInZip4_64(zipFile file, const char *filename, const zip_fileinfo *zipfi,
                            const void *extrafield_local, uInt size_extrafield_local,
                            const void *extrafield_global, uInt size_extrafield_global,
                            const char *comment, int method, int level, int raw, int windowBits,
                            int memLevel, int strategy, const char *password, uLong crcForCrypting,
                            uLong versionMadeBy, uLong flagBase, int zip64)
{
    pthread_once(&once, find_real);
    if (!real)
        return ZIP_INTERNALERROR;
    return real(file, filename, zipfi, extrafield_local, size_extrafield_local, extrafield_global,
                size_extrafield_global, comment, method,
                method == Z_DEFLATED ? Z_BEST_SPEED : level, raw, windowBits, memLevel, strategy,
                password, crcForCrypting, versionMadeBy, flagBase, zip64);
}
