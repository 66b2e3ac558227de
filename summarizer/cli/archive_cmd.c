/*
 * archive_cmd.c: the 'archive' subcommand: add, list, show, search, verify
 * and repair digest archives.  The work is done by sm_archive_*; this file
 * parses arguments, selects digests and prints.
 *
 * Exit codes: 0 ok, 1 runtime error (I/O, a damaged archive: read commands
 * still print what precedes the damage, then exit 1), 2 usage.
 */
#include "cli.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The archive commands, their synopses and what they do; their options
 * are in the one option table (options.c). */
static const struct {
    const char *name;
    unsigned cmd;
    const char *synopsis, *what;
} commands[] = {
    {"add", CLI_CMD_ARCHIVE_ADD, "add [OPTIONS] ARCHIVE FILE|-",
     "append the digest in FILE (or standard input): a JSON digest, or one\n"
     "per line as 'digest --daily --format json' prints them.  A digest of\n"
     "the same date and topics as one already there is not added again."},
    {"list", CLI_CMD_ARCHIVE_LIST, "list ARCHIVE",
     "one line per digest: number, date, format, digest bytes, bytes in the\n"
     "archive, compressed size as a percentage, topics"},
    {"show", CLI_CMD_ARCHIVE_SHOW, "show [OPTIONS] ARCHIVE",
     "print the last digest that matches (default: the last one), as text\n"
     "unless --format says otherwise"},
    {"search", CLI_CMD_ARCHIVE_SEARCH, "search ARCHIVE WORD...",
     "sentences containing every WORD (case and word endings ignored):\n"
     "number, date, topic and sentence, tab-separated; exit status 1 when\n"
     "none matches, as grep"},
    {"verify", CLI_CMD_ARCHIVE_VERIFY, "verify ARCHIVE",
     "check every member and the index; report the first damage"},
    {"repair", CLI_CMD_ARCHIVE_REPAIR, "repair ARCHIVE",
     "remove a torn tail or damaged members, keeping every sound digest\n"
     "(the removed bytes are saved in ARCHIVE.removed-*), and rebuild the\n"
     "index"},
};
#define N_COMMANDS (sizeof commands / sizeof commands[0])

static void usage(FILE *f)
{
    fputs("Usage: summarizer archive COMMAND ARCHIVE [OPTIONS] ...\n"
          "\n"
          "Keeps digests in ARCHIVE, one gzip file (zcat prints every digest)\n"
          "with an index beside it (ARCHIVE.idx, rebuilt when missing).\n",
          f);
    for (size_t i = 0; i < N_COMMANDS; i++) {
        fprintf(f, "\n  %s\n", commands[i].synopsis);
        const char *p = commands[i].what;
        while (*p) {
            const char *nl = strchr(p, '\n');
            size_t n = nl ? (size_t)(nl - p) : strlen(p);
            fprintf(f, "        %.*s\n", (int)n, p);
            p += n + (nl != NULL);
        }
        cli_print_options(commands[i].cmd, true, f);
    }
    fputs("\nExit status: 0 ok, 1 error, damaged archive or (search) no match,\n"
          "2 usage.\n",
          f);
}

/* Parses a subcommand's arguments against the option table: CLI_OK, or
 * the exit code (CLI_HELP turned into 0 after printing the help). */
static int parse(unsigned cmd, int argc, char **argv, cli_args *a)
{
    int rc = cli_parse_args(cmd, "archive", argc, argv, a);
    if (rc == CLI_HELP) {
        usage(stdout);
        return -1;
    }
    return rc;
}

/* Maps a library status to an exit code. */
static int exit_of(sm_status st)
{
    return st == SM_OK ? CLI_OK : st == SM_ERR_USAGE ? CLI_USAGE : CLI_RUNTIME;
}

static int fail_with(sm_status st, char *msg)
{
    cli_error("%s", msg ? msg : "archive error");
    free(msg);
    return exit_of(st);
}

static const char *format_name(sm_format f)
{
    switch (f) {
    case SM_FORMAT_TEXT: return "text";
    case SM_FORMAT_JSON: return "json";
    case SM_FORMAT_MARKDOWN: return "markdown";
    case SM_FORMAT_HTML: return "html";
    }
    return "json";
}

