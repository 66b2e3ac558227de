/*
 * test_archive_corrupt.c: every byte of a small archive changed in turn (all
 * eight bits, the lowest bit, the highest bit), every truncation, and every
 * byte of its index changed in turn.  Each change must be found by verify,
 * at the offset of the member it hit, and no read may ever return a digest
 * that differs from what was appended.
 *
 * Every byte of a member is covered by a check: the header (MTIME and OS
 * included) by the gzip header CRC-16 (FHCRC), the compressed data by the
 * CRC-32 kept in the digest header, the trailer by comparing it with the
 * inflated digest.  A truncation exactly at a member boundary leaves a valid
 * shorter gzip file: only the index (which records the members) shows it,
 * so that case is checked with the index in place.
 *
 * The everyday commands must notice every one of these too, without
 * inflating: opening (what list, show and search do) reports damage, and an
 * append refuses and leaves the file as it was; a cut is never healed by
 * rewriting the index.
 */
#include "helpers.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *const digests[] = {
    "{\"period\":\"2024-05-01\",\"note\":\"a first, short digest\"}\n",
    "The storm reached the coast on Tuesday.\nFlood warnings stay in force.\n",
    "Shares rose after the central bank held rates; inflation eased.\n"};
enum { N = 3 };

static char *dir, *path, *ipath;
static char *orig, *orig_idx;
static size_t orig_len, idx_len;
static uint64_t starts[N + 1];

static char *fast_tmpdir(void)
{
    char *d = th_tmpdir_under("/dev/shm");
    return d ? d : th_tmpdir();
}

static int setup(void **state)
{
    (void)state;
    dir = fast_tmpdir();
    size_t n = strlen(dir) + 16;
    path = malloc(n);
    ipath = malloc(n);
    snprintf(path, n, "%s/s.gz", dir);
    snprintf(ipath, n, "%s/s.gz.idx", dir);
    static const char *const dates[] = {"2024-05-01", "2024-05-02", NULL};
    static const char *const fmts[] = {"json", "text", "markdown"};
    for (int i = 0; i < N; i++) {
        char *msg = NULL;
        if (sm_archive_append(path, digests[i], strlen(digests[i]), dates[i],
                              i ? "world,weather" : "x", fmts[i], 6 + i, NULL,
                              &msg) != SM_OK) {
            fprintf(stderr, "%s\n", msg);
            return -1;
        }
    }
    orig = th_read_file(path, &orig_len);
    orig_idx = th_read_file(ipath, &idx_len);
    sm_archive *a;
    char *msg = NULL;
    if (!orig || !orig_idx || sm_archive_open(path, &a, &msg) != SM_OK)
        return -1;
    for (int i = 0; i < N; i++)
        starts[i] = sm_archive_entry_at(a, (size_t)i)->offset;
    starts[N] = orig_len;
    sm_archive_close(a);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    int r = system(cmd);
    free(orig);
    free(orig_idx);
    free(path);
    free(ipath);
    free(dir);
    return r == 0 ? 0 : -1;
}

static uint64_t member_of(uint64_t off)
{
    int i = 0;
    while (i + 1 < N && starts[i + 1] <= off)
        i++;
    return starts[i];
}

/* Reads every digest the archive serves: each must be the original, or an
 * error.  Returns how many problems (damage, failed reads) were reported. */
static int read_all(void)
{
    sm_archive *a;
    char *msg = NULL;
    assert_int_equal(sm_archive_open(path, &a, &msg), SM_OK);
    int problems = sm_archive_damage(a, NULL) != NULL;
    assert_true(sm_archive_count(a) <= N);
    for (size_t i = 0; i < sm_archive_count(a); i++) {
        char *got;
        size_t len;
        sm_status st = sm_archive_read(a, i, &got, &len, &msg);
        if (st == SM_OK) {
            assert_int_equal(len, strlen(digests[i]));
            assert_memory_equal(got, digests[i], len);
            free(got);
        } else {
            assert_int_equal(st, SM_ERR_CORRUPT);
            assert_non_null(strstr(msg, path));
            free(msg);
            msg = NULL;
            problems++;
        }
    }
    sm_archive_close(a);
    return problems;
}

static void test_every_byte_flipped(void **state)
{
    (void)state;
    static const unsigned char masks[] = {0xff, 0x01, 0x80};
    char *buf = malloc(orig_len);
    int cases = 0;
    for (size_t m = 0; m < sizeof masks; m++)
        for (size_t i = 0; i < orig_len; i++) {
            memcpy(buf, orig, orig_len);
            buf[i] = (char)(buf[i] ^ masks[m]);
            assert_int_equal(th_write_file(path, buf, orig_len), 0);
            assert_int_equal(th_write_file(ipath, orig_idx, idx_len), 0);
            sm_archive_report r;
            char *msg = NULL;
            sm_status st = sm_archive_verify(path, &r, &msg);
            if (st != SM_ERR_CORRUPT || r.bad == 0)
                fail_msg("byte %zu ^ 0x%02x not detected (status %d)", i, masks[m], st);
            if (r.bad_offset != member_of(i))
                fail_msg("byte %zu ^ 0x%02x: reported at %llu, member starts at %llu",
                         i, masks[m], (unsigned long long)r.bad_offset,
                         (unsigned long long)member_of(i));
            char offs[40];
            snprintf(offs, sizeof offs, "offset %llu", (unsigned long long)r.bad_offset);
            assert_non_null(strstr(msg, offs));
            assert_non_null(strstr(msg, path));
            free(msg);
            /* What list, show and search see: damage, on open. */
            sm_archive *a;
            assert_int_equal(sm_archive_open(path, &a, &msg), SM_OK);
            if (!sm_archive_damage(a, NULL))
                fail_msg("byte %zu ^ 0x%02x: open reports no damage", i, masks[m]);
            sm_archive_close(a);
            /* add refuses and changes nothing. */
            if (sm_archive_append(path, "new\n", 4, NULL, NULL, "text", 6, NULL,
                                  &msg) != SM_ERR_CORRUPT)
                fail_msg("byte %zu ^ 0x%02x: append accepted", i, masks[m]);
            assert_non_null(strstr(msg, "repair"));
            free(msg);
            size_t now_len;
            char *now = th_read_file(path, &now_len);
            assert_int_equal(now_len, orig_len);
            assert_memory_equal(now, buf, orig_len);
            free(now);
            assert_true(read_all() > 0);
            /* Without the index, the scan finds it on open. */
            unlink(ipath);
            assert_true(read_all() > 0);
            cases++;
        }
    print_message("%d single-byte changes, all detected at their member\n", cases);
    free(buf);
    assert_int_equal(th_write_file(path, orig, orig_len), 0);
    assert_int_equal(th_write_file(ipath, orig_idx, idx_len), 0);
}

