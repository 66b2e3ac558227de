/* test_digest.c: digests of tests/fixtures/digest: three short articles from
 * three outlets over two days, one fact (Norway's tanks) told by two of them
 * in different words, a dangling sentence, an off-topic one, and topic
 * profiles of their own (one with nothing to find). */
#include "helpers.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define FIX SM_TEST_DIR "/fixtures/digest"
#define NEWS FIX "/news"
#define TOPICS FIX "/topics"

static const char *const NORWAY =
    "Norway delivered eight Leopard tanks to Ukraine on Monday, the Norwegian "
    "army said.";
static const char *const TANKS_HELP =
    "The tanks will help Ukrainian crews defend the eastern front.";
static const char *const EU_SHELLS =
    "The European Union agreed to send one million artillery shells to "
    "Ukraine within a year.";
static const char *const OFFICIALS =
    "Officials said the shells would come from national stockpiles and joint "
    "purchases.";
static const char *const US_AID =
    "The United States announced a new military aid package of ammunition "
    "and rockets for Ukraine on Tuesday.";
static const char *const HAGUE =
    "A court in The Hague issued an arrest warrant for the former minister on "
    "Monday.";
static const char *const JUDGES =
    "Judges at the court granted the prosecutor's request for a warrant after "
    "a long hearing.";
static const char *const PROSECUTOR =
    "The prosecutor said the arrest warrant would remain in force until the "
    "former minister appears before the court.";

typedef struct fixture {
    sm_ctx *ctx;
    sm_corpus *c;
    sm_topics *t;
} fixture;

static void open_fixture(fixture *f, const char *topics_dir)
{
    f->ctx = th_ctx();
    assert_int_equal(sm_topics_load(f->ctx, topics_dir, &f->t), SM_OK);
    f->c = sm_corpus_new(f->ctx);
    assert_int_equal(sm_corpus_add_path(f->c, NEWS), SM_OK);
    assert_int_equal(sm_corpus_prepare(f->c), SM_OK);
}

static void close_fixture(fixture *f)
{
    sm_corpus_free(f->c);
    sm_topics_free(f->t);
    sm_ctx_free(f->ctx);
}

static sm_digest *build(fixture *f, size_t words, size_t bytes,
                        const char *date)
{
    sm_digest_opts o;
    sm_digest_opts_init(&o);
    if (words || bytes) {
        o.words = words;
        o.bytes = bytes;
    }
    o.date = date;
    sm_digest *d = NULL;
    if (sm_digest_build(f->c, f->t, &o, &d) != SM_OK)
        fail_msg("sm_digest_build: %s", sm_ctx_error(f->ctx));
    return d;
}

/* The texts of a topic's sentences, in order, must be want[0..] (NULL-ended). */
static void expect_texts(const sm_digest_topic *tp, const char *const *want)
{
    size_t n = 0;
    while (want[n])
        n++;
    for (size_t i = 0; i < tp->n_sentences && i < n; i++)
        if (strcmp(tp->sentences[i].text, want[i]) != 0)
            fail_msg("%s[%zu]: got '%s', want '%s'", tp->id, i,
                     tp->sentences[i].text, want[i]);
    assert_int_equal(tp->n_sentences, n);
}

static size_t words_of(const sm_digest_topic *tp)
{
    size_t w = 0;
    for (size_t i = 0; i < tp->n_sentences; i++)
        w += sm_count_words(tp->sentences[i].text,
                            strlen(tp->sentences[i].text));
    return w;
}

