/*
 * alone: prints every sentence of the input as the summarizer prepared it,
 * with its stand-alone reasons (text/standalone.c), one sentence a line:
 *
 *   alone [--models DIR] PATH...
 *
 * Each line is the reasons as letters (R reference, D definite, F fragment,
 * C caption, X cut, N names nothing, Y reader, L legal, B byline, T teaser,
 * S list; "-" for none), a tab
 * and the sentence.  Used to measure how many article sentences a signal
 * flags, and which furniture it misses, on pages with a known article.
 */
#include "tasks/tasks.h"

#include <stdio.h>
#include <string.h>

static void letters(uint32_t r, char *out)
{
    static const struct {
        uint32_t bit;
        char c;
    } map[] = {{SM_ALONE_REFERENCE, 'R'}, {SM_ALONE_DEFINITE, 'D'},
               {SM_ALONE_FRAGMENT, 'F'},  {SM_ALONE_CAPTION, 'C'},
               {SM_ALONE_CUT, 'X'},       {SM_ALONE_NOFACT, 'N'},
               {SM_ALONE_READER, 'Y'},    {SM_ALONE_LEGAL, 'L'},
               {SM_ALONE_CREDIT, 'B'},    {SM_ALONE_TEASER, 'T'},
               {SM_ALONE_LIST, 'S'}};
    size_t k = 0;
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (r & map[i].bit)
            out[k++] = map[i].c;
    if (!k)
        out[k++] = '-';
    out[k] = 0;
}

int main(int argc, char **argv)
{
    const char *models = NULL;
    int first = 1;
    if (argc > 2 && strcmp(argv[1], "--models") == 0) {
        models = argv[2];
        first = 3;
    }
    if (first >= argc) {
        fprintf(stderr, "usage: alone [--models DIR] PATH...\n");
        return 2;
    }
    char err[256];
    sm_ctx *ctx = sm_ctx_new(models, "english", err, sizeof err);
    if (!ctx) {
        fprintf(stderr, "alone: %s\n", err);
        return 1;
    }
    sm_corpus *c = sm_corpus_new(ctx);
    int rc = 1;
    if (!c)
        goto end;
    for (int i = first; i < argc; i++)
        if (sm_corpus_add_path(c, argv[i]) != SM_OK)
            fprintf(stderr, "alone: %s\n", sm_ctx_error(ctx));
    if (sm_corpus_prepare(c) != SM_OK) {
        fprintf(stderr, "alone: %s\n", sm_ctx_error(ctx));
        goto end;
    }
    for (size_t i = 0; i < c->sents.n; i++) {
        const sm_sent *s = &c->sents.v[i];
        char r[16];
        letters(sm_sent_alone(c, i), r);
        printf("%s\t", r);
        for (uint32_t k = 0; k < s->len; k++)
            putchar(s->text[k] == '\n' || s->text[k] == '\t' ? ' ' : s->text[k]);
        putchar('\n');
    }
    rc = 0;
end:
    sm_corpus_free(c);
    sm_ctx_free(ctx);
    return rc;
}
