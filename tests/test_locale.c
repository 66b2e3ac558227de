/* test_locale.c: numbers are written and read the same whatever locale the
 * calling program set.  A program that calls setlocale(LC_ALL,
 * "de_DE.UTF-8") (whose decimal point is a comma) must get the very bytes a
 * C-locale program gets: valid JSON scores, topic weights such as "1.5"
 * read as one and a half, and its own locale left as it was.
 * tools/setup.sh generates the de_DE.UTF-8 locale. */
#include "helpers.h"

#include <cjson/cJSON.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FIX SM_TEST_DIR "/fixtures/digest"
#define GERMAN "de_DE.UTF-8"

/* The digest of the fixture as JSON, and a summary of it as JSON, made in
 * whatever locale is current. */
static void outputs(char **digest_json, char **summary_json)
{
    sm_ctx *ctx = th_ctx();
    sm_topics *t = NULL;
    assert_int_equal(sm_topics_load(ctx, FIX "/topics", &t), SM_OK);
    sm_corpus *c = sm_corpus_new(ctx);
    assert_int_equal(sm_corpus_add_path(c, FIX "/news"), SM_OK);
    assert_int_equal(sm_corpus_prepare(c), SM_OK);

    sm_digest_opts dopts;
    sm_digest_opts_init(&dopts);
    sm_digest *d = NULL;
    assert_int_equal(sm_digest_build(c, t, &dopts, &d), SM_OK);
    size_t len = 0;
    *digest_json = sm_digest_render(d, SM_FORMAT_JSON, &len);
    assert_non_null(*digest_json);

    sm_summary_opts sopts;
    sm_summary_opts_init(&sopts);
    sm_summary *s = NULL;
    assert_int_equal(sm_summarize(c, &sopts, &s), SM_OK);
    size_t slen = 0;
    FILE *f = open_memstream(summary_json, &slen);
    assert_non_null(f);
    assert_int_equal(sm_summary_write(c, s, SM_FORMAT_JSON, f), SM_OK);
    fclose(f);

    sm_summary_free(s);
    sm_digest_free(d);
    sm_corpus_free(c);
    sm_topics_free(t);
    sm_ctx_free(ctx);
}

static void german(void)
{
    if (!setlocale(LC_ALL, GERMAN))
        fail_msg("locale " GERMAN " is missing: run tools/setup.sh");
}

/* Every "score" in the JSON is a number with a full stop, and the whole
 * text parses as JSON. */
static void assert_valid_scores(const char *json)
{
    size_t n = 0;
    for (const char *p = strstr(json, "\"score\": "); p;
         p = strstr(p + 1, "\"score\": ")) {
        p += strlen("\"score\": ");
        size_t k = strspn(p, "0123456789.e-+");
        assert_true(k > 0);
        assert_true(p[k] == ',' || p[k] == '}');
        assert_true(p[k] != ',' || p[k + 1] == ' ' || p[k + 1] == '"');
        n++;
    }
    assert_true(n > 0);
    /* One JSON document, nothing after it. */
    cJSON *j = cJSON_ParseWithOpts(json, NULL, 1);
    if (!j)
        fail_msg("invalid JSON under %s: %.200s", setlocale(LC_NUMERIC, NULL),
                 json);
    cJSON_Delete(j);
}

static void json_is_the_same_under_a_german_locale(void **state)
{
    (void)state;
    char *digest_c = NULL, *summary_c = NULL;
    outputs(&digest_c, &summary_c);
    assert_valid_scores(digest_c);
    assert_valid_scores(summary_c);

    german();
    char *digest_de = NULL, *summary_de = NULL;
    outputs(&digest_de, &summary_de);
    assert_valid_scores(digest_de);
    assert_valid_scores(summary_de);
    assert_string_equal(digest_de, digest_c);
    assert_string_equal(summary_de, summary_c);

    /* Read back under the German locale: the same digest again. */
    char err[256];
    sm_digest *back = sm_digest_parse_json(digest_de, strlen(digest_de), err,
                                           sizeof err);
    if (!back)
        fail_msg("parse: %s", err);
    size_t len = 0;
    char *again = sm_digest_render(back, SM_FORMAT_JSON, &len);
    assert_non_null(again);
    assert_string_equal(again, digest_c);

    /* The program's own locale is untouched by the library. */
    char buf[16];
    snprintf(buf, sizeof buf, "%.1f", 1.5);
    assert_string_equal(buf, "1,5");
    setlocale(LC_ALL, "C");

    free(again);
    sm_digest_free(back);
    free(digest_c);
    free(summary_c);
    free(digest_de);
    free(summary_de);
}

static void write_topic(const char *dir, const char *text)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/t.topic", dir);
    assert_int_equal(th_write_file(path, text, strlen(text)), 0);
}

static void topic_numbers_are_read_the_same_under_a_german_locale(void **state)
{
    (void)state;
    char *dir = th_tmpdir();
    german();
    sm_ctx *ctx = th_ctx();
    sm_topics *t = NULL;

    write_topic(dir, "id: t\ntitle: T\nthreshold: 0.5\nterm: 1.5 tank\n");
    assert_int_equal(sm_topics_load(ctx, dir, &t), SM_OK);
    assert_int_equal(sm_topics_count(t), 1);
    sm_topics_free(t);
    t = NULL;

    /* The German way of writing one and a half is not a number here. */
    write_topic(dir, "id: t\ntitle: T\nterm: 1,5 tank\n");
    assert_int_equal(sm_topics_load(ctx, dir, &t), SM_ERR_FORMAT);
    assert_non_null(strstr(sm_ctx_error(ctx), "1,5"));
    assert_null(t);

    write_topic(dir, "id: t\ntitle: T\nthreshold: 0,5\nterm: 1 tank\n");
    assert_int_equal(sm_topics_load(ctx, dir, &t), SM_ERR_FORMAT);
    assert_null(t);

    sm_ctx_free(ctx);
    setlocale(LC_ALL, "C");
    char path[1024];
    snprintf(path, sizeof path, "%s/t.topic", dir);
    remove(path);
    remove(dir);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(json_is_the_same_under_a_german_locale),
        cmocka_unit_test(topic_numbers_are_read_the_same_under_a_german_locale),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