static void exact_sentences_per_topic(void **state)
{
    (void)state;
    fixture f;
    open_fixture(&f, TOPICS);
    sm_digest *d = build(&f, 0, 0, NULL);
    assert_string_equal(d->from, "2023-03-20");
    assert_string_equal(d->to, "2023-03-21");
    assert_int_equal(d->documents, 3);
    assert_int_equal(d->n_topics, 3);
    assert_string_equal(d->topics[0].id, "arms");
    assert_string_equal(d->topics[0].title, "Military aid");
    const char *const arms[] = {NORWAY, TANKS_HELP, EU_SHELLS, OFFICIALS,
                                US_AID, NULL};
    expect_texts(&d->topics[0], arms);
    const char *const court[] = {HAGUE, JUDGES, PROSECUTOR, NULL};
    expect_texts(&d->topics[1], court);
    /* Nothing about space flight: reported, but empty. */
    assert_string_equal(d->topics[2].id, "space");
    assert_int_equal(d->topics[2].n_sentences, 0);
    assert_int_equal(d->topics[2].words, 0);
    /* Attribution: outlet and date from each file's header. */
    const sm_digest_sentence *s = &d->topics[0].sentences[4];
    assert_string_equal(s->doc, "post_0321.txt");
    assert_string_equal(s->source, "Morning Post");
    assert_string_equal(s->date, "2023-03-21");
    for (size_t t = 0; t < d->n_topics; t++) {
        assert_int_equal(d->topics[t].budget_words, 120);
        assert_int_equal(d->topics[t].budget_bytes, 0);
        assert_int_equal(d->topics[t].words, words_of(&d->topics[t]));
        for (size_t i = 0; i < d->topics[t].n_sentences; i++) {
            double sc = d->topics[t].sentences[i].score;
            assert_true(isfinite(sc) && sc > 0);
        }
    }
    sm_digest_free(d);
    close_fixture(&f);
}

/* Norway's tanks, told by the Daily Planet and the Evening Star in other
 * words, is kept once and names the other outlet's file. */
static void same_fact_once_with_also_in(void **state)
{
    (void)state;
    fixture f;
    open_fixture(&f, TOPICS);
    sm_digest *d = build(&f, 0, 0, NULL);
    size_t tanks = 0;
    for (size_t t = 0; t < d->n_topics; t++)
        for (size_t i = 0; i < d->topics[t].n_sentences; i++) {
            const sm_digest_sentence *s = &d->topics[t].sentences[i];
            if (strstr(s->text, "Leopard"))
                tanks++;
            if (strcmp(s->text, NORWAY) == 0) {
                assert_string_equal(s->doc, "planet_0320.txt");
                assert_int_equal(s->n_also_in, 1);
                assert_string_equal(s->also_in[0], "star_0320.txt");
            } else {
                assert_int_equal(s->n_also_in, 0);
            }
        }
    assert_int_equal(tanks, 1);
    sm_digest_free(d);
    close_fixture(&f);
}

/* No sentence twice, none that cannot stand alone, none off topic. */
static void no_repeats_no_fragments(void **state)
{
    (void)state;
    fixture f;
    open_fixture(&f, TOPICS);
    sm_digest *d = build(&f, 0, 0, NULL);
    for (size_t t = 0; t < d->n_topics; t++)
        for (size_t i = 0; i < d->topics[t].n_sentences; i++) {
            const char *x = d->topics[t].sentences[i].text;
            assert_null(strstr(x, "He said"));
            assert_null(strstr(x, "This decision"));
            assert_null(strstr(x, "parks"));
            assert_null(strstr(x, "Heavy rain"));
            for (size_t u = 0; u < d->n_topics; u++)
                for (size_t j = 0; j < d->topics[u].n_sentences; j++)
                    if (u != t || j != i)
                        assert_string_not_equal(
                            x, d->topics[u].sentences[j].text);
        }
    sm_digest_free(d);
    close_fixture(&f);
}

static void budget_words_and_bytes(void **state)
{
    (void)state;
    fixture f;
    open_fixture(&f, TOPICS);
    /* 30 words: the best two aid facts fit exactly (13 + 17). */
    sm_digest *d = build(&f, 30, 0, NULL);
    const char *const arms[] = {NORWAY, US_AID, NULL};
    expect_texts(&d->topics[0], arms);
    assert_int_equal(d->topics[0].words, 30);
    /* The court: two facts in 30 words (14 + 16), not the most central one
     * alone in 18 (digest.c, SCORE_EXP). */
    const char *const court[] = {HAGUE, JUDGES, NULL};
    expect_texts(&d->topics[1], court);
    assert_int_equal(d->topics[1].words, 30);
    sm_digest_free(d);
    for (size_t w = 1; w <= 80; w++) {
        d = build(&f, w, 0, NULL);
        for (size_t t = 0; t < d->n_topics; t++) {
            assert_true(d->topics[t].words <= w);
            assert_int_equal(d->topics[t].budget_words, w);
        }
        sm_digest_free(d);
    }
    for (size_t b = 1; b <= 400; b += 7) {
        d = build(&f, 0, b, NULL);
        for (size_t t = 0; t < d->n_topics; t++) {
            size_t used = 0;
            for (size_t i = 0; i < d->topics[t].n_sentences; i++)
                used += strlen(d->topics[t].sentences[i].text) + 1;
            assert_true(used <= b);
            assert_int_equal(d->topics[t].budget_bytes, b);
            assert_int_equal(d->topics[t].budget_words, 0);
        }
        sm_digest_free(d);
    }
    close_fixture(&f);
}

