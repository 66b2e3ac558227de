/*
 * test_topic_evidence.c: a sentence is about a topic only when its
 * document is (tasks/topics.c: a key term of the profile, and two key
 * terms in one sentence or distinct terms weighing DOC_MIN_SHARE of the
 * profile), so one generic word of a shipped profile ("talks", "leaders",
 * "tanks", "shells", "court", "children") does not take a page about
 * anything into its briefing.
 *
 * tests/fixtures/topic-pages/: three off-topic pages that share such words
 * with the shipped profiles (port strike talks, an aquarium, a tennis
 * final) and one page about Xi Jinping's visit to Moscow.
 */
#include "helpers.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PAGES SM_TEST_DIR "/fixtures/topic-pages"
#define TOPICS SM_SOURCE_DIR "/models/topics"

static sm_digest *digest_of(sm_ctx *ctx, sm_corpus *c, sm_topics **t)
{
    assert_int_equal(sm_topics_load(ctx, TOPICS, t), SM_OK);
    assert_int_equal(sm_corpus_prepare(c), SM_OK);
    sm_digest_opts o;
    sm_digest_opts_init(&o);
    sm_digest *d = NULL;
    assert_int_equal(sm_digest_build(c, *t, &o, &d), SM_OK);
    return d;
}

static const sm_digest_topic *topic(const sm_digest *d, const char *id)
{
    for (size_t i = 0; i < d->n_topics; i++)
        if (strcmp(d->topics[i].id, id) == 0)
            return &d->topics[i];
    fail_msg("no topic %s", id);
    return NULL;
}

/* The off-topic pages give nothing; the visit gives the Xi-Putin
 * briefing. */
static void off_topic_pages_stay_out(void **state)
{
    (void)state;
    sm_ctx *ctx = th_ctx();
    sm_corpus *c = sm_corpus_new(ctx);
    assert_int_equal(sm_corpus_add_path(c, PAGES), SM_OK);
    sm_topics *t = NULL;
    sm_digest *d = digest_of(ctx, c, &t);
    assert_int_equal(topic(d, "aid")->n_sentences, 0);
    assert_int_equal(topic(d, "icc")->n_sentences, 0);
    const sm_digest_topic *xi = topic(d, "xi-putin");
    assert_true(xi->n_sentences >= 1);
    bool arrival = false;
    for (size_t i = 0; i < xi->n_sentences; i++) {
        assert_string_equal(xi->sentences[i].doc, "on-xi-visit.html");
        arrival |= strcmp(xi->sentences[i].text,
                          "Chinese President Xi Jinping arrived in Moscow on Monday for a state "
                          "visit and talks with Vladimir Putin at the Kremlin.") == 0;
    }
    assert_true(arrival);
    sm_digest_free(d);
    sm_topics_free(t);
    sm_corpus_free(c);
    sm_ctx_free(ctx);
}

/* A one-sentence brief is on topic by two key terms ("Leopard", "tanks");
 * one of generic words only ("leaders", "talks", "met") is not. */
static void short_documents(void **state)
{
    (void)state;
    static const char tanks[] =
        "Norway delivered eight Leopard 2 tanks to Ukraine, the Norwegian Armed Forces announced on Monday.";
    static const char talks[] =
        "Leaders of the two farming unions met for talks on grain prices on Monday, the ministry announced.";
    sm_ctx *ctx = th_ctx();
    sm_corpus *c = sm_corpus_new(ctx);
    sm_docmeta m = {.source = "Wire", .date = "2024-10-02"};
    assert_int_equal(sm_corpus_add_text(c, "tanks", tanks, strlen(tanks), &m), SM_OK);
    assert_int_equal(sm_corpus_add_text(c, "talks", talks, strlen(talks), &m), SM_OK);
    sm_topics *t = NULL;
    sm_digest *d = digest_of(ctx, c, &t);
    const sm_digest_topic *aid = topic(d, "aid");
    assert_int_equal(aid->n_sentences, 1);
    assert_string_equal(aid->sentences[0].text, tanks);
    assert_int_equal(topic(d, "xi-putin")->n_sentences, 0);
    sm_digest_free(d);
    sm_topics_free(t);
    sm_corpus_free(c);
    sm_ctx_free(ctx);
}

/* A profile with one key term: a page is on topic by the weight of the
 * distinct terms it has (every one here), with no sentence holding two
 * key terms. */
static void one_key_term_and_weight(void **state)
{
    (void)state;
    static const char profile[] =
        "id: strike\ntitle: Port strike\nterm: 3 strike\nterm: 1 port\nterm: 1 union\n"
        "term: 1 workers\nterm: 1 pay\nterm: 1 dock\nterm: 1 vote\n";
    char *dir = th_tmpdir(), path[1200];
    snprintf(path, sizeof path, "%s/strike.topic", dir);
    assert_int_equal(th_write_file(path, profile, strlen(profile)), 0);
    sm_ctx *ctx = th_ctx();
    sm_topics *t = NULL;
    assert_int_equal(sm_topics_load(ctx, dir, &t), SM_OK);
    sm_corpus *c = sm_corpus_new(ctx);
    assert_int_equal(sm_corpus_add_path(c, PAGES "/off-wage-talks.html"), SM_OK);
    assert_int_equal(sm_corpus_prepare(c), SM_OK);
    sm_digest_opts o;
    sm_digest_opts_init(&o);
    sm_digest *d = NULL;
    assert_int_equal(sm_digest_build(c, t, &o, &d), SM_OK);
    const sm_digest_topic *tp = topic(d, "strike");
    assert_true(tp->n_sentences >= 1);
    assert_string_equal(tp->sentences[0].text,
                        "Union leaders met the port operator for talks on Tuesday, and the meeting "
                        "ended a strike that had kept container ships waiting offshore for a week.");
    sm_digest_free(d);
    sm_corpus_free(c);
    sm_topics_free(t);
    sm_ctx_free(ctx);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(off_topic_pages_stay_out),
        cmocka_unit_test(short_documents),
        cmocka_unit_test(one_key_term_and_weight),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
