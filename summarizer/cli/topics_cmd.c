/* topics_cmd.c: 'summarizer topics suggest', a topic profile for a story
 * that discovery found, so that the user can keep following it by name. */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char help[] =
    "Usage: summarizer topics suggest [OPTIONS] STORY PATH...\n"
    "\n"
    "Finds the stories of the input as 'digest --discover' does and prints a\n"
    "topic profile (the *.topic format) for STORY: its id as the digest\n"
    "shows it, or its number (1 = the largest).  Save it in a topics\n"
    "directory to follow the story by name.\n"
    "\n"
    "  --topics DIR        existing profiles: stories they cover are not\n"
    "                      offered (default: models/topics)\n"
    "  --discover N        how many stories to consider (default 10)\n"
    "  --date YYYY-MM-DD   only the documents of that day\n"
    "  -o, --output FILE   write the profile to FILE\n"
    "  --lang L            stemming and stopword language (default english)\n"
    "  --manifest FILE     metadata for files that carry none (see README)\n"
    "  --models DIR        models directory (default: installed or source tree)\n"
    "\n"
    "Exit status: 0 success, 1 runtime error (no such story), 2 bad usage.\n";

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
    const char *lang = NULL, *models = NULL, *manifest = NULL;
    const char *topics_dir = NULL, *output = NULL, *story = NULL;
    const char **paths = calloc((size_t)argc + 1, sizeof *paths);
    size_t npaths = 0, failed = 0;
    int rc = CLI_OK;
    sm_ctx *ctx = NULL;
    sm_corpus *c = NULL;
    sm_topics *topics = NULL;
    sm_digest *d = NULL;
    char *profile = NULL;

    if (!paths) {
        cli_error("out of memory");
        return CLI_RUNTIME;
    }
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v;
        bool missing = false;
        if (a[0] != '-' || strcmp(a, "-") == 0) {
            if (!story)
                story = a;
            else
                paths[npaths++] = a;
        } else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            fputs(help, stdout);
            goto end;
        } else if ((v = cli_opt(argc, argv, &i, "--discover", &missing))) {
            if (!cli_parse_count(v, &o.discover)) {
                rc = cli_usage_error("topics suggest", "--discover needs a positive number, not '%s'", v);
                goto end;
            }
        } else if ((v = cli_opt(argc, argv, &i, "--date", &missing))) {
            o.date = v;
        } else if ((v = cli_opt(argc, argv, &i, "--topics", &missing))) {
            topics_dir = v;
        } else if ((v = cli_opt(argc, argv, &i, "--output", &missing)) ||
                   (v = cli_opt(argc, argv, &i, "-o", &missing))) {
            output = v;
        } else if ((v = cli_opt(argc, argv, &i, "--lang", &missing))) {
            lang = v;
        } else if ((v = cli_opt(argc, argv, &i, "--models", &missing))) {
            models = v;
        } else if ((v = cli_opt(argc, argv, &i, "--manifest", &missing))) {
            manifest = v;
        } else if (missing) {
            rc = cli_usage_error("topics suggest", "option '%s' needs a value", a);
            goto end;
        } else {
            rc = cli_usage_error("topics suggest", "unknown option '%s'", a);
            goto end;
        }
    }
    if (!story || npaths == 0) {
        rc = cli_usage_error("topics suggest", "give a STORY and the input PATHs");
        goto end;
    }
    ctx = cli_ctx_new(models, lang, &rc);
    if (!ctx)
        goto end;
    if (sm_topics_load(ctx, topics_dir, &topics) != SM_OK) {
        cli_error("%s", sm_ctx_error(ctx));
        rc = CLI_RUNTIME;
        goto end;
    }
    rc = cli_load_corpus(ctx, manifest, paths, npaths, "discover stories in",
                         &c, &failed);
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
    if (!cli_write_output(output, profile, strlen(profile)))
        rc = CLI_RUNTIME;
end:
    free(profile);
    sm_digest_free(d);
    sm_corpus_free(c);
    sm_topics_free(topics);
    sm_ctx_free(ctx);
    free(paths);
    return rc;
}

int cli_topics(int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[1], "suggest") == 0)
        return suggest(argc - 1, argv + 1);
    if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        fputs(help, stdout);
        return CLI_OK;
    }
    return cli_usage_error("topics", "unknown or missing subcommand (suggest)");
}