/* Date, then document, then position: whatever the scores. */
static void source_order(void **state)
{
    (void)state;
    fixture f;
    open_fixture(&f, TOPICS);
    sm_digest *d = build(&f, 0, 0, NULL);
    for (size_t t = 0; t < d->n_topics; t++)
        for (size_t i = 1; i < d->topics[t].n_sentences; i++) {
            const sm_digest_sentence *a = &d->topics[t].sentences[i - 1];
            const sm_digest_sentence *b = &d->topics[t].sentences[i];
            int dc = strcmp(a->date, b->date);
            assert_true(dc < 0 || (dc == 0 && strcmp(a->doc, b->doc) <= 0));
        }
    /* The court briefing's best sentence is its last. */
    const sm_digest_topic *court = &d->topics[1];
    assert_true(court->sentences[2].score > court->sentences[0].score);
    sm_digest_free(d);
    close_fixture(&f);
}

static void one_day(void **state)
{
    (void)state;
    fixture f;
    open_fixture(&f, TOPICS);
    sm_digest *d = build(&f, 0, 0, "2023-03-21");
    assert_int_equal(d->documents, 1);
    assert_string_equal(d->from, "2023-03-21");
    assert_string_equal(d->to, "2023-03-21");
    const char *const arms[] = {US_AID, NULL};
    expect_texts(&d->topics[0], arms);
    const char *const court[] = {PROSECUTOR, NULL};
    expect_texts(&d->topics[1], court);
    sm_digest_free(d);
    /* A day with no documents: an empty digest, not an error. */
    d = build(&f, 0, 0, "1999-01-01");
    assert_int_equal(d->documents, 0);
    for (size_t t = 0; t < d->n_topics; t++)
        assert_int_equal(d->topics[t].n_sentences, 0);
    sm_digest_free(d);
    char **dates = sm_corpus_dates(f.c);
    assert_string_equal(dates[0], "2023-03-20");
    assert_string_equal(dates[1], "2023-03-21");
    assert_null(dates[2]);
    free(dates);
    close_fixture(&f);
}

static void json_round_trip_of_a_real_digest(void **state)
{
    (void)state;
    fixture f;
    open_fixture(&f, TOPICS);
    sm_digest *d = build(&f, 0, 0, NULL);
    size_t len = 0, len2 = 0;
    char *j = sm_digest_render(d, SM_FORMAT_JSON, &len);
    char err[256];
    sm_digest *back = sm_digest_parse_json(j, len, err, sizeof err);
    if (!back)
        fail_msg("%s", err);
    char *j2 = sm_digest_render(back, SM_FORMAT_JSON, &len2);
    assert_int_equal(len, len2);
    assert_memory_equal(j, j2, len);
    /* Every format renders the same digest read back identically. */
    for (int fmt = SM_FORMAT_TEXT; fmt <= SM_FORMAT_HTML; fmt++) {
        char *a = sm_digest_render(d, (sm_format)fmt, NULL);
        char *b = sm_digest_render(back, (sm_format)fmt, NULL);
        assert_string_equal(a, b);
        free(a);
        free(b);
    }
    free(j);
    free(j2);
    sm_digest_free(back);
    sm_digest_free(d);
    close_fixture(&f);
}