static bool parse_level(const char *s, int *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || !*s || *end || v < -1 || v > 9)
        return false;
    *out = (int)v;
    return true;
}

/* Reads a whole file or standard input ("-"). */
static char *slurp(const char *path, size_t *len)
{
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 65536, n = 0;
    char *s = malloc(cap);
    if (!s)
        goto fail;
    for (;;) {
        if (cap - n < 2) {
            char *t = realloc(s, cap * 2);
            if (!t)
                goto fail;
            s = t;
            cap *= 2;
        }
        size_t got = fread(s + n, 1, cap - n - 1, f);
        n += got;
        if (got == 0)
            break;
    }
    if (ferror(f))
        goto fail;
    if (f != stdin)
        fclose(f);
    s[n] = '\0';
    *len = n;
    return s;
fail:
    {
        int e = errno;
        free(s);
        if (f != stdin)
            fclose(f);
        errno = e ? e : EIO;
    }
    return NULL;
}

/* ---- add ---------------------------------------------------------------- */

/* What 'archive add' was told about the digests it adds. */
typedef struct add_opts {
    const char *date, *topics; /* NULL: the digest's own */
    sm_format format;
    int level;
    bool force;
} add_opts;

static int add_one(const char *archive, const char *fname, const char *data,
                   size_t len, const add_opts *o);

/* Adds each line of data as a JSON digest, when every non-blank line is
 * one: the output of 'digest --daily --format json'.  Returns -1 when data
 * is not such a list (nothing added), else an exit code. */
static int add_lines(const char *archive, const char *fname, const char *data,
                     size_t len, const add_opts *o)
{
    size_t lines = 0;
    for (const char *p = data; p < data + len;) {
        const char *nl = memchr(p, '\n', (size_t)(data + len - p));
        size_t n = nl ? (size_t)(nl - p) : (size_t)(data + len - p);
        char err[256];
        bool blank = strspn(p, " \t\r") >= n;
        if (!blank) {
            sm_digest *d = sm_digest_parse_json(p, n, err, sizeof err);
            if (!d)
                return -1;
            sm_digest_free(d);
            lines++;
        }
        p += n + (nl != NULL);
    }
    if (lines < 2)
        return -1;
    int rc = CLI_OK;
    for (const char *p = data; p < data + len && rc == CLI_OK;) {
        const char *nl = memchr(p, '\n', (size_t)(data + len - p));
        size_t n = nl ? (size_t)(nl - p) + 1 : (size_t)(data + len - p);
        if (strspn(p, " \t\r\n") < n)
            rc = add_one(archive, fname, p, n, o);
        p += n;
    }
    return rc;
}

static int cmd_add(int argc, char **argv)
{
    cli_args a;
    int rc = parse(CLI_CMD_ARCHIVE_ADD, argc, argv, &a);
    if (rc) {
        cli_args_free(&a);
        return rc < 0 ? CLI_OK : rc;
    }
    add_opts o = {.topics = a.value[OPT_TOPICS], .format = SM_FORMAT_JSON,
                  .level = -1, .force = a.value[OPT_FORCE] != NULL};
    const char *v;
    char day[11];
    if ((v = a.value[OPT_LEVEL]) && !parse_level(v, &o.level))
        rc = cli_usage_error("archive", "--level: '%s' is not a level from -1 to 9", v);
    else if ((v = a.value[OPT_FORMAT]) && !cli_parse_format(v, &o.format))
        rc = cli_usage_error("archive", "--format: unknown format '%s'", v);
    else if ((v = a.value[OPT_DATE]) && !cli_parse_day(v, day))
        rc = cli_usage_error("archive", "--date: '%s' is not YYYY-MM-DD, today or yesterday", v);
    else if (a.npos != 2)
        rc = cli_usage_error("archive", "add: give ARCHIVE and FILE (or '-')");
    if (rc) {
        cli_args_free(&a);
        return rc;
    }
    if (a.value[OPT_DATE])
        o.date = day;
    const char *archive = a.pos[0], *file = a.pos[1];
    const char *fname = strcmp(file, "-") == 0 ? "standard input" : file;
    size_t len = 0;
    char *data = slurp(file, &len);
    if (!data) {
        cli_error("%s: cannot read: %s", fname, strerror(errno));
        cli_args_free(&a);
        return CLI_RUNTIME;
    }
    if (len == 0) {
        cli_error("%s: empty: nothing to add to %s", fname, archive);
        rc = CLI_RUNTIME;
    } else {
        rc = o.format == SM_FORMAT_JSON ? add_lines(archive, fname, data, len, &o) : -1;
        if (rc < 0)
            rc = add_one(archive, fname, data, len, &o);
    }
    free(data);
    cli_args_free(&a);
    return rc;
}

