/* digest_cmd.c: 'summarizer digest', a briefing per topic, over all the input
 * or one digest per day. */
#include "cli.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char help[] =
    "Usage: summarizer digest [OPTIONS] PATH...\n"
    "\n"
    "Prints a short briefing per topic: the most central sentences about it,\n"
    "each fact once (with the other documents that carried it), every\n"
    "sentence attributed to its outlet and date.  PATH is a file, a directory\n"
    "(read recursively, in sorted order) or - for standard input.\n"
    "\n"
    "Topics:\n"
    "  --topics DIR        topic profiles, one *.topic file each (default:\n"
    "                      models/topics; the format is in the README); may\n"
    "                      be empty with --discover\n"
    "  --discover [N]      also the N largest stories no profile covers\n"
    "                      (default 10): articles grouped into stories by\n"
    "                      content, ranked by outlets\n"
    "Budget per topic (one of; default --words 120; never exceeded, no\n"
    "sentence cut):\n"
    "  --words N           at most N words\n"
    "  --bytes N           at most N bytes of sentences, one newline each\n"
    "Period (default: one digest over all the input):\n"
    "  --date YYYY-MM-DD   only the documents of that day\n"
    "  --daily             one digest per day present, oldest first\n"
    "Output:\n"
    "  --format F          text (default), markdown, json or html; with\n"
    "                      --daily, json is one digest per line and html one\n"
    "                      page\n"
    "  -o, --output FILE   write to FILE (replaced atomically) instead of\n"
    "                      standard output\n"
    "  --archive ARCHIVE   also append each digest, as JSON, to ARCHIVE (see\n"
    "                      'summarizer archive'); its date is the last day\n"
    "                      it covers\n"
    "Input and method:\n"
    "  --manifest FILE     metadata for files that carry none (see README)\n"
    "  --lang L            stemming and stopword language (default english)\n"
    "  --similarity S      textrank (default) or bm25\n"
    "  --models DIR        models directory (default: installed or source tree)\n"
    "\n"
    "Exit status: 0 success, 1 runtime error (unreadable or unusable input,\n"
    "a malformed topic file, a failed write), 2 bad usage.\n";

/* Comma-separated ids of the digest's topics, for the archive's index. */
static char *topic_list(const sm_digest *d)
{
    cli_buf b = {0};
    for (size_t t = 0; t < d->n_topics; t++) {
        if (t)
            cli_buf_add(&b, ",", 1);
        cli_buf_add(&b, d->topics[t].id, strlen(d->topics[t].id));
    }
    if (!b.s)
        cli_buf_add(&b, "", 0);
    return b.s;
}

static bool archive_digest(const char *archive, const sm_digest *d)
{
    size_t len = 0;
    char *json = sm_digest_render(d, SM_FORMAT_JSON, &len);
    char *topics = topic_list(d);
    char *msg = NULL;
    sm_status st = sm_archive_append(archive, json, len, d->to, topics, "json",
                                     -1, NULL, &msg);
    if (st != SM_OK)
        cli_error("%s", msg ? msg : archive);
    free(msg);
    free(topics);
    free(json);
    return st == SM_OK;
}

