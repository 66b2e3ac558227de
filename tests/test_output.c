/*
 * test_output.c: output never destroys what it did not create, and every
 * failed write is a message and exit 1.  -o onto a symbolic link replaces
 * the link's target, onto a FIFO or device node writes through it, onto a
 * 0600 file keeps the mode, onto a file with other hard links writes it in
 * place so that every name has the new content; archive repair through a link repairs the
 * target; show, verify, list and digest into /dev/full fail with a message.
 * (The digest is used as the output: it has -o and writes through
 * cli_write_output like every command.)
 */
#include "helpers.h"

#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

static const char text[] =
    "date: 2023-03-20\n\nNorway delivered eight Leopard 2 tanks to Ukraine, the "
    "Norwegian Armed Forces announced on Monday.\n";
/* What the digest of `text` holds, wherever it is written. */
static const char want[] = "Norway delivered eight Leopard 2 tanks to Ukraine";

static char *dir, *in;

static char *join(const char *name)
{
    size_t n = strlen(dir) + strlen(name) + 2;
    char *p = malloc(n);
    snprintf(p, n, "%s/%s", dir, name);
    return p;
}

static int setup(void **state)
{
    (void)state;
    dir = th_tmpdir();
    in = join("in.txt");
    return th_write_file(in, text, strlen(text));
}

static int teardown(void **state)
{
    (void)state;
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    int r = system(cmd);
    free(in);
    free(dir);
    return r == 0 ? 0 : -1;
}

static int summarize_to(const char *out_path, char **err)
{
    const char *args[] = {"digest", "--format", "text", "-o", out_path, in, NULL};
    return th_run(args, NULL, NULL, err);
}

static void test_symlink(void **state)
{
    (void)state;
    char *target = join("real.txt"), *link = join("link.txt");
    assert_int_equal(th_write_file(target, "old\n", 4), 0);
    assert_int_equal(chmod(target, 0600), 0);
    assert_int_equal(symlink("real.txt", link), 0);
    char *err;
    assert_int_equal(summarize_to(link, &err), 0);
    free(err);
    struct stat st;
    assert_int_equal(lstat(link, &st), 0);
    assert_true(S_ISLNK(st.st_mode));
    char *got = th_read_file(target, NULL);
    assert_non_null(strstr(got, want));
    free(got);
    /* The replaced file keeps its mode. */
    assert_int_equal(stat(target, &st), 0);
    assert_int_equal(st.st_mode & 07777, 0600);
    /* A link to nowhere is refused, and stays a link. */
    char *dangling = join("dangling.txt");
    assert_int_equal(symlink("no/such/dir/file", dangling), 0);
    assert_int_equal(summarize_to(dangling, &err), 1);
    assert_non_null(strstr(err, "dangling.txt"));
    free(err);
    assert_int_equal(lstat(dangling, &st), 0);
    assert_true(S_ISLNK(st.st_mode));
    free(dangling);
    free(target);
    free(link);
}

/* A file with two names: both have the new content afterwards (one file,
 * written in place), none of the old content is left after it, and the
 * mode stays. */
static void test_hard_link(void **state)
{
    (void)state;
    char *a = join("first.txt"), *b = join("second.txt");
    size_t oldlen = 100000; /* longer than the digest: it must be cut */
    char *old = malloc(oldlen);
    memset(old, '\1', oldlen); /* a byte no digest holds */
    assert_int_equal(th_write_file(a, old, oldlen), 0);
    free(old);
    assert_int_equal(chmod(a, 0640), 0);
    assert_int_equal(link(a, b), 0);
    struct stat before, sa, sb;
    assert_int_equal(stat(a, &before), 0);
    char *err;
    assert_int_equal(summarize_to(a, &err), 0);
    free(err);
    assert_int_equal(stat(a, &sa), 0);
    assert_int_equal(stat(b, &sb), 0);
    assert_true(sa.st_ino == before.st_ino && sb.st_ino == before.st_ino);
    assert_int_equal(sa.st_nlink, 2);
    assert_int_equal(sa.st_mode & 07777, 0640);
    size_t la, lb;
    char *ga = th_read_file(a, &la), *gb = th_read_file(b, &lb);
    assert_non_null(strstr(ga, want));
    assert_null(memchr(ga, '\1', la));
    assert_int_equal(la, lb);
    assert_memory_equal(ga, gb, la);
    assert_true(la < 1000);
    free(ga);
    free(gb);
    free(a);
    free(b);
}

static void test_fifo(void **state)
{
    (void)state;
    char *fifo = join("out.fifo"), *copy = join("fifo-copy.txt");
    assert_int_equal(mkfifo(fifo, 0644), 0);
    pid_t reader = fork();
    assert_true(reader >= 0);
    if (reader == 0) {
        int f = open(fifo, O_RDONLY), o = open(copy, O_WRONLY | O_CREAT, 0644);
        char buf[4096];
        ssize_t n;
        while ((n = read(f, buf, sizeof buf)) > 0)
            if (write(o, buf, (size_t)n) != n)
                _exit(1);
        _exit(0);
    }
    char *err;
    int rc = summarize_to(fifo, &err);
    if (rc != 0) { /* release the reader */
        int w = open(fifo, O_WRONLY | O_NONBLOCK);
        if (w >= 0)
            close(w);
    }
    int status;
    assert_int_equal(waitpid(reader, &status, 0), reader);
    assert_int_equal(rc, 0);
    free(err);
    struct stat st;
    assert_int_equal(lstat(fifo, &st), 0);
    assert_true(S_ISFIFO(st.st_mode));
    char *got = th_read_file(copy, NULL);
    assert_non_null(strstr(got, want));
    free(got);
    free(fifo);
    free(copy);
}