/* Adds one digest: its date and topics from --date/--topics, or from the
 * JSON digest itself; not again when the archive has one of that date and
 * those topics (unless --force). */
static int add_one(const char *archive, const char *fname, const char *data,
                   size_t len, const add_opts *o)
{
    const char *date = o->date, *topics = o->topics;
    sm_format fmt = o->format;
    int rc = CLI_OK;
    char *topbuf = NULL, *datebuf = NULL;
    sm_digest *d = NULL;
    if (fmt == SM_FORMAT_JSON) {
        /* Only a digest goes in as JSON, so that show can re-render it. */
        char err[512];
        d = sm_digest_parse_json(data, len, err, sizeof err);
        if (!d) {
            cli_error("%s: not a JSON digest: %s (give --format for another "
                      "format); %s is unchanged", fname, err, archive);
            rc = CLI_RUNTIME;
            goto out;
        }
        if (!date) {
            const char *dd = d->to ? d->to : d->from;
            if (dd)
                date = datebuf = strdup(dd);
        }
        if (!topics) {
            size_t n = 1;
            for (size_t t = 0; t < d->n_topics; t++)
                n += strlen(d->topics[t].id ? d->topics[t].id : "") + 1;
            topbuf = malloc(n);
            if (!topbuf) {
                cli_error("out of memory");
                rc = CLI_RUNTIME;
                goto out;
            }
            topbuf[0] = '\0';
            for (size_t t = 0; t < d->n_topics; t++) {
                if (t)
                    strcat(topbuf, ",");
                strcat(topbuf, d->topics[t].id ? d->topics[t].id : "");
            }
            topics = topbuf;
        }
    }
    if (!o->force) {
        int have = cli_archive_has(archive, date, topics);
        if (have != 0) {
            rc = have > 0 ? CLI_OK : CLI_RUNTIME;
            goto out;
        }
    }
    char *msg = NULL;
    uint64_t number = 0;
    sm_status st = sm_archive_append(archive, data, len, date, topics,
                                     format_name(fmt), o->level, &number, &msg);
    if (st != SM_OK) {
        rc = fail_with(st, msg);
        goto out;
    }
    printf("%s: added digest %" PRIu64 "%s%s\n", archive, number,
           date ? " of " : "", date ? date : "");
out:
    sm_digest_free(d);
    free(datebuf);
    free(topbuf);
    return rc;
}

/* ---- reading commands ----------------------------------------------------- */

int cli_archive_has(const char *archive, const char *date, const char *topics)
{
    /* An undated digest names no day it could repeat. */
    if (!date || !*date || access(archive, F_OK) != 0)
        return 0;
    sm_archive *a = NULL;
    char *msg = NULL;
    sm_status st = sm_archive_open(archive, &a, &msg);
    if (st != SM_OK) {
        fail_with(st, msg);
        return -1;
    }
    int found = 0;
    for (size_t i = 0; i < sm_archive_count(a) && !found; i++) {
        const sm_archive_entry *e = sm_archive_entry_at(a, i);
        if (strcmp(e->date, date) == 0 &&
            strcmp(e->topics, topics ? topics : "") == 0) {
            fprintf(stderr, "summarizer: %s already holds digest %" PRIu64
                    " of %s with topics %s: not added again (--force adds it)\n",
                    archive, e->number, date,
                    topics && *topics ? topics : "none");
            found = 1;
        }
    }
    sm_archive_close(a);
    return found;
}

