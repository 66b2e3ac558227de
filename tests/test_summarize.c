/*
 * test_summarize.c: the summarize path end to end: exact PageRank scores,
 * budgets, redundancy, stemming, degenerate and bad input.
 */
#include "helpers.h"
#include "tasks/tasks.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static sm_corpus *corpus_of(sm_ctx *ctx, const char *const *texts, size_t n)
{
    sm_corpus *c = sm_corpus_new(ctx);
    for (size_t i = 0; i < n; i++) {
        char name[32];
        snprintf(name, sizeof name, "doc%zu.txt", i);
        assert_int_equal(sm_corpus_add_text(c, name, texts[i], strlen(texts[i]), NULL), SM_OK);
    }
    assert_int_equal(sm_corpus_prepare(c), SM_OK);
    return c;
}

static char *sentence_text(const sm_corpus *c, size_t i)
{
    sm_sentence_info si;
    sm_corpus_sentence(c, i, &si);
    return strndup(si.text, si.len);
}

/* Runs the summarizer with argv (NULL-terminated, the command first) and
 * fails unless it exits 0 and prints exactly want. */
static void expect_output(const char *const *argv, const char *want)
{
    char *out, *err;
    assert_int_equal(th_run(argv, NULL, &out, &err), 0);
    assert_string_equal(out, want);
    free(out);
    free(err);
}

/* The summary is exactly the sentences want[0..n), in order. */
static void assert_picks(const sm_corpus *c, const sm_summary *s,
                         const char *const *want, size_t n)
{
    assert_int_equal(s->n, n);
    for (size_t i = 0; i < n; i++) {
        char *t = sentence_text(c, s->picks[i].sentence);
        assert_string_equal(t, want[i]);
        free(t);
    }
}

/* How many chosen sentences contain needle. */
static int picks_containing(const sm_corpus *c, const sm_summary *s,
                            const char *needle)
{
    int k = 0;
    for (size_t i = 0; i < s->n; i++) {
        char *t = sentence_text(c, s->picks[i].sentence);
        k += strstr(t, needle) != NULL;
        free(t);
    }
    return k;
}

/* Four sentences in a chain: each shares one content word with the next and
 * has three content words, so every TextRank edge weighs 1 / (2 ln 3) and the
 * graph is the path 0-1-2-3.  By hand, with d = 0.85 and a uniform teleport:
 *   a = 0.15/4 + 0.85 * b/2              (ends: a, middle: b)
 *   b = 0.15/4 + 0.85 * (a + b/2)
 * gives b = 0.069375 / 0.21375 = 0.3245614..., a = 0.0375 + 0.425 b
 * = 0.1754386...  */
static void test_pagerank_by_hand(void **state)
{
    (void)state;
    sm_ctx *ctx = th_ctx();
    const char *texts[] = {"Falcons hunt rabbits.", "Rabbits eat clover.",
                           "Clover covers meadows.", "Meadows feed cattle."};
    sm_corpus *c = corpus_of(ctx, texts, 4);
    assert_int_equal(sm_corpus_n_sentences(c), 4);
    uint32_t ids[4] = {0, 1, 2, 3};
    double score[4];

    sm_graph g;
    sm_graph_build(c, ids, 4, SM_SIM_TEXTRANK, &g);
    assert_int_equal(g.rowstart[4], 6); /* three undirected edges */
    for (size_t k = 0; k < 6; k++)
        assert_true(fabs(g.w[k] - 1.0 / (2.0 * log(3.0))) < 1e-12);
    sm_graph_free(&g);

    sm_rank(c, ids, 4, SM_SIM_TEXTRANK, NULL, score);
    double b = 0.069375 / 0.21375, a = 0.0375 + 0.425 * b;
    assert_true(fabs(score[0] - a) < 1e-8);
    assert_true(fabs(score[1] - b) < 1e-8);
    assert_true(fabs(score[2] - b) < 1e-8);
    assert_true(fabs(score[3] - a) < 1e-8);

    /* A teleport all on sentence 0: the walk restarts there, so its score
     * rises above the uniform case and the far end falls. */
    double bias[4] = {1, 0, 0, 0};
    sm_rank(c, ids, 4, SM_SIM_TEXTRANK, bias, score);
    assert_true(score[0] > a);
    assert_true(score[3] < a);
    assert_true(fabs(score[0] + score[1] + score[2] + score[3] - 1.0) < 1e-9);
    sm_corpus_free(c);
    sm_ctx_free(ctx);
}

/* A sentence with no edges gives its mass back through the teleport. */
static void test_pagerank_isolated(void **state)
{
    (void)state;
    sm_graph g = {0};
    g.n = 3;
    g.rowstart = calloc(4, sizeof *g.rowstart);
    double s[3];
    sm_pagerank(&g, NULL, 0.85, 1e-12, s);
    for (int i = 0; i < 3; i++)
        assert_true(fabs(s[i] - 1.0 / 3.0) < 1e-12);
    free(g.rowstart);
}

