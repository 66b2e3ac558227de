/*
 * test_conventions.c: the command line behaves as Unix tools do and is safe
 * to run every day: standard input, -o, language codes, day names, one
 * digest per day in an archive however often the job runs, and the one
 * option table behind every command's --help.
 */
#include "helpers.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define FIX SM_TEST_DIR "/fixtures/digest"
#define NEWS FIX "/news"
#define TOPICS FIX "/topics"

static const char article[] =
    "Norway delivered eight Leopard tanks to Ukraine on Monday, the "
    "Norwegian army said. The tanks will help Ukrainian crews defend the "
    "eastern front. Officials in Oslo said more deliveries would follow "
    "within weeks.\n";

/* Runs args, expecting exit code rc; returns stdout (the caller frees). */
static char *run_ok(const char *const *args, const char *in, int rc)
{
    char *out, *err;
    int got = th_run(args, in, &out, &err);
    if (got != rc)
        fail_msg("%s %s: exit %d, not %d: %s", args[0], args[1] ? args[1] : "",
                 got, rc, err);
    free(err);
    return out;
}

/* Copies the three fixture articles into a fresh directory. */
static char *news_copy(void)
{
    char *dir = th_tmpdir();
    static const char *const names[] = {"planet_0320.txt", "post_0321.txt",
                                        "star_0320.txt"};
    for (size_t i = 0; i < 3; i++) {
        char from[512], to[512];
        snprintf(from, sizeof from, "%s/%s", NEWS, names[i]);
        snprintf(to, sizeof to, "%s/%s", dir, names[i]);
        size_t len;
        char *s = th_read_file(from, &len);
        assert_non_null(s);
        assert_int_equal(th_write_file(to, s, len), 0);
        free(s);
    }
    return dir;
}

static void rm_tree(const char *dir)
{
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
}

static void stdin_when_no_path(void **state)
{
    (void)state;
    const char *dash[] = {"summarize", "--sentences", "1", "-", NULL};
    const char *none[] = {"summarize", "--sentences", "1", NULL};
    char *a = run_ok(dash, article, 0);
    char *b = run_ok(none, article, 0);
    assert_true(strlen(a) > 20);
    assert_string_equal(a, b);
    free(a);
    free(b);
}

static void output_option_on_summarize(void **state)
{
    (void)state;
    char *dir = th_tmpdir();
    char file[512];
    snprintf(file, sizeof file, "%s/summary.txt", dir);
    const char *to_file[] = {"summarize", "-o", file, NEWS, NULL};
    const char *to_dash[] = {"summarize", "-o", "-", NEWS, NULL};
    const char *plain[] = {"summarize", NEWS, NULL};
    char *out = run_ok(to_file, NULL, 0);
    assert_string_equal(out, "");
    free(out);
    char *written = th_read_file(file, NULL);
    char *dash = run_ok(to_dash, NULL, 0);
    char *std = run_ok(plain, NULL, 0);
    assert_non_null(written);
    assert_true(strlen(std) > 20);
    assert_string_equal(written, std);
    assert_string_equal(dash, std);
    /* '-' is standard output, never a file named '-'. */
    assert_int_equal(access("-", F_OK), -1);
    free(written);
    free(dash);
    free(std);
    rm_tree(dir);
    free(dir);
}

static void language_codes(void **state)
{
    (void)state;
    const char *de[] = {"summarize", "--lang", "de", NEWS, NULL};
    const char *german[] = {"summarize", "--lang", "german", NEWS, NULL};
    char *a = run_ok(de, NULL, 0);
    char *b = run_ok(german, NULL, 0);
    assert_string_equal(a, b);
    free(a);
    free(b);
    assert_string_equal(sm_language_name("DE"), "german");
    assert_string_equal(sm_language_name("French"), "french");
    assert_string_equal(sm_language_code("german"), "de");
    assert_null(sm_language_code("klingon"));
    /* A language without a stopword list is said once. */
    char *out, *err;
    const char *tr[] = {"summarize", "--lang", "ta", NEWS, NULL};
    th_run(tr, NULL, &out, &err);
    char *first = strstr(err, "no stopword list for tamil");
    assert_non_null(first);
    assert_null(strstr(first + 1, "no stopword list"));
    free(out);
    free(err);
}

