/*
 * test_judge.c: the stand-alone judgement is made on first need
 * (sm_sent_alone), not at preparation, and that changes no output.
 *
 * A summary of more than 2,000 candidates (MAX_GRAPH of tasks/summarize.c)
 * judges only the sentences nearest the corpus centroid, in that order,
 * until 2,000 pass; page furniture among them is replaced by the next
 * sentence, exactly as if every sentence had been judged first.  The
 * generated corpora below put page furniture at the very top of that order
 * (it repeats the corpus's most frequent words), a little of it (one round
 * of judging) and a lot (a second, larger round).  Their summaries, with
 * their scores (which depend on every one of the 2,000 candidates in the
 * graph), are the ones the eager judgement gave (recorded from commit
 * 7efab25, which judged every sentence at preparation).  A change meant
 * to alter summaries records them again (SM_TEST_PRINT=1 prints them);
 * a change to when sentences are judged must leave them as they are.
 */
#include "helpers.h"
#include "tasks/tasks.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The summaries the eager judgement gave (see the top of the file). */
#define WANT_SOME \
    "{\"words\": 60, \"bytes\": 343, \"sentences\": [\n" \
    "  {\"text\": \"Haddad said the harbour fare for the lease would " \
    "cost 423 million by November 2023.\", \"doc\": \"doc031.txt\", " \
    "\"source\": null, \"date\": null, \"position\": 0, \"score\": " \
    "0.000555718},\n" \
    "  {\"text\": \"Fischer said the council fare for the fleet would " \
    "cost 866 million by September 2024.\", \"doc\": \"doc053.txt\", " \
    "\"source\": null, \"date\": null, \"position\": 0, \"score\": " \
    "0.000549494},\n" \
    "  {\"text\": \"Haddad said the council contract for the study would " \
    "cost 410 million by March 2020.\", \"doc\": \"doc070.txt\", " \
    "\"source\": null, \"date\": null, \"position\": 0, \"score\": " \
    "0.000546473},\n" \
    "  {\"text\": \"Brennan said the harbour repair for the closure " \
    "would cost 123 million by January 2023.\", \"doc\": \"doc101.txt\", " \
    "\"source\": null, \"date\": null, \"position\": 0, \"score\": " \
    "0.000563281}\n" \
    "]}\n"
#define WANT_MUCH \
    "{\"words\": 60, \"bytes\": 342, \"sentences\": [\n" \
    "  {\"text\": \"Haddad said the council subsidy for the study would " \
    "cost 857 million by July 2020.\", \"doc\": \"doc021.txt\", " \
    "\"source\": null, \"date\": null, \"position\": 0, \"score\": " \
    "0.000539805},\n" \
    "  {\"text\": \"Alvarez said the council route for the survey would " \
    "cost 831 million by March 2021.\", \"doc\": \"doc071.txt\", " \
    "\"source\": null, \"date\": null, \"position\": 0, \"score\": " \
    "0.000535676},\n" \
    "  {\"text\": \"Alvarez said the ferry petition for the grant would " \
    "cost 900 million by November 2022.\", \"doc\": \"doc093.txt\", " \
    "\"source\": null, \"date\": null, \"position\": 0, \"score\": " \
    "0.000531081},\n" \
    "  {\"text\": \"Gallagher said the council licence for the fare " \
    "would cost 486 million by January 2026.\", \"doc\": \"doc146.txt\", " \
    "\"source\": null, \"date\": null, \"position\": 0, \"score\": " \
    "0.000541478}\n" \
    "]}\n"

static sm_ctx *ctx;

static int setup(void **state)
{
    (void)state;
    ctx = th_ctx();
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    sm_ctx_free(ctx);
    return 0;
}

/* A small deterministic generator (an LCG), so the corpus is the same on
 * every machine. */
static uint32_t next(uint32_t *seed)
{
    *seed = *seed * 1103515245u + 12345u;
    return (*seed >> 16) & 0x7fff;
}

#define PICK(v, seed) ((v)[next(seed) % (sizeof(v) / sizeof((v)[0]))])

/* Article sentences name someone and a figure, so they stand alone; each
 * holds one of the frequent words.  The page furniture holds all of them,
 * which puts it nearest the centroid. */
