/*
 * fuzz_common.h — shared helpers of the fuzz targets (tests/fuzz/fuzz_*.c): the libFuzzer
 * entry point declaration and writing an input to an anonymous in-memory file, for the
 * parsers that take a path (the run file and rules loaders).
 *
 * The same targets are linked either with libFuzzer (-fsanitize=fuzzer, LANDSCAN_FUZZ=ON)
 * or with replay_main.c, which feeds every file of a seed corpus folder once, as a ctest.
 */
#ifndef LS_FUZZ_COMMON_H
#define LS_FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>

#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A property check that stays on in release builds (assert() would vanish with NDEBUG). */
#define FUZZ_CHECK(cond)                                                                           \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);               \
            abort();                                                                               \
        }                                                                                          \
    } while (0)

/* Write data into a fresh memfd; *path gets "/proc/self/fd/<n>" (size path_len). Returns
 * the descriptor (close it when done) or -1. */
int fuzz_memfile(const uint8_t *data, size_t size, char *path, size_t path_len);

#endif
