/*
 * test_archive.c: digest archives: a 1,000-digest round trip (by number, by
 * date, and through zcat), the index rebuilt when lost or stale, torn tails,
 * damage in the middle, concurrent appends, a read-only archive, a full
 * disk, and the command line (add, list, show, search, verify, repair).
 */
#include "helpers.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* ---- helpers ------------------------------------------------------------- */

static uint64_t rng_state;
static uint64_t rnd(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

static const char *const vocab[] = {
    "election", "markets", "fell", "parliament", "voters", "storm", "coast",
    "minister", "announced", "budget", "the", "a", "of", "in", "on", "today",
    "shares", "rose", "after", "talks", "ceasefire", "flood", "warning",
    "central", "bank", "rates", "inflation", "team", "won", "final"};

/* Digest i: varied length and content; a few are binary or empty. */
static char *make_digest(unsigned i, size_t *len)
{
    rng_state = 0x9E3779B97F4A7C15ull ^ ((uint64_t)i * 0x100000001B3ull);
    for (int k = 0; k < 3; k++)
        rnd();
    size_t n = i % 97 == 0 ? 0 : (size_t)(rnd() % 6000);
    char *s = malloc(n + 64);
    size_t p = 0;
    if (i % 53 == 0) { /* arbitrary bytes */
        for (; p < n; p++)
            s[p] = (char)(rnd() & 0xff);
    } else {
        p += (size_t)snprintf(s, 64, "digest %u\n", i);
        while (p < n) {
            const char *w = vocab[rnd() % (sizeof vocab / sizeof vocab[0])];
            size_t wl = strlen(w);
            if (p + wl + 1 > n)
                break;
            memcpy(s + p, w, wl);
            p += wl;
            s[p++] = rnd() % 9 == 0 ? '\n' : ' ';
        }
    }
    s[p] = '\0';
    *len = p;
    return s;
}

static void date_of(unsigned i, char out[11])
{
    time_t t = (time_t)1577836800 + (time_t)i * 86400; /* 2020-01-01 */
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, 11, "%Y-%m-%d", &tm);
}

static char *path_in(const char *dir, const char *name)
{
    size_t n = strlen(dir) + strlen(name) + 2;
    char *p = malloc(n);
    snprintf(p, n, "%s/%s", dir, name);
    return p;
}

static void append_ok(const char *path, const char *data, size_t len,
                      const char *date, const char *topics, int level)
{
    char *msg = NULL;
    sm_status st = sm_archive_append(path, data, len, date, topics, "text", level,
                                     NULL, &msg);
    if (st != SM_OK)
        fail_msg("append: %s", msg ? msg : "?");
    assert_null(msg);
}

static uint64_t file_size(const char *path)
{
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    return (uint64_t)st.st_size;
}

static void rm_rf(char *dir)
{
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
    free(dir);
}

/* Opens path and checks it serves exactly digests first..first+n-1. */
static void expect_digests(const char *path, const unsigned *ids, size_t n)
{
    sm_archive *a;
    char *msg = NULL;
    assert_int_equal(sm_archive_open(path, &a, &msg), SM_OK);
    assert_null(sm_archive_damage(a, NULL));
    assert_int_equal(sm_archive_count(a), n);
    for (size_t i = 0; i < n; i++) {
        size_t want_len, len;
        char *want = make_digest(ids[i], &want_len), *got;
        assert_int_equal(sm_archive_read(a, i, &got, &len, &msg), SM_OK);
        assert_int_equal(len, want_len);
        assert_memory_equal(got, want, len);
        free(got);
        free(want);
    }
    sm_archive_close(a);
}

/* ---- round trip ------------------------------------------------------------ */

enum { N_ROUND = 1000 };