/* Opens the archive named by the first positional argument. */
static int open_archive(const char *path, sm_archive **a)
{
    char *msg = NULL;
    sm_status st = sm_archive_open(path, a, &msg);
    if (st != SM_OK)
        return fail_with(st, msg);
    return CLI_OK;
}

/* After serving what precedes it, a damaged archive is reported and makes
 * the command fail. */
static int finish(sm_archive *a, int rc)
{
    const char *dmg = sm_archive_damage(a, NULL);
    if (dmg) {
        cli_error("%s", dmg);
        if (rc == CLI_OK)
            rc = CLI_RUNTIME;
    }
    sm_archive_close(a);
    return rc;
}

/* Every archive command ends here: output that did not reach standard
 * output (a full disk, a closed pipe, /dev/full) is an error, said once. */
static int stdout_done(int rc)
{
    if (fflush(stdout) != 0 || ferror(stdout)) {
        cli_error("standard output: %s", strerror(errno ? errno : EIO));
        return rc == CLI_OK ? CLI_RUNTIME : rc;
    }
    return rc;
}

/* One ARCHIVE and no other argument (list, verify, repair): CLI_OK with
 * *path set, -1 after --help, or a usage error. */
static int one_path(unsigned cmd, const char *name, int argc, char **argv,
                    const char **path)
{
    cli_args a;
    int rc = parse(cmd, argc, argv, &a);
    if (rc == CLI_OK && a.npos != 1)
        rc = cli_usage_error("archive", a.npos ? "%s: one ARCHIVE only"
                                               : "%s: no ARCHIVE given", name);
    *path = rc == CLI_OK ? a.pos[0] : NULL;
    cli_args_free(&a);
    return rc;
}

static int cmd_list(int argc, char **argv)
{
    const char *path;
    int prc = one_path(CLI_CMD_ARCHIVE_LIST, "list", argc, argv, &path);
    if (prc)
        return prc < 0 ? CLI_OK : prc;
    sm_archive *a;
    int rc = open_archive(path, &a);
    if (rc)
        return rc;
    for (size_t i = 0; i < sm_archive_count(a); i++) {
        const sm_archive_entry *e = sm_archive_entry_at(a, i);
        double ratio = e->usize ? 100.0 * (double)e->size / (double)e->usize : 0.0;
        printf("%6" PRIu64 "  %-10s  %-8s  %9" PRIu64 "  %9" PRIu64 "  %6.1f%%  %s\n",
               e->number, e->date[0] ? e->date : "-", e->format, e->usize, e->size,
               ratio, e->topics[0] ? e->topics : "-");
    }
    return finish(a, CLI_OK);
}

static bool has_topic(const char *list, const char *id)
{
    size_t n = strlen(id);
    for (const char *p = list; *p;) {
        const char *c = strchr(p, ',');
        size_t k = c ? (size_t)(c - p) : strlen(p);
        if (k == n && memcmp(p, id, n) == 0)
            return true;
        if (!c)
            break;
        p = c + 1;
    }
    return false;
}

/* Standard output is checked once, by stdout_done; a file through
 * cli_write_output. */
static int show_write(const char *output, const char *data, size_t len, int rc)
{
    if (!output || strcmp(output, "-") == 0) {
        fwrite(data, 1, len, stdout);
        return rc;
    }
    return cli_write_output(output, data, len) ? rc : CLI_RUNTIME;
}