static void dates_and_day_names(void **state)
{
    (void)state;
    char d[11];
    assert_true(sm_date_parse("2023-03-20", 10, d));
    assert_string_equal(d, "2023-03-20");
    assert_true(sm_date_parse("2023-03-20T10:15:00Z", 20, d));
    assert_string_equal(d, "2023-03-20");
    assert_true(sm_date_parse("2023-03-20T23:59:59.123+05:30", 29, d));
    assert_true(sm_date_parse("2023-03-20 10:15", 16, d));
    assert_true(sm_date_parse("2024-02-29", 10, d));
    assert_false(sm_date_parse("2023-02-29", 10, d));
    assert_false(sm_date_parse("2023-03-20Tnoon", 15, d));
    assert_false(sm_date_parse("20 March 2023", 13, d));

    /* --date today: the local day, and not a usage error. */
    char today[11];
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    strftime(today, sizeof today, "%Y-%m-%d", &tm);
    char *out, *err;
    const char *args[] = {"digest", "--topics", TOPICS, "--date", "today", NEWS, NULL};
    assert_int_equal(th_run(args, NULL, &out, &err), 1);
    char want[64];
    snprintf(want, sizeof want, "no document dated %s", today);
    assert_non_null(strstr(err, want));
    free(out);
    free(err);
    const char *bad[] = {"digest", "--date", "tomorrow", NEWS, NULL};
    assert_int_equal(th_run(bad, NULL, &out, &err), 2);
    free(out);
    free(err);
}

/* The daily job run twice archives each day once; --force adds anyway. */
static void daily_rerun_archives_once(void **state)
{
    (void)state;
    char *dir = th_tmpdir();
    char arch[512];
    snprintf(arch, sizeof arch, "%s/digests.gz", dir);
    const char *daily[] = {"digest", "--topics", TOPICS, "--daily", "--archive",
                           arch, "-o", "/dev/null", NEWS, NULL};
    char *out, *err;
    assert_int_equal(th_run(daily, NULL, &out, &err), 0);
    assert_string_equal(err, "");
    free(out);
    free(err);
    assert_int_equal(th_run(daily, NULL, &out, &err), 0);
    assert_non_null(strstr(err, "already holds digest 1 of 2023-03-20"));
    assert_non_null(strstr(err, "--force"));
    free(out);
    free(err);
    sm_archive *a = NULL;
    char *msg = NULL;
    assert_int_equal(sm_archive_open(arch, &a, &msg), SM_OK);
    assert_int_equal(sm_archive_count(a), 2);
    sm_archive_close(a);

    const char *forced[] = {"digest", "--topics", TOPICS, "--date", "2023-03-21",
                            "--force", "--archive", arch, "-o", "/dev/null",
                            NEWS, NULL};
    free(run_ok(forced, NULL, 0));
    assert_int_equal(sm_archive_open(arch, &a, &msg), SM_OK);
    assert_int_equal(sm_archive_count(a), 3);
    sm_archive_close(a);
    rm_tree(dir);
    free(dir);
}

/* digest --daily --format json | archive add A - : one member per line. */
static void archive_add_takes_json_lines(void **state)
{
    (void)state;
    char *dir = th_tmpdir();
    char arch[512];
    snprintf(arch, sizeof arch, "%s/a.gz", dir);
    const char *daily[] = {"digest", "--topics", TOPICS, "--daily", "--format",
                           "json", NEWS, NULL};
    char *lines = run_ok(daily, NULL, 0);
    const char *add[] = {"archive", "add", arch, "-", NULL};
    char *out, *err;
    int rc = th_run(add, lines, &out, &err);
    if (rc != 0)
        fail_msg("archive add: %s", err);
    assert_non_null(strstr(out, "added digest 1 of 2023-03-20"));
    assert_non_null(strstr(out, "added digest 2 of 2023-03-21"));
    free(out);
    free(err);
    /* The same lines again add nothing, and say so. */
    assert_int_equal(th_run(add, lines, &out, &err), 0);
    assert_string_equal(out, "");
    assert_non_null(strstr(err, "not added again"));
    free(out);
    free(err);
    const char *list[] = {"archive", "list", arch, NULL};
    out = run_ok(list, NULL, 0);
    size_t n = 0;
    for (char *p = out; (p = strchr(p, '\n')); p++)
        n++;
    assert_int_equal(n, 2);
    free(out);
    free(lines);
    rm_tree(dir);
    free(dir);
}

