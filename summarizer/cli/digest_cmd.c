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

static void help(void)
{
    fputs("Usage: summarizer digest [OPTIONS] [PATH...]\n"
          "\n"
          "Prints a short briefing per topic: the most central sentences about\n"
          "it, each fact once (with the other documents that carried it), every\n"
          "sentence attributed to its outlet and date, linked to its article\n"
          "when the input gives a URL.  PATH is a file, a directory (read\n"
          "recursively, in sorted order; archives, their indexes and the\n"
          "tool's own output files are not read) or - for standard input,\n"
          "which is also read when no PATH is given and it is not a terminal.\n"
          "\n",
          stdout);
    cli_print_options(CLI_CMD_DIGEST, false, stdout);
    fputs("\nExit status: 0 success, 1 runtime error (unreadable or unusable "
          "input,\na malformed topic file, a failed write), 2 bad usage.\n",
          stdout);
}

/* Reads the budget, period, format and method options into o. */
static int digest_options(const cli_args *a, sm_digest_opts *o,
                          sm_format *format, char day[11])
{
    const char *v;
    if (a->value[OPT_WORDS] && a->value[OPT_BYTES])
        return cli_usage_error("digest", "give one budget: --words or --bytes");
    if ((v = a->value[OPT_WORDS]) && !cli_parse_count(v, &o->words))
        return cli_usage_error("digest", "--words needs a positive number, not '%s'", v);
    if ((v = a->value[OPT_BYTES])) {
        if (!cli_parse_count(v, &o->bytes))
            return cli_usage_error("digest", "--bytes needs a positive number, not '%s'", v);
        o->words = 0;
    }
    if ((v = a->value[OPT_DATE])) {
        if (!cli_parse_day(v, day))
            return cli_usage_error("digest", "--date needs YYYY-MM-DD, today or yesterday, not '%s'", v);
        o->date = day;
    }
    if ((v = a->value[OPT_DISCOVER])) {
        /* The count is optional: --discover [N]. */
        o->discover = CLI_DISCOVER_DEFAULT;
        if (*v && !cli_parse_count(v, &o->discover))
            return cli_usage_error("digest", "--discover needs a positive number, not '%s'", v);
    }
    if (a->value[OPT_DAILY] && o->date)
        return cli_usage_error("digest", "give --date or --daily, not both");
    if ((v = a->value[OPT_FORMAT]) && !cli_parse_format(v, format))
        return cli_usage_error("digest", "unknown format '%s' (text, markdown, json or html)", v);
    if ((v = a->value[OPT_SIMILARITY]) && !cli_parse_similarity(v, &o->similarity))
        return cli_usage_error("digest", "unknown similarity '%s' (textrank or bm25)", v);
    return CLI_OK;
}

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

