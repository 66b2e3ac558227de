/*
 * prepare.c: turns the added documents into indexed sentences: cleaning,
 * sentence splitting, terms, and the document frequencies the similarity measures weight terms by.
 */
#include "text/text.h"

#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* A sentence's flags.  Whether it stands alone is judged later, when a
 * reader asks (sm_sent_alone). */
static uint32_t sentence_flags(const char *s, size_t n, uint32_t span_flags)
{
    uint32_t f = span_flags;
    size_t end = n;
    while (end && (s[end - 1] == ' ' || s[end - 1] == '\t'))
        end--;
    if (end && s[end - 1] == '?')
        f |= SM_SENT_QUESTION;
    return f;
}

/* Whether the words of s[0..n) include one that makes it a clause rather
 * than a label ("There was just one problem"): "%was" in the furniture
 * list; or it ends in a title with a capital after a hyphen ("Half-Life",
 * "Spider-Man"), whose colon opens a subtitle. */
static bool clause_or_title(const sm_ctx *ctx, const char *s, size_t n)
{
    char w[24];
    size_t i = 0;
    while (i < n) {
        while (i < n && s[i] == ' ')
            i++;
        size_t a = i, k = 1;
        w[0] = '%';
        while (i < n && s[i] != ' ') {
            if (k < sizeof w)
                w[k++] = (char)(s[i] >= 'A' && s[i] <= 'Z' ? s[i] + 32 : s[i]);
            i++;
        }
        if (i > a && k < sizeof w && sm_wordset_has(&ctx->furniture, w, k))
            return true;
    }
    for (size_t j = n; j > 1 && s[j - 1] != ' '; j--)
        if (s[j - 2] == '-' && s[j - 1] >= 'A' && s[j - 1] <= 'Z')
            return true;
    return false;
}

/* Length of a live blog's lead-in label ("Tanks delivered: ", "More on
 * this: "), 0 when there is none: at the start of a line, up to five
 * capitalised-first words before ": " and a capital letter, with no comma,
 * quotation or verb of saying ('=' entries of models/<lang>/furniture.txt:
 * that is an attribution, "Khan said: ..."),
 * and no clause or title (clause_or_title). */
/* A label's most words and bytes: live blogs' labels are two to four words
 * ("What we know so far: "); set by hand on the bundled corpus's live
 * blogs, one word of room. */
#define LABEL_MAX_WORDS 5
#define LABEL_MAX_BYTES 60
static size_t label_length(const sm_ctx *ctx, const char *s, size_t n)
{
    if (n == 0 || s[0] < 'A' || s[0] > 'Z')
        return 0;
    size_t words = 1;
    for (size_t i = 0; i < n && i < LABEL_MAX_BYTES; i++) {
        char ch = s[i];
        if (ch == ':') {
            if (i + 2 >= n || s[i + 1] != ' ' || s[i + 2] < 'A' || s[i + 2] > 'Z')
                return 0;
            /* A verb of saying before the colon: the '=' entries of
             * models/<lang>/furniture.txt. */
            const sm_intern *set = &ctx->furniture.set;
            for (size_t k = 0; k < set->strs.n; k++)
                if (set->strs.v[k][0] == '=')
                    for (size_t j = 0; j < i; j++)
                        if (sm_has_word_at(s, i, j, set->strs.v[k] + 1))
                            return 0;
            return clause_or_title(ctx, s, i) ? 0 : i + 2;
        }
        if (ch == ',' || ch == '"' || (unsigned char)ch >= 0x80 || ch == '.')
            return 0;
        if (ch == ' ' && ++words > LABEL_MAX_WORDS)
            return 0;
    }
    return 0;
}

/* Documents a message names before "and N more": a message stays one
 * line.  Set by hand. */
#define NAMES_SHOWN 3
char *sm_corpus_names(const sm_corpus *c)
{
    sm_buf b = {0};
    sm_buf_add(&b, "", 0);
    for (size_t i = 0; i < c->docs.n && i < NAMES_SHOWN; i++)
        sm_buf_printf(&b, "%s%s", i ? ", " : "",
                      c->docs.v[i].path ? c->docs.v[i].path : c->docs.v[i].name);
    if (c->docs.n > NAMES_SHOWN)
        sm_buf_printf(&b, " and %zu more", c->docs.n - NAMES_SHOWN);
    return b.s;
}

/* Cleans the text documents (sm_clean_corpus, over them all, so lines
 * recurring across them are found).  A page's article was judged on its DOM
 * by web/: measured on the readability pages, the text rules applied again
 * took shingle F1 from 0.955 down to 0.926, so its text is the body as it is. */
typedef struct docs_swap {
    sm_corpus *c;
    sm_doc *all, *text;
    size_t total;
} docs_swap;

/* Gives the corpus its documents back, the text ones as cleaning left
 * them (also when memory runs out while they are swapped out). */