/* One document of one sentence; topics with nothing; no NaN, no crash. */
static void degenerate_input(void **state)
{
    (void)state;
    sm_ctx *ctx = th_ctx();
    sm_topics *t = NULL;
    assert_int_equal(sm_topics_load(ctx, TOPICS, &t), SM_OK);
    sm_corpus *c = sm_corpus_new(ctx);
    const char *text = "Norway delivered eight Leopard tanks to Ukraine.\n";
    assert_int_equal(sm_corpus_add_text(c, "one.txt", text, strlen(text), NULL),
                     SM_OK);
    sm_digest_opts o;
    sm_digest_opts_init(&o);
    sm_digest *d = (sm_digest *)1;
    /* Not prepared yet. */
    assert_int_equal(sm_digest_build(c, t, &o, &d), SM_ERR_USAGE);
    assert_null(d);
    assert_int_equal(sm_corpus_prepare(c), SM_OK);
    assert_int_equal(sm_digest_build(c, t, NULL, &d), SM_OK);
    assert_int_equal(d->documents, 1);
    assert_null(d->from);
    assert_int_equal(d->topics[0].n_sentences, 1);
    assert_null(d->topics[0].sentences[0].source);
    assert_true(isfinite(d->topics[0].sentences[0].score));
    char *r = sm_digest_render(d, SM_FORMAT_TEXT, NULL);
    assert_non_null(strstr(r, "  (one.txt)\n"));
    free(r);
    sm_digest_free(d);
    /* Topics loaded with another context are refused. */
    sm_ctx *other = th_ctx();
    sm_topics *t2 = NULL;
    assert_int_equal(sm_topics_load(other, TOPICS, &t2), SM_OK);
    assert_int_equal(sm_digest_build(c, t2, NULL, &d), SM_ERR_USAGE);
    sm_topics_free(t2);
    sm_ctx_free(other);
    sm_corpus_free(c);
    sm_topics_free(t);
    sm_ctx_free(ctx);
}

/* ---- the command line ------------------------------------------------- */

static void cli_user_topic(void **state)
{
    (void)state;
    char *dir = th_tmpdir();
    char path[512];
    snprintf(path, sizeof path, "%s/weather.topic", dir);
    const char *topic = "id: weather\ntitle: Weather\nterm: 2 rain\n"
                        "term: 1 region\nthreshold: 0.5\n";
    assert_int_equal(th_write_file(path, topic, strlen(topic)), 0);
    char *out, *err;
    const char *args[] = {"digest", "--topics", dir, "--format", "json",
                          NEWS, NULL};
    assert_int_equal(th_run(args, NULL, &out, &err), 0);
    assert_non_null(strstr(out, "\"topics\": [{\"id\": \"weather\", \"title\": "
                                "\"Weather\", \"budget_words\": 120, "
                                "\"words\": 13, \"sentences\": [{\"text\": "
                                "\"Heavy rain is expected across the region "
                                "for the rest of the week.\", \"doc\": "
                                "\"post_0321.txt\", \"source\": \"Morning "
                                "Post\", \"date\": \"2023-03-21\""));
    free(out);
    free(err);
    /* A malformed profile: exit 1, the file and line named. */
    const char *bad = "id: weather\ntitle: Weather\nterm: lots rain\n";
    assert_int_equal(th_write_file(path, bad, strlen(bad)), 0);
    assert_int_equal(th_run(args, NULL, &out, &err), 1);
    char want[700];
    snprintf(want, sizeof want, "summarizer: %s:3: bad weight 'lots'", path);
    assert_non_null(strstr(err, want));
    assert_string_equal(out, "");
    free(out);
    free(err);
    unlink(path);
    rmdir(dir);
    free(dir);
}

