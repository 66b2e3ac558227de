/* cli.h: what the subcommands of the summarizer CLI share. */
#ifndef SM_CLI_H
#define SM_CLI_H

#include "summarizer.h"

#include <stdbool.h>
#include <stddef.h>

enum { CLI_OK = 0, CLI_RUNTIME = 1, CLI_USAGE = 2 };

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
/* Matches "--name=value" or "--name value"; advances *i past the value.
 * Returns the value, NULL when argv[*i] is not this option.  Sets *missing
 * when the option is there but has no value. */
const char *cli_opt(int argc, char **argv, int *i, const char *name,
                    bool *missing);

/* Creates the context for --models/--lang (either may be NULL), printing
 * why when it cannot; *rc gets CLI_USAGE for an unknown language, else
 * CLI_RUNTIME. */
sm_ctx *cli_ctx_new(const char *models, const char *lang, int *rc);

/* Makes the corpus of a command: the manifest (when given), then every path
 * (one that cannot be read is reported and skipped), then prepares it.
 * `what` names the job in the message when nothing usable is left
 * ("summarize").  Returns CLI_OK, or CLI_RUNTIME after printing why; on
 * CLI_OK *failed counts the paths that could not be read. */
int cli_load_corpus(sm_ctx *ctx, const char *manifest, const char *const *paths,
                    size_t npaths, const char *what, sm_corpus **out,
                    size_t *failed);

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
