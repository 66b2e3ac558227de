/* test_errors.c: the error model: statuses of context creation, the CLI's
 * exit codes that follow from them, and SM_ERR_NOMEM from every allocation
 * of a small summary and digest run. */
#include "helpers.h"

#include "common/common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void ctx_create_statuses(void **state)
{
    (void)state;
    char err[256];
    sm_ctx *ctx = (sm_ctx *)1;
    assert_int_equal(sm_ctx_create(SM_SOURCE_DIR "/models", "klingon", &ctx,
                                   err, sizeof err),
                     SM_ERR_USAGE);
    assert_null(ctx);
    assert_non_null(strstr(err, "unknown language 'klingon'"));
    /* The language is checked first: a bad option whatever the machine. */
    assert_int_equal(sm_ctx_create("/nonexistent/models", "klingon", &ctx, err,
                                   sizeof err),
                     SM_ERR_USAGE);
    assert_int_equal(sm_ctx_create("/nonexistent/models", NULL, &ctx, err,
                                   sizeof err),
                     SM_ERR_IO);
    assert_null(ctx);
    assert_non_null(strstr(err, "/nonexistent/models: models directory not found"));
    assert_int_equal(sm_ctx_create("/nonexistent/models", "german", &ctx, err,
                                   sizeof err),
                     SM_ERR_IO);
    assert_null(sm_ctx_new("/nonexistent/models", NULL, err, sizeof err));
    assert_int_equal(sm_ctx_create(SM_SOURCE_DIR "/models", "german", &ctx, err,
                                   sizeof err),
                     SM_OK);
    assert_non_null(ctx);
    assert_string_equal(sm_ctx_error(ctx), "");
    sm_ctx_free(ctx);
}

/* Runs `summarizer summarize --models M [--lang L] corpus/`; returns the
 * exit code. */
static int run_with_models(const char *models, const char *lang)
{
    const char *with[] = {"summarize", "--models", models, "--lang", lang,
                          SM_SOURCE_DIR "/corpus", NULL};
    const char *without[] = {"summarize", "--models", models,
                             SM_SOURCE_DIR "/corpus", NULL};
    char *out = NULL, *err = NULL;
    int rc = th_run(lang ? with : without, NULL, &out, &err);
    free(out);
    free(err);
    return rc;
}

static void cli_exit_codes(void **state)
{
    (void)state;
    const char *models = SM_SOURCE_DIR "/models";
    assert_int_equal(run_with_models(models, "klingon"), 2);
    assert_int_equal(run_with_models("/nonexistent/models", "klingon"), 2);
    /* A missing models folder is a runtime error, --lang or not. */
    assert_int_equal(run_with_models("/nonexistent/models", "english"), 1);
    assert_int_equal(run_with_models("/nonexistent/models", NULL), 1);
    assert_int_equal(run_with_models(models, "english"), 0);
}

/* ---- out of memory --------------------------------------------------- */

#define NEWS SM_TEST_DIR "/fixtures/digest/news"
#define TOPICS SM_TEST_DIR "/fixtures/digest/topics"

/* A status of a run where some allocation may fail: success or no memory,
 * and then the context says so. */
static bool check(sm_ctx *ctx, sm_status st)
{
    if (st == SM_ERR_NOMEM && ctx)
        assert_string_equal(sm_ctx_error(ctx), "out of memory");
    if (st != SM_OK && st != SM_ERR_NOMEM)
        fail_msg("status %d: %s", (int)st, ctx ? sm_ctx_error(ctx) : "");
    return st == SM_OK;
}

/* A summary of the fixture news with a query, written as text and JSON. */
static bool summary_run(sm_ctx *ctx, sm_corpus *c)
{
    sm_summary_opts o;
    sm_summary_opts_init(&o);
    o.words = 40;
    o.query = "tanks for Ukraine";
    sm_summary *s = NULL;
    bool ok = check(ctx, sm_summarize(c, &o, &s));
    FILE *null = fopen("/dev/null", "w");
    assert_non_null(null);
    if (ok) {
        assert_true(s->n > 0 && s->words <= 40);
        ok = check(ctx, sm_summary_write(c, s, SM_FORMAT_TEXT, null)) &&
             check(ctx, sm_summary_write(c, s, SM_FORMAT_JSON, null));
    }
    fclose(null);
    sm_summary_free(s);
    return ok;
}

/* A digest of the fixture news on the fixture topics, rendered, parsed back
 * and rendered as a page. */
