/*
 * test_sites.c: a site's template is not its text (text/sites.c), and a
 * digest of saved pages is attributed and linked from the pages.
 *
 * tests/fixtures/sites/: six pages of one day from two invented sites.
 * The Millbrook Gazette (a1-a4) prints inside every article's container a
 * funding note and a share line, and in three of them a promotion of a1's
 * flood story ("Top story: Emergency crews evacuated 200 homes near the
 * River Mell ..."); a1 is the flood story, a2-a4 are about other things.
 * The Riverside Post (b1, b2) reports the same flood in other words and
 * prints a code-of-practice line in both.  html/ holds the pages, dumps/
 * the same pages as `w3m -dump -cols 80` saves them with a manifest.tsv
 * naming outlet, date and URL, dumps-bare/ the dumps alone.
 */
#include "helpers.h"
#include "text/text.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FIX SM_TEST_DIR "/fixtures/sites/"

/* The template sentences: none may be read from any page. */
static const char *const TEMPLATE[] = {
    "Valley Journalism Trust",
    "as the water kept rising",
    "code of practice",
    "Share this article",
    NULL};

static const char A1_LEAD[] =
    "Emergency crews evacuated 200 homes near the River Mell on Tuesday "
    "night after the river burst its banks below the old mill bridge.";
static const char B1_LEAD[] =
    "Around 200 homes near the River Mell in Millbrook were evacuated on "
    "Tuesday night as the river rose, the county council said.";

static sm_corpus *prepared(sm_ctx *ctx, const char *dir)
{
    sm_corpus *c = sm_corpus_new(ctx);
    assert_int_equal(sm_corpus_add_path(c, dir), SM_OK);
    assert_int_equal(sm_corpus_prepare(c), SM_OK);
    return c;
}

/* What the summarizer reads of the folder: the articles whole, no
 * template (of the Riverside Post's two pages only when they say whose
 * they are: two documents of no known site may be one wire story). */
static void check_extract(const char *dir, bool sites)
{
    sm_ctx *ctx = th_ctx();
    sm_corpus *c = prepared(ctx, dir);
    char *text = sm_corpus_extract(c, SM_FORMAT_TEXT, NULL);
    for (size_t i = 0; TEMPLATE[i]; i++)
        if ((sites || strcmp(TEMPLATE[i], "code of practice") != 0) && strstr(text, TEMPLATE[i]))
            fail_msg("%s: template kept: %s", dir, TEMPLATE[i]);
    assert_non_null(strstr(text, A1_LEAD));
    assert_non_null(strstr(text, B1_LEAD));
    assert_non_null(strstr(text, "Parents will be asked for their views at a "
                                 "public meeting in the town hall next month."));
    assert_non_null(strstr(text, "About 80 people spent the night at a rest "
                                 "centre in the leisure centre, the council said."));
    free(text);
    sm_corpus_free(c);
    sm_ctx_free(ctx);
}

static void template_dropped_from_pages(void **state)
{
    (void)state;
    check_extract(FIX "html", true);
}

static void template_dropped_from_dumps(void **state)
{
    (void)state;
    check_extract(FIX "dumps", true);
    /* Without outlets, the template of four pages and the promotion of
     * three are still found; the code-of-practice line of two stays. */
    check_extract(FIX "dumps-bare", false);
}

/* The flood briefing: every sentence attributed and linked from its page;
 * corroboration only between the two outlets' flood reports, never from a
 * page about something else. */
static void check_digest(const char *dir, bool linked)
{
    sm_ctx *ctx = th_ctx();
    sm_topics *t = NULL;
    assert_int_equal(sm_topics_load(ctx, FIX "topics", &t), SM_OK);
    sm_corpus *c = prepared(ctx, dir);
    sm_digest_opts o;
    sm_digest_opts_init(&o);
    sm_digest *d = NULL;
    assert_int_equal(sm_digest_build(c, t, &o, &d), SM_OK);
    assert_int_equal(d->n_topics, 1);
    const sm_digest_topic *tp = &d->topics[0];
    assert_true(tp->n_sentences >= 2);
    size_t also = 0;
    for (size_t i = 0; i < tp->n_sentences; i++) {
        const sm_digest_sentence *s = &tp->sentences[i];
        bool a = s->doc[0] == 'a';
        /* Only the flood reports: a1 and the Riverside Post's. */
        if (a && strncmp(s->doc, "a1.", 3) != 0)
            fail_msg("%s: chosen from %s: %s", dir, s->doc, s->text);
        if (linked) {
            assert_string_equal(s->source, a ? "Millbrook Gazette" : "Riverside Post");
            assert_string_equal(s->date, "2024-09-18");
            assert_non_null(s->url);
            assert_non_null(strstr(s->url, a ? "https://millbrook-gazette.example/news/river-mell-floods"
                                             : "https://riverside-post.example/2024/09/18/millbrook-"));
        }
        for (size_t k = 0; k < s->n_also_in; k++) {
            /* The other outlet, never a page of the same site. */
            if (s->also_in[k][0] == s->doc[0])
                fail_msg("%s: %s also in %s: %s", dir, s->doc, s->also_in[k], s->text);
            if (linked)
                assert_string_equal(s->also_in_sources[k],
                                    a ? "Riverside Post" : "Millbrook Gazette");
            also++;
        }
        if (strcmp(s->text, A1_LEAD) == 0 || strcmp(s->text, B1_LEAD) == 0) {
            assert_int_equal(s->n_also_in, 1);
            assert_int_equal(strncmp(s->also_in[0], a ? "b1." : "a1.", 3), 0);
        }
    }
    assert_true(also >= 2);
    sm_digest_free(d);
    sm_corpus_free(c);
    sm_topics_free(t);
    sm_ctx_free(ctx);
}