static const char *news[] = {
    "The city council approved a new budget for public transport on Monday. "
    "The budget adds forty buses to the northern routes. "
    "Council members argued for three hours before the vote. "
    "The mayor said the plan would cut waiting times by half.",
    "A new transport budget won council approval on Monday. "
    "Forty extra buses will serve the northern routes under the plan. "
    "Critics said the council ignored cyclists. "
    "Bus drivers welcomed the decision.",
    "Heavy rain flooded several streets in the old town on Sunday night. "
    "Firefighters pumped water from basements until dawn. "
    "The weather service expects more rain this week.",
};

static size_t sum_words(const sm_corpus *c, const sm_summary *s)
{
    size_t w = 0;
    for (size_t i = 0; i < s->n; i++) {
        sm_sentence_info si;
        sm_corpus_sentence(c, s->picks[i].sentence, &si);
        w += sm_count_words(si.text, si.len);
    }
    return w;
}

static void test_budgets_held(void **state)
{
    (void)state;
    sm_ctx *ctx = th_ctx();
    sm_corpus *c = corpus_of(ctx, news, 3);
    size_t shortest = SIZE_MAX, shortest_bytes = SIZE_MAX;
    for (size_t i = 0; i < sm_corpus_n_sentences(c); i++) {
        sm_sentence_info si;
        sm_corpus_sentence(c, i, &si);
        size_t w = sm_count_words(si.text, si.len);
        if (w < shortest)
            shortest = w;
        if (si.len + 1 < shortest_bytes)
            shortest_bytes = si.len + 1;
    }
    for (size_t words = 1; words <= 80; words += 3) {
        sm_summary_opts o;
        sm_summary_opts_init(&o);
        o.words = words;
        sm_summary *s;
        /* Below the shortest sentence nothing fits: an error, not an empty
         * summary. */
        if (words < shortest) {
            assert_int_equal(sm_summarize(c, &o, &s), SM_ERR_INPUT);
            assert_non_null(strstr(sm_ctx_error(ctx), "no sentence fits in"));
            continue;
        }
        assert_int_equal(sm_summarize(c, &o, &s), SM_OK);
        assert_true(sum_words(c, s) <= words);
        assert_int_equal(s->words, sum_words(c, s));
        sm_summary_free(s);
    }
    for (size_t bytes = 1; bytes <= 400; bytes += 17) {
        sm_summary_opts o;
        sm_summary_opts_init(&o);
        o.words = 0;
        o.bytes = bytes;
        sm_summary *s;
        if (bytes < shortest_bytes) {
            assert_int_equal(sm_summarize(c, &o, &s), SM_ERR_INPUT);
            continue;
        }
        assert_int_equal(sm_summarize(c, &o, &s), SM_OK);
        size_t total = 0;
        for (size_t i = 0; i < s->n; i++) {
            sm_sentence_info si;
            sm_corpus_sentence(c, s->picks[i].sentence, &si);
            total += si.len + 1;
        }
        assert_true(total <= bytes);
        assert_int_equal(total, s->bytes);
        sm_summary_free(s);
    }
    sm_summary_opts o;
    sm_summary_opts_init(&o);
    o.words = 0;
    o.sentences = 2;
    sm_summary *s;
    assert_int_equal(sm_summarize(c, &o, &s), SM_OK);
    assert_int_equal(s->n, 2);
    sm_summary_free(s);
    sm_corpus_free(c);
    sm_ctx_free(ctx);
}

/* The same fact in two outlets is chosen once; without redundancy removal
 * both versions come back. */
static void test_redundancy(void **state)
{
    (void)state;
    sm_ctx *ctx = th_ctx();
    const char *texts[] = {
        "Forty new buses will serve the northern routes, the council said on Monday. "
        "Bus drivers welcomed the decision.",
        "Forty new buses will serve the northern routes, the city council said Monday. "
        "Critics said the plan ignored cyclists.",
    };
    sm_corpus *c = corpus_of(ctx, texts, 2);
    sm_summary_opts o;
    sm_summary_opts_init(&o);
    o.words = 0;
    o.sentences = 2;
    sm_summary *s;
    assert_int_equal(sm_summarize(c, &o, &s), SM_OK);
    assert_int_equal(s->n, 2);
    assert_int_equal(picks_containing(c, s, "Forty new buses"), 1);
    sm_summary_free(s);

    o.no_redundancy = 1;
    assert_int_equal(sm_summarize(c, &o, &s), SM_OK);
    assert_int_equal(picks_containing(c, s, "Forty new buses"), 2);
    sm_summary_free(s);
    sm_corpus_free(c);
    sm_ctx_free(ctx);
}

/* The scores of the sentences whose text is `a`, in source order, from a
 * summary of every sentence (redundancy off, so both copies are chosen). */
static void twin_scores(const char *text, const char *a, double *first,
                        double *second)
{
    sm_ctx *ctx = th_ctx();
    sm_corpus *c = corpus_of(ctx, &text, 1);
    sm_summary_opts o;
    sm_summary_opts_init(&o);
    o.words = 0;
    o.sentences = 20;
    o.no_redundancy = 1;
    sm_summary *s;
    assert_int_equal(sm_summarize(c, &o, &s), SM_OK);
    int found = 0;
    for (size_t i = 0; i < s->n; i++) {
        char *t = sentence_text(c, s->picks[i].sentence);
        if (strcmp(t, a) == 0)
            *(found++ ? second : first) = s->picks[i].score;
        free(t);
    }
    assert_int_equal(found, 2);
    sm_summary_free(s);
    sm_corpus_free(c);
    sm_ctx_free(ctx);
}

