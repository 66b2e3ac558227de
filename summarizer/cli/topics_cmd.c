/* topics_cmd.c: 'summarizer topics suggest', a topic profile for a story
 * that discovery found, so that the user can keep following it by name. */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void help(void)
{
    fputs("Usage: summarizer topics suggest [OPTIONS] STORY PATH...\n"
          "\n"
          "Finds the stories of the input as 'digest --discover' does and prints a\n"
          "topic profile (the *.topic format) for STORY: its id as the digest\n"
          "shows it, or its number (1 = the largest).  Save it in a topics\n"
          "directory to follow the story by name.\n"
          "\n",
          stdout);
    cli_print_options(CLI_CMD_TOPICS_SUGGEST, false, stdout);
    fputs("\nExit status: 0 success, 1 runtime error (no such story), 2 bad "
          "usage.\n",
          stdout);
}

/* The discovered topic named by `story` (an id or a 1-based number). */
static const sm_digest_topic *find_story(const sm_digest *d, const char *story)
{
    size_t number = 0, k = 0;
    bool numeric = cli_parse_count(story, &number);
    for (size_t t = 0; t < d->n_topics; t++) {
        const sm_digest_topic *tp = &d->topics[t];
        if (!tp->discovered)
            continue;
        k++;
        if ((numeric && k == number) || (tp->id && strcmp(tp->id, story) == 0))
            return tp;
    }
    return NULL;
}

static void list_stories(const sm_digest *d)
{
    size_t k = 0;
    for (size_t t = 0; t < d->n_topics; t++)
        if (d->topics[t].discovered)
            fprintf(stderr, "  %zu  %s  %s\n", ++k, d->topics[t].id,
                    d->topics[t].title ? d->topics[t].title : "");
    if (!k)
        fputs("  (no story found that the profiles do not cover)\n", stderr);
}

static int suggest(int argc, char **argv)
{
    sm_digest_opts o;
    sm_digest_opts_init(&o);
    o.discover = CLI_DISCOVER_DEFAULT;
    size_t failed = 0;
    sm_ctx *ctx = NULL;
    sm_corpus *c = NULL;
    sm_topics *topics = NULL;
    sm_digest *d = NULL;
    char *profile = NULL;
    cli_args a;
    const char *v;
    char day[11];
    int rc = cli_parse_args(CLI_CMD_TOPICS_SUGGEST, "topics suggest", argc, argv, &a);
    if (rc == CLI_HELP) {
        help();
        rc = CLI_OK;
        goto end;
    }
    if (rc != CLI_OK)
        goto end;
    if ((v = a.value[OPT_DISCOVER]) && !cli_parse_count(v, &o.discover)) {
        rc = cli_usage_error("topics suggest", "--discover needs a positive number, not '%s'", v);
        goto end;
    }
    if ((v = a.value[OPT_DATE])) {
        if (!cli_parse_day(v, day)) {
            rc = cli_usage_error("topics suggest", "--date needs YYYY-MM-DD, today or yesterday, not '%s'", v);
            goto end;
        }
        o.date = day;
    }
    if (a.npos < 2) {
        rc = cli_usage_error("topics suggest", "give a STORY and the input PATHs");
        goto end;
    }
    const char *story = a.pos[0];
    ctx = cli_ctx_for(&a, &rc);
    if (!ctx)
        goto end;
    if (sm_topics_load(ctx, a.value[OPT_TOPICS], &topics) != SM_OK) {
        cli_error("%s", sm_ctx_error(ctx));
        rc = CLI_RUNTIME;
        goto end;
    }
    rc = cli_load_corpus(ctx, a.value[OPT_MANIFEST], a.pos + 1, a.npos - 1,
                         "discover stories in", &c, &failed);
    if (rc != CLI_OK)
        goto end;
    if (sm_digest_build(c, topics, &o, &d) != SM_OK) {
        cli_error("%s", sm_ctx_error(ctx));
        rc = CLI_RUNTIME;
        goto end;
    }
    const sm_digest_topic *tp = find_story(d, story);
    profile = tp ? sm_topic_profile(tp) : NULL;
    if (!profile) {
        cli_error("no discovered story '%s'; the stories are:", story);
        list_stories(d);
        rc = CLI_RUNTIME;
        goto end;
    }
    cli_progress_done();
    if (!cli_write_output(a.value[OPT_OUTPUT], profile, strlen(profile)))
        rc = CLI_RUNTIME;
end:
    free(profile);
    sm_digest_free(d);
    sm_corpus_free(c);
    sm_topics_free(topics);
    sm_ctx_free(ctx);
    cli_args_free(&a);
    cli_progress_done();
    return rc;
}

int cli_topics(int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[1], "suggest") == 0)
        return suggest(argc - 1, argv + 1);
    if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        help();
        return CLI_OK;
    }
    return cli_usage_error("topics", "unknown or missing subcommand (suggest)");
}
