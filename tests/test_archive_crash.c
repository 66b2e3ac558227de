/*
 * test_archive_crash.c: appends killed with SIGKILL at random moments.
 *
 * A child appends digests in a loop, telling the parent on a pipe when it
 * starts and when it finishes each; SM_ARCHIVE_TEST_DELAY_US makes every
 * append write its member in four pieces with pauses between, so the kills
 * land in the middle of writes as well as between them.  After each kill the
 * archive must hold exactly the completed digests (plus, possibly, the one
 * being appended when the kill came, if its write was whole), verify must
 * accept it or report only a torn tail or a stale index, and repair must
 * leave it sound.  Every other round skips repair, so the next append has to
 * remove the torn tail itself.  The seed is fixed: the run is repeatable.
 */
#include "helpers.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

enum { ROUNDS = 100, CLI_ROUNDS = 16 };

static uint64_t seed = 0x2545F4914F6CDD1Dull;
static uint64_t rnd(void)
{
    seed ^= seed << 13;
    seed ^= seed >> 7;
    seed ^= seed << 17;
    return seed;
}

/* A directory on tmpfs when there is one: the kills test the logic of
 * appends, and a disk's fsync latency would only make the test slow. */
static char *fast_tmpdir(void)
{
    char *d = th_tmpdir_under("/dev/shm");
    return d ? d : th_tmpdir();
}

/* The digest with id k: its text names it, its length varies. */
static char *digest(unsigned k, size_t *len)
{
    size_t n = 200 + (k * 7919u) % 3000;
    char *s = malloc(n + 1);
    size_t p = (size_t)snprintf(s, n + 1, "digest %u\n", k);
    while (p < n) {
        s[p] = (char)('a' + (p * 31 + k) % 26);
        if (p % 60 == 59)
            s[p] = '\n';
        p++;
    }
    s[n] = '\0';
    *len = n;
    return s;
}

/* Reads the digest ids the archive serves (in order), and whether it
 * reports damage.  Only digests from `from` on are read (the others are
 * known, and verify inflates them all anyway); ids before are left alone. */
static size_t archive_ids(const char *path, unsigned *ids, size_t cap, size_t from,
                          bool *damaged)
{
    sm_archive *a;
    char *msg = NULL;
    if (sm_archive_open(path, &a, &msg) != SM_OK)
        fail_msg("open: %s", msg);
    *damaged = sm_archive_damage(a, NULL) != NULL;
    size_t n = sm_archive_count(a);
    assert_true(n <= cap);
    for (size_t i = from; i < n; i++) {
        char *got;
        size_t len;
        if (sm_archive_read(a, i, &got, &len, &msg) != SM_OK)
            fail_msg("read %zu: %s", i, msg);
        unsigned k;
        assert_int_equal(sscanf(got, "digest %u", &k), 1);
        size_t wl;
        char *want = digest(k, &wl);
        assert_int_equal(len, wl);
        assert_memory_equal(got, want, wl);
        free(want);
        free(got);
        ids[i] = k;
    }
    sm_archive_close(a);
    return n;
}

/* Checks the archive after a kill: expect[0..n) for sure, then possibly
 * maybe (UINT_MAX: none).  Returns the new count of completed digests. */
static size_t check_after_kill(const char *path, unsigned *expect, size_t n,
                               unsigned maybe, bool repair, bool final)
{
    sm_archive_report r;
    char *msg = NULL;
    sm_status st = sm_archive_verify(path, &r, &msg);
    if (st != SM_OK) {
        /* Only a torn tail or an index that missed the last append. */
        assert_int_equal(st, SM_ERR_CORRUPT);
        if (!strstr(msg, "torn tail") && !strstr(msg, "index"))
            fail_msg("unexpected damage after a kill: %s", msg);
        assert_true(r.bad <= 1);
        free(msg);
        msg = NULL;
    }
    if (repair) {
        if (sm_archive_repair(path, &r, &msg) != SM_OK)
            fail_msg("repair: %s", msg);
        if (sm_archive_verify(path, &r, &msg) != SM_OK)
            fail_msg("verify after repair: %s", msg);
    }
    unsigned *ids = malloc((n + 2) * sizeof *ids);
    bool damaged;
    size_t from = final ? 0 : n > 3 ? n - 3 : 0;
    memcpy(ids, expect, from * sizeof *ids);
    size_t got = archive_ids(path, ids, n + 2, from, &damaged);
    if (repair)
        assert_false(damaged);
    assert_true(got == n || (got == n + 1 && maybe != UINT32_MAX));
    for (size_t i = 0; i < n; i++)
        assert_int_equal(ids[i], expect[i]);
    if (got == n + 1) {
        assert_int_equal(ids[n], maybe);
        expect[n++] = maybe; /* its write was whole: it is a completed digest */
    }
    free(ids);
    return n;
}