/* The lead prior follows the text.  The same sentence twice, first and
 * last: in an article whose first sentences are its central ones the
 * first copy scores higher (the lead prior); in a list of one-line
 * opinions whose central lines come last, position says nothing and the
 * two copies score the same.  Before the prior asked the text, the list's
 * first copy scored 1.15 times the last (0.151 and 0.132). */
static void test_lead_prior_follows_text(void **state)
{
    (void)state;
    const char *article =
        "Floods closed the river bridge in Dresden on Monday.\n\n"
        "The river rose two metres overnight and floods reached the bridge.\n\n"
        "Dresden officials said the bridge stays closed while the floods last.\n\n"
        "A local bakery sold cakes to stranded commuters.\n\n"
        "Tourists photographed swans near the old palace gardens.\n\n"
        "Forecasters expect sunshine next weekend across Saxony.\n\n"
        "Floods closed the river bridge in Dresden on Monday.\n";
    double a = 0, b = 0;
    twin_scores(article, "Floods closed the river bridge in Dresden on Monday.", &a, &b);
    assert_true(a > 1.03 * b); /* 0.278 and 0.263 */

    const char *reviews =
        "Shipping took nine days from the warehouse.\n"
        "Cardboard packaging arrived slightly dented near corners.\n"
        "Manual printed in tiny grey letters.\n"
        "Battery life lasts the whole day easily.\n"
        "Battery life easily lasts two whole days.\n"
        "Great battery life lasts all day.\n"
        "Battery life lasts longer than my old phone.\n"
        "Shipping took nine days from the warehouse.\n";
    twin_scores(reviews, "Shipping took nine days from the warehouse.", &a, &b);
    assert_true(a > 0);
    assert_true(fabs(a - b) <= 1e-12 * a);
}

/* The exact sentences chosen on a small fixture, in source order. */
static void test_exact_choice(void **state)
{
    (void)state;
    sm_ctx *ctx = th_ctx();
    sm_corpus *c = corpus_of(ctx, news, 3);
    sm_summary_opts o;
    sm_summary_opts_init(&o);
    o.words = 25;
    sm_summary *s;
    assert_int_equal(sm_summarize(c, &o, &s), SM_OK);
    /* Both articles' leads say the budget passed: the better-connected one
     * is kept, the other is a duplicate.  Then the buses, then the best
     * sentence that still fits. */
    const char *want[] = {
        "The budget adds forty buses to the northern routes.",
        "A new transport budget won council approval on Monday.",
        "Critics said the council ignored cyclists.",
    };
    assert_picks(c, s, want, 3);
    assert_int_equal(s->words, 24);
    char *a;
    sm_summary_free(s);

    /* A query about the rain moves the summary to the third article; the
     * words saying what the reader wants ("describe", "include details")
     * do not count as its subject. */
    o.query = "Flooding. Describe the rain in the streets and include details.";
    o.words = 12;
    assert_int_equal(sm_summarize(c, &o, &s), SM_OK);
    assert_int_equal(s->n, 1);
    a = sentence_text(c, s->picks[0].sentence);
    assert_string_equal(a, "Heavy rain flooded several streets in the old town on Sunday night.");
    free(a);
    sm_summary_free(s);

    /* A query one sentence matches: that sentence, and then (falling back
     * on the whole input) the central ones, the buses as in the generic
     * summary.  With the query's walk jumping to it with 0.15 instead of
     * 0.7 (QUERY_DAMPING), the second pick was "Forty extra buses will
     * serve the northern routes under the plan.", there for sharing "plan"
     * with the mayor's sentence. */
    o.query = "mayor";
    o.words = 25;
    assert_int_equal(sm_summarize(c, &o, &s), SM_OK);
    const char *mayor[] = {
        "The budget adds forty buses to the northern routes.",
        "The mayor said the plan would cut waiting times by half.",
        "Bus drivers welcomed the decision.",
    };
    assert_picks(c, s, mayor, 3);
    sm_summary_free(s);
    sm_corpus_free(c);
    sm_ctx_free(ctx);
}

/* A query that names what every document is about singles nothing out: the
 * summary is the generic one, not the sentences that repeat the name
 * (QUERY_FULL_FOCUS).  A query term one document uses more than the others
 * still leads. */
static const char *ferry[] = {
    "A ferry sank off the southern coast on Tuesday with 300 people aboard. "
    "Coast guard ships rescued 250 passengers from the water. "
    "The ferry operator said the ship had passed its last inspection. "
    "Relatives waited at the ferry port for news.",
    "Rescuers pulled 250 survivors from the sea after the ferry sank on Tuesday. "
    "Divers searched the ferry wreck for the 50 people still missing. "
    "Strong currents slowed the divers near the ferry. "
    "The navy sent two more ships to help the rescue.",
    "The ferry that sank on Tuesday was 30 years old, officials said. "
    "Prosecutors opened an inquiry into the ferry operator. "
    "The ferry had been overloaded on earlier trips, a former crew member said. "
    "The government declared a day of mourning.",
};