static void cli_formats_and_days(void **state)
{
    (void)state;
    char *out, *err;
    const char *text[] = {"digest", "--topics", TOPICS, NEWS, NULL};
    assert_int_equal(th_run(text, NULL, &out, &err), 0);
    assert_non_null(strstr(out, "Digest: 2023-03-20 to 2023-03-21 (3 documents)\n"));
    assert_non_null(strstr(out, "== Military aid [arms] (67/120 words) ==\n- "));
    assert_non_null(strstr(out, "  (Daily Planet, 2023-03-20; also in Evening Star)\n"));
    assert_non_null(strstr(out, "== Space flight [space] (0/120 words) ==\n(nothing relevant)\n"));
    free(out);
    free(err);

    /* --daily json: one digest per line, oldest first. */
    const char *daily[] = {"digest", "--topics", TOPICS, "--daily",
                           "--format", "json", NEWS, NULL};
    assert_int_equal(th_run(daily, NULL, &out, &err), 0);
    char *nl = strchr(out, '\n');
    assert_non_null(nl);
    assert_true(strncmp(out, "{\"period\": {\"from\": \"2023-03-20\"", 32) == 0);
    assert_true(strncmp(nl + 1, "{\"period\": {\"from\": \"2023-03-21\"", 32) == 0);
    assert_string_equal(strchr(nl + 1, '\n'), "\n");
    free(out);
    free(err);

    /* HTML: one self-contained page, escaped. */
    const char *html[] = {"digest", "--topics", TOPICS, "--daily",
                          "--format", "html", NEWS, NULL};
    assert_int_equal(th_run(html, NULL, &out, &err), 0);
    assert_true(strncmp(out, "<!DOCTYPE html>", 15) == 0);
    assert_non_null(strstr(out, "prosecutor&#39;s request"));
    assert_null(strstr(out, "http"));
    /* A day per article, unique ids, a table of contents, no word counts. */
    assert_non_null(strstr(out, "<article id=\"day-2023-03-20\">"));
    assert_non_null(strstr(out, "<article id=\"day-2023-03-21\">"));
    assert_non_null(strstr(out, "<section id=\"day-2023-03-21-arms\">"));
    assert_non_null(strstr(out, "<a href=\"#day-2023-03-21-arms\">"));
    assert_non_null(strstr(out, "<h3>Military aid</h3>"));
    assert_non_null(strstr(out, "<html lang=\"en\">"));
    assert_non_null(strstr(out, "prefers-color-scheme:dark"));
    assert_non_null(strstr(out, "<title>Daily digest 2023-03-20 to 2023-03-21: "));
    assert_null(strstr(out, " words"));
    free(out);
    free(err);

    /* Markdown: a heading per topic, a list with sources. */
    const char *md[] = {"digest", "--topics", TOPICS, "--date=2023-03-21",
                        "--format", "markdown", NEWS, NULL};
    assert_int_equal(th_run(md, NULL, &out, &err), 0);
    assert_non_null(strstr(out, "# Digest: 2023-03-21\n"));
    assert_non_null(strstr(out, "\n## Military aid\n"));
    assert_non_null(strstr(out, "- The United States announced a new military aid package of "
                                "ammunition and rockets for Ukraine on Tuesday. (Morning Post, "
                                "2023-03-21)\n"));
    free(out);
    free(err);
}

static void cli_output_file_and_archive(void **state)
{
    (void)state;
    char *dir = th_tmpdir();
    char file[512], arch[512], idx[540];
    snprintf(file, sizeof file, "%s/digest.json", dir);
    snprintf(arch, sizeof arch, "%s/digests.gz", dir);
    snprintf(idx, sizeof idx, "%s.idx", arch);
    char *out, *err;
    const char *args[] = {"digest", "--topics", TOPICS, "--daily", "--format",
                          "json", "-o", file, "--archive", arch, NEWS, NULL};
    int rc = th_run(args, NULL, &out, &err);
    if (rc != 0)
        fail_msg("exit %d: %s", rc, err);
    assert_string_equal(out, "");
    size_t len = 0;
    char *written = th_read_file(file, &len);
    assert_non_null(written);
    char *nl = strchr(written, '\n');
    char e[256];
    sm_digest *d = sm_digest_parse_json(written, (size_t)(nl - written) + 1, e,
                                        sizeof e);
    if (!d)
        fail_msg("%s", e);
    assert_string_equal(d->from, "2023-03-20");
    sm_digest_free(d);
    /* The archive got one JSON digest per day. */
    sm_archive *a = NULL;
    char *msg = NULL;
    assert_int_equal(sm_archive_open(arch, &a, &msg), SM_OK);
    assert_int_equal(sm_archive_count(a), 2);
    assert_string_equal(sm_archive_entry_at(a, 1)->date, "2023-03-21");
    assert_string_equal(sm_archive_entry_at(a, 1)->topics, "arms,court,space");
    char *data = NULL;
    size_t dlen = 0;
    assert_int_equal(sm_archive_read(a, 0, &data, &dlen, &msg), SM_OK);
    assert_int_equal(dlen, (size_t)(nl - written) + 1);
    assert_memory_equal(data, written, dlen);
    free(data);
    sm_archive_close(a);
    free(written);
    free(out);
    free(err);
    /* No temporary file left beside the output. */
    unlink(file);
    unlink(arch);
    unlink(idx);
    assert_int_equal(rmdir(dir), 0);
    free(dir);
}

