/* extract_cmd.c: 'summarizer extract', every document as the tool read it. */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char help[] =
    "Usage: summarizer extract [OPTIONS] PATH...\n"
    "\n"
    "Prints every document as the summarizer understood it: its metadata\n"
    "(title, source, date, url, author), then the paragraphs it summarizes\n"
    "from, after cleaning; headings are marked '## '.  HTML pages give their\n"
    "article, feeds one document per item, WARC files one per page.\n"
    "\n"
    "  --format F          text (default), json (one object per document and\n"
    "                      line) or markdown\n"
    "  --manifest FILE     metadata for files (see README); it wins over the\n"
    "                      page's own\n"
    "  --lang L            stopword language (default english)\n"
    "  --models DIR        models directory (default: installed or source tree)\n"
    "  -o FILE             write to FILE (replaced atomically)\n"
    "\n"
    "Exit status: 0 success, 1 runtime error (unreadable or unusable input),\n"
    "2 bad usage.\n";

int cli_extract(int argc, char **argv)
{
    const char *lang = NULL, *models = NULL, *manifest = NULL, *outpath = NULL;
    sm_format format = SM_FORMAT_TEXT;
    const char **paths = calloc((size_t)argc + 1, sizeof *paths);
    size_t npaths = 0;
    int rc = CLI_OK;
    sm_ctx *ctx = NULL;
    sm_corpus *c = NULL;
    char *out = NULL;
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
        } else if ((v = cli_opt(argc, argv, &i, "--lang", &missing))) {
            lang = v;
        } else if ((v = cli_opt(argc, argv, &i, "--models", &missing))) {
            models = v;
        } else if ((v = cli_opt(argc, argv, &i, "--manifest", &missing))) {
            manifest = v;
        } else if ((v = cli_opt(argc, argv, &i, "-o", &missing))) {
            outpath = v;
        } else if ((v = cli_opt(argc, argv, &i, "--format", &missing))) {
            if (!cli_parse_format(v, &format) || format == SM_FORMAT_HTML) {
                rc = cli_usage_error("extract", "unknown format '%s' (text, json or markdown)", v);
                goto end;
            }
        } else if (!missing) {
            rc = cli_usage_error("extract", "unknown option '%s'", a);
            goto end;
        }
        if (missing) {
            rc = cli_usage_error("extract", "option '%s' needs a value", a);
            goto end;
        }
    }
    if (npaths == 0) {
        rc = cli_usage_error("extract", "no input: give files, directories or - for stdin");
        goto end;
    }
    ctx = cli_ctx_new(models, lang, &rc);
    if (!ctx)
        goto end;
    size_t failed = 0;
    rc = cli_load_corpus(ctx, manifest, paths, npaths, "extract", &c, &failed);
    if (rc != CLI_OK)
        goto end;
    size_t len = 0;
    out = sm_corpus_extract(c, format, &len);
    if (!out || !cli_write_output(outpath, out, len)) {
        rc = CLI_RUNTIME;
        goto end;
    }
    if (failed)
        rc = CLI_RUNTIME;
end:
    free(out);
    sm_corpus_free(c);
    sm_ctx_free(ctx);
    free(paths);
    return rc;
}