static void test_query_focus(void **state)
{
    (void)state;
    sm_ctx *ctx = th_ctx();
    sm_corpus *c = corpus_of(ctx, ferry, 3);
    sm_summary_opts o;
    sm_summary_opts_init(&o);
    o.words = 30;
    sm_summary *g, *s;
    assert_int_equal(sm_summarize(c, &o, &g), SM_OK);
    assert_true(g->n >= 2);
    o.query = "the ferry";
    assert_int_equal(sm_summarize(c, &o, &s), SM_OK);
    assert_int_equal(s->n, g->n);
    for (size_t i = 0; i < g->n; i++)
        assert_int_equal(s->picks[i].sentence, g->picks[i].sentence);
    sm_summary_free(s);
    o.query = "ferry divers";
    assert_int_equal(sm_summarize(c, &o, &s), SM_OK);
    /* "Divers searched ..." or "... slowed the divers ...". */
    assert_true(picks_containing(c, s, "ivers") > 0);
    assert_int_equal(picks_containing(c, g, "ivers"), 0);
    sm_summary_free(s);
    sm_summary_free(g);
    sm_corpus_free(c);
    sm_ctx_free(ctx);
}

/* The leads' cosines (select.c) are sm_sent_cosine's, bit for bit, with
 * each sentence's vector made once (sm_sent_cosines): every pair of the
 * ferry reports, and a sentence with itself is 1. */
static void test_cosines_match(void **state)
{
    (void)state;
    sm_ctx *ctx = th_ctx();
    sm_corpus *c = corpus_of(ctx, ferry, 3);
    size_t n = c->sents.n;
    assert_true(n >= 12);
    uint32_t *ids = malloc(n * sizeof *ids);
    double *m = malloc(n * n * sizeof *m);
    for (size_t i = 0; i < n; i++)
        ids[i] = (uint32_t)i;
    sm_sent_cosines(c, ids, n, ids, n, m);
    for (size_t i = 0; i < n; i++)
        for (size_t k = 0; k < n; k++)
            assert_true(m[i * n + k] ==
                        sm_sent_cosine(c, &c->sents.v[i], &c->sents.v[k]));
    assert_true(fabs(m[0] - 1.0) < 1e-12);
    free(m);
    free(ids);
    sm_corpus_free(c);
    sm_ctx_free(ctx);
}

static void test_stemming_two_languages(void **state)
{
    (void)state;
    sm_ctx *en = th_ctx();
    sm_vocab ven = {0}, vde = {0};
    sm_u32vec a = {0}, b = {0};
    sm_terms(en, &ven, "Running", 7, false, &a);
    sm_terms(en, &ven, "runs", 4, false, &b);
    assert_int_equal(a.n, 1);
    assert_int_equal(b.n, 1);
    assert_int_equal(a.v[0], b.v[0]);
    assert_string_equal(ven.terms.strs.v[a.v[0]], "run");
    /* Stopwords are dropped, possessives stemmed, case folded. */
    a.n = 0;
    sm_terms(en, &ven, "The KREMLIN’s walls", strlen("The KREMLIN’s walls"), false, &a);
    assert_int_equal(a.n, 2);
    assert_string_equal(ven.terms.strs.v[a.v[0]], "kremlin");
    assert_string_equal(ven.terms.strs.v[a.v[1]], "wall");
    sm_vocab_free(&ven);
    sm_ctx_free(en);

    char err[256];
    sm_ctx *de = sm_ctx_new(SM_SOURCE_DIR "/models", "german", err, sizeof err);
    assert_non_null(de);
    a.n = b.n = 0;
    sm_terms(de, &vde, "Häuser", strlen("Häuser"), false, &a);
    sm_terms(de, &vde, "HAUS", 4, false, &b);
    assert_int_equal(a.n, 1);
    assert_int_equal(b.n, 1);
    assert_int_equal(a.v[0], b.v[0]);
    sm_vocab_free(&vde);
    sm_ctx_free(de);
    SM_FREEVEC(a);
    SM_FREEVEC(b);

    assert_null(sm_ctx_new(SM_SOURCE_DIR "/models", "klingon", err, sizeof err));
    assert_non_null(strstr(err, "klingon"));
}