static void test_round_trip(void **state)
{
    (void)state;
    char *dir = th_tmpdir();
    char *path = path_in(dir, "digests.gz");
    size_t total = 0;
    for (unsigned i = 0; i < N_ROUND; i++) {
        size_t len;
        char *d = make_digest(i, &len);
        char date[11], topics[64];
        date_of(i, date);
        snprintf(topics, sizeof topics, "%s,t%u", i % 2 ? "world" : "business", i % 7);
        append_ok(path, d, len, date, topics, (int)(i % 11) - 1);
        total += len;
        free(d);
    }

    sm_archive *a;
    char *msg = NULL;
    assert_int_equal(sm_archive_open(path, &a, &msg), SM_OK);
    assert_null(sm_archive_damage(a, NULL));
    assert_int_equal(sm_archive_count(a), N_ROUND);
    char *all = malloc(total + 1);
    size_t at = 0;
    for (unsigned i = 0; i < N_ROUND; i++) {
        size_t want_len, len;
        char *want = make_digest(i, &want_len);
        /* by number */
        const sm_archive_entry *e = sm_archive_entry_at(a, i);
        assert_int_equal(e->number, i + 1);
        assert_int_equal(e->usize, want_len);
        char *got;
        assert_int_equal(sm_archive_read(a, i, &got, &len, &msg), SM_OK);
        assert_int_equal(len, want_len);
        assert_memory_equal(got, want, len);
        free(got);
        /* by date: the entry whose date is this digest's */
        char date[11];
        date_of(i, date);
        size_t found = SIZE_MAX;
        for (size_t k = 0; k < sm_archive_count(a); k++)
            if (strcmp(sm_archive_entry_at(a, k)->date, date) == 0)
                found = k;
        assert_int_equal(found, i);
        assert_int_equal(sm_archive_read(a, found, &got, &len, &msg), SM_OK);
        assert_memory_equal(got, want, len);
        free(got);
        memcpy(all + at, want, want_len);
        at += want_len;
        free(want);
    }
    sm_archive_close(a);

    /* Standard tools read it: zcat prints every digest, in order. */
    char cmd[700];
    snprintf(cmd, sizeof cmd, "gzip -t '%s'", path);
    assert_int_equal(system(cmd), 0);
    snprintf(cmd, sizeof cmd, "zcat '%s'", path);
    FILE *z = popen(cmd, "r");
    assert_non_null(z);
    char *zout = malloc(total + 2);
    size_t zn = fread(zout, 1, total + 1, z);
    assert_int_equal(pclose(z), 0);
    assert_int_equal(zn, total);
    assert_memory_equal(zout, all, total);
    free(zout);
    free(all);

    /* Losing the index loses nothing: it is rebuilt from the members. */
    char *idx = path_in(dir, "digests.gz.idx");
    size_t ilen;
    char *orig_idx = th_read_file(idx, &ilen);
    assert_non_null(orig_idx);
    assert_int_equal(unlink(idx), 0);
    assert_int_equal(sm_archive_open(path, &a, &msg), SM_OK);
    assert_int_equal(sm_archive_count(a), N_ROUND);
    sm_archive_close(a);
    size_t rlen;
    char *rebuilt = th_read_file(idx, &rlen);
    assert_non_null(rebuilt);
    assert_int_equal(rlen, ilen);
    assert_memory_equal(rebuilt, orig_idx, ilen);
    free(rebuilt);

    /* A stale index (cut in half, or a byte changed) is found and rebuilt. */
    assert_int_equal(th_write_file(idx, orig_idx, ilen / 2), 0);
    assert_int_equal(sm_archive_open(path, &a, &msg), SM_OK);
    assert_int_equal(sm_archive_count(a), N_ROUND);
    sm_archive_close(a);
    orig_idx[ilen / 3] ^= 0x10;
    assert_int_equal(th_write_file(idx, orig_idx, ilen), 0);
    sm_archive_report r;
    assert_int_equal(sm_archive_verify(path, &r, &msg), SM_ERR_CORRUPT);
    assert_non_null(strstr(msg, "index"));
    free(msg);
    msg = NULL;
    assert_int_equal(sm_archive_open(path, &a, &msg), SM_OK);
    assert_int_equal(sm_archive_count(a), N_ROUND);
    for (size_t k = 0; k < N_ROUND; k += 97) {
        char *got;
        size_t len, wl;
        char *want = make_digest((unsigned)k, &wl);
        assert_int_equal(sm_archive_read(a, k, &got, &len, &msg), SM_OK);
        assert_int_equal(len, wl);
        assert_memory_equal(got, want, wl);
        free(got);
        free(want);
    }
    sm_archive_close(a);
    assert_int_equal(sm_archive_verify(path, &r, &msg), SM_OK);
    assert_int_equal(r.good, N_ROUND);
    assert_int_equal(r.index_ok, 1);
    free(orig_idx);
    free(idx);
    free(path);
    rm_rf(dir);
}

