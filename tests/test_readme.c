/*
 * test_readme.c: the README shows a real digest of the bundled corpus, and
 * quotes numbers and rules of the code; this keeps both true.  When the
 * digest changes on purpose, paste the new output; when a constant changes,
 * change the README's sentence with it.
 */
#include "helpers.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void test_readme_digest_is_current(void **state)
{
    (void)state;
    char *readme = th_read_file(SM_SOURCE_DIR "/README.md", NULL);
    assert_non_null(readme);
    const char *mark = "As printed by `build/summarizer digest corpus/`:\n\n```\n";
    char *start = strstr(readme, mark);
    assert_non_null(start);
    start += strlen(mark);
    char *end = strstr(start, "```\n");
    assert_non_null(end);
    *end = '\0';

    char *out, *err;
    const char *args[] = {"digest", SM_SOURCE_DIR "/corpus", NULL};
    assert_int_equal(th_run(args, NULL, &out, &err), 0);
    assert_string_equal(out, start);
    free(out);
    free(err);
    free(readme);
}

/* The value of `#define name VALUE` in a source file, as text. */
static char *define_in(const char *file, const char *name)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/summarizer/src/%s", SM_SOURCE_DIR, file);
    char *src = th_read_file(path, NULL);
    if (!src)
        fail_msg("cannot read %s", path);
    char pat[128];
    snprintf(pat, sizeof pat, "#define %s ", name);
    char *p = strstr(src, pat);
    if (!p)
        fail_msg("%s: no #define %s", path, name);
    p += strlen(pat);
    while (*p == ' ')
        p++;
    size_t n = strcspn(p, " \t\n/");
    char *v = malloc(n + 1);
    memcpy(v, p, n);
    v[n] = '\0';
    free(src);
    return v;
}

/* Whether the README (white space runs made one space) holds the text. */
static bool readme_says(const char *readme, const char *text)
{
    return strstr(readme, text) != NULL;
}

static char *flat_readme(void)
{
    char *r = th_read_file(SM_SOURCE_DIR "/README.md", NULL);
    assert_non_null(r);
    size_t m = 0;
    for (size_t i = 0; r[i]; i++) {
        bool sp = r[i] == ' ' || r[i] == '\n';
        if (sp && m && r[m - 1] == ' ')
            continue;
        r[m++] = sp ? ' ' : r[i];
    }
    r[m] = '\0';
    return r;
}

/* Each number the README quotes is the code's constant. */
static void test_readme_numbers(void **state)
{
    (void)state;
    char *r = flat_readme();
    char want[256];

    /* The graph's cap: "with more than 2,000 candidate sentences". */
    char *v = define_in("tasks/summarize.c", "MAX_GRAPH");
    long g = atol(v);
    snprintf(want, sizeof want,
             "with more than %ld,%03ld candidate sentences, the graph is built "
             "on the %ld,%03ld nearest", g / 1000, g % 1000, g / 1000, g % 1000);
    if (!readme_says(r, want))
        fail_msg("README does not say \"%s\" (MAX_GRAPH is %s)", want, v);
    free(v);

    /* Recurring lines: "under 8 words" is RECUR_MAX_WORDS 7. */
    v = define_in("text/clean.c", "RECUR_MAX_WORDS");
    snprintf(want, sizeof want, "a short line (under %ld words, no full stop)",
             atol(v) + 1);
    if (!readme_says(r, want))
        fail_msg("README does not say \"%s\"", want);
    free(v);

    /* Line rules judge "at most 30 words". */
    v = define_in("text/clean.c", "FURN_MAX_WORDS");
    snprintf(want, sizeof want, "Only lines of at most %s words are judged", v);
    if (!readme_says(r, want))
        fail_msg("README does not say \"%s\"", want);
    free(v);

    /* The same fact: "cosine ... reaches 0.5". */
    v = define_in("rank/rank.h", "SM_MAX_SIM");
    snprintf(want, sizeof want, "tf-idf cosine with a chosen sentence reaches %s "
             "is the same fact", v);
    if (!readme_says(r, want))
        fail_msg("README does not say \"%s\"", want);
    free(v);

    /* Rank against coverage: "three times a top-ranked sentence's rank". */
    v = define_in("tasks/summarize.c", "RANK_WEIGHT");
    assert_string_equal(v, "3.0");
    assert_true(readme_says(r, "plus three times a top-ranked sentence's rank share"));
    free(v);
    free(r);
}

/* "Lines without a full stop (headings, list items) are kept, but a
 * summary chooses one only when the input has nothing else." */
static void test_readme_headings(void **state)
{
    (void)state;
    char *r = flat_readme();
    assert_true(readme_says(r, "a summary chooses one only when the input has "
                               "nothing else (and a digest never)"));
    free(r);

    sm_ctx *ctx = th_ctx();
    const char *text =
        "Storm Warning Issued For The Coast\n\n"
        "The weather service warned of high winds along the coast on Monday.\n\n"
        "Residents were told to secure loose objects and stay indoors.\n";
    sm_corpus *c = sm_corpus_new(ctx);
    assert_int_equal(sm_corpus_add_text(c, "a", text, strlen(text), NULL), SM_OK);
    sm_summary_opts o;
    sm_summary_opts_init(&o);
    o.sentences = 10;
    o.words = 0;
    sm_summary *s = NULL;
    assert_int_equal(sm_summarize(c, &o, &s), SM_OK);
    assert_int_equal(s->n, 2);
    for (size_t i = 0; i < s->n; i++) {
        sm_sentence_info si;
        sm_corpus_sentence(c, s->picks[i].sentence, &si);
        assert_null(strstr(si.text, "Storm Warning"));
    }
    sm_summary_free(s);
    sm_corpus_free(c);

    /* Nothing but headings: one is chosen rather than nothing. */
    const char *only = "Storm Warning Issued For The Coast Tonight\n\n"
                       "Residents Told To Stay Indoors Until Morning\n";
    c = sm_corpus_new(ctx);
    assert_int_equal(sm_corpus_add_text(c, "b", only, strlen(only), NULL), SM_OK);
    assert_int_equal(sm_summarize(c, &o, &s), SM_OK);
    assert_true(s->n >= 1);
    sm_summary_free(s);
    sm_corpus_free(c);
    sm_ctx_free(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_readme_digest_is_current),
        cmocka_unit_test(test_readme_numbers),
        cmocka_unit_test(test_readme_headings),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
