/* test_models.c: the models layout: one folder per language holding that
 * language's word lists (models/<lang>/<list>.txt), topics in
 * models/topics/. */
#include "helpers.h"
#include "common/common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void put(const char *dir, const char *name, const char *text)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    assert_int_equal(th_write_file(path, text, strlen(text)), 0);
}

static bool exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

/* Each list is read from models/<lang>/<list>.txt, and only from there. */
static void lists_per_language(void **state)
{
    (void)state;
    char *dir = th_tmpdir();
    char sub[1024];
    snprintf(sub, sizeof sub, "%s/english", dir);
    assert_int_equal(mkdir(sub, 0700), 0);
    put(dir, "english/stopwords.txt", "# comment\nzebra\n");
    put(dir, "english/abbreviations.txt", "qqx\n");
    put(dir, "english/furniture.txt", "read the whole story\n");
    /* The old layout's files must not be read. */
    snprintf(sub, sizeof sub, "%s/stopwords", dir);
    assert_int_equal(mkdir(sub, 0700), 0);
    put(dir, "stopwords/english.txt", "giraffe\n");

    char err[256] = "";
    sm_ctx *ctx = sm_ctx_new(dir, "english", err, sizeof err);
    assert_non_null(ctx);
    assert_true(sm_wordset_has(&ctx->stopwords, "zebra", 5));
    assert_false(sm_wordset_has(&ctx->stopwords, "giraffe", 7));
    assert_false(sm_wordset_has(&ctx->stopwords, "the", 3));
    assert_true(sm_wordset_has(&ctx->abbreviations, "qqx", 3));
    assert_true(sm_wordset_has(&ctx->furniture, "read the whole story", 20));
    sm_ctx_free(ctx);

    const char *rm[] = {"english/stopwords.txt", "english/abbreviations.txt",
                        "english/furniture.txt", "stopwords/english.txt",
                        "english", "stopwords"};
    for (size_t i = 0; i < sizeof rm / sizeof *rm; i++) {
        char p[1024];
        snprintf(p, sizeof p, "%s/%s", dir, rm[i]);
        assert_int_equal(remove(p), 0);
    }
    rmdir(dir);
    free(dir);
}

/* The shipped tree: English has its four lists, the other languages their
 * stopwords, and no list is left in the old per-list folders. */
static void shipped_layout(void **state)
{
    (void)state;
    const char *want[] = {"english/stopwords.txt", "english/abbreviations.txt",
                          "english/furniture.txt", "english/query-stopwords.txt",
                          "french/stopwords.txt", "french/abbreviations.txt",
                          "german/stopwords.txt", "spanish/stopwords.txt",
                          "porter/stopwords.txt", "topics/icc.topic"};
    for (size_t i = 0; i < sizeof want / sizeof *want; i++) {
        char p[1024];
        snprintf(p, sizeof p, "%s/models/%s", SM_SOURCE_DIR, want[i]);
        if (!exists(p))
            fail_msg("missing %s", p);
    }
    const char *gone[] = {"stopwords", "abbreviations", "furniture"};
    for (size_t i = 0; i < sizeof gone / sizeof *gone; i++) {
        char p[1024];
        snprintf(p, sizeof p, "%s/models/%s", SM_SOURCE_DIR, gone[i]);
        if (exists(p))
            fail_msg("old layout folder %s still there", p);
    }
    sm_ctx *ctx = th_ctx();
    assert_true(sm_wordset_has(&ctx->stopwords, "the", 3));
    assert_true(sm_wordset_has(&ctx->abbreviations, "^dr", 3));
    assert_true(ctx->furniture.set.strs.n > 0);
    sm_ctx_free(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(lists_per_language),
        cmocka_unit_test(shipped_layout),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