static const char *const frequent[] = {"harbour", "ferry", "council", "tunnel",
                                       "bridge"};
static const char *const names[] = {"Alvarez", "Brennan", "Chowdhury", "Dubois",
                                    "Eriksen", "Fischer", "Gallagher", "Haddad",
                                    "Ivanova", "Jensen", "Kowalski", "Laurent"};
static const char *const nouns[] = {
    "budget", "contract", "schedule", "survey", "inspection", "repair",
    "timetable", "proposal", "tender", "licence", "fleet", "terminal",
    "crossing", "pier", "depot", "route", "fare", "subsidy", "upgrade",
    "closure", "study", "audit", "design", "permit", "lease", "report",
    "petition", "ballot", "grant", "loan", "dredging", "lighthouse"};
static const char *const months[] = {"January", "March", "May", "July",
                                     "September", "November"};

/* Appends document number d: paragraphs of article sentences, with
 * furniture sentences glued into its paragraphs (line cleaning only drops
 * whole lines), furniture in all. */
static void make_doc(sm_buf *b, uint32_t *seed, size_t d, size_t sentences,
                     size_t furniture)
{
    b->len = 0;
    for (size_t k = 0; k < sentences; k++) {
        sm_buf_printf(b, "%s said the %s %s for the %s would cost %u million "
                      "by %s %u. ", PICK(names, seed), PICK(frequent, seed),
                      PICK(nouns, seed), PICK(nouns, seed),
                      (unsigned)(next(seed) % 900 + 10), PICK(months, seed),
                      (unsigned)(2020 + d % 7));
        if (k < furniture)
            sm_buf_printf(b, "Harbour, ferry, council, tunnel and bridge "
                          "news on the %s, the %s and the %s, delivered to "
                          "your inbox every %s. ", PICK(nouns, seed),
                          PICK(nouns, seed), PICK(nouns, seed),
                          PICK(months, seed));
        if (k % 5 == 4)
            sm_buf_adds(b, "\n\n");
    }
}

static sm_corpus *generated(size_t docs, size_t sentences, size_t furniture)
{
    sm_corpus *c = sm_corpus_new(ctx);
    sm_buf b = {0};
    uint32_t seed = 7;
    for (size_t d = 0; d < docs; d++) {
        char name[32];
        snprintf(name, sizeof name, "doc%03zu.txt", d);
        make_doc(&b, &seed, d, sentences, furniture);
        assert_int_equal(sm_corpus_add_text(c, name, b.s, b.len, NULL), SM_OK);
    }
    sm_buf_free(&b);
    assert_int_equal(sm_corpus_prepare(c), SM_OK);
    return c;
}

static size_t judged(const sm_corpus *c)
{
    size_t n = 0;
    for (size_t i = 0; i < c->sents.n; i++)
        n += (c->sents.v[i].flags & SM_SENT_JUDGED) != 0;
    return n;
}

/* The summary of c in 60 words as JSON, scores included. */
static char *summary_json(sm_corpus *c)
{
    sm_summary_opts o;
    sm_summary_opts_init(&o);
    o.words = 60;
    sm_summary *s = NULL;
    assert_int_equal(sm_summarize(c, &o, &s), SM_OK);
    char *out = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&out, &len);
    assert_non_null(f);
    assert_int_equal(sm_summary_write(c, s, SM_FORMAT_JSON, f), SM_OK);
    fclose(f);
    sm_summary_free(s);
    return out;
}

/* How many of c's sentences are page furniture, judging every one. */
static size_t page_furniture(const sm_corpus *c)
{
    size_t n = 0;
    for (size_t i = 0; i < c->sents.n; i++)
        n += (sm_sent_alone(c, i) & SM_ALONE_PAGE) != 0;
    return n;
}

static void check(size_t docs, size_t sentences, size_t furniture,
                  const char *want)
{
    sm_corpus *c = generated(docs, sentences, furniture);
    assert_int_equal(c->sents.n, docs * (sentences + furniture));
    assert_int_equal(judged(c), 0); /* preparing judges nothing */
    char *got = summary_json(c);
    if (getenv("SM_TEST_PRINT"))
        printf("%s", got);
    /* Only the sentences nearest the centroid were judged. */
    assert_true(judged(c) < c->sents.n);
    assert_true(judged(c) >= 2000);
    assert_string_equal(got, want);
    free(got);
    /* The furniture is what the generator made, and none of it was
     * chosen (the JSON above says which sentences were). */
    assert_int_equal(page_furniture(c), docs * furniture);
    sm_corpus_free(c);
}

