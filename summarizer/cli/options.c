/*
 * options.c: the one table of command-line options.  Every option of every
 * command is declared here once, with its help; cli_parse_args() parses any
 * command's arguments against it and cli_print_options() prints a
 * command's options for --help, so the help cannot drift from the parser.
 *
 * An option that means something different to two commands (--format,
 * --words, --date) has one row per meaning, each with the commands it
 * serves.
 */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SUM CLI_CMD_SUMMARIZE
#define DIG CLI_CMD_DIGEST
#define ADD CLI_CMD_ARCHIVE_ADD
#define SHOW CLI_CMD_ARCHIVE_SHOW
#define SEARCH CLI_CMD_ARCHIVE_SEARCH
#define EXT CLI_CMD_EXTRACT
#define KEY CLI_CMD_KEYWORDS
#define SUGGEST CLI_CMD_TOPICS_SUGGEST
#define ARCHIVE_ALL (CLI_CMD_ARCHIVE_ADD | CLI_CMD_ARCHIVE_LIST | \
                     CLI_CMD_ARCHIVE_SHOW | CLI_CMD_ARCHIVE_SEARCH | \
                     CLI_CMD_ARCHIVE_VERIFY | CLI_CMD_ARCHIVE_REPAIR)

static const cli_option options[] = {
    /* Budget */
    {OPT_WORDS, "words", 0, "N", SUM, "Budget",
     "at most N words (the default: 100); never exceeded, no sentence cut"},
    {OPT_WORDS, "words", 0, "N", DIG, "Budget",
     "at most N words per topic (the default: 120); never exceeded, no "
     "sentence cut"},
    {OPT_BYTES, "bytes", 0, "N", SUM, "Budget",
     "at most N bytes of output, newlines included"},
    {OPT_BYTES, "bytes", 0, "N", DIG, "Budget",
     "at most N bytes of sentences per topic, one newline each"},
    {OPT_SENTENCES, "sentences", 0, "N", SUM, "Budget", "at most N sentences"},
    /* Focus and topics */
    {OPT_QUERY, "query", 0, "TEXT", SUM, "Focus", "favour sentences about TEXT"},
    {OPT_TOPIC, "topic", 0, "ID", SUM, "Focus",
     "favour sentences about a topic profile"},
    {OPT_TOPICS, "topics", 0, "DIR", SUGGEST, "Focus",
     "existing profiles: stories they cover are not offered (default: "
     "models/topics)"},
    {OPT_DISCOVER, "discover", 0, "N", SUGGEST, "Focus",
     "how many stories to consider (default 10)"},
    {OPT_TOPICS, "topics", 0, "DIR", SUM | DIG, "Focus",
     "topic profiles, one *.topic file each (default: models/topics; the "
     "format is in summarizer-topic(5))"},
    {OPT_DISCOVER, "discover", 0, "[N]", DIG, "Focus",
     "also the N largest stories no profile covers (default 10): articles "
     "grouped into stories by content, ranked by outlets; --topics may then "
     "be empty"},
    /* Period */
    {OPT_DATE, "date", 0, "DAY", DIG | SUGGEST, "Period",
     "only the documents of DAY: YYYY-MM-DD, today or yesterday"},
    {OPT_DAILY, "daily", 0, NULL, DIG, "Period",
     "one digest per day present, oldest first"},
    /* What the reader has */
    {OPT_SEEN, "seen", 0, "PATH", SUM | DIG, "Already seen",
     "documents the reader already has (a file, a directory or a digest "
     "archive; repeatable): read, never quoted; the output reports what the "
     "rest adds"},
    {OPT_NEW, "new", 0, NULL, DIG, "Already seen",
     "only what is new: with --daily each day against the earlier days, with "
     "--archive against the digests archived for earlier dates"},
    /* Input */
    {OPT_MANIFEST, "manifest", 0, "FILE", SUM | DIG | EXT | KEY | SUGGEST, "Input",
     "metadata (source, date, title, url) for files that carry none"},
    {OPT_LANG, "lang", 0, "L", SUM | DIG | EXT | KEY | SUGGEST, "Input",
     "language of the text: an ISO 639-1 code (en, de, fr, ...) or a name "
     "(english, german, ...); the default is english"},
    {OPT_MODELS, "models", 0, "DIR", SUM | DIG | EXT | KEY | SUGGEST, "Input",
     "models directory (default: installed, or $SUMMARIZER_MODELS)"},
    /* Method */
    {OPT_SIMILARITY, "similarity", 0, "S", SUM | DIG, "Method",
     "textrank or bm25 (default: textrank to summarize, bm25 for a digest)"},
    {OPT_NO_REDUNDANCY, "no-redundancy", 0, NULL, SUM, "Method",
     "keep near-duplicate sentences"},
    {OPT_ORDER, "order", 0, "O", SUM, "Method",
     "source (date, document, position; the default) or score"},
    /* Output */
    {OPT_N, "n", 0, "N", KEY, "Output", "how many keyphrases (default 10)"},
    {OPT_FORMAT, "format", 0, "F", SUM | KEY, "Output", "text (default) or json"},
    {OPT_FORMAT, "format", 0, "F", DIG, "Output",
     "text (default), markdown, json or html; with --daily, json is one "
     "digest per line and html one page"},
    {OPT_FORMAT, "format", 0, "F", EXT, "Output",
     "text (default), json (one object per document and line) or markdown"},
    {OPT_FORMAT, "format", 0, "F", ADD, "Output",
     "the format FILE is in: json (the default; its date and topics are read "
     "from it, one digest per line), text, markdown or html (then give --date "
     "and --topics)"},
    {OPT_FORMAT, "format", 0, "F", SHOW, "Output",
     "text (default), markdown, json or html; a digest stored in another "
     "format is shown as it is"},
    {OPT_OUTPUT, "output", 'o', "FILE", SUM | DIG | SHOW | EXT | KEY | SUGGEST,
     "Output",
     "write to FILE (replaced atomically, its mode kept) instead of standard "
     "output; - is standard output"},
    {OPT_ARCHIVE, "archive", 0, "ARCHIVE", DIG, "Output",
     "also append each digest, as JSON, to ARCHIVE (see 'summarizer archive'); "
     "a digest of the same date and topics as one already there is not added "
     "again"},
    {OPT_FORCE, "force", 0, NULL, DIG | ADD, "Output",
     "add to the archive even a digest of the same date and topics as one "
     "already there"},
    {OPT_QUIET, "quiet", 'q', NULL, SUM | DIG | EXT | KEY | SUGGEST, "Output",
     "no progress report and no warnings on standard error"},
    {OPT_PROGRESS, "progress", 0, NULL, SUM | DIG | EXT | KEY | SUGGEST, "Output",
     "report progress on standard error even when it is not a terminal"},
    /* Archive commands */
    {OPT_LEVEL, "level", 0, "N", ADD, "Archive", "zlib level, -1 (default) .. 9"},
    {OPT_DATE, "date", 0, "DAY", ADD, "Archive",
     "the digest's date (YYYY-MM-DD, today or yesterday), instead of its own"},
    {OPT_TOPICS, "topics", 0, "ID,ID", ADD, "Archive",
     "the digest's topics, instead of its own"},
    {OPT_NUMBER, "number", 0, "N", SHOW, "Archive", "the digest numbered N"},
    {OPT_DATE, "date", 0, "DAY", SHOW, "Archive",
     "the last digest of DAY (YYYY-MM-DD, today or yesterday)"},
    {OPT_TOPIC, "topic", 0, "ID", SHOW, "Archive",
     "only the briefing of topic ID"},
    {OPT_HELP, "help", 'h', NULL, SUM | DIG | EXT | KEY | SUGGEST | ARCHIVE_ALL,
     NULL,
     "print this help and exit"},
};

