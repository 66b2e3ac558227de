/*
 * ctxmem: one context serving many corpora in turn, each prepared and
 * freed; prints the peak resident memory (VmHWM) after the 10th corpus and
 * after the last, and their ratio.  The context holds no vocabulary or
 * cache of its own (they live in each corpus), so the ratio stays near 1.
 *
 * Usage: ctxmem [CORPORA [SENTENCES]]   (defaults 200 and 2000)
 * Each corpus is one document of SENTENCES sentences whose words are new
 * to every corpus, the case that made a growing context grow.
 */
#include "summarizer.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Peak resident set in KiB, from /proc/self/status; 0 when unknown. */
static long peak_kib(void)
{
    FILE *f = fopen("/proc/self/status", "r");
    if (!f)
        return 0;
    char line[256];
    long v = 0;
    while (fgets(line, sizeof line, f))
        if (strncmp(line, "VmHWM:", 6) == 0)
            v = strtol(line + 6, NULL, 10);
    fclose(f);
    return v;
}

static int fail(const char *what, const char *msg)
{
    fprintf(stderr, "ctxmem: %s: %s\n", what, msg);
    return 1;
}

int main(int argc, char **argv)
{
    long corpora = argc > 1 ? strtol(argv[1], NULL, 10) : 200;
    long sentences = argc > 2 ? strtol(argv[2], NULL, 10) : 2000;
    if (corpora < 10 || sentences < 1)
        return fail("usage", "ctxmem [CORPORA >= 10 [SENTENCES >= 1]]");
    char err[256];
    sm_ctx *ctx;
    if (sm_ctx_create(NULL, NULL, &ctx, err, sizeof err) != SM_OK)
        return fail("context", err);
    /* Longest sentence: the template with four numbers of up to 20 digits. */
    size_t cap = (size_t)sentences * 160 + 1;
    char *text = malloc(cap);
    if (!text)
        return fail("text", "out of memory");
    long at10 = 0;
    int rc = 0;
    for (long k = 0; k < corpora && rc == 0; k++) {
        size_t n = 0;
        for (long s = 0; s < sentences; s++)
            n += (size_t)snprintf(text + n, cap - n,
                                  "Minister q%ldx%ld met envoy w%ldz%ld in the "
                                  "capital on Monday. ", k, s, s, k);
        sm_corpus *c = sm_corpus_new(ctx);
        if (!c || sm_corpus_add_text(c, "d", text, n, NULL) != SM_OK ||
            sm_corpus_prepare(c) != SM_OK)
            rc = fail("corpus", sm_ctx_error(ctx));
        sm_corpus_free(c);
        if (k == 9)
            at10 = peak_kib();
    }
    long last = peak_kib();
    if (rc == 0)
        printf("corpora %ld, sentences each %ld: peak %ld KiB at the 10th, "
               "%ld KiB at the %ldth: x%.2f\n",
               corpora, sentences, at10, last, corpora,
               at10 > 0 ? (double)last / (double)at10 : 0.0);
    free(text);
    sm_ctx_free(ctx);
    return rc;
}
