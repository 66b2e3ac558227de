/* fuzz_archive.c: arbitrary bytes as a digest archive: open, list, read
 * every member, search, verify and repair.  Option byte: whether the bytes
 * after the first "\n==IDX==\n" are the archive's index file (ARCHIVE.idx)
 * rather than part of the archive, and whether to repair. */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The first occurrence of m[0..mn) in d[0..n), or NULL. */
static const uint8_t *find(const uint8_t *d, size_t n, const char *m, size_t mn)
{
    for (size_t i = 0; i + mn <= n; i++)
        if (memcmp(d + i, m, mn) == 0)
            return d + i;
    return NULL;
}

static int count_hit(void *ud, const sm_archive_hit *h)
{
    (void)h;
    return ++*(int *)ud > 100; /* stop after 100 */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint8_t b0 = fuzz_byte(&data, &size);
    const char *dir = fuzz_tmpdir();
    fuzz_clear();
    char path[128], ipath[160];
    snprintf(path, sizeof path, "%s/a.gz", dir);
    snprintf(ipath, sizeof ipath, "%s.idx", path);
    static const char mark[] = "\n==IDX==\n";
    const uint8_t *idx = (b0 & 1) ? find(data, size, mark, sizeof mark - 1)
                                  : NULL;
    if (idx) {
        size_t an = (size_t)(idx - data), skip = an + sizeof mark - 1;
        fuzz_write(path, data, an);
        fuzz_write(ipath, data + skip, size - skip);
    } else {
        fuzz_write(path, data, size);
        unlink(ipath);
    }
    sm_archive *a = NULL;
    char *err = NULL;
    if (sm_archive_open(path, &a, &err) == SM_OK) {
        size_t n = sm_archive_count(a);
        for (size_t i = 0; i < n && i < 64; i++) {
            (void)sm_archive_entry_at(a, i);
            char *text = NULL;
            size_t len = 0;
            char *e2 = NULL;
            if (sm_archive_read(a, i, &text, &len, &e2) == SM_OK)
                free(text);
            free(e2);
        }
        uint64_t off;
        (void)sm_archive_damage(a, &off);
        const char *words[] = {"warrant", "children"};
        int hits = 0;
        char *e3 = NULL;
        sm_archive_search(a, words, 1 + (b0 >> 1 & 1), NULL, count_hit, &hits,
                          &e3);
        free(e3);
        sm_archive_close(a);
    }
    free(err);
    sm_archive_report rep;
    err = NULL;
    sm_archive_verify(path, &rep, &err);
    free(err);
    if (b0 & 4) {
        err = NULL;
        sm_archive_repair(path, &rep, &err);
        free(err);
    }
    return 0;
}
