/*
 * test_archive_oom.c: the archive's public calls when memory runs out.
 * Each call (add to a sound archive, to one without its index, to one with
 * a torn tail; open and list; read; search; verify; repair of a torn tail
 * and of damage in the middle) is run with its Nth allocation failing, for
 * every N from 1 until it succeeds.  Every run returns SM_ERR_NOMEM (with
 * "out of memory" in its message) or succeeds, and afterwards: no
 * descriptor is left open and no lock held, no temporary file is left
 * behind, and the archive verifies and holds exactly the digests it held
 * before the call or those it should hold after it.  Under AddressSanitizer
 * (CI) nothing leaks.
 */
#include "helpers.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

/* Internal test hooks (common/common.h), linked from the static library. */
unsigned long sm_test_fail_alloc(unsigned long nth);
unsigned long sm_test_unpopped_cleanups(void);

enum { N_DIGESTS = 3 };

/* The digests the archives hold: a JSON digest first (search parses it),
 * then text ones. */
static char *digest_text[N_DIGESTS + 1];
static size_t digest_len[N_DIGESTS + 1];

static void make_digests(void)
{
    sm_digest_sentence s1[2] = {
        {.text = "Voters elected a new parliament on Sunday.", .doc = "a.txt",
         .source = "CNN", .date = "2024-05-01", .score = 0.5},
        {.text = "The minister announced an election budget.", .doc = "b.txt",
         .source = "BBC", .date = "2024-05-01", .score = 0.25}};
    sm_digest_topic t[1] = {{.id = "politics", .title = "Politics",
                             .budget_words = 120, .words = 13, .sentences = s1,
                             .n_sentences = 2}};
    sm_digest dg = {.from = "2024-05-01", .to = "2024-05-01", .documents = 2,
                    .topics = t, .n_topics = 1};
    digest_text[0] = sm_digest_render(&dg, SM_FORMAT_JSON, &digest_len[0]);
    assert_non_null(digest_text[0]);
    for (int i = 1; i <= N_DIGESTS; i++) {
        char buf[200];
        int n = snprintf(buf, sizeof buf,
                         "Digest %d\nShares rose after the election, the bank "
                         "said.\nThe storm reached the coast %d times.\n", i, i);
        digest_text[i] = strdup(buf);
        digest_len[i] = (size_t)n;
    }
}

static const char *format_of(int i)
{
    return i == 0 ? "json" : "text";
}

/* ---- the state of a folder ----------------------------------------------- */

typedef struct saved {
    char *archive, *index; /* NULL: absent */
    size_t alen, ilen;
} saved;

static char *join(const char *dir, const char *name)
{
    size_t n = strlen(dir) + strlen(name) + 2;
    char *p = malloc(n);
    snprintf(p, n, "%s/%s", dir, name);
    return p;
}

static void save_state(const char *dir, saved *s)
{
    char *a = join(dir, "a.gz"), *i = join(dir, "a.gz.idx");
    s->archive = th_read_file(a, &s->alen);
    s->index = th_read_file(i, &s->ilen);
    free(a);
    free(i);
}

/* Puts the folder back to s: the archive and its index, nothing else. */
static void restore_state(const char *dir, const saved *s)
{
    DIR *d = opendir(dir);
    assert_non_null(d);
    struct dirent *de;
    while ((de = readdir(d)))
        if (de->d_name[0] != '.') {
            char *p = join(dir, de->d_name);
            unlink(p);
            free(p);
        }
    closedir(d);
    char *a = join(dir, "a.gz"), *i = join(dir, "a.gz.idx");
    if (s->archive)
        assert_int_equal(th_write_file(a, s->archive, s->alen), 0);
    if (s->index)
        assert_int_equal(th_write_file(i, s->index, s->ilen), 0);
    free(a);
    free(i);
}

static void free_state(saved *s)
{
    free(s->archive);
    free(s->index);
}

/* Files in dir other than the archive and its index; *removed counts the
 * ARCHIVE.removed-* copies among them. */
