/* summarize_cmd.c: 'summarizer summarize', one summary of the input. */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char help[] =
    "Usage: summarizer summarize [OPTIONS] PATH...\n"
    "\n"
    "Prints the best sentences of the input, one per line.  PATH is a file,\n"
    "a directory (read recursively, in sorted order) or - for standard input.\n"
    "\n"
    "Budget (one of; default --words 100; never exceeded, no sentence cut):\n"
    "  --words N           at most N words\n"
    "  --bytes N           at most N bytes of output, newlines included\n"
    "  --sentences N       at most N sentences\n"
    "Focus:\n"
    "  --query TEXT        favour sentences about TEXT\n"
    "  --topic ID          favour sentences about a topic profile (models/topics)\n"
    "  --topics DIR        where topic profiles are (default: models/topics)\n"
    "Method:\n"
    "  --similarity S      textrank (default) or bm25\n"
    "  --no-redundancy     keep near-duplicate sentences\n"
    "  --lang L            stemming and stopword language (default english)\n"
    "Input and output:\n"
    "  --manifest FILE     metadata for files that carry none (see README)\n"
    "  --order O           source (date, document, position; default) or score\n"
    "  --format F          text (default) or json\n"
    "  --models DIR        models directory (default: installed or source tree)\n"
    "\n"
    "Exit status: 0 success, 1 runtime error (unreadable or unusable input),\n"
    "2 bad usage.\n";

int cli_summarize(int argc, char **argv)
{
    sm_summary_opts o;
    sm_summary_opts_init(&o);
    const char *lang = NULL, *models = NULL, *manifest = NULL;
    const char *topic = NULL, *topics_dir = NULL;
    sm_format format = SM_FORMAT_TEXT;
    int budgets = 0;
    const char **paths = calloc((size_t)argc + 1, sizeof *paths);
    size_t npaths = 0;
    int rc = CLI_OK;
    sm_ctx *ctx = NULL;
    sm_corpus *c = NULL;
    sm_summary *sum = NULL;
    sm_topics *topics = NULL;
    bool only_paths = false;

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
            budgets++;
            o.words = 0;
            if (!cli_parse_count(v, &o.words)) {
                rc = cli_usage_error("summarize", "--words needs a positive number, not '%s'", v);
                goto end;
            }
        } else if ((v = cli_opt(argc, argv, &i, "--bytes", &missing))) {
            budgets++;
            if (!cli_parse_count(v, &o.bytes)) {
                rc = cli_usage_error("summarize", "--bytes needs a positive number, not '%s'", v);
                goto end;
            }
            if (budgets == 1)
                o.words = 0;
        } else if ((v = cli_opt(argc, argv, &i, "--sentences", &missing))) {
            budgets++;
            if (!cli_parse_count(v, &o.sentences)) {
                rc = cli_usage_error("summarize", "--sentences needs a positive number, not '%s'", v);
                goto end;
            }
            if (budgets == 1)
                o.words = 0;
        } else if ((v = cli_opt(argc, argv, &i, "--query", &missing))) {
            o.query = v;
        } else if ((v = cli_opt(argc, argv, &i, "--topic", &missing))) {
            topic = v;
        } else if ((v = cli_opt(argc, argv, &i, "--topics", &missing))) {
            topics_dir = v;
        } else if ((v = cli_opt(argc, argv, &i, "--lang", &missing))) {
            lang = v;
        } else if ((v = cli_opt(argc, argv, &i, "--models", &missing))) {
            models = v;
        } else if ((v = cli_opt(argc, argv, &i, "--manifest", &missing))) {
            manifest = v;
        } else if ((v = cli_opt(argc, argv, &i, "--similarity", &missing))) {
            if (!cli_parse_similarity(v, &o.similarity)) {
                rc = cli_usage_error("summarize", "unknown similarity '%s' (textrank or bm25)", v);
                goto end;
            }
        } else if ((v = cli_opt(argc, argv, &i, "--order", &missing))) {
            if (strcmp(v, "source") == 0)
                o.order = SM_ORDER_SOURCE;
            else if (strcmp(v, "score") == 0)
                o.order = SM_ORDER_SCORE;
            else {
                rc = cli_usage_error("summarize", "unknown order '%s' (source or score)", v);
                goto end;
            }
        } else if ((v = cli_opt(argc, argv, &i, "--format", &missing))) {
            if (!cli_parse_format(v, &format) ||
                (format != SM_FORMAT_TEXT && format != SM_FORMAT_JSON)) {
                rc = cli_usage_error("summarize", "unknown format '%s' (text or json)", v);
                goto end;
            }
        } else if (strcmp(a, "--no-redundancy") == 0) {
            o.no_redundancy = 1;
        } else if (missing) {
            rc = cli_usage_error("summarize", "option '%s' needs a value", a);
            goto end;
        } else {
            rc = cli_usage_error("summarize", "unknown option '%s'", a);
            goto end;
        }
        if (missing) {
            rc = cli_usage_error("summarize", "option '%s' needs a value", a);
            goto end;
        }
    }
    if (budgets > 1) {
        rc = cli_usage_error("summarize", "give one budget: --words, --bytes or --sentences");
        goto end;
    }
    if (npaths == 0) {
        rc = cli_usage_error("summarize", "no input: give files, directories or - for stdin");
        goto end;
    }

    ctx = cli_ctx_new(models, lang, &rc);
    if (!ctx)
        goto end;
    if (topic) {
        if (sm_topics_load(ctx, topics_dir, &topics) != SM_OK) {
            cli_error("%s", sm_ctx_error(ctx));
            rc = CLI_RUNTIME;
            goto end;
        }
        size_t k = 0, nt = sm_topics_count(topics);
        while (k < nt && strcmp(sm_topics_id(topics, k), topic) != 0)
            k++;
        if (k == nt) {
            rc = cli_usage_error("summarize", "unknown topic '%s'", topic);
            goto end;
        }
        o.topics = topics;
        o.topic = topic;
    }
    size_t failed = 0;
    rc = cli_load_corpus(ctx, manifest, paths, npaths, "summarize", &c, &failed);
    if (rc != CLI_OK)
        goto end;
    if (sm_summarize(c, &o, &sum) != SM_OK) {
        cli_error("%s", sm_ctx_error(ctx));
        rc = CLI_RUNTIME;
        goto end;
    }
    if (sm_summary_write(c, sum, format, stdout) != SM_OK) {
        cli_error("%s", sm_ctx_error(ctx));
        rc = CLI_RUNTIME;
        goto end;
    }
    if (failed)
        rc = CLI_RUNTIME;
end:
    sm_summary_free(sum);
    sm_corpus_free(c);
    sm_topics_free(topics);
    sm_ctx_free(ctx);
    free(paths);
    return rc;
}
