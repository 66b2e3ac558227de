/* keywords_cmd.c: 'summarizer keywords', the keyphrases of the input
 * (TextRank on words). */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void help(void)
{
    fputs("Usage: summarizer keywords [OPTIONS] [PATH...]\n"
          "\n"
          "Prints the keyphrases of the input, best first, one per line: TextRank\n"
          "on words (Mihalcea & Tarau 2004), adjacent keywords joined into\n"
          "phrases.  PATH is a file, a directory or - for standard input, which\n"
          "is also read when no PATH is given and it is not a terminal.\n"
          "\n",
          stdout);
    cli_print_options(CLI_CMD_KEYWORDS, false, stdout);
    fputs("\nExit status: 0 success, 1 runtime error, 2 bad usage.\n", stdout);
}

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
    size_t n = DEFAULT_KEYWORDS;
    sm_format format = SM_FORMAT_TEXT;
    size_t failed = 0, nk = 0;
    sm_ctx *ctx = NULL;
    sm_corpus *c = NULL;
    sm_keyword *k = NULL;
    cli_buf out = {0};
    cli_args a;
    const char *v;
    int rc = cli_parse_args(CLI_CMD_KEYWORDS, "keywords", argc, argv, &a);
    if (rc == CLI_HELP) {
        help();
        rc = CLI_OK;
        goto end;
    }
    if (rc != CLI_OK)
        goto end;
    if ((v = a.value[OPT_N]) && !cli_parse_count(v, &n)) {
        rc = cli_usage_error("keywords", "--n needs a positive number, not '%s'", v);
        goto end;
    }
    if ((v = a.value[OPT_FORMAT]) &&
        (!cli_parse_format(v, &format) ||
         (format != SM_FORMAT_TEXT && format != SM_FORMAT_JSON))) {
        rc = cli_usage_error("keywords", "unknown format '%s' (text or json)", v);
        goto end;
    }
    if (!cli_default_input(&a)) {
        rc = cli_usage_error("keywords", "no input: give files, directories or - for stdin");
        goto end;
    }
    ctx = cli_ctx_for(&a, &rc);
    if (!ctx)
        goto end;
    rc = cli_load_corpus(ctx, a.value[OPT_MANIFEST], a.pos, a.npos,
                         "find keywords in", &c,
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
    cli_progress_done();
    print_keywords(k, nk, format, &out);
    if (!cli_write_output(a.value[OPT_OUTPUT], out.s ? out.s : "", out.len))
        rc = CLI_RUNTIME;
    else if (failed)
        rc = CLI_RUNTIME;
end:
    cli_buf_free(&out);
    sm_keywords_free(k, nk);
    sm_corpus_free(c);
    sm_ctx_free(ctx);
    cli_args_free(&a);
    cli_progress_done();
    return rc;
}