static int other_files(const char *dir, int *removed)
{
    DIR *d = opendir(dir);
    assert_non_null(d);
    struct dirent *de;
    int n = 0;
    *removed = 0;
    while ((de = readdir(d))) {
        if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0 ||
            strcmp(de->d_name, "a.gz") == 0 || strcmp(de->d_name, "a.gz.idx") == 0)
            continue;
        if (strncmp(de->d_name, "a.gz.removed-", 13) == 0)
            (*removed)++;
        n++;
    }
    closedir(d);
    return n;
}

static int open_fds(void)
{
    DIR *d = opendir("/proc/self/fd");
    assert_non_null(d);
    int n = 0;
    while (readdir(d))
        n++;
    closedir(d);
    return n;
}

/* Whether the archive can be locked exclusively at once: no descriptor of
 * this process (or any other) holds its lock. */
static bool unlocked(const char *path)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return true; /* no archive, no lock */
    bool ok = flock(fd, LOCK_EX | LOCK_NB) == 0;
    close(fd);
    return ok;
}

/* The archive verifies and holds digests first .. first+n-1 of
 * digest_text, in order (indexes wrap at N_DIGESTS + 1). */
static void assert_holds(const char *path, const int *which, size_t n)
{
    sm_archive_report rep;
    char *err = NULL;
    sm_status st = sm_archive_verify(path, &rep, &err);
    if (st != SM_OK)
        fail_msg("verify: %s", err ? err : "?");
    assert_int_equal(rep.index_ok, 1);
    sm_archive *a;
    assert_int_equal(sm_archive_open(path, &a, &err), SM_OK);
    assert_null(sm_archive_damage(a, NULL));
    assert_int_equal(sm_archive_count(a), n);
    for (size_t i = 0; i < n; i++) {
        char *data;
        size_t len;
        assert_int_equal(sm_archive_read(a, i, &data, &len, &err), SM_OK);
        assert_int_equal(len, digest_len[which[i]]);
        assert_memory_equal(data, digest_text[which[i]], len);
        assert_string_equal(sm_archive_entry_at(a, i)->format,
                            format_of(which[i]));
        free(data);
    }
    sm_archive_close(a);
}

/* ---- the calls ------------------------------------------------------------ */

typedef struct call {
    const char *name;
    /* Runs the call on the archive at path, or on a, opened before the
     * allocations are counted when `opened`; returns its status and frees
     * what it made. */
    sm_status (*run)(const char *path, sm_archive *a, char **err);
    bool opened;
} call;

static sm_status run_add(const char *path, sm_archive *a, char **err)
{
    (void)a;
    uint64_t number = 0;
    sm_status st = sm_archive_append(path, digest_text[N_DIGESTS],
                                     digest_len[N_DIGESTS], "2024-05-04", "t",
                                     "text", -1, &number, err);
    if (st == SM_OK)
        assert_true(number >= 1);
    return st;
}

static sm_status run_list(const char *path, sm_archive *unused, char **err)
{
    (void)unused;
    sm_archive *a = NULL;
    sm_status st = sm_archive_open(path, &a, err);
    if (st != SM_OK) {
        assert_null(a);
        return st;
    }
    assert_int_equal(sm_archive_count(a), N_DIGESTS);
    sm_archive_close(a);
    return st;
}

/* Reads every digest. */
static sm_status run_read(const char *path, sm_archive *a, char **err)
{
    (void)path;
    sm_status st = SM_OK;
    for (size_t i = 0; st == SM_OK && i < sm_archive_count(a); i++) {
        char *data = NULL;
        size_t len;
        free(*err);
        *err = NULL;
        st = sm_archive_read(a, i, &data, &len, err);
        if (st == SM_OK)
            assert_memory_equal(data, digest_text[i], len);
        else
            assert_null(data);
        free(data);
    }
    return st;
}

static int count_hit(void *userdata, const sm_archive_hit *hit)
{
    (void)hit;
    (*(int *)userdata)++;
    return 0;
}

