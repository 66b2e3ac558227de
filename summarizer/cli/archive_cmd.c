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

static const char usage[] =
    "Usage: summarizer archive COMMAND ARCHIVE [OPTIONS] ...\n"
    "\n"
    "Keeps digests in ARCHIVE, one gzip file (zcat prints every digest) with an\n"
    "index beside it (ARCHIVE.idx, rebuilt automatically when missing).\n"
    "\n"
    "  add [--level N] [--format F] [--date D] [--topics T] ARCHIVE FILE|-\n"
    "        append a digest (FILE, or '-' for standard input).  F is the format\n"
    "        it is in: json (default; its date and topics are read from it),\n"
    "        text, markdown or html (then give --date and --topics).  --date\n"
    "        YYYY-MM-DD and --topics id,id,... override.  N: zlib level -1..9\n"
    "  list ARCHIVE\n"
    "        one line per digest: number, date, format, digest bytes, bytes in\n"
    "        the archive, compressed size as a percentage, topics\n"
    "  show ARCHIVE [--number N] [--date D] [--topic ID] [--format F]\n"
    "        print the last digest that matches (default: the last one); with\n"
    "        --topic only that topic's briefing.  F: text, markdown, json, html\n"
    "        (a digest stored as JSON can be shown in any of them)\n"
    "  search ARCHIVE WORD...\n"
    "        sentences containing every WORD (case and word endings ignored):\n"
    "        number, date, topic and sentence, tab-separated\n"
    "  verify ARCHIVE\n"
    "        check every member and the index; report the first damage\n"
    "  repair ARCHIVE\n"
    "        remove a torn tail or damaged members, keeping every sound\n"
    "        digest (the removed bytes are saved in ARCHIVE.removed-*),\n"
    "        and rebuild the index\n"
    "\n"
    "Exit status: 0 ok, 1 error or damaged archive, 2 usage.\n";

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

static int cmd_add(int argc, char **argv)
{
    const char *pos[2] = {NULL, NULL};
    size_t npos = 0;
    const char *date = NULL, *topics = NULL, *v;
    sm_format fmt = SM_FORMAT_JSON;
    int level = -1;
    for (int i = 1; i < argc; i++) {
        bool missing = false;
        if (strcmp(argv[i], "--help") == 0) {
            fputs(usage, stdout);
            return CLI_OK;
        } else if ((v = cli_opt(argc, argv, &i, "--level", &missing))) {
            if (!parse_level(v, &level))
                return cli_usage_error("archive", "--level: '%s' is not a level "
                                       "from -1 to 9", v);
        } else if ((v = cli_opt(argc, argv, &i, "--format", &missing))) {
            if (!cli_parse_format(v, &fmt))
                return cli_usage_error("archive", "--format: unknown format '%s'", v);
        } else if ((v = cli_opt(argc, argv, &i, "--date", &missing))) {
            date = v;
        } else if ((v = cli_opt(argc, argv, &i, "--topics", &missing))) {
            topics = v;
        } else if (missing) {
            return cli_usage_error("archive", "%s needs a value", argv[i]);
        } else if (argv[i][0] == '-' && argv[i][1] != '\0') {
            return cli_usage_error("archive", "add: unknown option '%s'", argv[i]);
        } else if (npos < 2) {
            pos[npos++] = argv[i];
        } else {
            return cli_usage_error("archive", "add: one ARCHIVE and one FILE");
        }
    }
    if (npos != 2)
        return cli_usage_error("archive", "add: give ARCHIVE and FILE (or '-')");
    const char *archive = pos[0], *file = pos[1];
    const char *fname = strcmp(file, "-") == 0 ? "standard input" : file;
    size_t len = 0;
    char *data = slurp(file, &len);
    if (!data) {
        cli_error("%s: cannot read: %s", fname, strerror(errno));
        return CLI_RUNTIME;
    }
    int rc = CLI_OK;
    char *topbuf = NULL, *datebuf = NULL;
    sm_digest *d = NULL;
    if (len == 0) {
        cli_error("%s: empty: nothing to add to %s", fname, archive);
        rc = CLI_RUNTIME;
        goto out;
    }
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
    char *msg = NULL;
    uint64_t number = 0;
    sm_status st = sm_archive_append(archive, data, len, date, topics,
                                     format_name(fmt), level, &number, &msg);
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
    free(data);
    return rc;
}

/* ---- reading commands ----------------------------------------------------- */

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