static void digest_of_pages(void **state)
{
    (void)state;
    check_digest(FIX "html", true);
}

static void digest_of_dumps(void **state)
{
    (void)state;
    check_digest(FIX "dumps", true);
    check_digest(FIX "dumps-bare", false);
}

/* The command's outputs: outlet and date from the pages and a link to
 * each sentence's article, in text, Markdown and JSON. */
static void digest_formats_link_articles(void **state)
{
    (void)state;
    const char *text[] = {"digest", "--topics", FIX "topics", FIX "html", NULL};
    char *out, *err;
    assert_int_equal(th_run(text, NULL, &out, &err), 0);
    assert_non_null(strstr(out, "Digest: 2024-09-18 (6 documents)\n"));
    assert_non_null(strstr(out, "Bridge Road.\n  (Millbrook Gazette, 2024-09-18; also in Riverside Post)\n"
                                "  https://millbrook-gazette.example/news/river-mell-floods\n"));
    assert_null(strstr(out, "also in Millbrook Gazette, "));
    free(out);
    free(err);
    const char *md[] = {"digest", "--format", "markdown", "--topics", FIX "topics", FIX "html", NULL};
    assert_int_equal(th_run(md, NULL, &out, &err), 0);
    assert_non_null(strstr(out, "Bridge Road. ([Millbrook Gazette](<https://millbrook-gazette.example/news/river-mell-floods> "
                                "\"River Mell bursts its banks in Millbrook\"), 2024-09-18; "
                                "also in [Riverside Post](<https://riverside-post.example/2024/09/18/millbrook-cleanup>))\n"));
    free(out);
    free(err);
    const char *js[] = {"digest", "--format", "json", "--topics", FIX "topics", FIX "html", NULL};
    assert_int_equal(th_run(js, NULL, &out, &err), 0);
    assert_non_null(strstr(out, "\"doc\": \"a1.html\", \"source\": \"Millbrook Gazette\", "
                                "\"date\": \"2024-09-18\", \"title\": \"River Mell bursts its banks in Millbrook\", "
                                "\"url\": \"https://millbrook-gazette.example/news/river-mell-floods\""));
    assert_null(strstr(out, "school-budget"));
    free(out);
    free(err);
}

/* Not template: a sentence two outlets print (one wire story), a sentence
 * two documents without an outlet print, and a page saved twice. */
static void shared_text_kept(void **state)
{
    (void)state;
    static const char wire[] =
        "The central bank raised its main interest rate by a quarter of a point on Thursday, "
        "the first rise in two years.";
    static const char other[] =
        "Economists had expected the move after inflation rose for a third month.";
    static const char third[] =
        "Markets barely moved after the announcement, which traders had priced in.";
    sm_ctx *ctx = th_ctx();
    sm_corpus *c = sm_corpus_new(ctx);
    sm_docmeta m1 = {.source = "First Outlet", .date = "2024-01-04"};
    sm_docmeta m2 = {.source = "Second Outlet", .date = "2024-01-04"};
    char buf[512];
    snprintf(buf, sizeof buf, "%s %s\n", wire, other);
    assert_int_equal(sm_corpus_add_text(c, "one", buf, strlen(buf), &m1), SM_OK);
    snprintf(buf, sizeof buf, "%s %s\n", wire, third);
    assert_int_equal(sm_corpus_add_text(c, "two", buf, strlen(buf), &m2), SM_OK);
    /* Two documents that say nothing of where they come from. */
    assert_int_equal(sm_corpus_add_text(c, "three", buf, strlen(buf), NULL), SM_OK);
    snprintf(buf, sizeof buf, "%s %s\n", wire, other);
    assert_int_equal(sm_corpus_add_text(c, "four", buf, strlen(buf), NULL), SM_OK);
    /* One page of a third outlet, saved twice. */
    sm_docmeta m3 = {.source = "Third Outlet", .date = "2024-01-04"};
    snprintf(buf, sizeof buf, "%s %s\n", other, third);
    assert_int_equal(sm_corpus_add_text(c, "five", buf, strlen(buf), &m3), SM_OK);
    assert_int_equal(sm_corpus_add_text(c, "six", buf, strlen(buf), &m3), SM_OK);
    assert_int_equal(sm_corpus_prepare(c), SM_OK);
    char *text = sm_corpus_extract(c, SM_FORMAT_TEXT, NULL);
    /* Every document keeps both its sentences. */
    static const char *const each[] = {wire, other, third};
    for (size_t k = 0; k < 3; k++) {
        size_t n = 0;
        for (const char *p = text; (p = strstr(p, each[k])); p++)
            n++;
        assert_int_equal(n, 4);
    }
    free(text);
    sm_corpus_free(c);
    sm_ctx_free(ctx);
}