static void docs_restore(void *p)
{
    docs_swap *w = p;
    if (!w->text)
        return;
    w->c->docs.v = w->all;
    w->c->docs.n = w->total;
    for (size_t i = 0, k = 0; i < w->total; i++)
        if (!w->all[i].from_web)
            w->all[i] = w->text[k++];
    free(w->text);
    w->text = NULL;
}

/* A page's paragraphs lose their wire datelines as text lines do
 * ("LONDON — After nearly 20 years ...", "WASHINGTON (AP) -- The Senate
 * ..."): the rule is sm_dateline_length's, applied to the first line of
 * each paragraph in place. */
static void strip_web_datelines(sm_doc *d)
{
    char *s = d->body;
    size_t n = d->bodylen, w = 0;
    for (size_t i = 0; i < n;) {
        size_t e = i;
        while (e < n && s[e] != '\n')
            e++;
        bool para_start = i == 0 || (i >= 2 && s[i - 1] == '\n' && s[i - 2] == '\n');
        size_t dl = para_start ? sm_dateline_length(s + i, e - i) : 0;
        memmove(s + w, s + i + dl, e - i - dl);
        w += e - i - dl;
        if (e < n)
            s[w++] = '\n';
        i = e + 1;
    }
    s[w] = '\0';
    d->bodylen = w;
}

static void clean_documents(sm_corpus *c)
{
    size_t total = c->docs.n, ntext = 0;
    sm_doc *all = c->docs.v;
    sm_doc *text = sm_xmalloc(sm_mul(total ? total : 1, sizeof *text));
    for (size_t i = 0; i < total; i++)
        if (!all[i].from_web)
            text[ntext++] = all[i];
    if (ntext == total) {
        free(text);
        sm_clean_corpus(c);
        return;
    }
    docs_swap w = {c, all, text, total};
    sm_cleanup c_w;
    sm_cleanup_push(&c_w, docs_restore, &w);
    c->docs.v = text;
    c->docs.n = ntext;
    if (ntext)
        sm_clean_corpus(c);
    sm_cleanup_pop(&c_w);
    c->docs.v = all;
    c->docs.n = total;
    for (size_t i = 0, k = 0; i < total; i++) {
        sm_doc *d = &all[i];
        if (!d->from_web) {
            *d = text[k++];
            continue;
        }
        free(d->body);
        d->body = d->raw;
        d->bodylen = d->rawlen;
        d->raw = NULL;
        strip_web_datelines(d);
    }
    free(text);
}

/* What preparing needs while it runs: freed in one place, also when memory
 * runs out half-way (the guard's cleanup). */
typedef struct prep_run {
    sm_learned *learned;
    sm_furniture *furn;
    sm_spanvec spans;
    sm_u32vec terms;
    uint32_t *last;
    SM_VEC(sm_site_slot) keys; /* per sentence, its site key (sites.c) */
    unsigned char fold[256];
} prep_run;

static void prep_run_free(void *p)
{
    prep_run *r = p;
    sm_learned_free(r->learned);
    sm_furniture_free(r->furn);
    SM_FREEVEC(r->spans);
    SM_FREEVEC(r->terms);
    SM_FREEVEC(r->keys);
    free(r->last);
    memset(r, 0, sizeof *r);
}

/* Sentences between progress reports within a document (a mask). */
#define PROGRESS_EVERY 1023u

/* Splits document d's body into sentences appended to c->sents. */
static void split_document(sm_corpus *c, prep_run *r, size_t d)
{
    sm_doc *doc = &c->docs.v[d];
    /* The raw text is not needed once the body exists. */
    free(doc->raw);
    doc->raw = NULL;
    doc->first_sentence = c->sents.n;
    r->spans.n = 0;
    if (doc->body)
        sm_segment_learned(c->ctx, r->learned, doc->body, doc->bodylen,
                           &r->spans);
    const sm_spanvec *spans = &r->spans;
    uint32_t pos = 0;
    uint64_t site = sm_site_of(doc);
    for (size_t k = 0; k < spans->n; k++) {
        const char *text = doc->body + spans->v[k].start;
        size_t len = spans->v[k].end - spans->v[k].start;
        if (len == 0 || len > UINT32_MAX)
            continue;
        /* "Tanks delivered: Norway delivered ..." is told without its
         * live-blog label. */
        size_t a0 = spans->v[k].start;
        size_t skip = a0 == 0 || doc->body[a0 - 1] == '\n'
                          ? label_length(c->ctx, text, len)
                          : 0;
        text += skip;
        len -= skip;
        if (sm_credit_opens(c->ctx, text, len)) {
            /* A credit, and the caption before it (credits.c). */
            sm_sent *prev = c->sents.n > doc->first_sentence ? &c->sents.v[c->sents.n - 1] : NULL;
            if (prev && k > 0 && prev->para == spans->v[k].para &&
                prev->text == doc->body + spans->v[k - 1].start) {
                c->sents.n--;
                r->keys.n--;
                pos--;
            }
            continue;
        }
        /* A sentence that is a whole line was judged by the line rules
         * already; only parts of lines need the sentence rules. */
        size_t a = spans->v[k].start, b = spans->v[k].end;
        bool whole_line = (a == 0 || doc->body[a - 1] == '\n') &&
                          (b == doc->bodylen || doc->body[b] == '\n');
        if (!whole_line && sm_furniture_sentence(r->furn, text, len))
            continue;
        r->terms.n = 0;
        /* Now and then: a report costs a call, a document may be one
         * file of a whole day's news. */
        if ((k & PROGRESS_EVERY) == 0)
            sm_progress(c->ctx, "preparing", d, c->docs.n);
        sm_terms(c->ctx, &c->vocab, text, len, false, &r->terms);
        sm_sent s = {0};
        s.text = text;
        s.len = (uint32_t)len;
        s.doc = (uint32_t)d;
        s.position = pos++;
        s.para = spans->v[k].para;
        s.words = (uint32_t)sm_count_words(text, len);
        s.nterms = (uint32_t)r->terms.n;
        s.terms = sm_arena_u32dup(&c->arena, r->terms.v, r->terms.n);
        s.flags = sentence_flags(text, len, spans->v[k].flags);
        SM_PUSH(c->sents, s);
        sm_site_slot key = {.key = sm_site_key(site, r->fold, text, len)};
        SM_PUSH(r->keys, key);
    }
    doc->n_sentences = c->sents.n - doc->first_sentence;
}