/* ---- damage ----------------------------------------------------------------- */

static void test_torn_tail_and_garbage(void **state)
{
    (void)state;
    char *dir = th_tmpdir();
    char *path = path_in(dir, "a.gz");
    unsigned ids[8];
    for (unsigned i = 0; i < 3; i++) {
        size_t len;
        char *d = make_digest(i + 1, &len);
        append_ok(path, d, len, NULL, NULL, 6);
        free(d);
        ids[i] = i + 1;
    }
    uint64_t good = file_size(path);
    size_t alen;
    char *arch = th_read_file(path, &alen);

    /* A torn tail (the start of a member) is removed by the next append. */
    FILE *f = fopen(path, "ab");
    fwrite(arch, 1, 30, f);
    fclose(f);
    sm_archive *a;
    char *msg = NULL;
    uint64_t off;
    assert_int_equal(sm_archive_open(path, &a, &msg), SM_OK);
    assert_int_equal(sm_archive_count(a), 3);
    assert_non_null(sm_archive_damage(a, &off));
    assert_int_equal(off, good);
    assert_non_null(strstr(sm_archive_damage(a, NULL), "torn"));
    assert_non_null(strstr(sm_archive_damage(a, NULL), path));
    sm_archive_close(a);
    size_t len;
    char *d = make_digest(4, &len);
    append_ok(path, d, len, NULL, NULL, 6);
    free(d);
    ids[3] = 4;
    expect_digests(path, ids, 4);
    good = file_size(path);
    /* The torn tail's bytes were saved beside the archive, not lost. */
    {
        char cmd[1200];
        snprintf(cmd, sizeof cmd, "cmp -s -n 30 %s.removed-* '%s' 2>/dev/null", path,
                 path);
        assert_int_equal(system(cmd), 0);
    }

    /* A digest cut short after it was complete (the index lists it) is
     * damage, not an interrupted append: append refuses, repair removes it. */
    size_t clen;
    char *cur = th_read_file(path, &clen);
    assert_int_equal(th_write_file(path, cur, clen - 5), 0);
    free(cur);
    d = make_digest(99, &len);
    assert_int_equal(sm_archive_append(path, d, len, NULL, NULL, NULL, 6, NULL, &msg),
                     SM_ERR_CORRUPT);
    free(d);
    assert_non_null(strstr(msg, "digest 4 is missing or damaged"));
    assert_non_null(strstr(msg, "repair"));
    free(msg);
    msg = NULL;
    sm_archive_report rr;
    assert_int_equal(sm_archive_repair(path, &rr, &msg), SM_OK);
    assert_int_equal(rr.good, 3);
    d = make_digest(4, &len);
    append_ok(path, d, len, NULL, NULL, 6);
    free(d);
    expect_digests(path, ids, 4);
    good = file_size(path);

    /* Garbage, or a gzip member that is not a digest, is damage: append
     * refuses and says to repair; reads serve what precedes it. */
    const char junk[] = "\x1f\x8b\x08\x00garbage that is not a member";
    f = fopen(path, "ab");
    fwrite(junk, 1, sizeof junk - 1, f);
    fclose(f);
    d = make_digest(5, &len);
    assert_int_equal(sm_archive_append(path, d, len, NULL, NULL, NULL, 6, NULL, &msg),
                     SM_ERR_CORRUPT);
    assert_non_null(strstr(msg, "repair"));
    assert_non_null(strstr(msg, path));
    free(msg);
    msg = NULL;
    assert_int_equal(file_size(path), good + sizeof junk - 1);
    sm_archive_report r;
    assert_int_equal(sm_archive_verify(path, &r, &msg), SM_ERR_CORRUPT);
    assert_int_equal(r.bad_offset, good);
    assert_int_equal(r.good, 4);
    free(msg);
    msg = NULL;
    assert_int_equal(sm_archive_repair(path, &r, &msg), SM_OK);
    assert_int_equal(r.kept_bytes, good);
    assert_int_equal(file_size(path), good);
    assert_int_equal(sm_archive_verify(path, &r, &msg), SM_OK);
    append_ok(path, d, len, NULL, NULL, 6);
    free(d);
    ids[4] = 5;
    expect_digests(path, ids, 5);

    /* A flipped byte in member 2: it is reported with its offset, the others
     * are served, and repair keeps every sound digest (not only those
     * before the damage). */
    uint64_t m2;
    assert_int_equal(sm_archive_open(path, &a, &msg), SM_OK);
    m2 = sm_archive_entry_at(a, 1)->offset;
    uint64_t m2size = sm_archive_entry_at(a, 1)->size;
    sm_archive_close(a);
    free(arch);
    arch = th_read_file(path, &alen);
    arch[m2 + m2size / 2] ^= 0x04;
    assert_int_equal(th_write_file(path, arch, alen), 0);
    assert_int_equal(sm_archive_verify(path, &r, &msg), SM_ERR_CORRUPT);
    assert_int_equal(r.bad_offset, m2);
    assert_int_equal(r.good, 4);
    char offs[32];
    snprintf(offs, sizeof offs, "%llu", (unsigned long long)m2);
    assert_non_null(strstr(msg, offs));
    free(msg);
    msg = NULL;
    /* Opening checks every member's stored bytes: the damage is found
     * there, and only the digest before it is served. */
    assert_int_equal(sm_archive_open(path, &a, &msg), SM_OK);
    assert_int_equal(sm_archive_count(a), 1);
    uint64_t doff;
    assert_non_null(sm_archive_damage(a, &doff));
    assert_int_equal(doff, m2);
    assert_non_null(strstr(sm_archive_damage(a, NULL), offs));
    sm_archive_close(a);
    assert_int_equal(sm_archive_repair(path, &r, &msg), SM_OK);
    assert_int_equal(r.good, 4);
    unsigned kept[4] = {1, 3, 4, 5};
    expect_digests(path, kept, 4);
    assert_int_equal(sm_archive_verify(path, &r, &msg), SM_OK);
    free(arch);

    /* A file that is not gzip is never accepted. */
    char *txt = path_in(dir, "notes.txt");
    th_write_file(txt, "just some text\n", 15);
    assert_int_equal(sm_archive_open(txt, &a, &msg), SM_OK);
    assert_int_equal(sm_archive_count(a), 0);
    assert_non_null(strstr(sm_archive_damage(a, NULL), "not a digest archive"));
    sm_archive_close(a);
    assert_int_equal(sm_archive_append(txt, "x", 1, NULL, NULL, NULL, 6, NULL, &msg),
                     SM_ERR_CORRUPT);
    free(msg);
    msg = NULL;
    assert_int_equal(sm_archive_repair(txt, &r, &msg), SM_ERR_FORMAT);
    free(msg);
    msg = NULL;
    assert_int_equal(file_size(txt), 15);
    free(txt);
    free(path);
    rm_rf(dir);
}

