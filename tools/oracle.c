/*
 * oracle: the two reference points of the evaluation harness, drawn from the
 * sentences the summarizer itself sees (sm_corpus_prepare's split):
 *
 *   oracle [OPTIONS] CLUSTER          ORACLE: greedily adds the sentence that
 *                                     most raises ROUGE-2 recall (then
 *                                     ROUGE-1 recall) against CLUSTER/refs/,
 *                                     scored as tools/rouge scores, until
 *                                     nothing improves or the budget is full
 *   oracle --lead [OPTIONS] CLUSTER   LEAD: the first sentences of the first
 *                                     document of CLUSTER/docs/ (sorted order)
 *
 * Options: -l N | -b N | --sentences N (budget: ROUGE's truncation to N
 * words or bytes, or N whole sentences; default -l 100), --lang L,
 * --models DIR, --no-wordnet.  Prints one sentence per line.
 */
#include "rouge.h"
#include "summarizer.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct buf {
    char *s;
    size_t n, cap;
} buf;

static int buf_add(buf *b, const char *s, size_t n)
{
    if (b->n + n + 1 > b->cap) {
        size_t nc = b->cap ? b->cap : 256;
        while (nc < b->n + n + 1)
            nc *= 2;
        char *t = realloc(b->s, nc);
        if (!t)
            return -1;
        b->s = t;
        b->cap = nc;
    }
    memcpy(b->s + b->n, s, n);
    b->n += n;
    b->s[b->n] = '\0';
    return 0;
}

/* A sentence on one line: its newlines and tabs become spaces. */
static int add_sentence(buf *b, const sm_sentence_info *si)
{
    size_t start = b->n;
    if (buf_add(b, si->text, si->len) != 0 || buf_add(b, "\n", 1) != 0)
        return -1;
    for (size_t i = start; i + 1 < b->n; i++)
        if (b->s[i] == '\n' || b->s[i] == '\r' || b->s[i] == '\t')
            b->s[i] = ' ';
    return 0;
}

static char *read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    buf b = {0};
    char chunk[65536];
    size_t got;
    int bad = 0;
    while ((got = fread(chunk, 1, sizeof chunk, f)) > 0)
        if (buf_add(&b, chunk, got) != 0) {
            bad = 1;
            break;
        }
    if (ferror(f))
        bad = 1;
    fclose(f);
    if (bad || (!b.s && buf_add(&b, "", 0) != 0)) {
        free(b.s);
        return NULL;
    }
    *len = b.n;
    return b.s;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Loads every file of dir as a reference text; returns how many, or -1. */
static long load_refs(rg_scorer *s, const char *dir, rg_text ***out)
{
    DIR *d = opendir(dir);
    if (!d) {
        fprintf(stderr, "oracle: %s: %s\n", dir, strerror(errno));
        return -1;
    }
    char **names = NULL;
    size_t n = 0;
    struct dirent *e;
    long rc = 0;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        char **t = realloc(names, (n + 1) * sizeof *t);
        if (!t) {
            rc = -1;
            break;
        }
        names = t;
        if (!(names[n] = strdup(e->d_name))) {
            rc = -1;
            break;
        }
        n++;
    }
    closedir(d);
    rg_text **refs = rc == 0 ? calloc(n ? n : 1, sizeof *refs) : NULL;
    if (!refs)
        rc = -1;
    if (n)
        qsort(names, n, sizeof *names, cmp_str);
    for (size_t i = 0; i < n && rc == 0; i++) {
        size_t pl = strlen(dir) + strlen(names[i]) + 2, len;
        char *path = malloc(pl);
        char *raw = NULL;
        if (path) {
            snprintf(path, pl, "%s/%s", dir, names[i]);
            raw = read_all(path, &len);
        }
        if (!raw) {
            fprintf(stderr, "oracle: %s: cannot read\n", path ? path : dir);
            rc = -1;
        } else if (!(refs[i] = rg_text_new(s, raw, len))) {
            rc = -1;
        }
        free(raw);
        free(path);
    }
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
    if (rc != 0) {
        if (refs)
            for (size_t i = 0; i < n; i++)
                rg_text_free(refs[i]);
        free(refs);
        return -1;
    }
    if (n == 0) {
        fprintf(stderr, "oracle: %s: no reference summary\n", dir);
        free(refs);
        return -1;
    }
    *out = refs;
    return (long)n;
}

typedef struct objective {
    double r2, r1;
} objective;

static int better(objective a, objective b)
{
    return a.r2 > b.r2 + 1e-12 || (a.r2 > b.r2 - 1e-12 && a.r1 > b.r1 + 1e-12);
}

static int evaluate(rg_scorer *s, const buf *b, rg_text **refs, size_t nrefs,
                    objective *out)
{
    rg_text *t = rg_text_new(s, b->s ? b->s : "", b->n);
    rg_result r;
    if (!t || rg_score(s, t, refs, nrefs, &r) != 0) {
        rg_text_free(t);
        return -1;
    }
    rg_text_free(t);
    /* unrounded recalls: the greedy choice should not tie on rounding */
    out->r2 = r.m[RG_2].model ? (double)r.m[RG_2].hit / (double)r.m[RG_2].model : 0;
    out->r1 = r.m[RG_1].model ? (double)r.m[RG_1].hit / (double)r.m[RG_1].model : 0;
    return 0;
}

static void usage(FILE *f)
{
    fputs("usage: oracle [--lead] [-l N | -b N | --sentences N] [--lang L] "
          "[--models DIR] [--no-wordnet] CLUSTER\n",
          f);
}

