/* extract_cmd.c: 'summarizer extract', every document as the tool read it. */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void help(void)
{
    fputs("Usage: summarizer extract [OPTIONS] [PATH...]\n"
          "\n"
          "Prints every document as the summarizer understood it: its metadata\n"
          "(title, source, date, url, author), then the paragraphs it summarizes\n"
          "from, after cleaning; headings are marked '## '.  HTML pages give their\n"
          "article, feeds one document per item, WARC files one per page.\n"
          "Standard input is read when no PATH is given and it is not a terminal.\n"
          "\n",
          stdout);
    cli_print_options(CLI_CMD_EXTRACT, false, stdout);
    fputs("\nExit status: 0 success, 1 runtime error (unreadable or unusable "
          "input),\n2 bad usage.\n",
          stdout);
}

int cli_extract(int argc, char **argv)
{
    sm_format format = SM_FORMAT_TEXT;
    sm_ctx *ctx = NULL;
    sm_corpus *c = NULL;
    char *out = NULL;
    cli_args a;
    const char *v;
    int rc = cli_parse_args(CLI_CMD_EXTRACT, "extract", argc, argv, &a);
    if (rc == CLI_HELP) {
        help();
        rc = CLI_OK;
        goto end;
    }
    if (rc != CLI_OK)
        goto end;
    if ((v = a.value[OPT_FORMAT]) &&
        (!cli_parse_format(v, &format) || format == SM_FORMAT_HTML)) {
        rc = cli_usage_error("extract", "unknown format '%s' (text, json or markdown)", v);
        goto end;
    }
    if (!cli_default_input(&a)) {
        rc = cli_usage_error("extract", "no input: give files, directories or - for stdin");
        goto end;
    }
    ctx = cli_ctx_for(&a, &rc);
    if (!ctx)
        goto end;
    size_t failed = 0;
    rc = cli_load_corpus(ctx, a.value[OPT_MANIFEST], a.pos, a.npos, "extract",
                         &c, &failed);
    if (rc != CLI_OK)
        goto end;
    size_t len = 0;
    out = sm_corpus_extract(c, format, &len);
    cli_progress_done();
    if (!out || !cli_write_output(a.value[OPT_OUTPUT], out, len)) {
        rc = CLI_RUNTIME;
        goto end;
    }
    if (failed)
        rc = CLI_RUNTIME;
end:
    cli_progress_done();
    free(out);
    sm_corpus_free(c);
    sm_ctx_free(ctx);
    cli_args_free(&a);
    return rc;
}
