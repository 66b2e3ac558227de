/* test_topics.c: loading topic profiles, and their errors. */
#include "helpers.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Writes name = text into dir. */
static void put(const char *dir, const char *name, const char *text)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    assert_int_equal(th_write_file(path, text, strlen(text)), 0);
}

static void rm(const char *dir, const char *name)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    unlink(path);
}

static void shipped_topics(void **state)
{
    (void)state;
    sm_ctx *ctx = th_ctx();
    sm_topics *t = NULL;
    assert_int_equal(sm_topics_load(ctx, NULL, &t), SM_OK);
    /* Sorted by file name. */
    assert_int_equal(sm_topics_count(t), 3);
    assert_string_equal(sm_topics_id(t, 0), "aid");
    assert_string_equal(sm_topics_title(t, 0), "Aid to Ukraine");
    assert_string_equal(sm_topics_id(t, 1), "icc");
    assert_string_equal(sm_topics_id(t, 2), "xi-putin");
    assert_null(sm_topics_id(t, 3));
    sm_topics_free(t);
    sm_ctx_free(ctx);
}

static void user_topic(void **state)
{
    (void)state;
    char *dir = th_tmpdir();
    put(dir, "energy.topic",
        "# a comment\n"
        "id: energy\r\n"
        "title:   Energy & gas  \n"
        "\n"
        "description: gas, oil\n"
        "threshold: 0.5\n"
        "term: 2 gas pipeline\n"
        "term: 1.5 Nord Stream\n"
        "exclude: gas station\n");
    put(dir, "README", "not a topic\n");
    sm_ctx *ctx = th_ctx();
    sm_topics *t = NULL;
    assert_int_equal(sm_topics_load(ctx, dir, &t), SM_OK);
    assert_int_equal(sm_topics_count(t), 1);
    assert_string_equal(sm_topics_id(t, 0), "energy");
    assert_string_equal(sm_topics_title(t, 0), "Energy & gas");
    sm_topics_free(t);
    sm_ctx_free(ctx);
    rm(dir, "energy.topic");
    rm(dir, "README");
    rmdir(dir);
    free(dir);
}

/* Each malformed profile fails with SM_ERR_FORMAT and "file:line: ...". */
static void malformed(void **state)
{
    (void)state;
    static const struct { const char *text; int line; const char *msg; } cases[] = {
        {"id: a\ntitle: A\nterm: 1 x\nweight: 2\n", 4, "unknown key 'weight'"},
        {"title: A\nterm: 1 tanks\n", 2, "no 'id:' line"},
        {"id: a\nterm: 1 tanks\n", 2, "no 'title:' line"},
        {"id: a\ntitle: A\n", 2, "no 'term:' line"},
        {"id: a\ntitle: A\n\nterm: heavy tanks\n", 4, "bad weight 'heavy'"},
        {"id: a\ntitle: A\nterm: -1 tanks\n", 3, "bad weight '-1'"},
        {"id: a\ntitle: A\nterm: 1e999 tanks\n", 3, "bad weight"},
        {"id: a\ntitle: A\nterm: 2\n", 3, "term has a weight but no word"},
        {"id: a\ntitle: A\nterm: 1 the\n", 3, "'the' has no word"},
        {"id: a\nid: b\n", 2, "a second 'id'"},
        {"id: Bad Id\n", 1, "id 'Bad Id'"},
        {"id: a\ntitle: A\njust words\n", 3, "expected 'key: value'"},
        {"id: a\ntitle:\n", 2, "'title' has no value"},
        {"id: a\ntitle: A\nthreshold: x\nterm: 1 y\n", 3, "threshold 'x'"},
    };
    char *dir = th_tmpdir();
    sm_ctx *ctx = th_ctx();
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        put(dir, "bad.topic", cases[i].text);
        sm_topics *t = (sm_topics *)1;
        assert_int_equal(sm_topics_load(ctx, dir, &t), SM_ERR_FORMAT);
        assert_null(t);
        char want[1200];
        snprintf(want, sizeof want, "%s/bad.topic:%d: %s", dir, cases[i].line,
                 cases[i].msg);
        if (strncmp(sm_ctx_error(ctx), want, strlen(want)) != 0)
            fail_msg("case %zu: got '%s', want '%s...'", i, sm_ctx_error(ctx),
                     want);
    }
    rm(dir, "bad.topic");
    /* The same id in two files. */
    put(dir, "a.topic", "id: x\ntitle: A\nterm: 1 tanks\n");
    put(dir, "b.topic", "id: x\ntitle: B\nterm: 1 shells\n");
    sm_topics *t = NULL;
    assert_int_equal(sm_topics_load(ctx, dir, &t), SM_ERR_FORMAT);
    char want[1200];
    snprintf(want, sizeof want, "%s/b.topic:1: duplicate topic id 'x' (also in %s/a.topic)",
             dir, dir);
    assert_string_equal(sm_ctx_error(ctx), want);
    rm(dir, "a.topic");
    rm(dir, "b.topic");
    /* No topics at all is an empty set (a digest of discovered stories
     * alone); no directory is an error. */
    assert_int_equal(sm_topics_load(ctx, dir, &t), SM_OK);
    assert_int_equal(sm_topics_count(t), 0);
    sm_topics_free(t);
    t = NULL;
    rmdir(dir);
    assert_int_equal(sm_topics_load(ctx, dir, &t), SM_ERR_IO);
    assert_null(t);
    sm_ctx_free(ctx);
    free(dir);
    sm_topics_free(NULL);
    assert_int_equal(sm_topics_count(NULL), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(shipped_topics),
        cmocka_unit_test(user_topic),
        cmocka_unit_test(malformed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