static int cmd_show(int argc, char **argv)
{
    cli_args args;
    int prc = parse(CLI_CMD_ARCHIVE_SHOW, argc, argv, &args);
    const char *path = NULL, *date = NULL, *topic = args.value[OPT_TOPIC], *v;
    const char *output = args.value[OPT_OUTPUT];
    size_t number = 0;
    sm_format fmt = SM_FORMAT_TEXT;
    bool have_fmt = false;
    char day[11];
    if (prc == CLI_OK && (v = args.value[OPT_NUMBER]) && !cli_parse_count(v, &number))
        prc = cli_usage_error("archive", "--number: '%s' is not a digest number (1, 2, ...)", v);
    if (prc == CLI_OK && (v = args.value[OPT_DATE])) {
        if (!cli_parse_day(v, day))
            prc = cli_usage_error("archive", "--date: '%s' is not YYYY-MM-DD, today or yesterday", v);
        date = day;
    }
    if (prc == CLI_OK && (v = args.value[OPT_FORMAT])) {
        if (!cli_parse_format(v, &fmt))
            prc = cli_usage_error("archive", "--format: unknown format '%s'", v);
        have_fmt = true;
    }
    if (prc == CLI_OK && args.npos != 1)
        prc = cli_usage_error("archive", args.npos ? "show: one ARCHIVE only"
                                                   : "show: no ARCHIVE given");
    if (prc == CLI_OK)
        path = args.pos[0];
    cli_args_free(&args);
    if (prc)
        return prc < 0 ? CLI_OK : prc;
    sm_archive *a;
    int rc = open_archive(path, &a);
    if (rc)
        return rc;
    char *data = NULL;
    sm_digest *d = NULL;
    const sm_archive_entry *e = NULL;
    for (size_t i = sm_archive_count(a); i > 0 && !e; i--) {
        const sm_archive_entry *c = sm_archive_entry_at(a, i - 1);
        if ((!number || c->number == number) && (!date || strcmp(c->date, date) == 0) &&
            (!topic || has_topic(c->topics, topic)))
            e = c;
    }
    if (!e) {
        char num[32] = "";
        if (number)
            snprintf(num, sizeof num, " number %zu", number);
        cli_error("%s: no digest%s%s%s%s%s (the archive holds %zu)", path, num,
                  date ? " of " : "", date ? date : "", topic ? " with topic " : "",
                  topic ? topic : "", sm_archive_count(a));
        rc = CLI_RUNTIME;
        goto out;
    }
    size_t len;
    char *msg = NULL;
    sm_status st = sm_archive_read(a, (size_t)e->number - 1, &data, &len, &msg);
    if (st != SM_OK) {
        rc = fail_with(st, msg);
        goto out;
    }
    /* A digest kept in another format than JSON is shown as it is, unless
     * a format was asked for. */
    const char *want = have_fmt || strcmp(e->format, "json") == 0
                           ? format_name(fmt) : e->format;
    if (strcmp(want, e->format) == 0 && !topic) {
        rc = show_write(output, data, len, rc);
        goto out;
    }
    if (strcmp(e->format, "json") != 0) {
        cli_error("%s: digest %" PRIu64 " is stored as %s, so it can only be shown "
                  "whole and as %s", path, e->number, e->format, e->format);
        rc = CLI_RUNTIME;
        goto out;
    }
    char err[512];
    d = sm_digest_parse_json(data, len, err, sizeof err);
    if (!d) {
        cli_error("%s: digest %" PRIu64 " is not a readable JSON digest: %s", path,
                  e->number, err);
        rc = CLI_RUNTIME;
        goto out;
    }
    sm_digest view = *d;
    if (topic) {
        view.n_topics = 0;
        for (size_t t = 0; t < d->n_topics; t++)
            if (d->topics[t].id && strcmp(d->topics[t].id, topic) == 0) {
                view.topics = &d->topics[t];
                view.n_topics = 1;
                break;
            }
        if (!view.n_topics) {
            cli_error("%s: digest %" PRIu64 " has no topic '%s'", path, e->number,
                      topic);
            rc = CLI_RUNTIME;
            goto out;
        }
    }
    size_t olen = 0;
    char *o = sm_digest_render(&view, fmt, &olen);
    if (!o) {
        cli_error("out of memory rendering digest %" PRIu64, e->number);
        rc = CLI_RUNTIME;
        goto out;
    }
    rc = show_write(output, o, olen, rc);
    free(o);
out:
    sm_digest_free(d);
    free(data);
    return finish(a, rc);
}

static int print_hit(void *ud, const sm_archive_hit *h)
{
    size_t *n = ud;
    (*n)++;
    printf("%" PRIu64 "\t%s\t%s\t%s\n", h->number, h->date[0] ? h->date : "-",
           h->topic[0] ? h->topic : "-", h->text);
    return 0;
}

