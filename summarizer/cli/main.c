/*
 * main.c: the summarizer command line.  It parses arguments and calls the
 * library; each subcommand lives in its own *_cmd.c file.
 */
#include "cli.h"

#include <errno.h>
#include <stdarg.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char usage[] =
    "Usage: summarizer COMMAND [OPTIONS] ...\n"
    "\n"
    "Extractive multi-document summaries and daily topic digests of news.\n"
    "\n"
    "Commands:\n"
    "  summarize  one summary of the input, optionally for a --query\n"
    "  digest     a briefing per topic, over all input or one per day\n"
    "  archive    keep, list, search and read back digests\n"
    "  extract    every document as the tool read it (metadata, paragraphs)\n"
    "  keywords   the keyphrases of the input\n"
    "  topics     suggest a topic profile for a discovered story\n"
    "\n"
    "  summarizer COMMAND --help   options of a command\n"
    "  summarizer --version        version\n";

void *cli_xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q) {
        fputs("summarizer: out of memory\n", stderr);
        exit(CLI_RUNTIME);
    }
    return q;
}

void cli_buf_add(cli_buf *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 64;
        while (cap < b->len + n + 1)
            cap *= 2;
        b->s = cli_xrealloc(b->s, cap);
        b->cap = cap;
    }
    if (s && n)
        memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = '\0';
}

void cli_buf_printf(cli_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    size_t at = b->len;
    cli_buf_add(b, NULL, (size_t)n); /* room for n bytes and the NUL */
    va_start(ap, fmt);
    vsnprintf(b->s + at, (size_t)n + 1, fmt, ap);
    va_end(ap);
}

void cli_buf_free(cli_buf *b)
{
    free(b->s);
    b->s = NULL;
    b->len = b->cap = 0;
}

void cli_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("summarizer: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("summarizer: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    if (cmd)
        fprintf(stderr, "Try 'summarizer %s --help'.\n", cmd);
    else
        fputs("Try 'summarizer --help'.\n", stderr);
    return CLI_USAGE;
}

bool cli_parse_count(const char *s, size_t *out)
{
    if (!s || !*s || *s < '0' || *s > '9')
        return false;
    errno = 0;
    char *end;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || *end || v == 0 || v > 1000000000000ull)
        return false;
    *out = (size_t)v;
    return true;
}

bool cli_parse_similarity(const char *s, sm_similarity *out)
{
    if (strcmp(s, "textrank") == 0)
        *out = SM_SIM_TEXTRANK;
    else if (strcmp(s, "bm25") == 0)
        *out = SM_SIM_BM25;
    else
        return false;
    return true;
}

bool cli_parse_format(const char *s, sm_format *out)
{
    static const struct { const char *name; sm_format f; } t[] = {
        {"text", SM_FORMAT_TEXT}, {"json", SM_FORMAT_JSON},
        {"markdown", SM_FORMAT_MARKDOWN}, {"md", SM_FORMAT_MARKDOWN},
        {"html", SM_FORMAT_HTML}};
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
        if (strcmp(s, t[i].name) == 0) {
            *out = t[i].f;
            return true;
        }
    return false;
}

sm_ctx *cli_ctx_new(const char *models, const char *lang, int *rc)
{
    char err[512];
    sm_ctx *ctx;
    sm_status st = sm_ctx_create(models, lang, &ctx, err, sizeof err);
    if (st != SM_OK) {
        cli_error("%s", err);
        /* An unknown language is a bad option; a missing models folder or
         * no memory is the machine's problem. */
        *rc = st == SM_ERR_USAGE ? CLI_USAGE : CLI_RUNTIME;
    }
    return ctx;
}

sm_ctx *cli_ctx_for(const cli_args *a, int *rc)
{
    sm_ctx *ctx = cli_ctx_new(a->value[OPT_MODELS], a->value[OPT_LANG], rc);
    if (!ctx)
        return NULL;
    cli_quiet_warnings(ctx, a->value[OPT_QUIET] != NULL);
    cli_progress_attach(ctx, a->value[OPT_QUIET] != NULL,
                        a->value[OPT_PROGRESS] != NULL);
    return ctx;
}

int cli_load_corpus(sm_ctx *ctx, const char *manifest, const char *const *paths,
                    size_t npaths, const char *what, sm_corpus **out,
                    size_t *failed)
{
    return cli_load_corpus_seen(ctx, manifest, paths, npaths, NULL, 0, what,
                                out, failed);
}

