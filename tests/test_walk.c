/*
 * test_walk.c: reading folders and odd files as a real machine offers them:
 * links that loop, a subfolder that cannot be read, a FIFO inside a folder,
 * UTF-16 with a byte-order mark, and undated input for --daily (which
 * called qsort(NULL, 0, ...): the sanitizer build aborts on that).
 */
#include "helpers.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static const char sent_a[] =
    "date: 2023-03-20\n\nNorway delivered eight Leopard 2 tanks to Ukraine, the "
    "Norwegian Armed Forces announced on Monday.\n";
static const char sent_b[] =
    "date: 2023-03-20\n\nFolder b holds this sentence about tanks for Ukraine, the "
    "army said on Monday.\n";

static char *join(const char *dir, const char *name)
{
    size_t n = strlen(dir) + strlen(name) + 2;
    char *p = malloc(n);
    snprintf(p, n, "%s/%s", dir, name);
    return p;
}

static void put(const char *dir, const char *name, const char *text)
{
    char *p = join(dir, name);
    assert_int_equal(th_write_file(p, text, strlen(text)), 0);
    free(p);
}

static void rm_rf(char *dir)
{
    char cmd[600];
    snprintf(cmd, sizeof cmd, "chmod -R u+rwx '%s'; rm -rf '%s'", dir, dir);
    assert_int_equal(system(cmd), 0);
    free(dir);
}

static size_t count(const char *hay, const char *needle)
{
    size_t n = 0;
    for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle))
        n++;
    return n;
}

/* Two links to the folder itself: each file is read once and the walk
 * ends (it used to walk 2^40 folders), each link named in a warning. */
static void test_self_links(void **state)
{
    (void)state;
    char *dir = th_tmpdir();
    put(dir, "a.txt", sent_a);
    char *x = join(dir, "x"), *y = join(dir, "y"), *f = join(dir, "f.txt");
    assert_int_equal(symlink(".", x), 0);
    assert_int_equal(symlink(".", y), 0);
    assert_int_equal(symlink("a.txt", f), 0); /* a file by two names */
    char *out, *err;
    const char *args[] = {"digest", "--format", "json", dir, NULL};
    assert_int_equal(th_run(args, NULL, &out, &err), 0);
    assert_non_null(strstr(out, "\"documents\": 1"));
    assert_int_equal(count(err, "already read"), 3);
    assert_non_null(strstr(err, "/x: a folder already read"));
    assert_non_null(strstr(err, "/y: a folder already read"));
    free(out);
    free(err);
    free(x);
    free(y);
    free(f);
    rm_rf(dir);
}

/* A FIFO inside a folder is skipped with a warning (reading it would wait
 * for a writer forever); the other files are read. */
static void test_fifo_in_folder(void **state)
{
    (void)state;
    char *dir = th_tmpdir();
    put(dir, "a.txt", sent_a);
    char *fifo = join(dir, "b.fifo");
    assert_int_equal(mkfifo(fifo, 0644), 0);
    char *out, *err;
    const char *args[] = {"digest", "--format", "json", dir, NULL};
    assert_int_equal(th_run(args, NULL, &out, &err), 0);
    assert_non_null(strstr(out, "\"documents\": 1"));
    assert_non_null(strstr(err, "b.fifo: a FIFO, skipped"));
    free(out);
    free(err);
    free(fifo);
    rm_rf(dir);
}

/* Runs the summarizer as an unprivileged user (nobody, when we are root) so
 * that a folder with mode 0 cannot be read.  Returns the exit code. */
static int run_unprivileged(const char *const *args, char **out, char **err)
{
    char *tmp = th_tmpdir();
    assert_int_equal(chmod(tmp, 0777), 0);
    char *o = join(tmp, "out"), *e = join(tmp, "err");
    size_t n = 0;
    while (args[n])
        n++;
    char **argv = calloc(n + 2, sizeof *argv);
    argv[0] = (char *)SM_BINARY;
    for (size_t i = 0; i < n; i++)
        argv[i + 1] = (char *)args[i];
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        int fo = open(o, O_WRONLY | O_CREAT | O_TRUNC, 0666);
        int fe = open(e, O_WRONLY | O_CREAT | O_TRUNC, 0666);
        dup2(fo, 1);
        dup2(fe, 2);
        if (geteuid() == 0 && (setgid(65534) != 0 || setuid(65534) != 0))
            _exit(126);
        setenv("SUMMARIZER_MODELS", SM_SOURCE_DIR "/models", 1);
        execv(SM_BINARY, argv);
        _exit(127);
    }
    int status;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    *out = th_read_file(o, NULL);
    *err = th_read_file(e, NULL);
    free(argv);
    free(o);
    free(e);
    rm_rf(tmp);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