/* ---- concurrency ------------------------------------------------------------ */

static void test_concurrent_appends(void **state)
{
    (void)state;
    char *dir = th_tmpdir();
    char *path = path_in(dir, "c.gz");
    enum { PER = 60 };
    pid_t kids[2];
    for (int k = 0; k < 2; k++) {
        kids[k] = fork();
        assert_true(kids[k] >= 0);
        if (kids[k] == 0) {
            for (unsigned i = 0; i < PER; i++) {
                size_t len;
                char *d = make_digest(1000u * (unsigned)(k + 1) + i, &len);
                char *msg = NULL;
                if (sm_archive_append(path, d, len, NULL, k ? "b" : "a", "text", 1,
                                      NULL, &msg) != SM_OK) {
                    fprintf(stderr, "child: %s\n", msg);
                    _exit(1);
                }
                free(d);
            }
            _exit(0);
        }
    }
    for (int k = 0; k < 2; k++) {
        int status;
        assert_int_equal(waitpid(kids[k], &status, 0), kids[k]);
        assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    }
    /* Every digest is there, whole, each writer's in its own order. */
    sm_archive *a;
    char *msg = NULL;
    assert_int_equal(sm_archive_open(path, &a, &msg), SM_OK);
    assert_null(sm_archive_damage(a, NULL));
    assert_int_equal(sm_archive_count(a), 2 * PER);
    unsigned next[2] = {0, 0};
    for (size_t i = 0; i < 2 * PER; i++) {
        const sm_archive_entry *e = sm_archive_entry_at(a, i);
        int k = strcmp(e->topics, "b") == 0;
        size_t wl, len;
        char *want = make_digest(1000u * (unsigned)(k + 1) + next[k]++, &wl), *got;
        assert_int_equal(sm_archive_read(a, i, &got, &len, &msg), SM_OK);
        assert_int_equal(len, wl);
        assert_memory_equal(got, want, wl);
        free(got);
        free(want);
    }
    sm_archive_close(a);
    sm_archive_report r;
    assert_int_equal(sm_archive_verify(path, &r, &msg), SM_OK);
    assert_int_equal(r.index_ok, 1);
    free(path);
    rm_rf(dir);
}