/* Degenerate input gives a trivial result, never NaN or a crash. */
static void test_degenerate(void **state)
{
    (void)state;
    sm_ctx *ctx = th_ctx();
    sm_summary_opts o;
    sm_summary_opts_init(&o);
    sm_summary *s;

    /* One sentence. */
    const char *one[] = {"Only one sentence stands here today."};
    sm_corpus *c = corpus_of(ctx, one, 1);
    assert_int_equal(sm_summarize(c, &o, &s), SM_OK);
    assert_int_equal(s->n, 1);
    assert_false(isnan(s->picks[0].score));
    sm_summary_free(s);
    sm_corpus_free(c);

    /* Identical sentences: one comes back. */
    const char *same[] = {"The bridge reopened after repairs. The bridge reopened after repairs.",
                          "The bridge reopened after repairs."};
    c = corpus_of(ctx, same, 2);
    assert_int_equal(sm_summarize(c, &o, &s), SM_OK);
    assert_int_equal(s->n, 1);
    assert_false(isnan(s->picks[0].score));
    sm_summary_free(s);
    sm_corpus_free(c);

    /* One-word sentences. */
    const char *words[] = {"Yes. No. Maybe. Yes."};
    c = corpus_of(ctx, words, 1);
    assert_int_equal(sm_summarize(c, &o, &s), SM_OK);
    assert_true(s->n >= 1 && s->n <= 3);
    for (size_t i = 0; i < s->n; i++)
        assert_false(isnan(s->picks[i].score));
    sm_summary_free(s);
    sm_corpus_free(c);

    /* Empty and whitespace-only documents are skipped; nothing left is an
     * input error. */
    c = sm_corpus_new(ctx);
    assert_int_equal(sm_corpus_add_text(c, "empty", "", 0, NULL), SM_OK);
    assert_int_equal(sm_corpus_add_text(c, "blank", " \n\t\n", 4, NULL), SM_OK);
    assert_int_equal(sm_corpus_n_docs(c), 0);
    assert_int_equal(sm_corpus_prepare(c), SM_ERR_INPUT);
    sm_corpus_free(c);

    /* Nothing but symbols: no sentence with words. */
    c = sm_corpus_new(ctx);
    assert_int_equal(sm_corpus_add_text(c, "sym", "--- *** ---\n", 12, NULL), SM_OK);
    sm_status st = sm_corpus_prepare(c);
    if (st == SM_OK)
        assert_int_equal(sm_summarize(c, &o, &s), SM_ERR_INPUT);
    else
        assert_int_equal(st, SM_ERR_INPUT);
    sm_corpus_free(c);
    sm_ctx_free(ctx);
}

static void test_metadata(void **state)
{
    (void)state;
    sm_ctx *ctx = th_ctx();
    sm_corpus *c = sm_corpus_new(ctx);
    const char *a = "source: Daily Planet\ndate: 2024-05-01\ntitle: Bridge\n\nThe bridge reopened after two years of repairs.\n";
    const char *b = " date 2023-03-20 World\nThe river rose by two metres overnight in the valley.\n";
    assert_int_equal(sm_corpus_add_text(c, "a.txt", a, strlen(a), NULL), SM_OK);
    assert_int_equal(sm_corpus_add_text(c, "b.txt", b, strlen(b), NULL), SM_OK);
    assert_int_equal(sm_corpus_prepare(c), SM_OK);
    sm_doc_info d;
    sm_corpus_doc(c, 0, &d);
    assert_string_equal(d.source, "Daily Planet");
    assert_string_equal(d.date, "2024-05-01");
    assert_string_equal(d.title, "Bridge");
    assert_int_equal(d.n_sentences, 1);
    sm_corpus_doc(c, 1, &d);
    assert_string_equal(d.date, "2023-03-20");
    assert_null(d.source);
    char **dates = sm_corpus_dates(c);
    assert_string_equal(dates[0], "2023-03-20");
    assert_string_equal(dates[1], "2024-05-01");
    assert_null(dates[2]);
    free(dates);
    /* The header lines never become sentences. */
    char *t = sentence_text(c, 0);
    assert_string_equal(t, "The bridge reopened after two years of repairs.");
    free(t);
    sm_corpus_free(c);
    sm_ctx_free(ctx);
}

static void test_manifest(void **state)
{
    (void)state;
    char *dir = th_tmpdir();
    char path[512];
    snprintf(path, sizeof path, "%s/one.txt", dir);
    const char *text = "The harbour opened a new ferry line to the islands.\n";
    th_write_file(path, text, strlen(text));
    snprintf(path, sizeof path, "%s/manifest.tsv", dir);
    const char *m = "file\tsource\tdate\none.txt\tHarbour News\t2022-07-08\n";
    th_write_file(path, m, strlen(m));
    sm_ctx *ctx = th_ctx();
    sm_corpus *c = sm_corpus_new(ctx);
    assert_int_equal(sm_corpus_add_path(c, dir), SM_OK);
    assert_int_equal(sm_corpus_n_docs(c), 1); /* the manifest is no document */
    sm_doc_info d;
    sm_corpus_doc(c, 0, &d);
    assert_string_equal(d.source, "Harbour News");
    assert_string_equal(d.date, "2022-07-08");
    sm_corpus_free(c);
    sm_ctx_free(ctx);
    unlink(path);
    snprintf(path, sizeof path, "%s/one.txt", dir);
    unlink(path);
    rmdir(dir);
    free(dir);
}