static const cli_option *find_long(unsigned cmd, const char *name, size_t n)
{
    for (size_t i = 0; i < sizeof options / sizeof options[0]; i++)
        if ((options[i].commands & cmd) && strlen(options[i].name) == n &&
            memcmp(options[i].name, name, n) == 0)
            return &options[i];
    return NULL;
}

static const cli_option *find_short(unsigned cmd, char ch)
{
    for (size_t i = 0; i < sizeof options / sizeof options[0]; i++)
        if ((options[i].commands & cmd) && options[i].short_name == ch)
            return &options[i];
    return NULL;
}

int cli_parse_args(unsigned cmd, const char *cmdname, int argc, char **argv,
                   cli_args *out)
{
    memset(out->value, 0, sizeof out->value);
    memset(out->count, 0, sizeof out->count);
    memset(out->all, 0, sizeof out->all);
    memset(out->nall, 0, sizeof out->nall);
    out->npos = 0;
    /* Room for every argument and a "-" the command may add. */
    out->pos = cli_xrealloc(NULL, ((size_t)argc + 2) * sizeof *out->pos);
    bool only_pos = false;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (only_pos || a[0] != '-' || a[1] == '\0') {
            out->pos[out->npos++] = a;
            continue;
        }
        if (strcmp(a, "--") == 0) {
            only_pos = true;
            continue;
        }
        const cli_option *o;
        const char *v = NULL;
        if (a[1] == '-') {
            const char *eq = strchr(a + 2, '=');
            size_t n = eq ? (size_t)(eq - a - 2) : strlen(a + 2);
            o = find_long(cmd, a + 2, n);
            if (o && eq && !o->arg)
                return cli_usage_error(cmdname, "option '--%s' takes no value",
                                       o->name);
            v = eq ? eq + 1 : NULL;
        } else {
            o = find_short(cmd, a[1]);
            if (o && a[2] != '\0') {
                if (!o->arg)
                    return cli_usage_error(cmdname, "unknown option '%s'", a);
                v = a + 2; /* -oFILE */
            }
        }
        if (!o)
            return cli_usage_error(cmdname, "unknown option '%s'", a);
        bool optional = o->arg && o->arg[0] == '[';
        if (o->arg && !v && optional) {
            if (i + 1 < argc && argv[i + 1][0] >= '0' && argv[i + 1][0] <= '9')
                v = argv[++i];
            else
                v = "";
        } else if (o->arg && !v) {
            if (i + 1 >= argc)
                return cli_usage_error(cmdname, "option '%s' needs a value", a);
            v = argv[++i];
        }
        if (o->id == OPT_HELP)
            return CLI_HELP;
        out->value[o->id] = o->arg ? v : "";
        out->count[o->id]++;
        out->all[o->id] = cli_xrealloc((void *)out->all[o->id],
                                       (out->nall[o->id] + 1) * sizeof(char *));
        out->all[o->id][out->nall[o->id]++] = out->value[o->id];
    }
    return CLI_OK;
}