/* ---- read-only and full disk ------------------------------------------------- */

static void test_read_only(void **state)
{
    (void)state;
    char *dir = th_tmpdir();
    char *path = path_in(dir, "ro.gz");
    append_ok(path, "first digest\n", 13, "2024-01-01", "x", 6);
    assert_int_equal(chmod(path, 0444), 0);
    uint64_t size = file_size(path);
    char *msg = NULL;
    assert_int_equal(sm_archive_append(path, "second\n", 7, NULL, NULL, NULL, 6, NULL,
                                       &msg), SM_ERR_IO);
    assert_non_null(strstr(msg, path));
    assert_non_null(strstr(msg, "read-only"));
    free(msg);
    msg = NULL;
    assert_int_equal(file_size(path), size);
    const char *args[] = {"archive", "add", "--format", "text", path, "-", NULL};
    char *out, *err;
    assert_int_equal(th_run(args, "second\n", &out, &err), 1);
    assert_non_null(strstr(err, path));
    assert_non_null(strstr(err, "read-only"));
    free(out);
    free(err);
    sm_archive *a;
    assert_int_equal(sm_archive_open(path, &a, &msg), SM_OK); /* reading is fine */
    assert_int_equal(sm_archive_count(a), 1);
    sm_archive_close(a);
    chmod(path, 0644);
    free(path);
    rm_rf(dir);
}