static int cmd_search(int argc, char **argv)
{
    cli_args args;
    int rc = parse(CLI_CMD_ARCHIVE_SEARCH, argc, argv, &args);
    if (rc == CLI_OK && args.npos < 2)
        rc = cli_usage_error("archive", "search: give ARCHIVE and at least one WORD");
    if (rc) {
        cli_args_free(&args);
        return rc < 0 ? CLI_OK : rc;
    }
    const char *path = args.pos[0];
    const char **words = args.pos + 1;
    size_t nw = args.npos - 1;
    sm_archive *a;
    rc = open_archive(path, &a);
    if (rc) {
        cli_args_free(&args);
        return rc;
    }
    size_t hits = 0;
    char *msg = NULL;
    sm_status st = sm_archive_search(a, words, nw, NULL, print_hit, &hits, &msg);
    if (st != SM_OK)
        rc = fail_with(st, msg);
    else if (hits == 0)
        rc = CLI_RUNTIME; /* as grep: 1 when nothing matches, said by silence */
    cli_args_free(&args);
    return finish(a, rc);
}

static int cmd_verify(int argc, char **argv)
{
    const char *path;
    int rc = one_path(CLI_CMD_ARCHIVE_VERIFY, "verify", argc, argv, &path);
    if (rc)
        return rc < 0 ? CLI_OK : rc;
    sm_archive_report r;
    char *msg = NULL;
    sm_status st = sm_archive_verify(path, &r, &msg);
    if (st != SM_OK)
        return fail_with(st, msg);
    printf("%s: %" PRIu64 " digest%s, %" PRIu64 " bytes: every member sound; "
           "index %s\n", path, r.good, r.good == 1 ? "" : "s", r.size,
           r.index_ok == 1 ? "OK" : "missing (rebuilt on the next read)");
    return CLI_OK;
}

static int cmd_repair(int argc, char **argv)
{
    const char *path;
    int rc = one_path(CLI_CMD_ARCHIVE_REPAIR, "repair", argc, argv, &path);
    if (rc)
        return rc < 0 ? CLI_OK : rc;
    sm_archive_report r;
    char *msg = NULL;
    sm_status st = sm_archive_repair(path, &r, &msg);
    if (st != SM_OK)
        return fail_with(st, msg);
    if (r.listed > r.good)
        printf("%s: the index listed %" PRIu64 " digests; digests %" PRIu64 "-%" PRIu64
               " were lost (cut from the file); the index now lists the %" PRIu64
               " that remain\n", path, r.listed, r.good + 1, r.listed, r.good);
    if (!r.bad)
        printf("%s: %" PRIu64 " digest%s, nothing to repair; index rebuilt if it "
               "was stale\n", path, r.good, r.good == 1 ? "" : "s");
    else
        printf("%s: kept %" PRIu64 " digest%s (%" PRIu64 " bytes); removed %" PRIu64
               " bytes in %" PRIu64 " damaged region%s, the first at byte offset %"
               PRIu64 "\n", path, r.good, r.good == 1 ? "" : "s", r.kept_bytes,
               r.size - r.kept_bytes, r.bad, r.bad == 1 ? "" : "s", r.bad_offset);
    if (r.bad)
        printf("%s: the removed bytes are saved beside it, in %s.removed-*\n", path,
               path);
    return CLI_OK;
}

int cli_archive(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return CLI_USAGE;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 ||
        strcmp(cmd, "help") == 0) {
        usage(stdout);
        return CLI_OK;
    }
    static const struct {
        const char *name;
        int (*fn)(int, char **);
    } cmds[] = {{"add", cmd_add},       {"list", cmd_list},
                {"show", cmd_show},     {"search", cmd_search},
                {"verify", cmd_verify}, {"repair", cmd_repair}};
    for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++)
        if (strcmp(cmd, cmds[i].name) == 0)
            return stdout_done(cmds[i].fn(argc - 1, argv + 1));
    return cli_usage_error("archive", "unknown archive command '%s'", cmd);
}