/* Column where help text starts, and the width it wraps at. */
#define HELP_COLUMN 24
#define HELP_WIDTH 79

static void print_wrapped(FILE *f, const char *text, size_t col, size_t indent)
{
    size_t at = col;
    const char *p = text;
    while (*p) {
        const char *sp = strchr(p, ' ');
        size_t n = sp ? (size_t)(sp - p) : strlen(p);
        if (at > col && indent + at + 1 + n > HELP_WIDTH) {
            fprintf(f, "\n%*s", (int)(indent + col), "");
            at = col;
        } else if (at > col) {
            fputc(' ', f);
            at++;
        }
        fwrite(p, 1, n, f);
        at += n;
        p += n;
        while (*p == ' ')
            p++;
    }
    fputc('\n', f);
}

void cli_print_options(unsigned cmd, bool nested, FILE *f)
{
    const char *group = NULL;
    size_t indent = nested ? 4 : 0;
    for (size_t i = 0; i < sizeof options / sizeof options[0]; i++) {
        const cli_option *o = &options[i];
        if (!(o->commands & cmd) || (nested && o->id == OPT_HELP))
            continue;
        fprintf(f, "%*s", (int)indent, "");
        if (!nested && o->group && (!group || strcmp(group, o->group) != 0)) {
            fprintf(f, "%s:\n", o->group);
            group = o->group;
        }
        char head[64];
        int n;
        if (o->short_name)
            n = snprintf(head, sizeof head, "  -%c, --%s%s%s", o->short_name,
                         o->name, o->arg ? " " : "", o->arg ? o->arg : "");
        else
            n = snprintf(head, sizeof head, "  --%s%s%s", o->name,
                         o->arg ? " " : "", o->arg ? o->arg : "");
        fputs(head, f);
        if (n >= HELP_COLUMN - 1)
            fprintf(f, "\n%*s", (int)indent + HELP_COLUMN, "");
        else
            fprintf(f, "%*s", HELP_COLUMN - n, "");
        print_wrapped(f, o->help, HELP_COLUMN, indent);
    }
}

void cli_args_free(cli_args *a)
{
    free(a->pos);
    a->pos = NULL;
    for (size_t i = 0; i < OPT_COUNT; i++) {
        free((void *)a->all[i]);
        a->all[i] = NULL;
        a->nall[i] = 0;
    }
}

const cli_option *cli_options(size_t *n)
{
    *n = sizeof options / sizeof options[0];
    return options;
}