/* An archive, its index and the tool's own outputs kept in the news folder
 * are never read as articles. */
static void own_files_not_read_as_articles(void **state)
{
    (void)state;
    char *dir = news_copy();
    char arch[512], html[512], json[512], text[512];
    snprintf(arch, sizeof arch, "%s/digests.gz", dir);
    snprintf(html, sizeof html, "%s/today.html", dir);
    snprintf(json, sizeof json, "%s/today.json", dir);
    snprintf(text, sizeof text, "%s/today.txt", dir);
    const char *base[] = {"digest", "--topics", TOPICS, "--format", "json", dir, NULL};
    char *before = run_ok(base, NULL, 0);
    const char *a1[] = {"digest", "--topics", TOPICS, "--daily", "--archive", arch,
                        "--format", "html", "-o", html, dir, NULL};
    free(run_ok(a1, NULL, 0));
    const char *a2[] = {"digest", "--topics", TOPICS, "--format", "json", "-o",
                        json, dir, NULL};
    free(run_ok(a2, NULL, 0));
    const char *a3[] = {"digest", "--topics", TOPICS, "-o", text, dir, NULL};
    free(run_ok(a3, NULL, 0));
    char *out, *err;
    int rc = th_run(base, NULL, &out, &err);
    assert_int_equal(rc, 0);
    assert_string_equal(out, before);
    assert_non_null(strstr(out, "\"documents\": 3"));
    assert_null(strstr(err, "digests.gz"));
    free(out);
    free(err);
    free(before);
    rm_tree(dir);
    free(dir);
}

/* Every option of the table is in the help of the commands that take it. */
static void help_comes_from_the_option_table(void **state)
{
    (void)state;
    const char *sum[] = {"summarize", "--help", NULL};
    const char *dig[] = {"digest", "--help", NULL};
    char *s = run_ok(sum, NULL, 0);
    char *d = run_ok(dig, NULL, 0);
    static const char *const both[] = {"--words N", "--lang L", "-o, --output FILE",
                                       "--quiet", "--progress", "--manifest FILE"};
    for (size_t i = 0; i < sizeof both / sizeof both[0]; i++) {
        if (!strstr(s, both[i]) || !strstr(d, both[i]))
            fail_msg("'%s' missing from a --help", both[i]);
    }
    assert_non_null(strstr(d, "--daily"));
    assert_null(strstr(s, "--daily"));
    free(s);
    free(d);
    char *out, *err;
    const char *bad[] = {"summarize", "--daily", NEWS, NULL};
    assert_int_equal(th_run(bad, NULL, &out, &err), 2);
    assert_non_null(strstr(err, "unknown option '--daily'"));
    free(out);
    free(err);
    const char *eq[] = {"summarize", "--sentences=1", "--format=json", NEWS, NULL};
    out = run_ok(eq, NULL, 0);
    assert_non_null(strstr(out, "\"sentences\""));
    free(out);
}

