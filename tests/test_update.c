/* test_update.c: what's new.  Summaries and daily digests that skip what the
 * reader already has (--seen, digest --new), on three days of one story. */
#include "helpers.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define FIX SM_TEST_DIR "/fixtures/update"
#define TOPICS SM_TEST_DIR "/fixtures/update-topics"
#define FIGURES SM_TEST_DIR "/fixtures/update-figures"
#define SPLITS SM_TEST_DIR "/fixtures/update-newswire"

static const char restated[] = "forced 4,000 residents to leave their homes";
static const char grown[] =
    "The wildfire near Redmont has now burned 25,000 acres, fire officials "
    "said on Tuesday.";

static bool has(const char *hay, const char *needle)
{
    return hay && strstr(hay, needle) != NULL;
}

/* Day two against day one: the restated facts are gone, the grown fire is
 * an update of day one's figure, the new facts stay. */
static void summary_with_seen(void **state)
{
    (void)state;
    sm_ctx *ctx = th_ctx();
    sm_corpus *c = sm_corpus_new(ctx);
    assert_int_equal(sm_corpus_add_seen(c, FIX "/d1-herald.txt"), SM_OK);
    assert_int_equal(sm_corpus_add_seen(c, FIX "/d1-wire.txt"), SM_OK);
    assert_int_equal(sm_corpus_add_path(c, FIX "/d2-herald.txt"), SM_OK);
    assert_int_equal(sm_corpus_add_path(c, FIX "/d2-wire.txt"), SM_OK);
    assert_int_equal(sm_corpus_prepare(c), SM_OK);
    sm_summary_opts o;
    sm_summary_opts_init(&o);
    sm_summary *s = NULL;
    assert_int_equal(sm_summarize(c, &o, &s), SM_OK);
    static const char *const want[] = {
        grown,
        "Two firefighters were treated in hospital for smoke inhalation after "
        "the wildfire jumped the canyon road.",
        "The governor sent 300 National Guard troops to help crews fighting "
        "the Redmont wildfire on Tuesday."};
    assert_int_equal(s->n, 3);
    for (size_t i = 0; i < 3; i++) {
        sm_sentence_info si;
        sm_corpus_sentence(c, s->picks[i].sentence, &si);
        assert_int_equal(si.len, strlen(want[i]));
        assert_memory_equal(si.text, want[i], si.len);
        if (i == 0) {
            sm_doc_info di;
            assert_true(s->picks[i].update_of < sm_corpus_n_docs(c));
            sm_corpus_doc(c, s->picks[i].update_of, &di);
            assert_string_equal(di.name, "d1-wire.txt");
        } else {
            assert_int_equal(s->picks[i].update_of, SIZE_MAX);
        }
    }
    sm_summary_free(s);
    /* Without the seen documents the restated fact leads. */
    sm_corpus_free(c);
    c = sm_corpus_new(ctx);
    assert_int_equal(sm_corpus_add_path(c, FIX "/d2-herald.txt"), SM_OK);
    assert_int_equal(sm_corpus_add_path(c, FIX "/d2-wire.txt"), SM_OK);
    assert_int_equal(sm_corpus_prepare(c), SM_OK);
    assert_int_equal(sm_summarize(c, &o, &s), SM_OK);
    bool restated_found = false;
    for (size_t i = 0; i < s->n; i++) {
        sm_sentence_info si;
        sm_corpus_sentence(c, s->picks[i].sentence, &si);
        char *text = strndup(si.text, si.len);
        restated_found |= has(text, restated);
        free(text);
    }
    assert_true(restated_found);
    sm_summary_free(s);
    sm_corpus_free(c);
    sm_ctx_free(ctx);
}

/* digest --daily --new: each day carries only what the days before it did
 * not; an update of a day-one figure is there and says so. */
static void daily_new(void **state)
{
    (void)state;
    char *out = NULL, *err = NULL;
    const char *args[] = {"digest", "--topics", TOPICS, "--daily", "--new",
                          FIX, NULL};
    assert_int_equal(th_run(args, NULL, &out, &err), 0);
    const char *d2 = strstr(out, "Digest: 2026-08-04");
    const char *d3 = strstr(out, "Digest: 2026-08-05");
    assert_non_null(d2);
    assert_non_null(d3);
    /* Day one tells the evacuation; days two and three do not repeat it. */
    assert_true(strstr(out, restated) < d2);
    assert_null(strstr(d2, restated));
    /* Day two: the fire has grown, an update of day one's 12,000 acres. */
    const char *g = strstr(d2, grown);
    assert_non_null(g);
    assert_true(g < d3);
    assert_true(has(g, "updates d1-wire.txt)") &&
                strstr(g, "updates d1-wire.txt)") < d3);
    /* Day three: the containment is new; the 25,000 acres are not. */
    assert_true(has(d3, "contain 60 percent of the Redmont wildfire"));
    assert_false(has(d3, "25,000 acres"));
    free(out);
    free(err);
    /* Without --new day three repeats the acreage. */
    const char *all[] = {"digest", "--topics", TOPICS, "--daily", FIX, NULL};
    assert_int_equal(th_run(all, NULL, &out, &err), 0);
    assert_true(has(strstr(out, "Digest: 2026-08-05"), "25,000 acres"));
    free(out);
    free(err);
}

/* Figures as an update reads them: a number is the same number whatever
 * word holds it ("the 6.9-magnitude quake" repeats "a magnitude 6.9
 * earthquake": no update), and a figure both sentences share ("1,100")
 * ties a new toll to the seen fact it updates. */