int main(int argc, char **argv)
{
    rg_opts o;
    rg_opts_init(&o);
    size_t max_sentences = 0;
    int lead = 0, wordnet = 1, rc = 1;
    const char *lang = NULL, *models = NULL, *cluster = NULL;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        int more = i + 1 < argc;
        if (!strcmp(a, "--lead")) {
            lead = 1;
        } else if (!strcmp(a, "-l") && more) {
            o.words = strtoul(argv[++i], NULL, 10);
        } else if (!strcmp(a, "-b") && more) {
            o.bytes = strtoul(argv[++i], NULL, 10);
        } else if (!strcmp(a, "--sentences") && more) {
            max_sentences = strtoul(argv[++i], NULL, 10);
        } else if (!strcmp(a, "--lang") && more) {
            lang = argv[++i];
        } else if (!strcmp(a, "--models") && more) {
            models = argv[++i];
        } else if (!strcmp(a, "--no-wordnet")) {
            wordnet = 0;
        } else if (a[0] == '-') {
            usage(stderr);
            return 2;
        } else if (!cluster) {
            cluster = a;
        } else {
            usage(stderr);
            return 2;
        }
    }
    if (!cluster || (!!o.words + !!o.bytes + !!max_sentences) > 1) {
        usage(stderr);
        return 2;
    }
    if (!o.words && !o.bytes && !max_sentences)
        o.words = 100;

    char err[256];
    sm_ctx *ctx = sm_ctx_new(models, lang, err, sizeof err);
    sm_corpus *c = NULL;
    rg_scorer *s = NULL;
    rg_text **refs = NULL;
    long nrefs = 0;
    unsigned char *used = NULL;
    buf out = {0}, trial = {0};
    char *docs = NULL;
    if (!ctx) {
        fprintf(stderr, "oracle: %s\n", err);
        goto end;
    }
    size_t dl = strlen(cluster) + 8;
    docs = malloc(dl);
    if (!docs || !(c = sm_corpus_new(ctx)))
        goto end;
    snprintf(docs, dl, "%s/docs", cluster);
    if (sm_corpus_add_path(c, docs) != SM_OK || sm_corpus_prepare(c) != SM_OK) {
        fprintf(stderr, "oracle: %s: %s\n", docs, sm_ctx_error(ctx));
        goto end;
    }
    size_t n = sm_corpus_n_sentences(c);

    if (lead) {
        /* the first document's sentences until the budget is full */
        sm_doc_info d;
        sm_corpus_doc(c, 0, &d);
        size_t words = 0, bytes = 0;
        for (size_t k = 0; k < d.n_sentences; k++) {
            sm_sentence_info si;
            sm_corpus_sentence(c, d.first_sentence + k, &si);
            if (add_sentence(&out, &si) != 0)
                goto end;
            words += sm_count_words(si.text, si.len);
            bytes += si.len;
            if ((max_sentences && k + 1 >= max_sentences) ||
                (o.words && words >= o.words) || (o.bytes && bytes >= o.bytes))
                break;
        }
        fputs(out.s ? out.s : "", stdout);
        rc = 0;
        goto end;
    }

    /* the oracle scores with the budget as ROUGE truncation; a sentence
     * budget leaves the text whole */
    if (!(s = rg_scorer_new(&o)))
        goto end;
    if (wordnet && rg_scorer_load_wordnet(s, NULL) != 0)
        fprintf(stderr, "oracle: no WordNet exception lists in "
                        "/usr/share/wordnet: stemming without them\n");
    size_t rl = strlen(cluster) + 8;
    char *rdir = malloc(rl);
    if (!rdir)
        goto end;
    snprintf(rdir, rl, "%s/refs", cluster);
    nrefs = load_refs(s, rdir, &refs);
    free(rdir);
    if (nrefs < 0)
        goto end;
    used = calloc(n ? n : 1, 1);
    if (!used)
        goto end;
    objective cur = {0, 0};
    size_t picked = 0, words = 0, bytes = 0;
    for (;;) {
        if ((max_sentences && picked >= max_sentences) ||
            (o.words && words >= o.words) || (o.bytes && bytes >= o.bytes))
            break;
        size_t best = n;
        objective bo = cur;
        for (size_t k = 0; k < n; k++) {
            if (used[k])
                continue;
            sm_sentence_info si;
            sm_corpus_sentence(c, k, &si);
            trial.n = 0;
            objective ob;
            if (buf_add(&trial, out.s ? out.s : "", out.n) != 0 ||
                add_sentence(&trial, &si) != 0 ||
                evaluate(s, &trial, refs, (size_t)nrefs, &ob) != 0)
                goto end;
            if (better(ob, bo)) {
                bo = ob;
                best = k;
            }
        }
        if (best == n)
            break;
        sm_sentence_info si;
        sm_corpus_sentence(c, best, &si);
        if (add_sentence(&out, &si) != 0)
            goto end;
        used[best] = 1;
        cur = bo;
        picked++;
        words += sm_count_words(si.text, si.len);
        bytes += si.len;
    }
    fputs(out.s ? out.s : "", stdout);
    rc = 0;
end:
    if (refs)
        for (long k = 0; k < nrefs; k++)
            rg_text_free(refs[k]);
    free(refs);
    free(used);
    free(out.s);
    free(trial.s);
    free(docs);
    rg_scorer_free(s);
    sm_corpus_free(c);
    sm_ctx_free(ctx);
    return rc;
}