/* The README's topic example works pasted: trailing comments, a BOM. */
static void readme_topic_example(void **state)
{
    (void)state;
    char *readme = th_read_file(SM_SOURCE_DIR "/README.md", NULL);
    assert_non_null(readme);
    char *at = strstr(readme, "**Topics** are plain-text files");
    assert_non_null(at);
    at = strstr(at, "\n\n    ");
    assert_non_null(at);
    at += 2;
    /* The indented block, without its indent. */
    char topic[2048];
    size_t n = 0;
    while (strncmp(at, "    ", 4) == 0) {
        char *nl = strchr(at, '\n');
        assert_non_null(nl);
        size_t k = (size_t)(nl - at) - 4 + 1;
        assert_true(n + k < sizeof topic);
        memcpy(topic + n, at + 4, k);
        n += k;
        at = nl + 1;
    }
    topic[n] = '\0';
    assert_non_null(strstr(topic, "# "));
    char *dir = th_tmpdir();
    char path[512];
    snprintf(path, sizeof path, "%s/energy.topic", dir);
    /* Saved by an editor that writes a byte-order mark. */
    char *bom = malloc(n + 4);
    memcpy(bom, "\xEF\xBB\xBF", 3);
    memcpy(bom + 3, topic, n + 1);
    assert_int_equal(th_write_file(path, bom, n + 3), 0);
    free(bom);
    sm_ctx *ctx = th_ctx();
    sm_topics *t = NULL;
    if (sm_topics_load(ctx, dir, &t) != SM_OK)
        fail_msg("%s", sm_ctx_error(ctx));
    assert_int_equal(sm_topics_count(t), 1);
    assert_string_equal(sm_topics_id(t, 0), "energy");
    assert_string_equal(sm_topics_title(t, 0), "Energy and gas");
    sm_topics_free(t);
    sm_ctx_free(ctx);
    /* Its terms match: a comment never became part of a phrase. */
    const char *text =
        "Leaks hit the Nord Stream gas pipeline on Monday. The weather in Oslo "
        "was mild. Fishermen reported calm seas near the coast.\n";
    const char *args[] = {"digest", "--topics", dir, "--format", "json", "-", NULL};
    char *out = run_ok(args, text, 0);
    assert_non_null(strstr(out, "\"id\": \"energy\""));
    assert_non_null(strstr(out, "Leaks hit the Nord Stream gas pipeline"));
    free(out);
    unlink(path);
    rmdir(dir);
    free(dir);
    free(readme);
}

/* Titles and URLs from a manifest reach every format, and survive the
 * JSON round trip; a --daily page has each id once. */
static void links_in_every_format(void **state)
{
    (void)state;
    char *dir = news_copy();
    char mf[512];
    snprintf(mf, sizeof mf, "%s/manifest.tsv", dir);
    static const char manifest[] =
        "file\ttitle\turl\n"
        "planet_0320.txt\tTanks reach Ukraine\thttps://planet.example/tanks?a=1&b=2\n"
        "star_0320.txt\tLeopards delivered\thttps://star.example/leopards\n"
        "post_0321.txt\tAid package\tjavascript:alert(1)\n";
    assert_int_equal(th_write_file(mf, manifest, strlen(manifest)), 0);

    const char *json[] = {"digest", "--topics", TOPICS, "--format", "json", dir, NULL};
    char *j = run_ok(json, NULL, 0);
    assert_non_null(strstr(j, "\"title\": \"Tanks reach Ukraine\", "
                              "\"url\": \"https://planet.example/tanks?a=1&b=2\""));
    assert_non_null(strstr(j, "\"also_in_urls\": [\"https://star.example/leopards\"]"));
    assert_non_null(strstr(j, "\"lang\": \"en\""));
    char e[256];
    sm_digest *d = sm_digest_parse_json(j, strlen(j), e, sizeof e);
    if (!d)
        fail_msg("%s", e);
    size_t len;
    char *again = sm_digest_render(d, SM_FORMAT_JSON, &len);
    assert_string_equal(again, j);
    free(again);
    sm_digest_free(d);
    free(j);

    const char *md[] = {"digest", "--topics", TOPICS, "--format", "markdown", dir, NULL};
    char *m = run_ok(md, NULL, 0);
    assert_non_null(strstr(m, "[Daily Planet](<https://planet.example/tanks?a=1&b=2> "
                              "\"Tanks reach Ukraine\")"));
    free(m);

    const char *text[] = {"digest", "--topics", TOPICS, dir, NULL};
    char *t = run_ok(text, NULL, 0);
    assert_non_null(strstr(t, "\n  https://planet.example/tanks?a=1&b=2\n"));
    free(t);

    const char *html[] = {"digest", "--topics", TOPICS, "--daily", "--format", "html",
                          dir, NULL};
    char *h = run_ok(html, NULL, 0);
    assert_non_null(strstr(h, "<a href=\"https://planet.example/tanks?a=1&amp;b=2\" "
                              "title=\"Tanks reach Ukraine\">Daily Planet</a>"));
    /* Only web links become links. */
    assert_null(strstr(h, "javascript:"));
    assert_non_null(strstr(h, "Morning Post"));
    /* Every id once. */
    for (char *p = strstr(h, " id=\""); p; p = strstr(p + 1, " id=\"")) {
        char id[128];
        char *q = strchr(p + 5, '"');
        assert_non_null(q);
        assert_true((size_t)(q - p) < sizeof id - 8);
        snprintf(id, sizeof id, " id=\"%.*s\"", (int)(q - p - 5), p + 5);
        assert_ptr_equal(strstr(h, id), p);
    }
    free(h);
    rm_tree(dir);
    free(dir);
}