/* A subfolder that cannot be read is named and skipped; its later
 * siblings and the files beside it are still read. */
static void test_unreadable_subfolder(void **state)
{
    (void)state;
    char *dir = th_tmpdir();
    assert_int_equal(chmod(dir, 0755), 0);
    char *a = join(dir, "a"), *b = join(dir, "b");
    assert_int_equal(mkdir(a, 0755), 0);
    assert_int_equal(mkdir(b, 0755), 0);
    put(a, "x.txt", sent_a);
    put(b, "y.txt", sent_b);
    put(dir, "top.txt", sent_a);
    char *files[] = {join(a, "x.txt"), join(b, "y.txt"), join(dir, "top.txt")};
    for (int i = 0; i < 3; i++) {
        assert_int_equal(chmod(files[i], 0644), 0);
        free(files[i]);
    }
    assert_int_equal(chmod(a, 0), 0);
    char *out, *err;
    const char *args[] = {"digest", "--format", "json", dir, NULL};
    int rc = run_unprivileged(args, &out, &err);
    assert_int_equal(rc, 0);
    assert_non_null(strstr(out, "\"documents\": 2"));
    assert_non_null(strstr(err, "/a: cannot read this folder"));
    free(out);
    free(err);
    free(a);
    free(b);
    rm_rf(dir);
}

/* UTF-16 with a byte-order mark, either byte order, is text: decoded to
 * UTF-8 (a character outside the BMP included), not called binary. */
static void test_utf16(void **state)
{
    (void)state;
    char *dir = th_tmpdir();
    static const char text[] = "date: 2023-03-20\n\nNorway delivered eight Leopard 2 "
                               "tanks to Ukraine on Monday \xF0\x9F\x98\x80.\n";
    for (int be = 0; be < 2; be++) {
        /* UTF-8 to UTF-16 by hand: the text is ASCII but for one emoji. */
        unsigned char buf[512];
        size_t n = 0;
        buf[n++] = be ? 0xFE : 0xFF;
        buf[n++] = be ? 0xFF : 0xFE;
        for (size_t i = 0; text[i]; i++) {
            unsigned units[2] = {(unsigned char)text[i], 0};
            int k = 1;
            if ((unsigned char)text[i] == 0xF0) { /* U+1F600 */
                units[0] = 0xD83D;
                units[1] = 0xDE00;
                k = 2;
                i += 3;
            }
            for (int u = 0; u < k; u++) {
                buf[n++] = (unsigned char)(be ? units[u] >> 8 : units[u] & 0xFF);
                buf[n++] = (unsigned char)(be ? units[u] & 0xFF : units[u] >> 8);
            }
        }
        char *p = join(dir, be ? "be.txt" : "le.txt");
        assert_int_equal(th_write_file(p, buf, n), 0);
        char *out, *err;
        const char *args[] = {"summarize", p, NULL};
        assert_int_equal(th_run(args, NULL, &out, &err), 0);
        assert_string_equal(out, "Norway delivered eight Leopard 2 tanks to Ukraine "
                                 "on Monday \xF0\x9F\x98\x80.\n");
        assert_null(strstr(err, "binary"));
        free(out);
        free(err);
        free(p);
    }
    rm_rf(dir);
}

/* --daily on input without a date says so and exits 1 (it used to pass
 * qsort a null pointer: undefined behaviour). */
static void test_daily_undated(void **state)
{
    (void)state;
    char *dir = th_tmpdir();
    put(dir, "a.txt", sent_a + strlen("date: 2023-03-20\n\n"));
    char *out, *err;
    const char *args[] = {"digest", "--daily", dir, NULL};
    assert_int_equal(th_run(args, NULL, &out, &err), 1);
    assert_non_null(strstr(err, "no document has a date"));
    assert_null(strstr(err, "runtime error"));
    free(out);
    free(err);
    rm_rf(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_self_links),
        cmocka_unit_test(test_fifo_in_folder),
        cmocka_unit_test(test_unreadable_subfolder),
        cmocka_unit_test(test_utf16),
        cmocka_unit_test(test_daily_undated),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