int cli_digest(int argc, char **argv)
{
    sm_digest_opts o;
    sm_digest_opts_init(&o);
    const char *lang = NULL, *models = NULL, *manifest = NULL;
    const char *topics_dir = NULL, *output = NULL, *archive = NULL;
    sm_format format = SM_FORMAT_TEXT;
    bool daily = false, have_words = false, have_bytes = false;
    const char **paths = calloc((size_t)argc + 1, sizeof *paths);
    size_t npaths = 0;
    int rc = CLI_OK;
    sm_ctx *ctx = NULL;
    sm_corpus *c = NULL;
    sm_topics *topics = NULL;
    char **dates = NULL;
    struct {
        sm_digest **v;
        size_t n;
    } digests = {0};
    cli_buf outbuf = {0};
    bool only_paths = false;

    if (!paths) {
        cli_error("out of memory");
        return CLI_RUNTIME;
    }
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v;
        bool missing = false;
        if (only_paths || a[0] != '-' || strcmp(a, "-") == 0) {
            paths[npaths++] = a;
            continue;
        }
        if (strcmp(a, "--") == 0) {
            only_paths = true;
        } else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            fputs(help, stdout);
            goto end;
        } else if ((v = cli_opt(argc, argv, &i, "--words", &missing))) {
            have_words = true;
            if (!cli_parse_count(v, &o.words)) {
                rc = cli_usage_error("digest", "--words needs a positive number, not '%s'", v);
                goto end;
            }
        } else if ((v = cli_opt(argc, argv, &i, "--bytes", &missing))) {
            have_bytes = true;
            if (!cli_parse_count(v, &o.bytes)) {
                rc = cli_usage_error("digest", "--bytes needs a positive number, not '%s'", v);
                goto end;
            }
        } else if ((v = cli_opt(argc, argv, &i, "--date", &missing))) {
            if (!sm_date_valid(v, strlen(v))) {
                rc = cli_usage_error("digest", "--date needs YYYY-MM-DD, not '%s'", v);
                goto end;
            }
            o.date = v;
        } else if (strcmp(a, "--daily") == 0) {
            daily = true;
        } else if (strcmp(a, "--discover") == 0) {
            /* The count is optional: --discover [N]. */
            o.discover = CLI_DISCOVER_DEFAULT;
            if (i + 1 < argc && cli_parse_count(argv[i + 1], &o.discover))
                i++;
        } else if (strncmp(a, "--discover=", 11) == 0) {
            if (!cli_parse_count(a + 11, &o.discover)) {
                rc = cli_usage_error("digest", "--discover needs a positive number, not '%s'", a + 11);
                goto end;
            }
        } else if ((v = cli_opt(argc, argv, &i, "--topics", &missing))) {
            topics_dir = v;
        } else if ((v = cli_opt(argc, argv, &i, "--format", &missing))) {
            if (!cli_parse_format(v, &format)) {
                rc = cli_usage_error("digest", "unknown format '%s' (text, markdown, json or html)", v);
                goto end;
            }
        } else if ((v = cli_opt(argc, argv, &i, "--output", &missing)) ||
                   (v = cli_opt(argc, argv, &i, "-o", &missing))) {
            output = v;
        } else if ((v = cli_opt(argc, argv, &i, "--archive", &missing))) {
            archive = v;
        } else if ((v = cli_opt(argc, argv, &i, "--lang", &missing))) {
            lang = v;
        } else if ((v = cli_opt(argc, argv, &i, "--models", &missing))) {
            models = v;
        } else if ((v = cli_opt(argc, argv, &i, "--manifest", &missing))) {
            manifest = v;
        } else if ((v = cli_opt(argc, argv, &i, "--similarity", &missing))) {
            if (!cli_parse_similarity(v, &o.similarity)) {
                rc = cli_usage_error("digest", "unknown similarity '%s' (textrank or bm25)", v);
                goto end;
            }
        } else if (missing) {
            rc = cli_usage_error("digest", "option '%s' needs a value", a);
            goto end;
        } else {
            rc = cli_usage_error("digest", "unknown option '%s'", a);
            goto end;
        }
    }
    if (have_words && have_bytes) {
        rc = cli_usage_error("digest", "give one budget: --words or --bytes");
        goto end;
    }
    if (have_bytes)
        o.words = 0;
    if (daily && o.date) {
        rc = cli_usage_error("digest", "give --date or --daily, not both");
        goto end;
    }
    if (npaths == 0) {
        rc = cli_usage_error("digest", "no input: give files, directories or - for stdin");
        goto end;
    }

    ctx = cli_ctx_new(models, lang, &rc);
    if (!ctx)
        goto end;
    /* Topics first: a malformed profile is reported before any reading. */
    if (sm_topics_load(ctx, topics_dir, &topics) != SM_OK) {
        cli_error("%s", sm_ctx_error(ctx));
        rc = CLI_RUNTIME;
        goto end;
    }
    if (sm_topics_count(topics) == 0 && !o.discover) {
        cli_error("%s: no topic profiles (*.topic files); add some or use "
                  "--discover", topics_dir ? topics_dir : "models/topics");
        rc = CLI_RUNTIME;
        goto end;
    }
    size_t failed = 0;
    rc = cli_load_corpus(ctx, manifest, paths, npaths, "digest", &c, &failed);
    if (rc != CLI_OK)
        goto end;

    if (daily) {
        dates = sm_corpus_dates(c);
        if (!dates || !dates[0]) {
            cli_error("--daily: no document has a date (give them a 'date:' "
                      "header or a --manifest)");
            rc = CLI_RUNTIME;
            goto end;
        }
        size_t undated = 0, n = sm_corpus_n_docs(c);
        for (size_t i = 0; i < n; i++) {
            sm_doc_info di;
            sm_corpus_doc(c, i, &di);
            undated += di.date == NULL;
        }
        if (undated)
            fprintf(stderr, "summarizer: warning: %zu undated document%s left "
                    "out of --daily\n", undated, undated == 1 ? "" : "s");
    }
    for (size_t k = 0; daily ? dates[k] != NULL : k == 0; k++) {
        sm_digest *d = NULL;
        if (daily)
            o.date = dates[k];
        if (sm_digest_build(c, topics, &o, &d) != SM_OK) {
            cli_error("%s", sm_ctx_error(ctx));
            rc = CLI_RUNTIME;
            goto end;
        }
        digests.v = cli_xrealloc(digests.v, (digests.n + 1) * sizeof *digests.v);
        digests.v[digests.n++] = d;
        if (d->documents == 0) {
            cli_error("no document dated %s in the input", o.date);
            rc = CLI_RUNTIME;
            goto end;
        }
    }

    if (format == SM_FORMAT_HTML) {
        size_t len = 0;
        char *page = sm_digests_render_html((const sm_digest *const *)digests.v,
                                            digests.n, &len);
        cli_buf_add(&outbuf, page, len);
        free(page);
    } else {
        for (size_t k = 0; k < digests.n; k++) {
            size_t len = 0;
            char *r = sm_digest_render(digests.v[k], format, &len);
            /* Text and Markdown digests of several days are set apart by a
             * blank line; JSON ones are one per line. */
            if (k && format != SM_FORMAT_JSON)
                cli_buf_add(&outbuf, "\n", 1);
            cli_buf_add(&outbuf, r, len);
            free(r);
        }
    }
    if (!cli_write_output(output, outbuf.s ? outbuf.s : "", outbuf.len)) {
        rc = CLI_RUNTIME;
        goto end;
    }
    if (archive)
        for (size_t k = 0; k < digests.n; k++)
            if (!archive_digest(archive, digests.v[k])) {
                rc = CLI_RUNTIME;
                goto end;
            }
    if (failed)
        rc = CLI_RUNTIME;
end:
    for (size_t k = 0; k < digests.n; k++)
        sm_digest_free(digests.v[k]);
    free(digests.v);
    cli_buf_free(&outbuf);
    free(dates);
    sm_corpus_free(c);
    sm_topics_free(topics);
    sm_ctx_free(ctx);
    free(paths);
    return rc;
}