static void test_full_disk(void **state)
{
    (void)state;
    char *dir = th_tmpdir();
    char *path = path_in(dir, "full.gz");
    append_ok(path, "first digest\n", 13, "2024-01-01", "x", 6);
    uint64_t size = file_size(path);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        /* The file may grow by 100 bytes only: the write fails part way. */
        signal(SIGXFSZ, SIG_IGN);
        struct rlimit rl = {(rlim_t)size + 100, (rlim_t)size + 100};
        setrlimit(RLIMIT_FSIZE, &rl);
        size_t n = 20000;
        char *d = malloc(n);
        for (size_t i = 0; i < n; i++)
            d[i] = (char)(rnd() & 0xff);
        char *msg = NULL;
        sm_status st = sm_archive_append(path, d, n, NULL, NULL, NULL, 0, NULL, &msg);
        int ok = st == SM_ERR_IO && msg && strstr(msg, path) &&
                 strstr(msg, strerror(EFBIG)) && strstr(msg, "unchanged");
        if (!ok)
            fprintf(stderr, "unexpected: %d %s\n", st, msg ? msg : "");
        free(msg);
        free(d);
        _exit(ok ? 0 : 1);
    }
    int status;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    assert_int_equal(file_size(path), size);
    sm_archive_report r;
    char *msg = NULL;
    assert_int_equal(sm_archive_verify(path, &r, &msg), SM_OK);
    assert_int_equal(r.good, 1);
    free(path);
    rm_rf(dir);
}

/* A disk that fills at every byte of an add (SM_ARCHIVE_TEST_ENOSPC_AFTER
 * makes the archive's writes fail after that many bytes): either the digest
 * and its index line are both there, or `add` fails saying the archive is
 * unchanged and archive and index are byte for byte what they were. */
static void test_full_disk_every_byte(void **state)
{
    (void)state;
    char *dir = th_tmpdir();
    char *path = path_in(dir, "fill.gz"), *ipath = path_in(dir, "fill.gz.idx");
    char *in = path_in(dir, "in.txt");
    append_ok(path, "first digest\n", 13, "2024-01-01", "x", 6);
    assert_int_equal(th_write_file(in, "second digest\n", 14), 0);
    size_t alen, ilen;
    char *a0 = th_read_file(path, &alen), *i0 = th_read_file(ipath, &ilen);
    const char *args[] = {"archive", "add", "--format", "text", "--date", "2024-01-02",
                          "--topics", "y", path, in, NULL};
    int failed = 0;
    for (unsigned budget = 0;; budget++) {
        char b[32];
        snprintf(b, sizeof b, "%u", budget);
        setenv("SM_ARCHIVE_TEST_ENOSPC_AFTER", b, 1);
        char *out, *err;
        int rc = th_run(args, NULL, &out, &err);
        unsetenv("SM_ARCHIVE_TEST_ENOSPC_AFTER");
        size_t al, il;
        char *a1 = th_read_file(path, &al), *i1 = th_read_file(ipath, &il);
        if (rc == 0) {
            assert_non_null(strstr(out, "added digest 2"));
            sm_archive_report r;
            char *msg = NULL;
            assert_int_equal(sm_archive_verify(path, &r, &msg), SM_OK);
            assert_int_equal(r.good, 2);
            free(out);
            free(err);
            free(a1);
            free(i1);
            break;
        }
        if (rc != 1 || !strstr(err, "unchanged") || !strstr(err, "No space"))
            fail_msg("budget %u: exit %d, '%s'", budget, rc, err);
        assert_int_equal(al, alen);
        assert_memory_equal(a1, a0, alen);
        assert_int_equal(il, ilen);
        assert_memory_equal(i1, i0, ilen);
        failed++;
        free(out);
        free(err);
        free(a1);
        free(i1);
    }
    /* It failed while writing the member and while writing the index line. */
    assert_true(failed > 40);
    print_message("full disk: %d failed adds left archive and index unchanged\n", failed);
    free(a0);
    free(i0);
    free(in);
    free(ipath);
    free(path);
    rm_rf(dir);
}

/* ---- the command line ------------------------------------------------------- */

static int run(const char *const *args, const char *in, char **out, char **err)
{
    return th_run(args, in, out, err);
}

