/*
 * fuzz.h: what the fuzz targets share.  Each target is a libFuzzer entry
 * point (LLVMFuzzerTestOneInput) built with clang when SM_FUZZ is on; as in
 * cmark's fuzzer, the first bytes of an input choose options and the rest is
 * the input.  Documents in one input are separated by NUL bytes.
 */
#ifndef SM_FUZZ_H
#define SM_FUZZ_H

#include "summarizer.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <unistd.h>

/* At most this many documents per input: more cost time, not coverage. */
#define FUZZ_MAX_DOCS 8

/* One context for the whole run (models/ as the library finds it:
 * SUMMARIZER_MODELS or the source tree), warnings silenced. */
static inline void fuzz_quiet(void *ud, const char *msg)
{
    (void)ud;
    (void)msg;
}

static inline sm_ctx *fuzz_ctx(void)
{
    static sm_ctx *ctx;
    if (!ctx) {
        char err[256];
        ctx = sm_ctx_new(NULL, NULL, err, sizeof err);
        if (!ctx) {
            fprintf(stderr, "fuzz: %s\n", err);
            abort(); /* the harness cannot run: not a finding */
        }
        sm_ctx_set_warn(ctx, fuzz_quiet, NULL);
    }
    return ctx;
}

/* Takes one option byte (0 when the input is used up). */
static inline uint8_t fuzz_byte(const uint8_t **p, size_t *n)
{
    if (*n == 0)
        return 0;
    uint8_t b = **p;
    (*p)++;
    (*n)--;
    return b;
}

/* Adds the NUL-separated documents of data to c. */
static inline void fuzz_add_docs(sm_corpus *c, const uint8_t *data, size_t n)
{
    size_t start = 0, k = 0;
    for (size_t i = 0; i <= n && k < FUZZ_MAX_DOCS; i++) {
        if (i < n && data[i] != 0)
            continue;
        char name[32];
        snprintf(name, sizeof name, "doc%zu.txt", k++);
        sm_corpus_add_text(c, name, (const char *)data + start, i - start,
                           NULL);
        start = i + 1;
    }
}

static char fuzz_dir[64];

/* Empties the temporary folder (a repaired archive leaves what it cut
 * out beside it). */
static inline void fuzz_clear(void)
{
    DIR *d = opendir(fuzz_dir);
    if (!d)
        return;
    struct dirent *e;
    char p[512];
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        snprintf(p, sizeof p, "%s/%s", fuzz_dir, e->d_name);
        unlink(p);
    }
    closedir(d);
}

static inline void fuzz_cleanup(void)
{
    fuzz_clear();
    rmdir(fuzz_dir);
}

/* A private temporary folder for targets that need files, made once and
 * removed at exit. */
static inline const char *fuzz_tmpdir(void)
{
    if (!fuzz_dir[0]) {
        snprintf(fuzz_dir, sizeof fuzz_dir, "/tmp/sm-fuzz-XXXXXX");
        if (!mkdtemp(fuzz_dir))
            abort();
        atexit(fuzz_cleanup);
    }
    return fuzz_dir;
}

static inline void fuzz_write(const char *path, const uint8_t *data, size_t n)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        abort();
    if (n)
        fwrite(data, 1, n, f);
    fclose(f);
}

#endif