/* Bad input through the CLI: clear messages naming the file, exit codes. */
static void test_cli_bad_input(void **state)
{
    (void)state;
    char *dir = th_tmpdir();
    char bin[512], bad[512], big[512], good[512], missing[512];
    snprintf(bin, sizeof bin, "%s/binary.txt", dir);
    snprintf(bad, sizeof bad, "%s/bad.txt", dir);
    snprintf(big, sizeof big, "%s/big.txt", dir);
    snprintf(good, sizeof good, "%s/good.txt", dir);
    snprintf(missing, sizeof missing, "%s/missing.txt", dir);
    th_write_file(bin, "abc\0def\0", 8);
    const char *b = "Caf\xc3 opened \xff today. The owners thanked their neighbours warmly.\n";
    th_write_file(bad, b, strlen(b));
    const char *g = "The library extended its opening hours for students in May.\n";
    th_write_file(good, g, strlen(g));
    /* A 50 MB line of words without a full stop. */
    FILE *f = fopen(big, "wb");
    for (int i = 0; i < 50 * 1024 * 1024 / 8; i++)
        fputs("lorem ip", f);
    fclose(f);

    char *out, *err;
    const char *a1[] = {"summarize", missing, NULL};
    assert_int_equal(th_run(a1, NULL, &out, &err), 1);
    assert_non_null(strstr(err, "missing.txt"));
    assert_non_null(strstr(err, "No such file"));
    free(out);
    free(err);

    const char *a2[] = {"summarize", bin, good, NULL};
    assert_int_equal(th_run(a2, NULL, &out, &err), 0);
    assert_non_null(strstr(err, "binary.txt: binary file"));
    assert_string_equal(out, g);
    free(out);
    free(err);

    const char *a3[] = {"summarize", bad, NULL};
    assert_int_equal(th_run(a3, NULL, &out, &err), 0);
    assert_non_null(strstr(err, "bad.txt: invalid UTF-8 at byte 3"));
    assert_non_null(strstr(out, "neighbours"));
    free(out);
    free(err);

    /* Its pieces (force-split at 1,000 words) cannot fit 30 words: said,
     * not an empty summary. */
    const char *a4[] = {"summarize", "--words", "30", big, NULL};
    assert_int_equal(th_run(a4, NULL, &out, &err), 1);
    assert_string_equal(out, "");
    assert_non_null(strstr(err, "big.txt: no sentence fits in 30 words"));
    free(out);
    free(err);

    const char *a5[] = {"summarize", "--frobnicate", good, NULL};
    assert_int_equal(th_run(a5, NULL, &out, &err), 2);
    assert_non_null(strstr(err, "--frobnicate"));
    free(out);
    free(err);

    const char *a6[] = {"summarize", "--words", "0", good, NULL};
    assert_int_equal(th_run(a6, NULL, &out, &err), 2);
    free(out);
    free(err);

    const char *a7[] = {"summarize", "--lang", "klingon", good, NULL};
    assert_int_equal(th_run(a7, NULL, &out, &err), 2);
    assert_non_null(strstr(err, "klingon"));
    free(out);
    free(err);

    /* Nothing usable left: exit 1, and the message names the file. */
    char sym[512];
    snprintf(sym, sizeof sym, "%s/symbols.txt", dir);
    th_write_file(sym, "--- *** ---\n", 12);
    const char *a9[] = {"summarize", sym, NULL};
    assert_int_equal(th_run(a9, NULL, &out, &err), 1);
    assert_non_null(strstr(err, "symbols.txt: no sentence"));
    free(out);
    free(err);
    unlink(sym);

    /* Standard input. */
    const char *a8[] = {"summarize", "-", NULL};
    assert_int_equal(th_run(a8, g, &out, &err), 0);
    assert_string_equal(out, g);
    free(out);
    free(err);

    unlink(bin);
    unlink(bad);
    unlink(big);
    unlink(good);
    rmdir(dir);
    free(dir);
}

/* The bundled corpus: within budget, nothing twice, no furniture. */
/* Selection improves on its greedy choice by swaps (select.c): on four
 * reports of one earthquake at 40 words the greedy's filler, "Officials
 * said about 50,000 people had lost their homes." (two outlets' concepts),
 * gives way to a sentence whose names three outlets share. */
static void test_swap_fills_budget(void **state)
{
    (void)state;
    const char *a[] = {"summarize", "--words", "40",
                       SM_SOURCE_DIR "/tests/fixtures/newswire/quake/docs", NULL};
    expect_output(a,
        "Rescue teams dug through the rubble of collapsed apartment blocks on "
        "Thursday after an earthquake of magnitude 6.9 killed at least 240 "
        "people in eastern Turkey.\n"
        "Prime Minister Ahmet Kaya said contractors who ignored building rules "
        "would be punished.\n");
}

/* Main events before background and detail (select.c, LEAD_COVER_WEIGHT):
 * five reports of a mine accident lead with its successive events (the
 * miners trapped, found alive, brought up, the new law).  Without the
 * leads' coverage the summary told the first and the last, then spent 37
 * words on "Prosecutors have opened an investigation ..." and "The
 * collapse happened at 11:30 a.m. at the San Lorenzo mine ..."; with it,
 * the contact with the trapped miners takes their place. */