static int cmd_list(int argc, char **argv)
{
    const char *path = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0) {
            fputs(usage, stdout);
            return CLI_OK;
        }
        if (argv[i][0] == '-' && argv[i][1])
            return cli_usage_error("archive", "list: unknown option '%s'", argv[i]);
        if (path)
            return cli_usage_error("archive", "list: one ARCHIVE only");
        path = argv[i];
    }
    if (!path)
        return cli_usage_error("archive", "list: no ARCHIVE given");
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

static int cmd_show(int argc, char **argv)
{
    const char *path = NULL, *date = NULL, *topic = NULL, *v;
    size_t number = 0;
    sm_format fmt = SM_FORMAT_JSON;
    bool have_fmt = false;
    for (int i = 1; i < argc; i++) {
        bool missing = false;
        if (strcmp(argv[i], "--help") == 0) {
            fputs(usage, stdout);
            return CLI_OK;
        } else if ((v = cli_opt(argc, argv, &i, "--number", &missing))) {
            if (!cli_parse_count(v, &number))
                return cli_usage_error("archive", "--number: '%s' is not a digest "
                                       "number (1, 2, ...)", v);
        } else if ((v = cli_opt(argc, argv, &i, "--date", &missing))) {
            date = v;
        } else if ((v = cli_opt(argc, argv, &i, "--topic", &missing))) {
            topic = v;
        } else if ((v = cli_opt(argc, argv, &i, "--format", &missing))) {
            if (!cli_parse_format(v, &fmt))
                return cli_usage_error("archive", "--format: unknown format '%s'", v);
            have_fmt = true;
        } else if (missing) {
            return cli_usage_error("archive", "%s needs a value", argv[i]);
        } else if (argv[i][0] == '-' && argv[i][1]) {
            return cli_usage_error("archive", "show: unknown option '%s'", argv[i]);
        } else if (path) {
            return cli_usage_error("archive", "show: one ARCHIVE only");
        } else {
            path = argv[i];
        }
    }
    if (!path)
        return cli_usage_error("archive", "show: no ARCHIVE given");
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
    const char *want = have_fmt ? format_name(fmt) : e->format;
    if (strcmp(want, e->format) == 0 && !topic) {
        fwrite(data, 1, len, stdout); /* an error is reported by stdout_done */
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
    char *o = sm_digest_render(&view, have_fmt ? fmt : SM_FORMAT_JSON, &olen);
    if (!o) {
        cli_error("out of memory rendering digest %" PRIu64, e->number);
        rc = CLI_RUNTIME;
        goto out;
    }
    fwrite(o, 1, olen, stdout);
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
    const char *path = NULL;
    const char **words = calloc((size_t)argc, sizeof *words);
    size_t nw = 0;
    int rc = CLI_OK;
    if (!words) {
        cli_error("out of memory");
        return CLI_RUNTIME;
    }
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0) {
            fputs(usage, stdout);
            free(words);
            return CLI_OK;
        }
        if (strcmp(argv[i], "--") != 0 && argv[i][0] == '-' && argv[i][1]) {
            free(words);
            return cli_usage_error("archive", "search: unknown option '%s'", argv[i]);
        }
        if (!path)
            path = argv[i];
        else
            words[nw++] = argv[i];
    }
    if (!path || !nw) {
        free(words);
        return cli_usage_error("archive", "search: give ARCHIVE and at least one WORD");
    }
    sm_archive *a;
    rc = open_archive(path, &a);
    if (rc) {
        free(words);
        return rc;
    }
    size_t hits = 0;
    char *msg = NULL;
    sm_status st = sm_archive_search(a, words, nw, NULL, print_hit, &hits, &msg);
    if (st != SM_OK)
        rc = fail_with(st, msg);
    free(words);
    return finish(a, rc);
}

static int one_path(int argc, char **argv, const char *cmd, const char **path)
{
    *path = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0) {
            fputs(usage, stdout);
            return -1;
        }
        if (argv[i][0] == '-' && argv[i][1])
            return cli_usage_error("archive", "%s: unknown option '%s'", cmd, argv[i]);
        if (*path)
            return cli_usage_error("archive", "%s: one ARCHIVE only", cmd);
        *path = argv[i];
    }
    if (!*path)
        return cli_usage_error("archive", "%s: no ARCHIVE given", cmd);
    return CLI_OK;
}

static int cmd_verify(int argc, char **argv)
{
    const char *path;
    int rc = one_path(argc, argv, "verify", &path);
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
    int rc = one_path(argc, argv, "repair", &path);
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
        fputs(usage, stderr);
        return CLI_USAGE;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 ||
        strcmp(cmd, "help") == 0) {
        fputs(usage, stdout);
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