static sm_status run_search(const char *path, sm_archive *a, char **err)
{
    (void)path;
    const char *words[] = {"elections"};
    int hits = 0;
    sm_status st = sm_archive_search(a, words, 1, NULL, count_hit, &hits, err);
    /* Both sentences of the JSON digest ("elected", "election"), then one
     * line of each text one. */
    if (st == SM_OK)
        assert_int_equal(hits, 2 + (N_DIGESTS - 1));
    return st;
}

static sm_status run_verify(const char *path, sm_archive *a, char **err)
{
    (void)a;
    sm_archive_report rep;
    sm_status st = sm_archive_verify(path, &rep, err);
    if (st == SM_OK)
        assert_int_equal(rep.good, N_DIGESTS);
    return st;
}

static sm_status run_repair(const char *path, sm_archive *a, char **err)
{
    (void)a;
    sm_archive_report rep;
    return sm_archive_repair(path, &rep, err);
}

/* ---- the driver ----------------------------------------------------------- */

/* What a fixture is before the call, and what the call should make of it. */
typedef struct expect {
    const int *before, *after; /* the digests, as indexes of digest_text */
    size_t nbefore, nafter;
    bool removed_after; /* a successful call saves bytes beside the archive */
    bool changes;       /* a successful call changes the files */
} expect;

/* Runs c with each allocation in turn failing, on the folder state s. */
static void fail_each(const char *dir, const saved *s, const call *c,
                      const expect *e)
{
    char *path = join(dir, "a.gz");
    bool done = false;
    unsigned long n;
    for (n = 1; !done; n++) {
        restore_state(dir, s);
        char *err = NULL;
        sm_archive *a = NULL;
        if (c->opened)
            assert_int_equal(sm_archive_open(path, &a, &err), SM_OK);
        int fds = open_fds();
        sm_test_fail_alloc(n);
        sm_status st = c->run(path, a, &err);
        unsigned long made = sm_test_fail_alloc(0);
        if (st != SM_OK && st != SM_ERR_NOMEM)
            fail_msg("%s, allocation %lu failing: status %d: %s", c->name, n,
                     (int)st, err ? err : "");
        if (st == SM_ERR_NOMEM) {
            assert_non_null(err);
            assert_non_null(strstr(err, "out of memory"));
        }
        /* Success without the failure reached: every allocation was tried. */
        done = st == SM_OK && made < n;
        free(err);
        assert_int_equal(open_fds(), fds);
        sm_archive_close(a);
        assert_true(unlocked(path));
        int removed;
        int others = other_files(dir, &removed);
        bool ok = st == SM_OK;
        if (others != (ok && e->removed_after ? 1 : 0) || removed != others)
            fail_msg("%s, allocation %lu failing (status %d): %d files left beside "
                     "the archive", c->name, n, (int)st, others);
        if (ok)
            assert_holds(path, e->after, e->nafter);
        else if (!e->changes || e->nbefore)
            assert_holds(path, e->before, e->nbefore);
        if (!ok && e->changes) {
            /* Failed: the archive's bytes are those it had. */
            saved now;
            save_state(dir, &now);
            assert_int_equal(now.alen, s->alen);
            assert_memory_equal(now.archive, s->archive, s->alen);
            free_state(&now);
        }
    }
    assert_true(n > 2); /* the call allocates */
    assert_int_equal(sm_test_unpopped_cleanups(), 0);
    free(path);
}

/* A folder with an archive of digests 0 .. N_DIGESTS-1. */
static char *sound_archive(void)
{
    char *dir = th_tmpdir();
    char *path = join(dir, "a.gz");
    for (int i = 0; i < N_DIGESTS; i++) {
        char *err = NULL;
        sm_status st = sm_archive_append(path, digest_text[i], digest_len[i],
                                         "2024-05-01", "politics", format_of(i),
                                         -1, NULL, &err);
        if (st != SM_OK)
            fail_msg("append: %s", err);
    }
    free(path);
    return dir;
}

