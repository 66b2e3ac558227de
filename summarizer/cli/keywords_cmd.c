/* keywords_cmd.c: 'summarizer keywords', the keyphrases of the input
 * (TextRank on words). */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char help[] =
    "Usage: summarizer keywords [OPTIONS] PATH...\n"
    "\n"
    "Prints the keyphrases of the input, best first, one per line: TextRank\n"
    "on words (Mihalcea & Tarau 2004), adjacent keywords joined into\n"
    "phrases.  PATH is a file, a directory or - for standard input.\n"
    "\n"
    "  --n N               how many (default 10)\n"
    "  --format F          text (default) or json\n"
    "  --lang L            stemming and stopword language (default english)\n"
    "  --manifest FILE     metadata for files that carry none (see README)\n"
    "  --models DIR        models directory (default: installed or source tree)\n"
    "\n"
    "Exit status: 0 success, 1 runtime error, 2 bad usage.\n";

#define DEFAULT_KEYWORDS 10

static void print_keywords(const sm_keyword *k, size_t n, sm_format format,
                           cli_buf *out)
{
    if (format != SM_FORMAT_JSON) {
        for (size_t i = 0; i < n; i++) {
            cli_buf_add(out, k[i].text, strlen(k[i].text));
            cli_buf_add(out, "\n", 1);
        }
        return;
    }
    cli_buf_add(out, "[", 1);
    for (size_t i = 0; i < n; i++) {
        cli_buf_add(out, i ? ", \"" : "\"", i ? 3 : 1);
        for (const char *s = k[i].text; *s; s++) {
            if (*s == '"' || *s == '\\')
                cli_buf_add(out, "\\", 1);
            if ((unsigned char)*s < 0x20)
                cli_buf_printf(out, "\\u%04x", (unsigned char)*s);
            else
                cli_buf_add(out, s, 1);
        }
        cli_buf_add(out, "\"", 1);
    }
    cli_buf_add(out, "]\n", 2);
}

int cli_keywords(int argc, char **argv)
{
    const char *lang = NULL, *models = NULL, *manifest = NULL, *output = NULL;
    size_t n = DEFAULT_KEYWORDS;
    sm_format format = SM_FORMAT_TEXT;
    const char **paths = calloc((size_t)argc + 1, sizeof *paths);
    size_t npaths = 0, failed = 0, nk = 0;
    int rc = CLI_OK;
    sm_ctx *ctx = NULL;
    sm_corpus *c = NULL;
    sm_keyword *k = NULL;
    cli_buf out = {0};
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
        } else if (strcmp(a, "--") == 0) {
            only_paths = true;
        } else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            fputs(help, stdout);
            goto end;
        } else if ((v = cli_opt(argc, argv, &i, "--n", &missing))) {
            if (!cli_parse_count(v, &n)) {
                rc = cli_usage_error("keywords", "--n needs a positive number, not '%s'", v);
                goto end;
            }
        } else if ((v = cli_opt(argc, argv, &i, "--format", &missing))) {
            if (!cli_parse_format(v, &format) ||
                (format != SM_FORMAT_TEXT && format != SM_FORMAT_JSON)) {
                rc = cli_usage_error("keywords", "unknown format '%s' (text or json)", v);
                goto end;
            }
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
            rc = cli_usage_error("keywords", "option '%s' needs a value", a);
            goto end;
        } else {
            rc = cli_usage_error("keywords", "unknown option '%s'", a);
            goto end;
        }
    }
    if (npaths == 0) {
        rc = cli_usage_error("keywords", "no input: give files, directories or - for stdin");
        goto end;
    }
    ctx = cli_ctx_new(models, lang, &rc);
    if (!ctx)
        goto end;
    rc = cli_load_corpus(ctx, manifest, paths, npaths, "find keywords in", &c,
                         &failed);
    if (rc != CLI_OK)
        goto end;
    if (sm_keywords(c, n, &k, &nk) != SM_OK) {
        cli_error("%s", sm_ctx_error(ctx));
        rc = CLI_RUNTIME;
        goto end;
    }
    if (nk == 0) {
        cli_error("no keyphrase in the input (too little text)");
        rc = CLI_RUNTIME;
        goto end;
    }
    print_keywords(k, nk, format, &out);
    if (!cli_write_output(output, out.s ? out.s : "", out.len))
        rc = CLI_RUNTIME;
    else if (failed)
        rc = CLI_RUNTIME;
end:
    cli_buf_free(&out);
    sm_keywords_free(k, nk);
    sm_corpus_free(c);
    sm_ctx_free(ctx);
    free(paths);
    return rc;
}