static void test_kill_appends(void **state)
{
    (void)state;
    char *dir = fast_tmpdir();
    char path[512];
    snprintf(path, sizeof path, "%s/crash.gz", dir);
    unsigned *expect = malloc(100000 * sizeof *expect);
    size_t n = 0;
    unsigned next = 0;
    int torn_seen = 0;
    for (int round = 0; round < ROUNDS; round++) {
        int p[2];
        assert_int_equal(pipe(p), 0);
        pid_t pid = fork();
        assert_true(pid >= 0);
        if (pid == 0) {
            close(p[0]);
            setenv("SM_ARCHIVE_TEST_DELAY_US", "1000", 1);
            for (unsigned k = next;; k++) {
                char line[32];
                int l = snprintf(line, sizeof line, "S %u\n", k);
                if (write(p[1], line, (size_t)l) != l)
                    _exit(2);
                size_t len;
                char *d = digest(k, &len);
                char *msg = NULL;
                if (sm_archive_append(path, d, len, NULL, "crash", "text",
                                      (int)(k % 10), NULL, &msg) != SM_OK) {
                    fprintf(stderr, "append %u: %s\n", k, msg);
                    _exit(1);
                }
                free(d);
                l = snprintf(line, sizeof line, "D %u\n", k);
                if (write(p[1], line, (size_t)l) != l)
                    _exit(2);
            }
        }
        close(p[1]);
        usleep((useconds_t)(rnd() % 40000));
        kill(pid, SIGKILL);
        int status;
        assert_int_equal(waitpid(pid, &status, 0), pid);
        if (!(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL))
            fail_msg("the appending child failed (status %d)", status);
        /* What the child reported: completed ids, and the one in flight. */
        FILE *f = fdopen(p[0], "r");
        char kind;
        unsigned k, maybe = UINT32_MAX;
        while (fscanf(f, " %c %u", &kind, &k) == 2) {
            if (kind == 'S') {
                maybe = k;
                next = k + 1;
            } else if (kind == 'D') {
                assert_int_equal(k, maybe);
                expect[n++] = k;
                maybe = UINT32_MAX;
            }
        }
        fclose(f);
        struct stat st;
        if (stat(path, &st) == 0) {
            sm_archive *a;
            char *msg = NULL;
            assert_int_equal(sm_archive_open(path, &a, &msg), SM_OK);
            torn_seen += sm_archive_damage(a, NULL) != NULL;
            sm_archive_close(a);
            n = check_after_kill(path, expect, n, maybe, round % 2 == 0,
                                 round == ROUNDS - 1);
        }
    }
    /* The kills did land inside writes. */
    assert_true(torn_seen > 0);
    assert_true(n > 0);
    sm_archive_report r;
    char *msg = NULL;
    assert_int_equal(sm_archive_repair(path, &r, &msg), SM_OK);
    assert_int_equal(sm_archive_verify(path, &r, &msg), SM_OK);
    assert_int_equal(r.good, n);
    /* Repair also removed the temporary files of killed index writers; the
     * only other files are the torn tails removed, saved beside. */
    DIR *d = opendir(dir);
    struct dirent *de;
    int files = 0, saved = 0;
    while ((de = readdir(d)))
        if (de->d_name[0] != '.') {
            files++;
            if (strncmp(de->d_name, "crash.gz.removed-", 17) == 0)
                saved++;
            else if (strcmp(de->d_name, "crash.gz") != 0 &&
                     strcmp(de->d_name, "crash.gz.idx") != 0)
                fail_msg("left behind: %s", de->d_name);
        }
    closedir(d);
    assert_int_equal(files, 2 + saved);
    assert_true(saved <= torn_seen);
    print_message("crash test: %d rounds, %zu digests completed, %d torn tails\n",
                  ROUNDS, n, torn_seen);
    free(expect);
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
    free(dir);
}

/* The same through the real command, `summarizer archive add`. */
static void test_kill_cli(void **state)
{
    (void)state;
    char *dir = fast_tmpdir();
    char path[512], in[512];
    snprintf(path, sizeof path, "%s/cli.gz", dir);
    snprintf(in, sizeof in, "%s/in.txt", dir);
    unsigned expect[CLI_ROUNDS + 1];
    size_t n = 0;
    int killed = 0;
    for (unsigned k = 0; k < CLI_ROUNDS; k++) {
        size_t len;
        char *d = digest(k, &len);
        assert_int_equal(th_write_file(in, d, len), 0);
        free(d);
        pid_t pid = fork();
        assert_true(pid >= 0);
        if (pid == 0) {
            int devnull = open("/dev/null", O_WRONLY);
            dup2(devnull, 1);
            dup2(devnull, 2);
            setenv("SM_ARCHIVE_TEST_DELAY_US", "20000", 1);
            execl(SM_BINARY, SM_BINARY, "archive", "add", "--format", "text", path, in,
                  (char *)NULL);
            _exit(127);
        }
        /* ASan start-up takes a while: kill between 0 and 300 ms. */
        usleep((useconds_t)(rnd() % 300000));
        kill(pid, SIGKILL);
        int status;
        assert_int_equal(waitpid(pid, &status, 0), pid);
        unsigned maybe = k;
        if (WIFEXITED(status)) {
            assert_int_equal(WEXITSTATUS(status), 0);
            expect[n++] = k;
            maybe = UINT32_MAX;
        } else {
            killed++;
        }
        struct stat st;
        if (stat(path, &st) == 0)
            n = check_after_kill(path, expect, n, maybe, k % 2 == 0, true);
    }
    print_message("CLI crash test: %d of %d appends killed, %zu digests kept\n",
                  killed, CLI_ROUNDS, n);
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_kill_appends),
        cmocka_unit_test(test_kill_cli),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