static void figures_compared_as_numbers(void **state)
{
    (void)state;
    sm_ctx *ctx = th_ctx();
    sm_corpus *c = sm_corpus_new(ctx);
    assert_int_equal(sm_corpus_add_seen(c, FIGURES "/seen.txt"), SM_OK);
    assert_int_equal(sm_corpus_add_path(c, FIGURES "/new.txt"), SM_OK);
    assert_int_equal(sm_corpus_prepare(c), SM_OK);
    sm_summary_opts o;
    sm_summary_opts_init(&o);
    o.words = 200;
    sm_summary *s = NULL;
    assert_int_equal(sm_summarize(c, &o, &s), SM_OK);
    static const char magnitude[] = "The 6.9-magnitude earthquake that struck Orvale";
    static const char toll[] = "The death toll rose to 52, with more than 1,100 injured.";
    size_t found = 0;
    assert_int_equal(s->n, 4);
    for (size_t i = 0; i < s->n; i++) {
        sm_sentence_info si;
        sm_corpus_sentence(c, s->picks[i].sentence, &si);
        if (si.len >= strlen(magnitude) &&
            memcmp(si.text, magnitude, strlen(magnitude)) == 0) {
            assert_int_equal(s->picks[i].update_of, SIZE_MAX);
            found++;
        } else if (si.len == strlen(toll) && memcmp(si.text, toll, si.len) == 0) {
            sm_doc_info di;
            assert_true(s->picks[i].update_of < sm_corpus_n_docs(c));
            sm_corpus_doc(c, s->picks[i].update_of, &di);
            assert_string_equal(di.name, "seen.txt");
            found++;
        }
    }
    assert_int_equal(found, 2);
    sm_summary_free(s);
    sm_corpus_free(c);
    sm_ctx_free(ctx);
}

/* A later report that retells a seen fact in other words is dropped, not
 * merely discounted: given room for every sentence of B, the update of the
 * module's docking keeps the mass and cost A told out, and keeps the cost
 * overrun that A did not tell. */
static void retellings_dropped(void **state)
{
    (void)state;
    const char *argv[] = {"summarize", "--words", "400", "--seen",
                          SPLITS "/module/A", SPLITS "/module/B", NULL};
    char *out = NULL, *err = NULL;
    assert_int_equal(th_run(argv, NULL, &out, &err), 0);
    assert_false(has(out, "Kestrel, Europe's largest contribution to the "
                          "station, weighs 21 tons."));
    assert_false(has(out, "Germany paid about half of its cost of $1.6 billion."));
    assert_true(has(out, "was first budgeted at $900 million in 2013"));
    free(out);
    free(err);
}

static void put(const char *dir, const char *name, const char *text)
{
    char path[2200];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    assert_int_equal(th_write_file(path, text, strlen(text)), 0);
}

static void copy(const char *dir, const char *name)
{
    char path[2200];
    snprintf(path, sizeof path, FIX "/%s", name);
    size_t len = 0;
    char *data = th_read_file(path, &len);
    assert_non_null(data);
    snprintf(path, sizeof path, "%s/%s", dir, name);
    assert_int_equal(th_write_file(path, data, len), 0);
    free(data);
}

static size_t count_lines(const char *s)
{
    size_t n = 0;
    for (; s && *s; s++)
        n += *s == '\n';
    return n;
}

/* With an archive: twice in a row archives each day once and never reports
 * as new what the archive already told; a day that only restates says so. */
static void archive_and_no_news(void **state)
{
    (void)state;
    char *dir = th_tmpdir();
    char news[1100], arc[1100];
    snprintf(news, sizeof news, "%s/news", dir);
    snprintf(arc, sizeof arc, "%s/digests.gz", dir);
    assert_int_equal(mkdir(news, 0755), 0);
    copy(news, "d1-herald.txt");
    copy(news, "d1-wire.txt");
    char *out = NULL, *err = NULL;
    const char *run[] = {"digest", "--topics", TOPICS, "--daily", "--new",
                         "--archive", arc, news, NULL};
    assert_int_equal(th_run(run, NULL, &out, &err), 0);
    free(out);
    free(err);
    /* Day two only restates day one. */
    put(news, "d2-again.txt",
        "source: Coast Daily\ndate: 2026-08-04\n\n"
        "A wildfire in the hills above Redmont forced 4,000 residents to "
        "leave their homes, fire officials said.\n\n"
        "The wildfire has scorched 12,000 acres, fire officials said.\n");
    assert_int_equal(th_run(run, NULL, &out, &err), 0);
    assert_true(has(out, "(no new developments since 2026-08-03)"));
    free(out);
    free(err);
    assert_int_equal(th_run(run, NULL, &out, &err), 0);
    free(out);
    free(err);
    const char *list[] = {"archive", "list", arc, NULL};
    assert_int_equal(th_run(list, NULL, &out, &err), 0);
    assert_int_equal(count_lines(out), 2);
    free(out);
    free(err);
    /* The archive as --seen for a summary: its digests are what the
     * reader was told. */
    const char *sum[] = {"summarize", "--format", "json", "--seen", arc,
                         FIX "/d2-herald.txt", NULL};
    assert_int_equal(th_run(sum, NULL, &out, &err), 0);
    assert_false(has(out, restated));
    assert_true(has(out, "\"novelty\": \"update\", \"update_of\": \"digests.gz#1\""));
    free(out);
    free(err);
    char cmd[3200];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(summary_with_seen),
        cmocka_unit_test(figures_compared_as_numbers),
        cmocka_unit_test(retellings_dropped),
        cmocka_unit_test(daily_new),
        cmocka_unit_test(archive_and_no_news),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
