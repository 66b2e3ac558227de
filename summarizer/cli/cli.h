/* cli.h: what the subcommands of the summarizer CLI share. */
#ifndef SM_CLI_H
#define SM_CLI_H

#include "summarizer.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

enum { CLI_OK = 0, CLI_RUNTIME = 1, CLI_USAGE = 2 };
/* cli_parse_args: --help was given (the command prints its help, exits 0). */
enum { CLI_HELP = -1 };

/* ---- the option table (options.c) ---------------------------------------- */

/* The commands, as bits: an option row says which commands take it. */
enum {
    CLI_CMD_SUMMARIZE = 1u << 0,
    CLI_CMD_DIGEST = 1u << 1,
    CLI_CMD_ARCHIVE_ADD = 1u << 2,
    CLI_CMD_ARCHIVE_LIST = 1u << 3,
    CLI_CMD_ARCHIVE_SHOW = 1u << 4,
    CLI_CMD_ARCHIVE_SEARCH = 1u << 5,
    CLI_CMD_ARCHIVE_VERIFY = 1u << 6,
    CLI_CMD_ARCHIVE_REPAIR = 1u << 7,
    CLI_CMD_EXTRACT = 1u << 8,
    CLI_CMD_KEYWORDS = 1u << 9,
    CLI_CMD_TOPICS_SUGGEST = 1u << 10
};

typedef enum cli_opt_id {
    OPT_HELP, OPT_WORDS, OPT_BYTES, OPT_SENTENCES, OPT_QUERY, OPT_TOPIC,
    OPT_TOPICS, OPT_DATE, OPT_DAILY, OPT_MANIFEST, OPT_LANG, OPT_MODELS,
    OPT_SIMILARITY, OPT_NO_REDUNDANCY, OPT_ORDER, OPT_FORMAT, OPT_OUTPUT,
    OPT_ARCHIVE, OPT_FORCE, OPT_QUIET, OPT_PROGRESS, OPT_LEVEL, OPT_NUMBER,
    OPT_DISCOVER, OPT_N, OPT_SEEN, OPT_NEW, OPT_COUNT
} cli_opt_id;

typedef struct cli_option {
    cli_opt_id id;
    const char *name;     /* long name, without "--" */
    char short_name;      /* 'o' for -o, or 0 */
    const char *arg;      /* the value's name in --help; NULL: a flag; in
                             brackets ("[N]"): optional, taken from the next
                             argument only when that starts with a digit */
    unsigned commands;    /* CLI_CMD_* bits of the commands that take it */
    const char *group;    /* its heading in --help */
    const char *help;
} cli_option;

/* What cli_parse_args found: per option its last value ("" for a flag) or
 * NULL when absent, how often it was given, and the other arguments. */
typedef struct cli_args {
    const char *value[OPT_COUNT];
    unsigned count[OPT_COUNT];
    const char **pos; /* owned: cli_args_free; room for one more */
    size_t npos;
    /* Every value of an option given several times (--seen A --seen B), in
     * order; owned: cli_args_free. */
    const char **all[OPT_COUNT];
    size_t nall[OPT_COUNT];
} cli_args;

/* Parses argv[1..argc) for command cmd ("--name value", "--name=value",
 * "-x value", "-xvalue", "--" ending options, "-" a positional argument).
 * Returns CLI_OK, CLI_HELP, or CLI_USAGE after printing why (cmdname
 * names the command in "Try 'summarizer CMD --help'").  Free out with
 * cli_args_free in every case. */
int cli_parse_args(unsigned cmd, const char *cmdname, int argc, char **argv,
                   cli_args *out);
void cli_args_free(cli_args *a);
/* Prints the options of cmd for --help: grouped under headings, or
 * `nested` under a subcommand (indented, no headings, no --help). */
void cli_print_options(unsigned cmd, bool nested, FILE *f);
/* The whole table (for completion and man pages). */
const cli_option *cli_options(size_t *n);

/* ---- conventions shared by the commands (conventions.c) ----------------- */

/* With no path given, standard input when it is not a terminal: adds "-"
 * to a->pos and returns true; false when there is no input at all. */
