/*
 * program.c: a third-party program, built only against the installed
 * header and library (tests/install/check.sh compiles it through pkg-config
 * and through find_package(summarizer) after `cmake --install` into a
 * temporary prefix).  Under a German locale it summarizes a folder, builds a
 * digest with the installed topics, and stores the digest in an archive and
 * reads it back.  The library must find its models below PREFIX on its own.
 *
 * usage: program PREFIX NEWS_DIR ARCHIVE
 */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <summarizer.h>

static int fail(const char *what, const char *msg)
{
    fprintf(stderr, "program: %s: %s\n", what, msg ? msg : "failed");
    return 1;
}

static int archive_round_trip(const char *path, const char *json, size_t len)
{
    char *err = NULL, *back = NULL;
    size_t blen = 0;
    sm_archive *a = NULL;
    int rc = 1;
    if (sm_archive_append(path, json, len, NULL, NULL, NULL, -1, NULL, &err) ||
        sm_archive_open(path, &a, &err) ||
        sm_archive_read(a, sm_archive_count(a) - 1, &back, &blen, &err))
        fprintf(stderr, "program: archive: %s\n", err ? err : "failed");
    else if (blen != len || memcmp(back, json, len) != 0)
        fprintf(stderr, "program: the archive gave back other bytes\n");
    else
        rc = 0;
    free(back);
    free(err);
    sm_archive_close(a);
    return rc;
}

int main(int argc, char **argv)
{
    if (argc != 4)
        return fail("usage", "program PREFIX NEWS_DIR ARCHIVE");
    if (!setlocale(LC_ALL, "de_DE.UTF-8"))
        return fail("setlocale", "de_DE.UTF-8 is missing (tools/setup.sh)");
    if (strcmp(sm_version(), SM_VERSION) != 0)
        return fail("version", sm_version());
    char err[256];
    sm_ctx *ctx = sm_ctx_new(NULL, NULL, err, sizeof err);
    if (!ctx)
        return fail("context", err);
    char *prefix = realpath(argv[1], NULL);
    char *models = realpath(sm_ctx_models_dir(ctx), NULL);
    int bad = !prefix || !models || strncmp(models, prefix, strlen(prefix)) != 0;
    if (bad)
        fail("models not found below the prefix", sm_ctx_models_dir(ctx));
    free(prefix);
    free(models);

    sm_corpus *c = sm_corpus_new(ctx);
    sm_summary_opts o;
    sm_summary_opts_init(&o);
    sm_summary *s = NULL;
    sm_topics *t = NULL;
    sm_digest_opts dopts;
    sm_digest_opts_init(&dopts);
    sm_digest *d = NULL;
    char *json = NULL;
    size_t len = 0;
    if (!bad && (sm_corpus_add_path(c, argv[2]) || sm_corpus_prepare(c) ||
                 sm_summarize(c, &o, &s) ||
                 sm_summary_write(c, s, SM_FORMAT_TEXT, stdout) ||
                 sm_topics_load(ctx, NULL, &t) ||
                 sm_digest_build(c, t, &dopts, &d)))
        bad = fail("summarizer", sm_ctx_error(ctx));
    if (!bad && !(json = sm_digest_render(d, SM_FORMAT_JSON, &len)))
        bad = fail("render", NULL);
    if (!bad && (s->n == 0 || sm_topics_count(t) == 0 || d->n_topics == 0))
        bad = fail("summarizer", "empty summary or digest");
    if (!bad) {
        sm_digest *back = sm_digest_parse_json(json, len, err, sizeof err);
        if (!back)
            bad = fail("parse", err);
        sm_digest_free(back);
    }
    if (!bad)
        bad = archive_round_trip(argv[3], json, len);
    if (!bad)
        fputs(json, stdout);
    free(json);
    sm_digest_free(d);
    sm_topics_free(t);
    sm_summary_free(s);
    sm_corpus_free(c);
    sm_ctx_free(ctx);
    return bad;
}