/* A device node (a copy of /dev/null, made where we may) is written
 * through and stays a device; a folder is refused. */
static void test_device_and_folder(void **state)
{
    (void)state;
    char *dev = join("null");
    if (mknod(dev, S_IFCHR | 0666, makedev(1, 3)) == 0) {
        char *err;
        assert_int_equal(summarize_to(dev, &err), 0);
        free(err);
        struct stat st;
        assert_int_equal(stat(dev, &st), 0);
        assert_true(S_ISCHR(st.st_mode));
    } else {
        print_message("mknod not permitted: device node case skipped\n");
    }
    char *sub = join("sub");
    assert_int_equal(mkdir(sub, 0755), 0);
    char *err;
    assert_int_equal(summarize_to(sub, &err), 1);
    assert_non_null(strstr(err, "not a regular file"));
    free(err);
    free(sub);
    free(dev);
}

/* Runs the binary with standard output on out_path; returns the exit code. */
static int run_stdout_to(const char *const *args, const char *out_path, char **err)
{
    char *epath = join("stderr.txt");
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
        int o = open(out_path, O_WRONLY), e = open(epath, O_WRONLY | O_CREAT | O_TRUNC,
                                                    0644);
        dup2(o, 1);
        dup2(e, 2);
        setenv("SUMMARIZER_MODELS", SM_SOURCE_DIR "/models", 1);
        execv(SM_BINARY, argv);
        _exit(127);
    }
    int status;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    *err = th_read_file(epath, NULL);
    free(epath);
    free(argv);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

static void test_dev_full(void **state)
{
    (void)state;
    if (access("/dev/full", W_OK) != 0) {
        print_message("no /dev/full: skipped\n");
        return;
    }
    char *arch = join("a.gz"), *big = join("big.txt");
    char *d = malloc(20001);
    memset(d, 'a', 20000);
    d[20000] = '\n';
    assert_int_equal(th_write_file(big, d, 20001), 0);
    free(d);
    const char *add[] = {"archive", "add", "--format", "text", "--date", "2024-01-01",
                         "--topics", "t", arch, big, NULL};
    assert_int_equal(th_run(add, NULL, NULL, NULL), 0);
    const char *cmds[][4] = {{"archive", "show", arch, NULL},
                             {"archive", "verify", arch, NULL},
                             {"archive", "list", arch, NULL},
                             {"digest", in, NULL, NULL}};
    for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++) {
        char *err;
        int rc = run_stdout_to(cmds[i], "/dev/full", &err);
        if (rc != 1 || !strstr(err, "summarizer: "))
            fail_msg("%s %s into /dev/full: exit %d, stderr '%s'", cmds[i][0],
                     cmds[i][1], rc, err);
        free(err);
    }
    free(arch);
    free(big);
}

/* repair through a link repairs the target; the link stays a link. */
static void test_repair_through_link(void **state)
{
    (void)state;
    char *arch = join("r.gz"), *link = join("r-link.gz");
    const char *add[] = {"archive", "add", "--format", "text", "--date", "2024-01-01",
                         "--topics", "t", arch, in, NULL};
    assert_int_equal(th_run(add, NULL, NULL, NULL), 0);
    assert_int_equal(symlink("r.gz", link), 0);
    size_t len;
    char *bytes = th_read_file(arch, &len);
    bytes = realloc(bytes, len + 7);
    memcpy(bytes + len, "garbage", 7);
    assert_int_equal(th_write_file(arch, bytes, len + 7), 0);
    const char *rep[] = {"archive", "repair", link, NULL};
    assert_int_equal(th_run(rep, NULL, NULL, NULL), 0);
    struct stat st;
    assert_int_equal(lstat(link, &st), 0);
    assert_true(S_ISLNK(st.st_mode));
    assert_int_equal(stat(arch, &st), 0);
    assert_int_equal((size_t)st.st_size, len);
    const char *ver[] = {"archive", "verify", arch, NULL};
    assert_int_equal(th_run(ver, NULL, NULL, NULL), 0);
    /* Appends through the link reach the target too. */
    const char *add2[] = {"archive", "add", "--format", "text", "--date", "2024-01-02",
                          "--topics", "t", link, in, NULL};
    assert_int_equal(th_run(add2, NULL, NULL, NULL), 0);
    char *out;
    const char *list[] = {"archive", "list", arch, NULL};
    assert_int_equal(th_run(list, NULL, &out, NULL), 0);
    assert_non_null(strstr(out, "2024-01-02"));
    free(out);
    free(bytes);
    free(arch);
    free(link);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_symlink),
        cmocka_unit_test(test_hard_link),
        cmocka_unit_test(test_fifo),
        cmocka_unit_test(test_device_and_folder),
        cmocka_unit_test(test_dev_full),
        cmocka_unit_test(test_repair_through_link),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