static void test_cli(void **state)
{
    (void)state;
    char *dir = th_tmpdir();
    char *path = path_in(dir, "cli.gz");
    char *jfile = path_in(dir, "d.json");

    sm_digest_sentence s1[2] = {
        {.text = "Voters elected a new parliament on Sunday.", .doc = "a.txt",
         .source = "CNN", .date = "2024-05-01", .score = 0.5},
        {.text = "The minister announced an election budget.", .doc = "b.txt",
         .source = "BBC", .date = "2024-05-01", .score = 0.25}};
    sm_digest_sentence s2[1] = {
        {.text = "Shares rose after the central bank held rates.", .doc = "c.txt",
         .source = NULL, .date = "2024-05-01", .score = 0.75}};
    sm_digest_topic t[2] = {
        {.id = "politics", .title = "Politics", .budget_words = 120, .words = 13,
         .sentences = s1, .n_sentences = 2},
        {.id = "markets", .title = "Markets", .budget_words = 120, .words = 9,
         .sentences = s2, .n_sentences = 1}};
    sm_digest dg = {.from = "2024-05-01", .to = "2024-05-01", .documents = 3,
                    .topics = t, .n_topics = 2};
    size_t jlen, tlen, mlen;
    char *json = sm_digest_render(&dg, SM_FORMAT_JSON, &jlen);
    assert_non_null(json);
    assert_int_equal(th_write_file(jfile, json, jlen), 0);
    char *out, *err;

    const char *add[] = {"archive", "add", "--level", "9", path, jfile, NULL};
    assert_int_equal(run(add, NULL, &out, &err), 0);
    free(out);
    free(err);
    const char *add2[] = {"archive", "add", "--format", "text", "--date", "2024-05-02",
                          "--topics", "sport", path, "-", NULL};
    assert_int_equal(run(add2, "The team won the final.\n", &out, &err), 0);
    free(out);
    free(err);

    const char *list[] = {"archive", "list", path, NULL};
    assert_int_equal(run(list, NULL, &out, &err), 0);
    assert_non_null(strstr(out, "2024-05-01"));
    assert_non_null(strstr(out, "politics,markets"));
    assert_non_null(strstr(out, "2024-05-02"));
    assert_non_null(strstr(out, "sport"));
    assert_int_equal(err[0], '\0');
    free(out);
    free(err);

    /* The stored JSON comes back byte for byte, and re-renders; shown
     * without --format, a digest reads as text. */
    const char *show[] = {"archive", "show", path, "--date", "2024-05-01",
                          "--format", "json", NULL};
    assert_int_equal(run(show, NULL, &out, &err), 0);
    assert_int_equal(strlen(out), jlen);
    assert_memory_equal(out, json, jlen);
    free(out);
    free(err);
    char *text = sm_digest_render(&dg, SM_FORMAT_TEXT, &tlen);
    const char *showd[] = {"archive", "show", path, "--number", "1", NULL};
    assert_int_equal(run(showd, NULL, &out, &err), 0);
    assert_string_equal(out, text);
    free(out);
    free(err);
    const char *showt[] = {"archive", "show", path, "--number", "1", "--format", "text",
                           NULL};
    assert_int_equal(run(showt, NULL, &out, &err), 0);
    assert_string_equal(out, text);
    free(out);
    free(err);
    sm_digest one = dg;
    one.topics = &t[1];
    one.n_topics = 1;
    char *md = sm_digest_render(&one, SM_FORMAT_MARKDOWN, &mlen);
    const char *showm[] = {"archive", "show", path, "--topic", "markets", "--format",
                           "markdown", NULL};
    assert_int_equal(run(showm, NULL, &out, &err), 0);
    assert_string_equal(out, md);
    free(out);
    free(err);
    const char *shown[] = {"archive", "show", path, "--number", "7", NULL};
    assert_int_equal(run(shown, NULL, &out, &err), 1);
    assert_non_null(strstr(err, path));
    free(out);
    free(err);

    /* Stemmed search: "Elections" finds "election", "BUDGETS" "budget". */
    const char *search[] = {"archive", "search", path, "Elections", "BUDGETS", NULL};
    assert_int_equal(run(search, NULL, &out, &err), 0);
    assert_non_null(strstr(out, "1\t2024-05-01\tpolitics\tThe minister announced"));
    assert_null(strstr(out, "Voters"));
    free(out);
    free(err);
    const char *search2[] = {"archive", "search", path, "won", NULL};
    assert_int_equal(run(search2, NULL, &out, &err), 0);
    assert_non_null(strstr(out, "2\t2024-05-02\t-\tThe team won the final."));
    free(out);
    free(err);
    /* As grep: nothing found is exit status 1, with nothing printed. */
    const char *search3[] = {"archive", "search", path, "zzzqqxnomatch", NULL};
    assert_int_equal(run(search3, NULL, &out, &err), 1);
    assert_string_equal(out, "");
    assert_string_equal(err, "");
    free(out);
    free(err);

    const char *verify[] = {"archive", "verify", path, NULL};
    assert_int_equal(run(verify, NULL, &out, &err), 0);
    assert_non_null(strstr(out, "2 digests"));
    free(out);
    free(err);

    /* A JSON file that is not a digest is refused; usage errors exit 2. */
    const char *addbad[] = {"archive", "add", path, "-", NULL};
    assert_int_equal(run(addbad, "{\"hello\": 1}", &out, &err), 1);
    assert_non_null(strstr(err, "standard input"));
    free(out);
    free(err);
    const char *usage1[] = {"archive", "add", "--level", "12", path, jfile, NULL};
    assert_int_equal(run(usage1, NULL, &out, &err), 2);
    free(out);
    free(err);
    const char *usage2[] = {"archive", "frobnicate", path, NULL};
    assert_int_equal(run(usage2, NULL, &out, &err), 2);
    free(out);
    free(err);

    /* Garbage at the end: list serves what precedes it, names the file and
     * offset, exits 1; repair removes it. */
    uint64_t size = file_size(path);
    FILE *f = fopen(path, "ab");
    fputs("garbage", f);
    fclose(f);
    assert_int_equal(run(list, NULL, &out, &err), 1);
    assert_non_null(strstr(out, "sport"));
    char offs[64];
    snprintf(offs, sizeof offs, "offset %llu", (unsigned long long)size);
    assert_non_null(strstr(err, offs));
    assert_non_null(strstr(err, path));
    free(out);
    free(err);
    assert_int_equal(run(verify, NULL, &out, &err), 1);
    assert_non_null(strstr(err, offs));
    free(out);
    free(err);
    const char *repair[] = {"archive", "repair", path, NULL};
    assert_int_equal(run(repair, NULL, &out, &err), 0);
    free(out);
    free(err);
    assert_int_equal(file_size(path), size);
    assert_int_equal(run(verify, NULL, &out, &err), 0);
    free(out);
    free(err);

    /* Not an archive at all. */
    const char *listj[] = {"archive", "list", jfile, NULL};
    assert_int_equal(run(listj, NULL, &out, &err), 1);
    assert_non_null(strstr(err, jfile));
    assert_non_null(strstr(err, "not a digest archive"));
    free(out);
    free(err);
    const char *listm[] = {"archive", "list", "/nonexistent/x.gz", NULL};
    assert_int_equal(run(listm, NULL, &out, &err), 1);
    assert_non_null(strstr(err, "/nonexistent/x.gz"));
    free(out);
    free(err);

    free(json);
    free(text);
    free(md);
    free(jfile);
    free(path);
    rm_rf(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_torn_tail_and_garbage),
        cmocka_unit_test(test_concurrent_appends),
        cmocka_unit_test(test_read_only),
        cmocka_unit_test(test_full_disk),
        cmocka_unit_test(test_full_disk_every_byte),
        cmocka_unit_test(test_cli),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