static void test_leads_cover_events(void **state)
{
    (void)state;
    const char *a[] = {"summarize", "--words", "100",
                       SM_SOURCE_DIR "/tests/fixtures/newswire/mine/docs", NULL};
    expect_output(a,
        "Nineteen miners were trapped about 400 meters underground on "
        "Wednesday after a tunnel collapsed at a copper mine in northern "
        "Chile, and rescuers said they did not know whether the men were "
        "alive.\n"
        "Rescuers drilling a narrow hole into a collapsed copper mine in "
        "northern Chile made contact on Friday with 17 of the 19 trapped "
        "miners, who tapped on the drill and sent up a note saying they were "
        "alive in a shelter.\n"
        "Chile's Congress on Tuesday approved stricter safety rules for small "
        "mines, a week after 17 miners were rescued from the collapsed San "
        "Lorenzo copper mine.\n");
}

/* In news a short sentence naming nothing (SM_ALONE_NOFACT) is
 * discounted by its stand-alone weight (weigh_scores): four
 * reports of a bribery verdict no longer end their summary with "Police
 * said the protest was peaceful.", the six-word filler chosen before. */
static void test_news_filler(void **state)
{
    (void)state;
    char *out, *err;
    const char *a[] = {"summarize", "--words", "100",
                       SM_SOURCE_DIR "/tests/fixtures/newswire/verdict/docs", NULL};
    assert_int_equal(th_run(a, NULL, &out, &err), 0);
    assert_null(strstr(out, "protest was peaceful"));
    assert_string_equal(out,
        "A Romanian court on Tuesday sentenced former transport "
        "minister Dan Ionescu to seven years in prison for taking "
        "bribes worth 3.2 million euros to steer a motorway contract to "
        "a construction firm.\n"
        "Ionescu, 58, who denied the charges, was not in court.\n"
        "His lawyer said he would appeal.\n"
        "Ionescu now leads the opposition Romania First party, which is "
        "second in opinion polls ahead of next year's election.\n"
        "Former Romanian minister Dan Ionescu filed an appeal on Friday "
        "against his seven-year prison sentence for bribery, and said "
        "he would stay in the country to fight the case.\n");
    free(out);
    free(err);
}

/* A narrative that asks for the whole story, the way DUC/TAC topics are
 * written, over reports of one flood (tests/fixtures/newswire/flood, its
 * queries/topic.txt).  The reports tell what it asks for in their own
 * words, so in news a query that does not lead alone keeps every
 * candidate (summarize.c: NEWS_QUERY_KEEPS_ALL).  Before, the summary kept
 * to the sentences repeating the narrative's words: it left out the first
 * report's lead (the 47 dead) and told "Floods in 1999 killed more than
 * 700 people in the same region." and "The government said 71 people had
 * died and 9 were still missing." instead. */
static void test_news_query_story(void **state)
{
    (void)state;
    const char *a[] = {"summarize", "--words", "100", "--query",
                       "Floods in central Vietnam. Describe the floods in "
                       "central Vietnam, their toll, and the response of the "
                       "government and aid groups.",
                       SM_SOURCE_DIR "/tests/fixtures/newswire/flood/docs", NULL};
    expect_output(a,
        "Floods and landslides caused by a week of heavy rain have killed at "
        "least 47 people in central Vietnam, and 12 others are missing, "
        "disaster officials said Monday.\n"
        "Central Vietnam is hit by storms and floods every year between "
        "September and December.\n"
        "Vietnam ordered the release of water from three full reservoirs on "
        "Wednesday, warning that villages downstream could be flooded "
        "further, as the toll from a week of floods in the centre of the "
        "country reached 71.\n"
        "Prime Minister Pham Minh Tuan flew over the region by helicopter and "
        "ordered 200 billion dong, about $8 million, in emergency aid.\n");
}

/* In news a sentence that leans on the one before it is chosen only with
 * it (summarize.c, NEED_CONTEXT): at 150 words five reports of a mine
 * accident ended with "The government froze the company's assets." (the
 * government of a sentence not chosen) and "Copper accounts for about half
 * of Chile's exports."; now the two missing miners take their words. */
static void test_news_context(void **state)
{
    (void)state;
    const char *a[] = {"summarize", "--words", "150",
                       SM_SOURCE_DIR "/tests/fixtures/newswire/mine/docs", NULL};
    expect_output(a,
        "Nineteen miners were trapped about 400 meters underground on "
        "Wednesday after a tunnel collapsed at a copper mine in northern "
        "Chile, and rescuers said they did not know whether the men were "
        "alive.\n"
        "Rescuers drilling a narrow hole into a collapsed copper mine in "
        "northern Chile made contact on Friday with 17 of the 19 trapped "
        "miners, who tapped on the drill and sent up a note saying they were "
        "alive in a shelter.\n"
        "Two miners who had been working closer to the collapse were still "
        "missing.\n"
        "The last of 17 miners trapped for 26 days in a collapsed copper mine "
        "in Chile was lifted to the surface in a steel capsule on Saturday, "
        "ending a rescue that the country watched live on television.\n"
        "Chile's Congress on Tuesday approved stricter safety rules for small "
        "mines, a week after 17 miners were rescued from the collapsed San "
        "Lorenzo copper mine.\n");
}