/* Sentence frequency of every term into c->df. */
static void count_df(sm_corpus *c, prep_run *r)
{
    size_t nt = c->vocab.terms.strs.n;
    SM_RESERVE(c->df, nt ? nt : 1);
    memset(c->df.v, 0, (nt ? nt : 1) * sizeof *c->df.v);
    c->df.n = nt;
    r->last = sm_xmalloc(sm_mul(nt ? nt : 1, sizeof *r->last));
    uint32_t *last = r->last;
    memset(last, 0xFF, (nt ? nt : 1) * sizeof *last);
    for (size_t i = 0; i < c->sents.n; i++) {
        const sm_sent *s = &c->sents.v[i];
        for (uint32_t k = 0; k < s->nterms; k++) {
            uint32_t t = s->terms[k];
            if (last[t] != (uint32_t)i) {
                last[t] = (uint32_t)i;
                c->df.v[t]++;
            }
        }
    }
}

/* Bytes of text per sentence, on the short side (news runs at 100-150,
 * review lines at about 80): records reserved beyond those written are
 * only address space, never touched, and a text of shorter sentences
 * costs one more doubling. */
#define SENT_BYTES_GUESS 64

static sm_status prepare(sm_corpus *c)
{
    if (c->prepared)
        return SM_OK;
    if (c->docs.n == 0)
        return sm_fail(c->ctx, SM_ERR_INPUT, "no usable documents in the input");
    clean_documents(c);
    prep_run r = {0};
    sm_cleanup c_run;
    sm_cleanup_push(&c_run, prep_run_free, &r);
    /* Words as a reader counts them, then what the corpus says about its
     * full stops (learn.c), before any sentence is split. */
    r.learned = sm_learned_new();
    size_t bytes = 0;
    for (size_t d = 0; d < c->docs.n; d++) {
        sm_doc *doc = &c->docs.v[d];
        if (doc->body) {
            sm_normalize_spaces(doc->body, &doc->bodylen);
            sm_learned_add(r.learned, c->ctx, doc->body, doc->bodylen);
            bytes += doc->bodylen;
        }
    }
    /* Room for the sentence records at once: grown by doubling, the
     * records were copied about twice over, each time into fresh pages. */
    SM_RESERVE(c->sents, bytes / SENT_BYTES_GUESS + 1);
    SM_RESERVE(r.keys, bytes / SENT_BYTES_GUESS + 1);
    r.furn = sm_furniture_new(c->ctx);
    sm_site_fold(r.fold);
    for (size_t d = 0; d < c->docs.n; d++) {
        sm_progress(c->ctx, "preparing", d, c->docs.n);
        split_document(c, &r, d);
    }
    sm_progress(c->ctx, "preparing", c->docs.n, c->docs.n);
    /* Before anything counts across documents (document frequencies, and
     * later coverage and also_in): a site's template is not its text. */
    sm_drop_site_templates(c, r.keys.v);
    SM_FREEVEC(r.keys);
    count_df(c, &r);
    sm_cleanup_pop(&c_run);
    prep_run_free(&r);
    c->prepared = true;
    if (c->sents.n == 0) {
        char *names = sm_corpus_names(c);
        sm_status st = sm_fail(c->ctx, SM_ERR_INPUT,
                               "%s: no sentences left after cleaning", names);
        free(names);
        return st;
    }
    return SM_OK;
}

sm_status sm_corpus_prepare(sm_corpus *c)
{
    sm_status st;
    SM_CORPUS_GUARDED(st, c, prepare(c));
    return st;
}
