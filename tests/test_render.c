/* test_render.c: digest renderings and the JSON read back. */
#include "helpers.h"

#include <stdlib.h>
#include <string.h>

#include "tasks/tasks.h"

/* A digest built by hand, with characters every format must escape. */
static sm_digest *sample(void)
{
    sm_digest *d = sm_xcalloc(1, sizeof *d);
    d->from = sm_xstrdup("2023-03-20");
    d->to = sm_xstrdup("2023-03-21");
    d->documents = 3;
    d->n_topics = 2;
    d->topics = sm_xcalloc(2, sizeof *d->topics);
    sm_digest_topic *t = &d->topics[0];
    t->id = sm_xstrdup("aid");
    t->title = sm_xstrdup("Aid <to> \"Ukraine\" & co");
    t->budget_words = 120;
    t->words = 14;
    t->n_sentences = 2;
    t->sentences = sm_xcalloc(2, sizeof *t->sentences);
    sm_digest_sentence *s = &t->sentences[0];
    s->text = sm_xstrdup("Norway sent <b>8</b> tanks & \"shells\" \\ to Kyiv's "
                         "army, 100% \xe2\x80\x9c" "for real\xe2\x80\x9d" ".");
    s->doc = sm_xstrdup("a.txt");
    s->source = sm_xstrdup("CNN");
    s->date = sm_xstrdup("2023-03-20");
    s->score = 0.0312345;
    s->n_also_in = 2;
    s->also_in = sm_xcalloc(2, sizeof *s->also_in);
    s->also_in[0] = sm_xstrdup("b.txt");
    s->also_in[1] = sm_xstrdup("c.txt");
    s = &t->sentences[1];
    s->text = sm_xstrdup("Tab\there, and a *star* and_underscore.");
    s->doc = sm_xstrdup("nometa.txt");
    s->score = 1e-7;
    t = &d->topics[1];
    t->id = sm_xstrdup("icc");
    t->title = sm_xstrdup("ICC");
    t->budget_bytes = 500;
    return d;
}

static void json_round_trip(void **state)
{
    (void)state;
    sm_digest *d = sample();
    size_t len1 = 0, len2 = 0;
    char *j1 = sm_digest_render(d, SM_FORMAT_JSON, &len1);
    assert_non_null(j1);
    assert_int_equal(strlen(j1), len1);
    char err[256];
    sm_digest *back = sm_digest_parse_json(j1, len1, err, sizeof err);
    if (!back)
        fail_msg("parse: %s", err);
    char *j2 = sm_digest_render(back, SM_FORMAT_JSON, &len2);
    assert_int_equal(len1, len2);
    assert_string_equal(j1, j2);
    /* The fields came back, not only the bytes. */
    assert_int_equal(back->documents, 3);
    assert_int_equal(back->n_topics, 2);
    assert_string_equal(back->topics[0].sentences[0].also_in[1], "c.txt");
    assert_null(back->topics[0].sentences[1].source);
    assert_null(back->topics[0].sentences[1].date);
    assert_int_equal(back->topics[1].budget_bytes, 500);
    assert_int_equal(back->topics[1].n_sentences, 0);
    /* One line, so that --daily is JSON Lines. */
    assert_null(memchr(j1, '\n', len1 - 1));
    assert_int_equal(j1[len1 - 1], '\n');
    assert_non_null(strstr(j1, "\"score\": 0.03123"));
    assert_non_null(strstr(j1, "\"source\": null"));
    assert_non_null(strstr(j1, "Tab\\there"));
    free(j1);
    free(j2);
    sm_digest_free(back);
    sm_digest_free(d);
}

