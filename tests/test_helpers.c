/*
 * test_helpers.c: the tests' own temporary folders are made under $TMPDIR
 * and removed with everything in them when the test program exits, even a
 * folder whose permissions a test took away; a forked child that exits
 * leaves its parent's folders alone.
 */
#include "helpers.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static int exists(const char *p)
{
    struct stat st;
    return lstat(p, &st) == 0;
}

static void folders_are_removed_at_exit(void **state)
{
    (void)state;
    char *base = th_tmpdir(); /* this process's: removed at its exit */
    assert_non_null(base);
    int fds[2];
    assert_int_equal(pipe(fds), 0);
    pid_t pid = fork();
    if (pid == 0) {
        /* A program of its own, with TMPDIR pointing into base. */
        close(fds[0]);
        setenv("TMPDIR", base, 1);
        char *d = th_tmpdir();
        char *d2 = th_tmpdir();
        if (!d || !d2 || strncmp(d, base, strlen(base)) != 0)
            _exit(2);
        char sub[4096], file[4096];
        snprintf(sub, sizeof sub, "%s/locked", d);
        snprintf(file, sizeof file, "%s/locked/f", d);
        mkdir(sub, 0700);
        th_write_file(file, "x", 1);
        chmod(sub, 0); /* as a test of unreadable folders does */
        /* A child of the child exits too: d and d2 stay. */
        pid_t g = fork();
        if (g == 0)
            exit(0);
        waitpid(g, NULL, 0);
        int ok = exists(d) && exists(file) && exists(d2);
        size_t n = strlen(d) + 1;
        if (write(fds[1], d, n) != (ssize_t)n)
            _exit(3);
        exit(ok ? 0 : 4);
    }
    close(fds[1]);
    char made[4096] = "";
    ssize_t got = read(fds[0], made, sizeof made - 1);
    close(fds[0]);
    int status;
    waitpid(pid, &status, 0);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0);
    assert_true(got > 0);
    assert_int_equal(strncmp(made, base, strlen(base)), 0);
    assert_false(exists(made));
    assert_true(exists(base)); /* the parent's is still there */
    free(base);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(folders_are_removed_at_exit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