static void cli_errors(void **state)
{
    (void)state;
    static const struct {
        const char *args[8];
        int rc;
        const char *msg;
    } cases[] = {
        {{"digest", "--words", "10", "--bytes", "10", NEWS, NULL}, 2,
         "give one budget"},
        {{"digest", "--date", "2023-3-1", NEWS, NULL}, 2, "--date needs YYYY-MM-DD"},
        {{"digest", "--date", "2023-03-20", "--daily", NEWS, NULL}, 2,
         "not both"},
        {{"digest", "--format", "pdf", NEWS, NULL}, 2, "unknown format 'pdf'"},
        {{"digest", "--words", "0", NEWS, NULL}, 2, "--words needs a positive"},
        {{"digest", "--bogus", NEWS, NULL}, 2, "unknown option '--bogus'"},
        /* No path: standard input (here empty) is read. */
        {{"digest", NULL}, 1, "nothing to digest"},
        {{"digest", "--topics", TOPICS, "--date", "1999-01-01", NEWS, NULL}, 1,
         "no document dated 1999-01-01"},
        {{"digest", "--topics", "/nonexistent/topics", NEWS, NULL}, 1,
         "/nonexistent/topics"},
        {{"digest", "--topics", TOPICS, "/nonexistent/news", NULL}, 1,
         "/nonexistent/news"},
        {{"digest", "--topics", TOPICS, "-o", "/nonexistent/dir/out.txt", NEWS,
          NULL}, 1, "/nonexistent/dir/out.txt"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *out, *err;
        int rc = th_run(cases[i].args, NULL, &out, &err);
        if (rc != cases[i].rc || !strstr(err, cases[i].msg))
            fail_msg("case %zu: exit %d, stderr '%s'", i, rc, err);
        free(out);
        free(err);
    }
    char *out, *err;
    const char *help[] = {"digest", "--help", NULL};
    assert_int_equal(th_run(help, NULL, &out, &err), 0);
    assert_non_null(strstr(out, "--daily"));
    free(out);
    free(err);
}

/* The court briefing of one article made of the HAGUE and JUDGES
 * sentences and `extra`, a short sentence that names nothing. */
static sm_digest_topic *court_with(fixture *f, sm_digest **d, const char *extra)
{
    f->ctx = th_ctx();
    assert_int_equal(sm_topics_load(f->ctx, TOPICS, &f->t), SM_OK);
    f->c = sm_corpus_new(f->ctx);
    char text[512];
    snprintf(text, sizeof text, "%s\n\n%s\n\n%s\n", HAGUE, JUDGES, extra);
    assert_int_equal(sm_corpus_add_text(f->c, "a.txt", text, strlen(text), NULL),
                     SM_OK);
    assert_int_equal(sm_corpus_prepare(f->c), SM_OK);
    *d = build(f, 0, 0, NULL);
    assert_string_equal((*d)->topics[1].id, "court");
    return &(*d)->topics[1];
}

/* A short sentence naming nothing joins a briefing, at the end of its
 * budget, only when its own words carry the topic twice over its
 * threshold (digest.c, NOFACT_TOPIC): "Arrest warrants of the court never
 * expire." (2.75 times) does; "There is no time limit on arrest
 * warrants." (1.95) and a remark of no topic do not, with words to spare. */
static void nameless_sentence_on_topic(void **state)
{
    (void)state;
    static const char *const strong = "Arrest warrants of the court never expire.";
    static const char *const weak = "There is no time limit on arrest warrants.";
    static const char *const remark = "Nobody expected such a quiet morning.";
    fixture f;
    sm_digest *d = NULL;
    const char *const with[] = {HAGUE, JUDGES, strong, NULL};
    expect_texts(court_with(&f, &d, strong), with);
    sm_digest_free(d);
    close_fixture(&f);
    const char *const without[] = {HAGUE, JUDGES, NULL};
    expect_texts(court_with(&f, &d, weak), without);
    sm_digest_free(d);
    close_fixture(&f);
    expect_texts(court_with(&f, &d, remark), without);
    sm_digest_free(d);
    close_fixture(&f);
}

/* tests/fixtures/facts/colour: every sentence names the summit's two
 * leaders.  By default (BM25's cosine, digest.c DEFAULT_SIMILARITY) the
 * 40-word briefing tells the talks' length; with TextRank's word overlap
 * the shared names make a remark naming them twice more central and it
 * takes that place. */
static void names_do_not_make_a_sentence_central(void **state)
{
    (void)state;
    static const char *const FISH =
        "Berg and Dunn signed a fisheries agreement worth 40 million euros at the summit.";
    static const char *const TALKS = "Berg and Dunn held summit talks in Copenhagen on Monday.";
    static const char *const LENGTH = "The talks between Berg and Dunn lasted four hours, officials said.";
    static const char *const CHAPTER = "Dunn said the summit marked a new chapter for Berg and Dunn.";
    sm_ctx *ctx = th_ctx();
    sm_topics *t = NULL;
    assert_int_equal(sm_topics_load(ctx, SM_TEST_DIR "/fixtures/facts/colour/topics", &t), SM_OK);
    sm_corpus *c = sm_corpus_new(ctx);
    assert_int_equal(sm_corpus_add_path(c, SM_TEST_DIR "/fixtures/facts/colour/news"), SM_OK);
    assert_int_equal(sm_corpus_prepare(c), SM_OK);
    sm_digest_opts o;
    sm_digest_opts_init(&o);
    assert_int_equal(o.similarity, SM_SIM_BM25);
    o.words = 40;
    sm_digest *d = NULL;
    assert_int_equal(sm_digest_build(c, t, &o, &d), SM_OK);
    const char *const bm25[] = {FISH, TALKS, LENGTH, NULL};
    expect_texts(&d->topics[0], bm25);
    sm_digest_free(d);
    o.similarity = SM_SIM_TEXTRANK;
    assert_int_equal(sm_digest_build(c, t, &o, &d), SM_OK);
    const char *const textrank[] = {FISH, TALKS, CHAPTER, NULL};
    expect_texts(&d->topics[0], textrank);
    sm_digest_free(d);
    sm_corpus_free(c);
    sm_topics_free(t);
    sm_ctx_free(ctx);
}

/* The shipped profiles on the bundled corpus: three non-empty briefings
 * within budget, no sentence in two of them. */
static void bundled_corpus(void **state)
{
    (void)state;
    sm_ctx *ctx = th_ctx();
    sm_topics *t = NULL;
    assert_int_equal(sm_topics_load(ctx, NULL, &t), SM_OK);
    sm_corpus *c = sm_corpus_new(ctx);
    assert_int_equal(sm_corpus_add_path(c, SM_SOURCE_DIR "/corpus"), SM_OK);
    assert_int_equal(sm_corpus_prepare(c), SM_OK);
    sm_digest *d = NULL;
    assert_int_equal(sm_digest_build(c, t, NULL, &d), SM_OK);
    assert_int_equal(d->n_topics, 3);
    size_t also = 0;
    for (size_t k = 0; k < 3; k++) {
        const sm_digest_topic *tp = &d->topics[k];
        assert_true(tp->n_sentences >= 2);
        assert_true(tp->words <= 120);
        for (size_t i = 0; i < tp->n_sentences; i++) {
            also += tp->sentences[i].n_also_in > 0;
            for (size_t u = 0; u < 3; u++)
                for (size_t j = 0; j < d->topics[u].n_sentences; j++)
                    if (u != k || j != i)
                        assert_string_not_equal(tp->sentences[i].text,
                                                d->topics[u].sentences[j].text);
        }
    }
    assert_true(also >= 1);
    sm_digest_free(d);
    sm_corpus_free(c);
    sm_topics_free(t);
    sm_ctx_free(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(exact_sentences_per_topic),
        cmocka_unit_test(nameless_sentence_on_topic),
        cmocka_unit_test(same_fact_once_with_also_in),
        cmocka_unit_test(no_repeats_no_fragments),
        cmocka_unit_test(budget_words_and_bytes),
        cmocka_unit_test(source_order),
        cmocka_unit_test(one_day),
        cmocka_unit_test(json_round_trip_of_a_real_digest),
        cmocka_unit_test(degenerate_input),
        cmocka_unit_test(cli_user_topic),
        cmocka_unit_test(cli_formats_and_days),
        cmocka_unit_test(cli_output_file_and_archive),
        cmocka_unit_test(cli_errors),
        cmocka_unit_test(names_do_not_make_a_sentence_central),
        cmocka_unit_test(bundled_corpus),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