static const int before[N_DIGESTS] = {0, 1, 2};
static const int after_add[N_DIGESTS + 1] = {0, 1, 2, 3};

static void read_calls_fail_cleanly(void **state)
{
    (void)state;
    char *dir = sound_archive();
    saved s;
    save_state(dir, &s);
    const call calls[] = {{"list", run_list, false},
                          {"read", run_read, true},
                          {"search", run_search, true},
                          {"verify", run_verify, false},
                          {"repair of a sound archive", run_repair, false}};
    expect e = {before, before, N_DIGESTS, N_DIGESTS, false, false};
    for (size_t i = 0; i < sizeof calls / sizeof calls[0]; i++)
        fail_each(dir, &s, &calls[i], &e);
    free_state(&s);
    free(dir);
}

static void add_fails_cleanly(void **state)
{
    (void)state;
    char *dir = sound_archive();
    saved s;
    save_state(dir, &s);
    call add = {"add", run_add, false};
    expect e = {before, after_add, N_DIGESTS, N_DIGESTS + 1, false, true};
    fail_each(dir, &s, &add, &e);

    /* Without its index: the add writes a whole new one. */
    saved noidx = {s.archive, NULL, s.alen, 0};
    call add2 = {"add without an index", run_add, false};
    e.before = NULL; /* the failed add leaves it without an index: */
    e.nbefore = 0;   /* the bytes are checked, not the listing */
    fail_each(dir, &noidx, &add2, &e);

    /* With a torn tail (an append killed half way): the add saves the tail
     * beside the archive, then cuts it. */
    saved torn = s;
    torn.archive = malloc(s.alen + 40);
    memcpy(torn.archive, s.archive, s.alen);
    memcpy(torn.archive + s.alen, s.archive, 40); /* a member's start */
    torn.alen = s.alen + 40;
    call add3 = {"add after a torn tail", run_add, false};
    expect et = {NULL, after_add, 0, N_DIGESTS + 1, true, true};
    fail_each(dir, &torn, &add3, &et);
    free(torn.archive);
    free_state(&s);
    free(dir);
}

static void repair_fails_cleanly(void **state)
{
    (void)state;
    char *dir = sound_archive();
    saved s;
    save_state(dir, &s);
    char *path = join(dir, "a.gz");
    sm_archive *a;
    char *err = NULL;
    assert_int_equal(sm_archive_open(path, &a, &err), SM_OK);
    sm_archive_entry second = *sm_archive_entry_at(a, 1);
    sm_archive_close(a);
    free(path);
    /* Damage in the middle: a flipped byte in the second digest's data;
     * the repair writes the other two into a new file. */
    saved mid = s;
    mid.archive = malloc(s.alen);
    memcpy(mid.archive, s.archive, s.alen);
    mid.archive[second.offset + second.size - 12] ^= 0x5a;
    static const int kept_mid[2] = {0, 2};
    expect em = {NULL, kept_mid, 0, 2, true, true};
    call repair = {"repair of damage in the middle", run_repair, false};
    fail_each(dir, &mid, &repair, &em);
    free(mid.archive);

    /* A torn tail: the repair cuts it. */
    saved torn = s;
    torn.archive = malloc(s.alen + 40);
    memcpy(torn.archive, s.archive, s.alen);
    memcpy(torn.archive + s.alen, s.archive, 40);
    torn.alen = s.alen + 40;
    expect et = {NULL, before, 0, N_DIGESTS, true, true};
    call repair2 = {"repair of a torn tail", run_repair, false};
    fail_each(dir, &torn, &repair2, &et);
    free(torn.archive);
    free_state(&s);
    free(dir);
}

int main(void)
{
    make_digests();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(read_calls_fail_cleanly),
        cmocka_unit_test(add_fails_cleanly),
        cmocka_unit_test(repair_fails_cleanly),
    };
    int r = cmocka_run_group_tests(tests, NULL, NULL);
    for (int i = 0; i <= N_DIGESTS; i++)
        free(digest_text[i]);
    return r;
}
