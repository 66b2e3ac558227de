/*
 * segeval: cleans and segments one article with the library and scores the
 * sentence boundaries against a gold file (one sentence per line).
 *
 *   segeval [--print] [--no-clean] [--models DIR] ARTICLE [GOLD]
 *
 * Both segmentations are mapped onto the gold text with all whitespace
 * removed; a boundary is a position in that stream where a sentence starts or
 * ends.  A system sentence that is not found in the gold text (furniture the
 * cleaner kept, or text it mangled) counts as one wrong boundary, so the
 * figures measure cleaning and splitting together.  Without GOLD (or with
 * --print) the sentences are printed, one a line, with [H] before headings.
 */
#include "tasks/tasks.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    sm_buf b = {0};
    char chunk[65536];
    size_t got;
    while ((got = fread(chunk, 1, sizeof chunk, f)) > 0)
        sm_buf_add(&b, chunk, got);
    fclose(f);
    if (!b.s)
        sm_buf_add(&b, "", 0);
    *len = b.len;
    return b.s;
}

static bool visible_space(const unsigned char *s, size_t n, size_t *clen)
{
    int32_t cp;
    *clen = sm_utf8_decode(s, n, &cp);
    return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' ||
           cp == 0xA0 || cp == 0x200B || cp == 0xFEFF || cp == 0x202F ||
           (cp >= 0x2000 && cp <= 0x200A) || cp == 0x3000;
}

/* Appends s[0..n) without whitespace to b. */
static void squeeze(sm_buf *b, const char *s, size_t n)
{
    size_t i = 0, k;
    while (i < n) {
        if (!visible_space((const unsigned char *)s + i, n - i, &k))
            sm_buf_add(b, s + i, k);
        i += k;
    }
}

typedef SM_VEC(size_t) sizevec;

static int cmp_size(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return x < y ? -1 : x > y;
}

static void sort_unique(sizevec *v)
{
    if (!v->n)
        return;
    qsort(v->v, v->n, sizeof *v->v, cmp_size);
    size_t w = 1;
    for (size_t i = 1; i < v->n; i++)
        if (v->v[i] != v->v[w - 1])
            v->v[w++] = v->v[i];
    v->n = w;
}

static const char *find(const char *hay, size_t hlen, size_t from,
                        const char *needle, size_t nlen)
{
    if (nlen == 0 || from > hlen)
        return NULL;
    const char *p = hay + from;
    size_t left = hlen - from;
    while (left >= nlen) {
        const char *q = memchr(p, needle[0], left - nlen + 1);
        if (!q)
            return NULL;
        if (memcmp(q, needle, nlen) == 0)
            return q;
        left -= (size_t)(q - p) + 1;
        p = q + 1;
    }
    return NULL;
}