static void json_exact_shape(void **state)
{
    (void)state;
    sm_digest *d = sm_xcalloc(1, sizeof *d);
    d->from = sm_xstrdup("2023-03-20");
    d->to = sm_xstrdup("2023-03-20");
    d->documents = 1;
    d->n_topics = 1;
    d->topics = sm_xcalloc(1, sizeof *d->topics);
    d->topics[0].id = sm_xstrdup("aid");
    d->topics[0].title = sm_xstrdup("Aid to Ukraine");
    d->topics[0].budget_words = 120;
    d->topics[0].words = 3;
    d->topics[0].n_sentences = 1;
    d->topics[0].sentences = sm_xcalloc(1, sizeof(sm_digest_sentence));
    d->topics[0].sentences[0].text = sm_xstrdup("Tanks were sent.");
    d->topics[0].sentences[0].doc = sm_xstrdup("a.txt");
    d->topics[0].sentences[0].source = sm_xstrdup("CNN");
    d->topics[0].sentences[0].date = sm_xstrdup("2023-03-20");
    d->topics[0].sentences[0].score = 0.5;
    char *j = sm_digest_render(d, SM_FORMAT_JSON, NULL);
    assert_string_equal(
        j, "{\"period\": {\"from\": \"2023-03-20\", \"to\": \"2023-03-20\"}, "
           "\"documents\": 1, \"topics\": [{\"id\": \"aid\", \"title\": \"Aid "
           "to Ukraine\", \"budget_words\": 120, \"words\": 3, "
           "\"sentences\": [{\"text\": \"Tanks were sent.\", \"doc\": "
           "\"a.txt\", \"source\": \"CNN\", \"date\": \"2023-03-20\", "
           "\"score\": 0.5, \"also_in\": []}]}]}\n");
    free(j);
    sm_digest_free(d);
}