/* Progress: forced with --progress, silent off a terminal otherwise. */
static void progress_on_request_only(void **state)
{
    (void)state;
    char *out, *err;
    const char *forced[] = {"summarize", "--progress", NEWS, NULL};
    assert_int_equal(th_run(forced, NULL, &out, &err), 0);
    assert_non_null(strstr(err, "summarizer: preparing 100% (3/3)"));
    assert_non_null(strstr(err, "summarizer: ranking 100% (3/3)"));
    free(out);
    free(err);
    const char *plain[] = {"summarize", NEWS, NULL};
    assert_int_equal(th_run(plain, NULL, &out, &err), 0);
    assert_string_equal(err, "");
    free(out);
    free(err);
    const char *quiet[] = {"summarize", "--quiet", "--lang", "ta", NEWS, NULL};
    th_run(quiet, NULL, &out, &err);
    assert_null(strstr(err, "%"));
    free(out);
    free(err);
}

/* ISO date-times in a header and a manifest are read; a date that cannot
 * be read is a warning with file and line, and drops only that date. */
static void iso_dates_in_input(void **state)
{
    (void)state;
    char *dir = th_tmpdir();
    char a[512], b[512], mf[512];
    snprintf(a, sizeof a, "%s/a.txt", dir);
    snprintf(b, sizeof b, "%s/b.txt", dir);
    snprintf(mf, sizeof mf, "%s/manifest.tsv", dir);
    char text[1024];
    snprintf(text, sizeof text, "source: Test\ndate: 2023-03-20T10:15:00Z\n\n%s", article);
    assert_int_equal(th_write_file(a, text, strlen(text)), 0);
    assert_int_equal(th_write_file(b, article, strlen(article)), 0);
    static const char manifest[] = "file\tdate\nb.txt\tlast Tuesday\n";
    assert_int_equal(th_write_file(mf, manifest, strlen(manifest)), 0);
    char *out, *err;
    const char *args[] = {"summarize", "--format", "json", dir, NULL};
    assert_int_equal(th_run(args, NULL, &out, &err), 0);
    assert_non_null(strstr(out, "\"date\": \"2023-03-20\""));
    char want[600];
    snprintf(want, sizeof want, "%s:2: date 'last Tuesday'", mf);
    assert_non_null(strstr(err, want));
    free(out);
    free(err);
    unlink(a);
    unlink(b);
    unlink(mf);
    rmdir(dir);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(stdin_when_no_path),
        cmocka_unit_test(output_option_on_summarize),
        cmocka_unit_test(language_codes),
        cmocka_unit_test(dates_and_day_names),
        cmocka_unit_test(daily_rerun_archives_once),
        cmocka_unit_test(archive_add_takes_json_lines),
        cmocka_unit_test(own_files_not_read_as_articles),
        cmocka_unit_test(help_comes_from_the_option_table),
        cmocka_unit_test(readme_topic_example),
        cmocka_unit_test(links_in_every_format),
        cmocka_unit_test(progress_on_request_only),
        cmocka_unit_test(iso_dates_in_input),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