bool cli_default_input(cli_args *a);
/* Parses YYYY-MM-DD (an ISO 8601 date-time is cut to its date), "today"
 * or "yesterday" (local time) into out.  False when it is none of them. */
bool cli_parse_day(const char *s, char out[11]);
/* Progress on standard error: installed on ctx when `force` (--progress),
 * or when standard error is a terminal and not `quiet`; lines appear only
 * once the run has taken CLI_PROGRESS_AFTER seconds. */
void cli_progress_attach(sm_ctx *ctx, bool quiet, bool force);
/* Ends the progress line, if one was printed. */
void cli_progress_done(void);
/* --quiet: the library's warnings are dropped. */
void cli_quiet_warnings(sm_ctx *ctx, bool quiet);

/* Whether archive already holds a digest of this date (NULL: undated) and
 * these comma-separated topics: 1 yes (said on stderr, with --force as the
 * way to add it anyway), 0 no (or no archive yet), -1 the archive cannot be
 * read (said on stderr). */
int cli_archive_has(const char *archive, const char *date, const char *topics);

/* Prints "summarizer: <message>" on stderr. */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Prints the error, then "Try 'summarizer <cmd> --help'.", returns CLI_USAGE. */
int cli_usage_error(const char *cmd, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Parses a positive decimal count (1 .. 10^12); false when it is not one. */
bool cli_parse_count(const char *s, size_t *out);
/* Parses textrank|bm25; false when unknown. */
bool cli_parse_similarity(const char *s, sm_similarity *out);
/* Parses text|json|markdown|html; false when unknown. */
bool cli_parse_format(const char *s, sm_format *out);

/* Creates the context for --models/--lang (either may be NULL), printing
 * why when it cannot; *rc gets CLI_USAGE for an unknown language, else
 * CLI_RUNTIME. */
sm_ctx *cli_ctx_new(const char *models, const char *lang, int *rc);
/* The context of a command from its parsed options: --models and --lang,
 * then --quiet and --progress for warnings and progress; NULL (with *rc
 * set and the reason printed) when it cannot be made. */
sm_ctx *cli_ctx_for(const cli_args *a, int *rc);

/* Makes the corpus of a command: the manifest (when given), then every path
 * (one that cannot be read is reported and skipped), then prepares it.
 * `what` names the job in the message when nothing usable is left
 * ("summarize").  Returns CLI_OK, or CLI_RUNTIME after printing why; on
 * CLI_OK *failed counts the paths that could not be read. */
int cli_load_corpus(sm_ctx *ctx, const char *manifest, const char *const *paths,
                    size_t npaths, const char *what, sm_corpus **out,
                    size_t *failed);
/* The same, with seen[0..nseen) added first as what the reader already has
 * (sm_corpus_add_seen); one that cannot be read counts in *failed. */
int cli_load_corpus_seen(sm_ctx *ctx, const char *manifest,
                         const char *const *paths, size_t npaths,
                         const char *const *seen, size_t nseen,
                         const char *what, sm_corpus **out, size_t *failed);

/* A growable byte buffer for the commands, NUL-terminated once anything was
 * added.  The CLI is a client of the public API only, so it keeps its own;
 * running out of memory in the CLI prints a message and exits 1. */
typedef struct cli_buf {
    char *s;
    size_t len, cap;
} cli_buf;
void cli_buf_add(cli_buf *b, const char *s, size_t n);
void cli_buf_printf(cli_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void cli_buf_free(cli_buf *b);
void *cli_xrealloc(void *p, size_t n);

/* Writes data to path (-o FILE), or to standard output when path is NULL or
 * "-".  A regular file is replaced atomically keeping its mode and owner, a
 * symbolic link's target is replaced, a device or FIFO is written through,
 * anything else refused (see output.c).  Prints why and returns false on
 * any failure. */
bool cli_write_output(const char *path, const char *data, size_t len);

/* Stories `--discover` adds when given no count. */
#define CLI_DISCOVER_DEFAULT 10

int cli_summarize(int argc, char **argv);
int cli_keywords(int argc, char **argv);
int cli_topics(int argc, char **argv);
int cli_digest(int argc, char **argv);
int cli_archive(int argc, char **argv);
int cli_extract(int argc, char **argv);

#endif