/* A sentence opening with a name only its own report uses, introduced
 * there in full, leans on that introduction (standalone.c): five reports
 * of a literary prize no longer tell "Engstrom did not criticise
 * Okonkwo's work, which he called ``remarkable.''" without saying who
 * Engstrom is (a juror, "Critic Lars Engstrom", in one report only);
 * Okonkwo, whom every report names, needs no introduction. */
static void test_news_surname(void **state)
{
    (void)state;
    const char *a[] = {"summarize", "--words", "100",
                       SM_SOURCE_DIR "/tests/fixtures/newswire/prize/docs", NULL};
    expect_output(a,
        "Nigerian poet Adaeze Okonkwo won the Halvorsen Prize for Literature "
        "on Thursday for poems that the jury said ``give voice to the "
        "displaced and the forgotten.''\n"
        "The prize, worth 2 million kroner, is awarded each year to a writer "
        "for a whole body of work.\n"
        "Foundation chairman Erik Halvorsen said the award to Okonkwo would "
        "stand.\n"
        "Okonkwo said the dispute would not spoil her joy.\n"
        "Publishers in Britain and the United States rushed to reprint the "
        "poems of Adaeze Okonkwo after the Nigerian poet won the Halvorsen "
        "Prize, with her collection ``Salt Roads'' topping online sales lists "
        "on Friday.\n");
}

static void test_bundled_corpus(void **state)
{
    (void)state;
    char *out, *err;
    const char *a[] = {"summarize", SM_SOURCE_DIR "/corpus", NULL};
    assert_int_equal(th_run(a, NULL, &out, &err), 0);
    assert_true(sm_count_words(out, strlen(out)) <= 100);
    assert_true(strlen(out) > 200);
    assert_null(strstr(out, "Follow"));
    assert_null(strstr(out, "Skip to content"));
    assert_null(strstr(out, "ago\n"));
    /* News: the same-fact rule (FACT_REDUNDANCY_EVIDENCE) tells Xi's
     * visit once, where the cosine alone let "Xi is currently in Moscow on
     * a three-day visit" follow "Xi Jinping began a three-day visit to
     * Moscow". */
    const char *visit = strstr(out, "three-day visit");
    assert_non_null(visit);
    assert_null(strstr(visit + 1, "three-day visit"));
    /* No line twice. */
    char *save, *line, *copy = strdup(out);
    char *lines[64];
    int n = 0;
    for (line = strtok_r(copy, "\n", &save); line && n < 64; line = strtok_r(NULL, "\n", &save)) {
        for (int k = 0; k < n; k++)
            assert_string_not_equal(lines[k], line);
        lines[n++] = line;
    }
    free(copy);
    free(out);
    free(err);

    const char *j[] = {"summarize", "--format", "json", "--sentences", "2", SM_SOURCE_DIR "/corpus", NULL};
    assert_int_equal(th_run(j, NULL, &out, &err), 0);
    assert_non_null(strstr(out, "\"doc\": \""));
    assert_non_null(strstr(out, "\"score\": "));
    free(out);
    free(err);
}

/* A topic summary holds only sentences about the topic, never filler. */
static void test_topic_summary(void **state)
{
    (void)state;
    const char *a[] = {"summarize", "--topic", "icc", "--words", "60", SM_SOURCE_DIR "/corpus", NULL};
    expect_output(a,
        "The international criminal court (ICC) prosecutor, Karim Khan, has said that the arrest warrant for President Vladimir Putin over alleged war crimes was a \u201csombre\u201d occasion and not one for \u201ctriumphalism\u201d or \u201cbackslapping\u201d.\n"
        "The arrest warrant was one of several \u201cclearly hostile displays,\u201d according to Moscow, which has now opened a criminal case against the ICC prosecutor and judges.\n");
    const char *b[] = {"summarize", "--topic", "no-such-topic", SM_SOURCE_DIR "/corpus", NULL};
    char *out, *err;
    assert_int_equal(th_run(b, NULL, &out, &err), 2);
    assert_non_null(strstr(err, "unknown topic 'no-such-topic'"));
    free(out);
    free(err);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pagerank_by_hand),
        cmocka_unit_test(test_pagerank_isolated),
        cmocka_unit_test(test_budgets_held),
        cmocka_unit_test(test_redundancy),
        cmocka_unit_test(test_exact_choice),
        cmocka_unit_test(test_query_focus),
        cmocka_unit_test(test_news_query_story),
        cmocka_unit_test(test_news_context),
        cmocka_unit_test(test_news_surname),
        cmocka_unit_test(test_swap_fills_budget),
        cmocka_unit_test(test_leads_cover_events),
        cmocka_unit_test(test_news_filler),
        cmocka_unit_test(test_cosines_match),
        cmocka_unit_test(test_lead_prior_follows_text),
        cmocka_unit_test(test_stemming_two_languages),
        cmocka_unit_test(test_degenerate),
        cmocka_unit_test(test_metadata),
        cmocka_unit_test(test_manifest),
        cmocka_unit_test(test_cli_bad_input),
        cmocka_unit_test(test_bundled_corpus),
        cmocka_unit_test(test_topic_summary),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