/* 125 furniture sentences among 2,625: all of them among the 2,500 judged
 * first. */
static void test_some_furniture_first(void **state)
{
    (void)state;
    check(125, 20, 1, WANT_SOME);
}

/* 700 among 2,800: the first 2,500 judged hold only 1,800 articles'
 * sentences, so a second round judges more. */
static void test_much_furniture_first(void **state)
{
    (void)state;
    check(175, 12, 4, WANT_MUCH);
}

/* The memo: each sentence's verdict is sm_standalone_reasons of its text
 * with sm_standalone_context_reasons,
 * whichever order the sentences are asked in. */
static void test_memo(void **state)
{
    (void)state;
    sm_corpus *c = sm_corpus_new(ctx);
    assert_int_equal(sm_corpus_add_path(c, SM_SOURCE_DIR "/corpus"), SM_OK);
    assert_int_equal(sm_corpus_prepare(c), SM_OK);
    assert_int_equal(judged(c), 0);
    sm_buf tmp = {0};
    for (size_t i = c->sents.n; i-- > 0;)
        if (i % 3 == 0)
            (void)sm_sent_alone(c, i);
    size_t dangling = 0;
    for (size_t i = 0; i < c->sents.n; i++) {
        const sm_sent *s = &c->sents.v[i];
        uint32_t want = sm_standalone_reasons(ctx, &tmp, s->text, s->len) |
                           sm_standalone_context_reasons(c, i);
        assert_int_equal(sm_sent_alone(c, i), want);
        assert_int_equal(sm_sent_alone(c, i), want); /* asked twice */
        assert_int_equal(sm_sent_dangling(c, i), want != 0);
        dangling += want != 0;
    }
    /* Both verdicts occur in the bundled corpus. */
    assert_true(dangling > 0 && dangling < c->sents.n);
    assert_int_equal(judged(c), c->sents.n);
    sm_buf_free(&tmp);
    sm_corpus_free(c);
}

/* Asked only whether a sentence shows no reason but some (as the digest
 * asks), a sentence already showing another is not judged for page
 * furniture; the answer, and every verdict asked after, are the whole
 * judgement's. */
static void test_within(void **state)
{
    (void)state;
    sm_corpus *c = sm_corpus_new(ctx);
    assert_int_equal(sm_corpus_add_path(c, SM_SOURCE_DIR "/corpus"), SM_OK);
    assert_int_equal(sm_corpus_prepare(c), SM_OK);
    sm_buf tmp = {0};
    const uint32_t allowed[] = {SM_ALONE_NOFACT, 0, SM_ALONE_PAGE};
    size_t nameless = 0, stopped = 0;
    for (size_t a = 0; a < 3; a++)
        for (size_t i = 0; i < c->sents.n; i++) {
            const sm_sent *s = &c->sents.v[i];
            uint32_t want = sm_standalone_reasons(ctx, &tmp, s->text, s->len) |
                           sm_standalone_context_reasons(c, i);
            assert_int_equal(sm_sent_alone_within(c, i, allowed[a]),
                             (want & ~allowed[a]) == 0);
            if (a == 0) {
                nameless += want == SM_ALONE_NOFACT;
                stopped += !(s->flags & SM_SENT_JUDGED);
            }
        }
    assert_true(nameless > 0);
    assert_true(stopped > 0);
    for (size_t i = 0; i < c->sents.n; i++) {
        const sm_sent *s = &c->sents.v[i];
        assert_int_equal(sm_sent_alone(c, i),
                         sm_standalone_reasons(ctx, &tmp, s->text, s->len) |
                             sm_standalone_context_reasons(c, i));
    }
    sm_buf_free(&tmp);
    sm_corpus_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_memo),
        cmocka_unit_test(test_within),
        cmocka_unit_test(test_some_furniture_first),
        cmocka_unit_test(test_much_furniture_first),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
