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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(ctx_create_statuses),
        cmocka_unit_test(cli_exit_codes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