static bool archive_digest(const char *archive, const sm_digest *d, bool force)
{
    char *topics = topic_list(d);
    int have = force ? 0 : cli_archive_has(archive, d->to, topics);
    if (have != 0) {
        free(topics);
        return have > 0;
    }
    size_t len = 0;
    char *json = sm_digest_render(d, SM_FORMAT_JSON, &len);
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

/* The digests built, one per day with --daily. */
typedef struct digest_list {
    sm_digest **v;
    size_t n;
} digest_list;

/* Loads the topic profiles: first, so that a malformed one is reported
 * before any reading.  None and no --discover is an error. */
static int load_topics(sm_ctx *ctx, const cli_args *a, const sm_digest_opts *o,
                       sm_topics **topics)
{
    if (sm_topics_load(ctx, a->value[OPT_TOPICS], topics) != SM_OK) {
        cli_error("%s", sm_ctx_error(ctx));
        return CLI_RUNTIME;
    }
    if (sm_topics_count(*topics) == 0 && !o->discover) {
        cli_error("%s: no topic profiles (*.topic files); add some or use "
                  "--discover", a->value[OPT_TOPICS] ? a->value[OPT_TOPICS] : "models/topics");
        return CLI_RUNTIME;
    }
    return CLI_OK;
}

/* Reads the input, with what the reader has seen: the --seen paths and,
 * with --new, the archive's earlier digests (each day of --daily also
 * reports against the days before it).  failed counts unusable inputs. */
static int load_input(sm_ctx *ctx, const cli_args *a, sm_digest_opts *o,
                      const char *archive, sm_corpus **c, size_t *failed)
{
    o->earlier_seen = a->value[OPT_NEW] != NULL;
    const char **seen = cli_xrealloc(NULL, (a->nall[OPT_SEEN] + 2) * sizeof *seen);
    size_t nseen = 0;
    for (size_t i = 0; i < a->nall[OPT_SEEN]; i++)
        seen[nseen++] = a->all[OPT_SEEN][i];
    if (o->earlier_seen && archive && access(archive, F_OK) == 0)
        seen[nseen++] = archive;
    int rc = cli_load_corpus_seen(ctx, a->value[OPT_MANIFEST], a->pos, a->npos,
                                  seen, nseen, "digest", c, failed);
    free(seen);
    return rc;
}

/* The days of --daily into *dates (the caller frees it), with a warning
 * for the undated documents left out; no dated document is an error. */
static int daily_dates(sm_corpus *c, char ***dates)
{
    *dates = sm_corpus_dates(c);
    if (!*dates || !(*dates)[0]) {
        cli_error("--daily: no document has a date (give them a 'date:' "
                  "header or a --manifest)");
        return CLI_RUNTIME;
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
    return CLI_OK;
}

/* One digest, or one per day of dates (when not NULL), appended to out;
 * on an error what was built stays in out for the caller to free. */
static int build_digests(sm_ctx *ctx, sm_corpus *c, const sm_topics *topics,
                         sm_digest_opts *o, char **dates, digest_list *out)
{
    for (size_t k = 0; dates ? dates[k] != NULL : k == 0; k++) {
        sm_digest *d = NULL;
        if (dates)
            o->date = dates[k];
        if (sm_digest_build(c, topics, o, &d) != SM_OK) {
            cli_error("%s", sm_ctx_error(ctx));
            return CLI_RUNTIME;
        }
        out->v = cli_xrealloc(out->v, (out->n + 1) * sizeof *out->v);
        out->v[out->n++] = d;
        if (d->documents == 0) {
            cli_error("no document dated %s in the input", o->date);
            return CLI_RUNTIME;
        }
    }
    return CLI_OK;
}

/* Renders the digests into b: HTML as one page, text and Markdown set
 * apart by a blank line, JSON one per line. */
static void render_digests(const digest_list *l, sm_format format, cli_buf *b)
{
    if (format == SM_FORMAT_HTML) {
        size_t len = 0;
        char *page = sm_digests_render_html((const sm_digest *const *)l->v,
                                            l->n, &len);
        cli_buf_add(b, page, len);
        free(page);
        return;
    }
    for (size_t k = 0; k < l->n; k++) {
        size_t len = 0;
        char *r = sm_digest_render(l->v[k], format, &len);
        if (k && format != SM_FORMAT_JSON)
            cli_buf_add(b, "\n", 1);
        cli_buf_add(b, r, len);
        free(r);
    }
}

int cli_digest(int argc, char **argv)
{
    sm_digest_opts o;
    sm_digest_opts_init(&o);
    const char *output = NULL, *archive = NULL;
    sm_format format = SM_FORMAT_TEXT;
    char day[11];
    cli_args a;
    int rc;
    sm_ctx *ctx = NULL;
    sm_corpus *c = NULL;
    sm_topics *topics = NULL;
    char **dates = NULL;
    digest_list digests = {0};
    cli_buf outbuf = {0};
    size_t failed = 0;

    rc = cli_parse_args(CLI_CMD_DIGEST, "digest", argc, argv, &a);
    if (rc == CLI_HELP) {
        help();
        rc = CLI_OK;
        goto end;
    }
    if (rc != CLI_OK || (rc = digest_options(&a, &o, &format, day)) != CLI_OK)
        goto end;
    if (!cli_default_input(&a)) {
        rc = cli_usage_error("digest", "no input: give files, directories or - for stdin");
        goto end;
    }
    output = a.value[OPT_OUTPUT];
    archive = a.value[OPT_ARCHIVE];

    ctx = cli_ctx_for(&a, &rc);
    if (!ctx)
        goto end;
    if ((rc = load_topics(ctx, &a, &o, &topics)) != CLI_OK ||
        (rc = load_input(ctx, &a, &o, archive, &c, &failed)) != CLI_OK)
        goto end;
    if (a.value[OPT_DAILY] && (rc = daily_dates(c, &dates)) != CLI_OK)
        goto end;
    if ((rc = build_digests(ctx, c, topics, &o, dates, &digests)) != CLI_OK)
        goto end;

    cli_progress_done();
    render_digests(&digests, format, &outbuf);
    if (!cli_write_output(output, outbuf.s ? outbuf.s : "", outbuf.len)) {
        rc = CLI_RUNTIME;
        goto end;
    }
    if (archive)
        for (size_t k = 0; k < digests.n; k++)
            if (!archive_digest(archive, digests.v[k], a.value[OPT_FORCE] != NULL)) {
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
    cli_args_free(&a);
    cli_progress_done();
    return rc;
}