int main(int argc, char **argv)
{
    bool print = false, clean = true;
    const char *models = NULL, *article = NULL, *gold = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--print") == 0)
            print = true;
        else if (strcmp(argv[i], "--no-clean") == 0)
            clean = false;
        else if (strcmp(argv[i], "--models") == 0 && i + 1 < argc)
            models = argv[++i];
        else if (!article)
            article = argv[i];
        else if (!gold)
            gold = argv[i];
        else
            article = NULL, i = argc;
    }
    if (!article) {
        fprintf(stderr, "usage: segeval [--print] [--no-clean] [--models DIR] "
                        "ARTICLE [GOLD]\n");
        return 2;
    }
    char err[256];
    sm_ctx *ctx = sm_ctx_new(models, "english", err, sizeof err);
    if (!ctx) {
        fprintf(stderr, "segeval: %s\n", err);
        return 1;
    }
    int rc = 1;
    size_t rawlen = 0, goldlen = 0;
    char *raw = slurp(article, &rawlen);
    char *goldtext = NULL;
    sm_corpus c = {.ctx = ctx};
    sm_spanvec spans = {0};
    sm_buf gs = {0}, one = {0};
    sizevec gb = {0}, sb = {0};
    sizevec gp = {0}, fp = {0}; /* gold and found sentences: start, end pairs */
    if (!raw) {
        fprintf(stderr, "segeval: %s: cannot read\n", article);
        goto end;
    }
    if (gold && !(goldtext = slurp(gold, &goldlen))) {
        fprintf(stderr, "segeval: %s: cannot read\n", gold);
        goto end;
    }
    sm_doc d = {.name = (char *)article, .raw = raw, .rawlen = rawlen};
    /* As ingest does: a metadata header is not text. */
    size_t start = sm_ingest_header(&d);
    if (start) {
        memmove(d.raw, d.raw + start, d.rawlen - start + 1);
        d.rawlen -= start;
    }
    SM_PUSH(c.docs, d);
    raw = NULL; /* the document owns it now; the cleaner frees it */
    if (clean) {
        sm_clean_corpus(&c);
    } else {
        c.docs.v[0].body = sm_xstrndup(c.docs.v[0].raw, c.docs.v[0].rawlen);
        c.docs.v[0].bodylen = c.docs.v[0].rawlen;
    }
    /* As sm_corpus_prepare does: reader's spaces, then what the article
     * itself says about its full stops. */
    sm_normalize_spaces(c.docs.v[0].body, &c.docs.v[0].bodylen);
    sm_learned *learned = sm_learned_new();
    sm_learned_add(learned, ctx, c.docs.v[0].body, c.docs.v[0].bodylen);
    const char *body = c.docs.v[0].body;
    sm_segment_learned(ctx, learned, body, c.docs.v[0].bodylen, &spans);
    sm_learned_free(learned);
    if (print || !gold) {
        for (size_t i = 0; i < spans.n; i++) {
            sm_span *s = &spans.v[i];
            bool furn = sm_sentence_is_furniture(ctx, body + s->start,
                                                 s->end - s->start);
            printf("%s%s%.*s\n", s->flags & SM_SENT_HEADING ? "[H] " : "",
                   furn ? "[F] " : "", (int)(s->end - s->start),
                   body + s->start);
        }
    }
    if (!gold) {
        rc = 0;
        goto end;
    }
    /* Gold boundaries: every sentence's start and end in the squeezed text.
     * Lines starting with '#' are comments; blank lines are ignored. */
    size_t ngold = 0;
    for (size_t i = 0; i < goldlen;) {
        const char *nl = memchr(goldtext + i, '\n', goldlen - i);
        size_t e = nl ? (size_t)(nl - goldtext) : goldlen;
        if (e > i && goldtext[i] != '#') {
            size_t before = gs.len;
            squeeze(&gs, goldtext + i, e - i);
            if (gs.len > before) {
                SM_PUSH(gb, before);
                SM_PUSH(gb, gs.len);
                SM_PUSH(gp, before);
                SM_PUSH(gp, gs.len);
                ngold++;
            }
        }
        i = e + 1;
    }
    sort_unique(&gb);
    /* System sentences, located in order in the gold text. */
    size_t cursor = 0, unfound = 0, nsys = 0;
    for (size_t i = 0; i < spans.n; i++) {
        sm_span *s = &spans.v[i];
        if (sm_sentence_is_furniture(ctx, body + s->start, s->end - s->start))
            continue; /* the pipeline drops these too */
        one.len = 0;
        squeeze(&one, body + s->start, s->end - s->start);
        if (!one.len)
            continue;
        nsys++;
        const char *at = find(gs.s ? gs.s : "", gs.len, cursor, one.s, one.len);
        if (!at)
            at = find(gs.s ? gs.s : "", gs.len, 0, one.s, one.len);
        if (!at) {
            unfound++;
            if (print)
                fprintf(stderr, "not in gold: %.*s\n", (int)(s->end - s->start),
                        body + s->start);
            continue;
        }
        size_t p = (size_t)(at - gs.s);
        SM_PUSH(sb, p);
        SM_PUSH(sb, p + one.len);
        SM_PUSH(fp, p);
        SM_PUSH(fp, p + one.len);
        cursor = p + one.len;
    }
    sort_unique(&sb);
    /* Sentences right at both ends: a stricter figure than boundaries, which
     * forgive a missing sentence whose neighbours are right.  Gold sentences
     * are in text order, so their starts are sorted. */
    size_t exact = 0;
    for (size_t k = 0; k < fp.n; k += 2) {
        size_t lo = 0, hi = gp.n / 2;
        while (lo < hi) {
            size_t mid = (lo + hi) / 2;
            if (gp.v[2 * mid] < fp.v[k])
                lo = mid + 1;
            else
                hi = mid;
        }
        if (lo < gp.n / 2 && gp.v[2 * lo] == fp.v[k] &&
            gp.v[2 * lo + 1] == fp.v[k + 1])
            exact++;
    }
    size_t hit = 0;
    for (size_t i = 0, j = 0; i < sb.n && j < gb.n;) {
        if (sb.v[i] == gb.v[j])
            hit++, i++, j++;
        else if (sb.v[i] < gb.v[j])
            i++;
        else
            j++;
    }
    double prec = sb.n + unfound ? (double)hit / (double)(sb.n + unfound) : 0;
    double rec = gb.n ? (double)hit / (double)gb.n : 0;
    double f1 = prec + rec > 0 ? 2 * prec * rec / (prec + rec) : 0;
    printf("sentences: system %zu, gold %zu, system not in gold %zu\n", nsys,
           ngold, unfound);
    printf("boundaries: system %zu, gold %zu, correct %zu\n", sb.n + unfound,
           gb.n, hit);
    printf("precision %.4f recall %.4f F1 %.4f\n", prec, rec, f1);
    double sp = nsys ? (double)exact / (double)nsys : 0;
    double sr = ngold ? (double)exact / (double)ngold : 0;
    printf("exact sentences %zu: precision %.4f recall %.4f F1 %.4f\n", exact,
           sp, sr, sp + sr > 0 ? 2 * sp * sr / (sp + sr) : 0);
    rc = 0;
end:
    for (size_t i = 0; i < c.docs.n; i++) {
        sm_doc *dd = &c.docs.v[i];
        free(dd->body);
        free(dd->source);
        free(dd->date);
        free(dd->title);
        free(dd->url);
        free(dd->raw);
    }
    SM_FREEVEC(c.docs);
    SM_FREEVEC(spans);
    SM_FREEVEC(gb);
    SM_FREEVEC(sb);
    SM_FREEVEC(gp);
    SM_FREEVEC(fp);
    sm_buf_free(&gs);
    sm_buf_free(&one);
    free(raw);
    free(goldtext);
    sm_ctx_free(ctx);
    return rc;
}