static void test_every_truncation(void **state)
{
    (void)state;
    for (size_t l = 0; l < orig_len; l++) {
        assert_int_equal(th_write_file(path, orig, l), 0);
        assert_int_equal(th_write_file(ipath, orig_idx, idx_len), 0);
        sm_archive_report r;
        char *msg = NULL;
        if (sm_archive_verify(path, &r, &msg) == SM_OK)
            fail_msg("truncation to %zu bytes not detected", l);
        free(msg);
        bool boundary = false;
        for (int i = 0; i <= N; i++)
            boundary |= starts[i] == l;
        int whole = 0;
        while (whole < N && starts[whole + 1] <= l)
            whole++;
        /* Opening reports it, names the lost digests, and leaves the index
         * alone; add refuses. */
        sm_archive *a;
        assert_int_equal(sm_archive_open(path, &a, &msg), SM_OK);
        const char *dmg = sm_archive_damage(a, NULL);
        if (!dmg)
            fail_msg("truncation to %zu bytes: open reports no damage", l);
        char lost[64];
        if (N - whole == 1)
            snprintf(lost, sizeof lost, "digest %d is missing", N);
        else
            snprintf(lost, sizeof lost, "digests %d-%d are missing", whole + 1, N);
        if (!strstr(dmg, lost))
            fail_msg("truncation to %zu: '%s' does not say '%s'", l, dmg, lost);
        sm_archive_close(a);
        assert_int_equal(sm_archive_append(path, "new\n", 4, NULL, NULL, "text", 6,
                                           NULL, &msg), SM_ERR_CORRUPT);
        free(msg);
        size_t il;
        char *idx_now = th_read_file(ipath, &il);
        assert_int_equal(il, idx_len);
        assert_memory_equal(idx_now, orig_idx, idx_len);
        free(idx_now);
        assert_int_equal(sm_archive_verify(path, &r, &msg), SM_ERR_CORRUPT);
        free(msg);
        if (!boundary) /* also without the index */
            assert_true(read_all() > 0);
        /* Repair keeps every whole digest before the cut. */
        msg = NULL;
        if (sm_archive_repair(path, &r, &msg) != SM_OK)
            fail_msg("repair of %zu bytes: %s", l, msg);
        assert_int_equal(r.good, whole);
        assert_int_equal(r.listed, N);
        assert_int_equal(sm_archive_verify(path, &r, &msg), SM_OK);
        assert_int_equal(read_all(), 0);
    }
    assert_int_equal(th_write_file(path, orig, orig_len), 0);
    assert_int_equal(th_write_file(ipath, orig_idx, idx_len), 0);
}

static void test_garbage_appended(void **state)
{
    (void)state;
    static const char *const tails[] = {"\n", "\x1f", "\x1f\x8b\x08\x06", "garbage",
                                        "\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03"};
    for (size_t t = 0; t < sizeof tails / sizeof tails[0]; t++) {
        size_t tl = strlen(tails[t]);
        char *buf = malloc(orig_len + tl);
        memcpy(buf, orig, orig_len);
        memcpy(buf + orig_len, tails[t], tl);
        assert_int_equal(th_write_file(path, buf, orig_len + tl), 0);
        free(buf);
        sm_archive_report r;
        char *msg = NULL;
        assert_int_equal(sm_archive_verify(path, &r, &msg), SM_ERR_CORRUPT);
        assert_int_equal(r.bad_offset, orig_len);
        free(msg);
        assert_true(read_all() > 0);
    }
    assert_int_equal(th_write_file(path, orig, orig_len), 0);
}

static void test_every_index_byte_flipped(void **state)
{
    (void)state;
    char *buf = malloc(idx_len);
    for (size_t i = 0; i < idx_len; i++) {
        memcpy(buf, orig_idx, idx_len);
        buf[i] = (char)(buf[i] ^ 0x01);
        assert_int_equal(th_write_file(path, orig, orig_len), 0);
        assert_int_equal(th_write_file(ipath, buf, idx_len), 0);
        sm_archive_report r;
        char *msg = NULL;
        if (sm_archive_verify(path, &r, &msg) != SM_ERR_CORRUPT)
            fail_msg("index byte %zu changed: not detected", i);
        assert_non_null(strstr(msg, ".idx"));
        free(msg);
        /* Reading is unaffected: the index is checked and rebuilt. */
        assert_int_equal(read_all(), 0);
        msg = NULL;
        assert_int_equal(sm_archive_verify(path, &r, &msg), SM_OK);
    }
    free(buf);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_byte_flipped),
        cmocka_unit_test(test_every_truncation),
        cmocka_unit_test(test_garbage_appended),
        cmocka_unit_test(test_every_index_byte_flipped),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