static void json_errors(void **state)
{
    (void)state;
    static const struct { const char *json, *msg; } cases[] = {
        {"", "not valid JSON"},
        {"{\"period\": {", "not valid JSON"},
        {"[]", "a digest is a JSON object"},
        {"{\"documents\": 1, \"topics\": []}", "\"period\""},
        {"{\"period\": {\"from\": 1, \"to\": null}, \"documents\": 1, "
         "\"topics\": []}",
         "period: \"from\""},
        {"{\"period\": {\"from\": null, \"to\": null}, \"documents\": -1, "
         "\"topics\": []}",
         "\"documents\""},
        {"{\"period\": {\"from\": null, \"to\": null}, \"documents\": 1, "
         "\"topics\": [{\"id\": \"a\", \"title\": \"A\", \"budget_words\": "
         "1, \"words\": 0, \"sentences\": [{\"text\": \"x\"}]}]}",
         "topics[0].sentences[0]: \"doc\""},
        {"{\"period\": {\"from\": null, \"to\": null}, \"documents\": 0, "
         "\"topics\": []} x",
         "trailing data"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char err[256] = "";
        sm_digest *d = sm_digest_parse_json(cases[i].json,
                                            strlen(cases[i].json), err,
                                            sizeof err);
        assert_null(d);
        if (!strstr(err, cases[i].msg))
            fail_msg("case %zu: '%s' lacks '%s'", i, err, cases[i].msg);
    }
    /* An empty digest parses. */
    const char *ok = "{\"period\": {\"from\": null, \"to\": null}, "
                     "\"documents\": 0, \"topics\": []}";
    char err[64];
    sm_digest *d = sm_digest_parse_json(ok, strlen(ok), err, sizeof err);
    assert_non_null(d);
    assert_int_equal(d->n_topics, 0);
    sm_digest_free(d);
}

static void html_escaped_and_self_contained(void **state)
{
    (void)state;
    sm_digest *d = sample();
    char *h = sm_digest_render(d, SM_FORMAT_HTML, NULL);
    assert_non_null(strstr(h, "<!DOCTYPE html>"));
    assert_non_null(strstr(h, "<style>"));
    assert_non_null(
        strstr(h, "Norway sent &lt;b&gt;8&lt;/b&gt; tanks &amp; &quot;shells"
                  "&quot; \\ to Kyiv&#39;s army"));
    assert_non_null(strstr(h, "<h2>Aid &lt;to&gt; &quot;Ukraine&quot; &amp; "
                              "co</h2>"));
    assert_null(strstr(h, "<b>8"));
    /* No external assets. */
    assert_null(strstr(h, "src="));
    assert_null(strstr(h, "href="));
    assert_null(strstr(h, "http"));
    assert_non_null(strstr(h, "CNN, 2023-03-20; also in b.txt, c.txt"));
    assert_non_null(strstr(h, "Nothing relevant."));
    free(h);
    sm_digest_free(d);
}

/* "also in" names each outlet once and the first eight, then a count; the
 * JSON keeps every document. */
static void also_in_outlets_once(void **state)
{
    (void)state;
    sm_digest *d = sample();
    sm_digest_sentence *s = &d->topics[0].sentences[0];
    for (size_t k = 0; k < s->n_also_in; k++)
        free(s->also_in[k]);
    free(s->also_in);
    static const char *const outlets[] = {"AP", "BBC", "AP", "DW", "NPR",
        "AFP", "BBC", "CNN", "Reuters", "WION", "The Times", "AP", "Al Jazeera",
        "France 24"};
    size_t n = sizeof outlets / sizeof *outlets;
    s->n_also_in = n;
    s->also_in = sm_xcalloc(n, sizeof *s->also_in);
    s->also_in_sources = sm_xcalloc(n, sizeof *s->also_in_sources);
    for (size_t k = 0; k < n; k++) {
        char name[32];
        snprintf(name, sizeof name, "doc%zu.txt", k);
        s->also_in[k] = sm_xstrdup(name);
        s->also_in_sources[k] = sm_xstrdup(outlets[k]);
    }
    char *t = sm_digest_render(d, SM_FORMAT_TEXT, NULL);
    assert_non_null(strstr(t, "  (CNN, 2023-03-20; also in AP, BBC, DW, NPR, AFP, "
                              "CNN, Reuters, WION and 3 more)\n"));
    char *j = sm_digest_render(d, SM_FORMAT_JSON, NULL);
    assert_non_null(strstr(j, "\"doc13.txt\""));
    assert_non_null(strstr(j, "\"France 24\""));
    free(t);
    free(j);
    sm_digest_free(d);
}

static void text_and_markdown(void **state)
{
    (void)state;
    sm_digest *d = sample();
    char *t = sm_digest_render(d, SM_FORMAT_TEXT, NULL);
    assert_non_null(strstr(t, "Digest: 2023-03-20 to 2023-03-21 (3 documents)\n"));
    assert_non_null(strstr(t, "\n== Aid <to> \"Ukraine\" & co [aid] (14/120 "
                              "words) ==\n- Norway sent"));
    assert_non_null(strstr(t, "  (CNN, 2023-03-20; also in b.txt, c.txt)\n"));
    /* Unknown outlet: the file name stands in; no date. */
    assert_non_null(strstr(t, "  (nometa.txt)\n"));
    assert_non_null(strstr(t, "[icc] (0 words, budget 500 bytes) ==\n"
                              "(nothing relevant)\n"));
    char *m = sm_digest_render(d, SM_FORMAT_MARKDOWN, NULL);
    assert_non_null(strstr(m, "# Digest: 2023-03-20 to 2023-03-21\n"));
    assert_non_null(strstr(m, "\n## Aid \\<to\\> \"Ukraine\" & co\n"));
    assert_non_null(strstr(m, "a \\*star\\* and\\_underscore."));
    assert_non_null(strstr(m, "(nometa.txt)\n"));
    free(t);
    free(m);
    sm_digest_free(d);
}

static void empty_and_null(void **state)
{
    (void)state;
    assert_null(sm_digest_render(NULL, SM_FORMAT_JSON, NULL));
    sm_digest_free(NULL);
    sm_digest *d = sm_xcalloc(1, sizeof *d);
    size_t len;
    char *j = sm_digest_render(d, SM_FORMAT_JSON, &len);
    assert_string_equal(j, "{\"period\": {\"from\": null, \"to\": null}, "
                           "\"documents\": 0, \"topics\": []}\n");
    free(j);
    j = sm_digest_render(d, SM_FORMAT_TEXT, &len);
    assert_string_equal(j, "Digest: undated (0 documents)\n");
    free(j);
    sm_digest_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(json_round_trip),
        cmocka_unit_test(json_exact_shape),
        cmocka_unit_test(json_errors),
        cmocka_unit_test(html_escaped_and_self_contained),
        cmocka_unit_test(text_and_markdown),
        cmocka_unit_test(also_in_outlets_once),
        cmocka_unit_test(empty_and_null),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