/* One site's line in two of its pages goes; the same line from a second
 * site's single page stays (a site's template is its own). */
static void template_is_per_site(void **state)
{
    (void)state;
    static const char note[] = "Our reporters are paid by the people who read them every morning.";
    sm_ctx *ctx = th_ctx();
    sm_corpus *c = sm_corpus_new(ctx);
    sm_docmeta a = {.url = "https://www.one.example/x", .date = "2024-01-04"};
    sm_docmeta b = {.url = "https://one.example/y", .date = "2024-01-04"};
    sm_docmeta o = {.url = "https://two.example/z", .date = "2024-01-04"};
    char buf[512];
    snprintf(buf, sizeof buf, "The ferry to the island was cancelled because of the storm.\n\n%s\n", note);
    assert_int_equal(sm_corpus_add_text(c, "x", buf, strlen(buf), &a), SM_OK);
    snprintf(buf, sizeof buf, "A new bakery opened on the high street, selling bread from a wood oven.\n\n%s\n", note);
    assert_int_equal(sm_corpus_add_text(c, "y", buf, strlen(buf), &b), SM_OK);
    snprintf(buf, sizeof buf, "The museum will stay open late on Fridays through the summer.\n\n%s\n", note);
    assert_int_equal(sm_corpus_add_text(c, "z", buf, strlen(buf), &o), SM_OK);
    assert_int_equal(sm_corpus_prepare(c), SM_OK);
    char *text = sm_corpus_extract(c, SM_FORMAT_TEXT, NULL);
    const char *p = strstr(text, note);
    assert_non_null(p);
    assert_null(strstr(p + 1, note));
    assert_true(p > strstr(text, "The museum will stay open late"));
    free(text);
    sm_corpus_free(c);
    sm_ctx_free(ctx);
}

/* A short dump of two-line paragraphs is re-joined at its width (80),
 * not at the band its paragraphs' last lines fill (50-61): "... and the" /
 * "Environment Agency ..." is one sentence. */
static void short_dump_unwrapped(void **state)
{
    (void)state;
    const char *args[] = {"summarize", "--sentences", "10", "--format", "json",
                          FIX "dumps-bare/a1.txt", NULL};
    char *out, *err;
    assert_int_equal(th_run(args, NULL, &out, &err), 0);
    assert_non_null(strstr(out, "\"Forecasters expect the river to peak on Wednesday afternoon, "
                                "and the Environment Agency kept its severe flood warning in place.\""));
    free(out);
    free(err);
}

/* A sentence's key folds case, digits and runs of white space, and drops
 * white space at the end, however the text falls into the eight-byte
 * blocks it is read in; any other difference, or another site, changes
 * it. */
static void sentence_keys(void **state)
{
    (void)state;
    unsigned char fold[256];
    sm_site_fold(fold);
    const char *base = "support our journalism today: donate 00 dollars now, "
                       "please. thank you";
    uint64_t want = sm_site_key(7, fold, base, strlen(base));
    const char *same[] = {
        "Support our journalism today: donate 25 dollars now, please. "
        "Thank you",
        "SUPPORT OUR   JOURNALISM\ttoday: donate 99 dollars now, please. "
        "thank you  ",
        "support our journalism today:\ndonate 10 dollars now, please.\r\n"
        "thank you\n",
    };
    for (size_t i = 0; i < sizeof same / sizeof *same; i++)
        assert_true(sm_site_key(7, fold, same[i], strlen(same[i])) == want);
    /* A second space, or a tab, at every offset of the text. */
    size_t n = strlen(base);
    for (size_t at = 0; at < n; at++) {
        if (base[at] != ' ')
            continue;
        char buf[128];
        for (size_t k = 0; k < 2; k++) {
            memcpy(buf, base, at);
            memcpy(buf + at, k ? " \t" : "  ", 2);
            memcpy(buf + at + 2, base + at + 1, n - at - 1);
            assert_true(sm_site_key(7, fold, buf, n + 1) == want);
        }
    }
    const char *other = "support our journalism today: donate 00 dollars now, "
                        "please. thank yo";
    assert_true(sm_site_key(7, fold, other, strlen(other)) != want);
    assert_true(sm_site_key(8, fold, base, strlen(base)) != want);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(template_dropped_from_pages),
        cmocka_unit_test(template_dropped_from_dumps),
        cmocka_unit_test(digest_of_pages),
        cmocka_unit_test(digest_of_dumps),
        cmocka_unit_test(digest_formats_link_articles),
        cmocka_unit_test(shared_text_kept),
        cmocka_unit_test(template_is_per_site),
        cmocka_unit_test(short_dump_unwrapped),
        cmocka_unit_test(sentence_keys),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
