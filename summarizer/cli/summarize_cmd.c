/* summarize_cmd.c: 'summarizer summarize', one summary of the input. */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void help(void)
{
    fputs("Usage: summarizer summarize [OPTIONS] [PATH...]\n"
          "\n"
          "Prints the best sentences of the input, one per line.  PATH is a\n"
          "file, a directory (read recursively, in sorted order) or - for\n"
          "standard input, which is also read when no PATH is given and it is\n"
          "not a terminal.\n"
          "\n",
          stdout);
    cli_print_options(CLI_CMD_SUMMARIZE, false, stdout);
    fputs("\nExit status: 0 success, 1 runtime error (unreadable or unusable "
          "input),\n2 bad usage.\n",
          stdout);
}

/* Reads the budget, focus and method options into o. */
static int summary_options(const cli_args *a, sm_summary_opts *o,
                           sm_format *format)
{
    const char *v;
    int budgets = (a->value[OPT_WORDS] != NULL) + (a->value[OPT_BYTES] != NULL) +
                  (a->value[OPT_SENTENCES] != NULL);
    if (budgets > 1)
        return cli_usage_error("summarize", "give one budget: --words, --bytes or --sentences");
    if (budgets == 1)
        o->words = 0;
    if ((v = a->value[OPT_WORDS]) && !cli_parse_count(v, &o->words))
        return cli_usage_error("summarize", "--words needs a positive number, not '%s'", v);
    if ((v = a->value[OPT_BYTES]) && !cli_parse_count(v, &o->bytes))
        return cli_usage_error("summarize", "--bytes needs a positive number, not '%s'", v);
    if ((v = a->value[OPT_SENTENCES]) && !cli_parse_count(v, &o->sentences))
        return cli_usage_error("summarize", "--sentences needs a positive number, not '%s'", v);
    o->query = a->value[OPT_QUERY];
    o->no_redundancy = a->value[OPT_NO_REDUNDANCY] != NULL;
    if ((v = a->value[OPT_SIMILARITY]) && !cli_parse_similarity(v, &o->similarity))
        return cli_usage_error("summarize", "unknown similarity '%s' (textrank or bm25)", v);
    if ((v = a->value[OPT_ORDER])) {
        if (strcmp(v, "source") == 0)
            o->order = SM_ORDER_SOURCE;
        else if (strcmp(v, "score") == 0)
            o->order = SM_ORDER_SCORE;
        else
            return cli_usage_error("summarize", "unknown order '%s' (source or score)", v);
    }
    if ((v = a->value[OPT_FORMAT]) &&
        (!cli_parse_format(v, format) ||
         (*format != SM_FORMAT_TEXT && *format != SM_FORMAT_JSON)))
        return cli_usage_error("summarize", "unknown format '%s' (text or json)", v);
    return CLI_OK;
}

/* Loads the topics and checks that --topic names one of them. */
static int load_topic(sm_ctx *ctx, const cli_args *a, sm_topics **topics,
                      sm_summary_opts *o)
{
    const char *topic = a->value[OPT_TOPIC];
    if (sm_topics_load(ctx, a->value[OPT_TOPICS], topics) != SM_OK) {
        cli_error("%s", sm_ctx_error(ctx));
        return CLI_RUNTIME;
    }
    size_t k = 0, nt = sm_topics_count(*topics);
    while (k < nt && strcmp(sm_topics_id(*topics, k), topic) != 0)
        k++;
    if (k == nt)
        return cli_usage_error("summarize", "unknown topic '%s'", topic);
    o->topics = *topics;
    o->topic = topic;
    return CLI_OK;
}

/* The summary in memory, so that -o can replace a file atomically. */
static int write_summary(const sm_corpus *c, const sm_summary *sum,
                         sm_format format, const char *output)
{
    char *data = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&data, &len);
    if (!mem) {
        cli_error("out of memory");
        return CLI_RUNTIME;
    }
    sm_status st = sm_summary_write(c, sum, format, mem);
    bool ok = fclose(mem) == 0 && st == SM_OK;
    if (!ok)
        cli_error("cannot render the summary");
    else
        ok = cli_write_output(output, data ? data : "", len);
    free(data);
    return ok ? CLI_OK : CLI_RUNTIME;
}

int cli_summarize(int argc, char **argv)
{
    sm_summary_opts o;
    sm_summary_opts_init(&o);
    sm_format format = SM_FORMAT_TEXT;
    cli_args a;
    sm_ctx *ctx = NULL;
    sm_corpus *c = NULL;
    sm_summary *sum = NULL;
    sm_topics *topics = NULL;
    int rc = cli_parse_args(CLI_CMD_SUMMARIZE, "summarize", argc, argv, &a);
    if (rc == CLI_HELP) {
        help();
        rc = CLI_OK;
        goto end;
    }
    if (rc != CLI_OK || (rc = summary_options(&a, &o, &format)) != CLI_OK)
        goto end;
    if (!cli_default_input(&a)) {
        rc = cli_usage_error("summarize", "no input: give files, directories or - for stdin");
        goto end;
    }
    ctx = cli_ctx_for(&a, &rc);
    if (!ctx)
        goto end;
    if (a.value[OPT_TOPIC] && (rc = load_topic(ctx, &a, &topics, &o)) != CLI_OK)
        goto end;
    size_t failed = 0;
    rc = cli_load_corpus_seen(ctx, a.value[OPT_MANIFEST], a.pos, a.npos,
                              a.all[OPT_SEEN], a.nall[OPT_SEEN], "summarize",
                              &c, &failed);
    if (rc != CLI_OK)
        goto end;
    if (sm_summarize(c, &o, &sum) != SM_OK) {
        cli_progress_done();
        cli_error("%s", sm_ctx_error(ctx));
        rc = CLI_RUNTIME;
        goto end;
    }
    cli_progress_done();
    rc = write_summary(c, sum, format, a.value[OPT_OUTPUT]);
    if (rc == CLI_OK && failed)
        rc = CLI_RUNTIME;
end:
    cli_progress_done();
    sm_summary_free(sum);
    sm_corpus_free(c);
    sm_topics_free(topics);
    sm_ctx_free(ctx);
    cli_args_free(&a);
    return rc;
}