int cli_load_corpus_seen(sm_ctx *ctx, const char *manifest,
                         const char *const *paths, size_t npaths,
                         const char *const *seen, size_t nseen,
                         const char *what, sm_corpus **out, size_t *failed)
{
    sm_corpus *c = sm_corpus_new(ctx);
    *out = c;
    *failed = 0;
    if (manifest && sm_corpus_load_manifest(c, manifest) != SM_OK) {
        cli_error("%s", sm_ctx_error(ctx));
        return CLI_RUNTIME;
    }
    for (size_t i = 0; i < nseen; i++)
        if (sm_corpus_add_seen(c, seen[i]) != SM_OK) {
            cli_error("%s", sm_ctx_error(ctx));
            (*failed)++;
        }
    for (size_t i = 0; i < npaths; i++)
        if (sm_corpus_add_path(c, paths[i]) != SM_OK) {
            /* One bad path does not lose the others. */
            cli_error("%s", sm_ctx_error(ctx));
            (*failed)++;
        }
    if (sm_corpus_n_docs(c) == 0) {
        cli_error("nothing to %s: no usable document in the input", what);
        return CLI_RUNTIME;
    }
    if (sm_corpus_prepare(c) != SM_OK) {
        cli_error("%s", sm_ctx_error(ctx));
        return CLI_RUNTIME;
    }
    return CLI_OK;
}

/* On a large input a fifth of the run went to first-touch page faults
 * (measured on the 100 MB benchmark corpus: 78k faults, about 1 s of
 * 4.4 s).  Transparent huge pages cut them tenfold, but glibc's malloc asks
 * for them only under its glibc.malloc.hugetlb tunable, which it reads at
 * start-up: so summarize and digest set it and start themselves again,
 * once (the tunable is then named, so never twice).  Memory use is unchanged (a huge page is used only where a whole 2
 * MB range is wanted anyway).  SUMMARIZER_NO_HUGEPAGES=1, a GLIBC_TUNABLES
 * that already names the tunable, valgrind, or a failed exec leave the run
 * as it is. */
static void use_huge_pages(char **argv)
{
    if (getenv("SUMMARIZER_NO_HUGEPAGES"))
        return;
    /* Under valgrind an exec would leave the tool behind and run unchecked. */
    const char *pre = getenv("LD_PRELOAD");
    if (pre && strstr(pre, "vgpreload"))
        return;
    const char *t = getenv("GLIBC_TUNABLES");
    if (t && strstr(t, "glibc.malloc.hugetlb"))
        return;
    static const char want[] = "glibc.malloc.hugetlb=1";
    size_t n = (t ? strlen(t) + 1 : 0) + sizeof want;
    char *v = malloc(n);
    if (!v)
        return;
    snprintf(v, n, "%s%s%s", t ? t : "", t ? ":" : "", want);
    int ok = setenv("GLIBC_TUNABLES", v, 1);
    free(v);
    if (ok == 0)
        execv("/proc/self/exe", argv);
    /* Still here: no /proc, or the exec failed.  Normal pages then. */
}

/* glibc's malloc maps every block over its mmap threshold (128 KB at
 * first, raised as such blocks are freed) straight from the kernel and
 * returns it on free, so each phase of a large run faults in and zeroes
 * fresh pages for arrays the phase before has just given back.  A fixed
 * threshold of 32 MB (mallopt's largest on 64-bit) keeps arrays up to that
 * size in the heap, where freed memory is used again; larger ones are still
 * mapped (and grown by mremap).  Measured on the 100 MB benchmark corpus,
 * summarize, three runs each: page faults 8,000-8,500 -> 1,400-1,700, CPU
 * 3.43 -> 3.22 s, peak RSS 244 -> 262 MB. */
#define MMAP_THRESHOLD_BYTES (32 << 20)

static void keep_freed_memory(void)
{
#ifdef __GLIBC__
    mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD_BYTES);
#endif
}

int main(int argc, char **argv)
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
    if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "-V") == 0) {
        printf("summarizer %s\n", SM_VERSION);
        return CLI_OK;
    }
    if (strcmp(cmd, "summarize") == 0 || strcmp(cmd, "digest") == 0) {
        use_huge_pages(argv);
        keep_freed_memory();
    }
    if (strcmp(cmd, "summarize") == 0)
        return cli_summarize(argc - 1, argv + 1);
    if (strcmp(cmd, "digest") == 0)
        return cli_digest(argc - 1, argv + 1);
    if (strcmp(cmd, "archive") == 0)
        return cli_archive(argc - 1, argv + 1);
    if (strcmp(cmd, "extract") == 0)
        return cli_extract(argc - 1, argv + 1);
    if (strcmp(cmd, "keywords") == 0)
        return cli_keywords(argc - 1, argv + 1);
    if (strcmp(cmd, "topics") == 0)
        return cli_topics(argc - 1, argv + 1);
    return cli_usage_error(NULL, "unknown command '%s'", cmd);
}