static bool digest_run(sm_ctx *ctx, sm_corpus *c)
{
    sm_topics *t = NULL;
    sm_digest *d = NULL, *back = NULL;
    char *json = NULL, *html = NULL, *text = NULL, **dates = NULL;
    size_t len = 0;
    char err[256];
    sm_digest_opts o;
    sm_digest_opts_init(&o);
    o.words = 60;
    bool ok = check(ctx, sm_topics_load(ctx, TOPICS, &t)) &&
              check(ctx, sm_digest_build(c, t, &o, &d));
    if (ok) {
        assert_true(d->n_topics > 0);
        ok = (text = sm_digest_render(d, SM_FORMAT_TEXT, &len)) != NULL &&
             (json = sm_digest_render(d, SM_FORMAT_JSON, &len)) != NULL;
    }
    if (ok) {
        back = sm_digest_parse_json(json, len, err, sizeof err);
        if (!back)
            assert_string_equal(err, "out of memory");
        ok = back != NULL;
    }
    if (ok) {
        const sm_digest *ds[] = {d, back};
        ok = (html = sm_digests_render_html(ds, 2, &len)) != NULL &&
             (dates = sm_corpus_dates(c)) != NULL;
    }
    if (ok)
        assert_string_equal(dates[0], "2023-03-20");
    /* The next day's digest, with the first day as seen and discovered
     * stories: the paths that drop what the reader has and add stories. */
    sm_digest *next = NULL;
    if (ok) {
        sm_digest_opts o2;
        sm_digest_opts_init(&o2);
        o2.words = 60;
        o2.date = "2023-03-21";
        o2.earlier_seen = 1;
        o2.discover = 2;
        ok = check(ctx, sm_digest_build(c, t, &o2, &next));
    }
    sm_digest_free(next);
    free(dates);
    free(html);
    free(text);
    free(json);
    sm_digest_free(back);
    sm_digest_free(d);
    sm_topics_free(t);
    return ok;
}

/* The whole run; true when every step succeeded. */
static bool whole_run(void)
{
    char err[256];
    sm_ctx *ctx = NULL;
    sm_status st = sm_ctx_create(SM_SOURCE_DIR "/models", NULL, &ctx, err,
                                 sizeof err);
    if (st == SM_ERR_NOMEM)
        assert_string_equal(err, "out of memory");
    if (!check(NULL, st))
        return false;
    sm_corpus *c = sm_corpus_new(ctx), *c2 = NULL;
    bool ok = c && check(ctx, sm_corpus_add_path(c, NEWS)) &&
              check(ctx, sm_corpus_add_text(c, "extra", "Rain fell on Monday. "
                                            "The river rose by a metre overnight.",
                                            57, NULL)) &&
              check(ctx, sm_corpus_prepare(c)) && summary_run(ctx, c) &&
              digest_run(ctx, c);
    /* A corpus that ran out of memory says so again, and can be freed. */
    if (!ok && c) {
        sm_summary *s = NULL;
        sm_summary_opts o;
        sm_summary_opts_init(&o);
        st = sm_summarize(c, &o, &s);
        assert_true(st == SM_OK || st == SM_ERR_NOMEM);
        sm_summary_free(s);
    }
    /* The same context serves the next corpus. */
    if (ok) {
        c2 = sm_corpus_new(ctx);
        ok = c2 && check(ctx, sm_corpus_add_path(c2, NEWS)) &&
             check(ctx, sm_corpus_prepare(c2)) && summary_run(ctx, c2);
    }
    sm_corpus_free(c2);
    sm_corpus_free(c);
    sm_ctx_free(ctx);
    return ok;
}

/* Makes each allocation of the run fail in turn (the Nth of them): every
 * call says SM_ERR_NOMEM or succeeds, nothing crashes, and under
 * AddressSanitizer nothing leaks. */
static void every_allocation_fails_in_turn(void **state)
{
    (void)state;
    sm_test_fail_alloc(0);
    assert_true(whole_run());
    unsigned long total = sm_test_fail_alloc(0);
    assert_true(total > 100);
    for (unsigned long n = 1; n <= total; n++) {
        sm_test_fail_alloc(n);
        bool ok = whole_run();
        unsigned long made = sm_test_fail_alloc(0);
        /* The run is the same each time, so the Nth allocation is reached
         * and fails it. */
        assert_true(made >= n);
        assert_false(ok);
    }
    /* And once no allocation fails, the run succeeds again. */
    assert_true(whole_run());
    assert_int_equal(sm_test_unpopped_cleanups(), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(ctx_create_statuses),
        cmocka_unit_test(cli_exit_codes),
        cmocka_unit_test(every_allocation_fails_in_turn),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
