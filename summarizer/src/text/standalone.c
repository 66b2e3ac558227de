/*
 * standalone.c: can a sentence be read without its neighbours?
 *
 * A summary or a briefing lifts sentences out of their articles; one that
 * leans on what came before ("In addition, Rall worked with...", "The
 * announcement was matched by the US...") reads as nonsense there.  Each
 * signal below is general, and the words it looks for are in
 * models/<lang>/standalone.txt:
 *
 *   - an opening pronoun, connective or discourse adverbial ('>' entries);
 *   - an opening definite reference, "The" + a noun that names something told
 *     before ('@' entries), unless a complement says which one ('+');
 *   - a lower-case start (a fragment of a sentence split too early);
 *   - a question-and-answer prefix ("A. ", "Q: ");
 *   - a caption ('!' phrases: "pictured", ", left,");
 *   - a quotation cut in half (odd quote marks) or a trailing colon;
 *   - a short sentence that names nothing (no name, no number): an opinion
 *     or a reaction ("Confrontation is never good."), which needs the fact
 *     it comments on;
 *   - page furniture written as a sentence: a prompt to the reader, a
 *     legal line, a byline, a teaser, a row of items, a caption's shape
 *     (page.c).
 *
 * A sentence showing none of them stands alone; one showing any is
 * dangling (sm_sent_dangling), which a digest never chooses.  A corpus's
 * sentences are judged when first asked (sm_sent_alone), not at
 * preparation.  Each signal also has a
 * weight, the share of its value a sentence keeps when it shows the signal
 * (sm_standalone_weight): summarize multiplies scores by it rather than
 * banning, so a text made of nothing else still gets a summary.
 */
#include "text/text.h"

#include <string.h>
#include <utf8proc.h>

/* A pronoun or connective opening: the sentence before tells who or what.
 * 0.5 is the factor summarize gave every such sentence before this file
 * existed, kept so generic summaries do not move. */
#define W_REFERENCE 0.5
/* "The announcement was ...": as unresolved as a pronoun, but the noun
 * still says what kind of thing it is. */
#define W_DEFINITE 0.5
/* A lower-case start or a Q&A prefix: a fragment or a transcript line, not
 * a sentence of the article's own voice. */
#define W_FRAGMENT 0.5
/* A picture caption: describes a picture the reader does not see. */
#define W_CAPTION 0.25
/* Half a quotation, or a line ending with a colon: the rest is elsewhere. */
#define W_CUT 0.5
/* A short sentence naming nothing. */
#define W_NOFACT 0.4
/* ...short means at most this many words: the fillers ("All the
 * while, police looked on calmly.", "Confrontation is never good.") are
 * 4-7 words; a sentence of ten words or more that names nothing is rare
 * in news and usually a general statement worth keeping. */
#define NOFACT_MAX_WORDS 8
/* Page furniture (page.c).  A prompt to the reader, a legal line or a
 * byline carries nothing of the article: 0.1 keeps one out of any summary
 * that has article sentences to choose (ranks within a page differ by far
 * less than ten times), yet a page of nothing else still gets one. */
#define W_READER 0.1
#define W_LEGAL 0.1
#define W_CREDIT 0.1
/* A row of items, a counter or a timestamp: as empty of the article. */
#define W_LIST 0.1
/* A headline's shape: a teaser for another story, or this story's own
 * headline, which says again what the article says; as a caption. */
#define W_TEASER 0.25
/* Words of an opener phrase looked at ("on the other hand" is four). */
#define MAX_OPENER_WORDS 4

static bool ascii_letter(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Start of the first word after opening quotes, brackets and spaces. */
static size_t first_word(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        int32_t c;
        size_t k = sm_utf8_decode((const unsigned char *)s + i, n - i, &c);
        if (!(c == '"' || c == '\'' || c == '(' || c == '[' || c == '`' ||
              c == 0x201C || c == 0x2018 || c == 0x00AB || c == 0x201E ||
              sm_cp_is_space(c)))
            break;
        i += k;
    }
    return i;
}

/* End of the word (letters, digits, inner hyphens) at i.  An apostrophe
 * ends it, so "It's" is the pronoun "it". */
static size_t word_end(const char *s, size_t n, size_t i)
{
    while (i < n) {
        int32_t c;
        size_t k = sm_utf8_decode((const unsigned char *)s + i, n - i, &c);
        if (!(sm_cp_is_letter(c) || (c >= '0' && c <= '9') ||
              (c == '-' && i + k < n && ascii_letter(s[i + k]))))
            break;
        i += k;
    }
    return i;
}

/* Whether marker + the lower-cased text s[a..b) is in the list. */
static bool listed(const sm_ctx *ctx, sm_buf *tmp, char marker, const char *s,
                   size_t a, size_t b)
{
    tmp->len = 0;
    sm_buf_addc(tmp, marker);
    sm_lower(s + a, b - a, tmp);
    return sm_wordset_has(&ctx->standalone, tmp->s, tmp->len);
}

/* An opener phrase of 1..MAX_OPENER_WORDS words at the start. */
static bool opens_with_reference(const sm_ctx *ctx, sm_buf *tmp,
                                 const char *s, size_t n, size_t w)
{
    size_t e = w;
    for (int k = 0; k < MAX_OPENER_WORDS && e < n; k++) {
        e = word_end(s, n, e);
        if (e == w)
            return false;
        if (listed(ctx, tmp, '>', s, w, e))
            return true;
        if (e >= n || s[e] != ' ')
            return false;
        e++;
    }
    return false;
}

/* "The <noun> <not a complement>": a definite reference to something the
 * article told before. */
static bool definite_reference(const sm_ctx *ctx, sm_buf *tmp, const char *s,
                               size_t n, size_t w)
{
    size_t e = word_end(s, n, w);
    if (e - w != 3 || (s[w] | 32) != 't' || (s[w + 1] | 32) != 'h' ||
        (s[w + 2] | 32) != 'e' || e + 1 >= n || s[e] != ' ')
        return false;
    size_t a = e + 1, b = word_end(s, n, a);
    if (b == a || !listed(ctx, tmp, '@', s, a, b))
        return false;
    if (b < n && s[b] != ' ')
        return b < n && s[b] == ','; /* "The move, which ..." */
    size_t c = b + 1, d = word_end(s, n, c);
    return d == c || !listed(ctx, tmp, '+', s, c, d);
}

static bool qa_prefix(const char *s, size_t n, size_t w)
{
    return w + 2 < n && (s[w] == 'A' || s[w] == 'Q') &&
           (s[w + 1] == '.' || s[w + 1] == ':') && s[w + 2] == ' ';
}

/* Whether the phrase p[0..n) (n >= 1) occurs in t[0..m). */
static bool contains(const char *t, size_t m, const char *p, size_t n)
{
    const char *q = t, *end = t + m;
    while ((size_t)(end - q) >= n &&
           (q = memchr(q, p[0], (size_t)(end - q) - n + 1)) != NULL) {
        if ((n == 1 || q[1] == p[1]) && memcmp(q, p, n) == 0)
            return true;
        q++;
    }
    return false;
}

/* A caption phrase ('!' entries) anywhere in the sentence.  Each phrase
 * is searched for directly: a filter of the sentence's byte pairs (do a
 * phrase's first two bytes occur?) cost more than the searches it saved,
 * the phrases' first pairs (", ", "is", "fr", "sp") being in most
 * sentences: caption() took 23.3 M instructions with it on the digest of
 * the 1 MB bench corpus, 16.5 M without. */
static bool caption(const sm_ctx *ctx, sm_buf *tmp, const char *s, size_t n)
{
    tmp->len = 0;
    sm_lower(s, n, tmp);
    const sm_intern *set = &ctx->standalone.set;
    for (size_t x = 0; x < ctx->standalone_anywhere.n; x++) {
        uint32_t k = ctx->standalone_anywhere.v[x];
        const char *e = set->strs.v[k];
        size_t el = set->lens.v[k] - 1;
        if (e[0] == '!' && el > 0 && contains(tmp->s, tmp->len, e + 1, el))
            return true;
    }
    return false;
}

/* Odd straight double quotes, or unequal curly ones or newswire's `` and
 * '': a quotation cut in half by the sentence boundary ("Kestrel is
 * home,'' said the commander", after "``Capture confirmed."). */
static bool unbalanced_quotes(const char *s, size_t n)
{
    int straight = 0, open = 0, close = 0, wire = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '"')
            straight++;
        else if (i + 1 < n && s[i] == '`' && s[i + 1] == '`') {
            wire++;
            i++;
        } else if (i + 1 < n && s[i] == '\'' && s[i + 1] == '\'') {
            wire--;
            i++;
        } else if (i + 2 < n && (unsigned char)s[i] == 0xE2 &&
                 (unsigned char)s[i + 1] == 0x80) {
            if ((unsigned char)s[i + 2] == 0x9C)
                open++;
            else if ((unsigned char)s[i + 2] == 0x9D)
                close++;
        }
    }
    return (straight % 2) != 0 || open != close || wire != 0;
}

/* A short sentence with no name (a capitalised word past the first) and
 * no number. */
static bool names_nothing(const char *s, size_t n, size_t w)
{
    if (sm_count_words_upto(s, n, NOFACT_MAX_WORDS) > NOFACT_MAX_WORDS)
        return false;
    size_t i = word_end(s, n, w);
    while (i < n) {
        int32_t c;
        size_t k = sm_utf8_decode((const unsigned char *)s + i, n - i, &c);
        if (c >= '0' && c <= '9')
            return false;
        if (sm_cp_is_upper(c) && i > 0 && !sm_cp_is_letter((unsigned char)s[i - 1]))
            return false;
        i += k;
    }
    return true;
}

/* The reasons of s[0..n).  The page-furniture ones (page.c) cost most, so
 * when the others already include one of stop they are left out and
 * *whole is false; otherwise the verdict is whole. */
static uint32_t judge(const sm_ctx *ctx, sm_buf *tmp, const char *s, size_t n,
                      uint32_t stop, bool *whole)
{
    uint32_t r = 0;
    *whole = true;
    size_t end = n;
    while (end && (s[end - 1] == ' ' || s[end - 1] == '\t'))
        end--;
    if (end && s[end - 1] == ':')
        r |= SM_ALONE_CUT;
    if (unbalanced_quotes(s, n))
        r |= SM_ALONE_CUT;
    size_t w = first_word(s, n);
    if (w >= n)
        return r;
    int32_t c;
    sm_utf8_decode((const unsigned char *)s + w, n - w, &c);
    if (sm_cp_is_letter(c) && !sm_cp_is_upper(c) &&
        utf8proc_category(c) == UTF8PROC_CATEGORY_LL)
        r |= SM_ALONE_FRAGMENT;
    if (qa_prefix(s, n, w))
        r |= SM_ALONE_FRAGMENT;
    if (opens_with_reference(ctx, tmp, s, n, w))
        r |= SM_ALONE_REFERENCE;
    else if (definite_reference(ctx, tmp, s, n, w))
        r |= SM_ALONE_DEFINITE;
    if (caption(ctx, tmp, s, n))
        r |= SM_ALONE_CAPTION;
    if (names_nothing(s, n, w))
        r |= SM_ALONE_NOFACT;
    if (r & stop) {
        *whole = false;
        return r;
    }
    return r | sm_page_reasons(ctx, tmp, s, n);
}

uint32_t sm_standalone_reasons(const sm_ctx *ctx, sm_buf *tmp, const char *s,
                               size_t n)
{
    bool whole;
    return judge(ctx, tmp, s, n, 0, &whole);
}

/* The worst signal decides: they overlap (a lower-case "but ..." is a
 * fragment and a connective, a cut quotation often opens with "he said"),
 * so a product would count one defect twice. */
double sm_standalone_weight(uint32_t reasons)
{
    static const struct {
        uint32_t bit;
        double w;
    } weights[] = {{SM_ALONE_REFERENCE, W_REFERENCE},
                   {SM_ALONE_DEFINITE, W_DEFINITE},
                   {SM_ALONE_FRAGMENT, W_FRAGMENT},
                   {SM_ALONE_CAPTION, W_CAPTION},
                   {SM_ALONE_CUT, W_CUT},
                   {SM_ALONE_NOFACT, W_NOFACT},
                   {SM_ALONE_READER, W_READER},
                   {SM_ALONE_LEGAL, W_LEGAL},
                   {SM_ALONE_CREDIT, W_CREDIT},
                   {SM_ALONE_TEASER, W_TEASER},
                   {SM_ALONE_LIST, W_LIST}};
    double w = 1.0;
    for (size_t k = 0; k < sizeof weights / sizeof weights[0]; k++)
        if ((reasons & weights[k].bit) && weights[k].w < w)
            w = weights[k].w;
    return w;
}

/* Whether the word s[a..b) follows a capitalised word in t[0..n) (a name
 * of two words or more, "Andriy Yusov", the other word not the first of
 * its sentence). */
static bool after_other_name(const char *t, size_t n, const char *s, size_t a,
                             size_t b)
{
    size_t len = b - a;
    const char *p = t, *end = t + n;
    while ((size_t)(end - p) >= len &&
           (p = memchr(p, s[a], (size_t)(end - p) - len + 1)) != NULL) {
        size_t i = (size_t)(p - t);
        p++;
        if (memcmp(t + i, s + a, len) != 0)
            continue;
        if (i + len < n && (ascii_letter(t[i + len]) ||
                            ((unsigned char)t[i + len] & 0x80)))
            continue;
        if (i < 2 || t[i - 1] != ' ' || !ascii_letter(t[i - 2]))
            continue;
        size_t k = i - 1;
        while (k > 0 && ascii_letter(t[k - 1]))
            k--;
        if (k > 0 && t[k] >= 'A' && t[k] <= 'Z')
            return true;
    }
    return false;
}

/* A sentence opening with a name its document introduced in full before
 * ("Andriy Yusov, a representative of ..." then "Yusov spoke as Putin was
 * hosting ..."): alone, the reader does not know who is meant.  Only a
 * name no other document of the input uses (the story's own actors, whom
 * every report names, need no introduction), so never in an input of one
 * document, where nothing tells the two apart. */
static bool opens_with_surname(const sm_corpus *c, size_t i)
{
    const sm_sent *s = &c->sents.v[i];
    if (c->docs.n < 2 || s->nterms == 0)
        return false;
    /* The name's term (names are no stopwords: the sentence's first
     * term), told before and now: in two sentences at least, all of this
     * document (the cheapest test first). */
    uint32_t t = s->terms[0];
    const sm_doc *d = &c->docs.v[s->doc];
    if (t >= c->df.n || c->df.v[t] < 2 || c->df.v[t] > d->n_sentences)
        return false;
    size_t w = first_word(s->text, s->len);
    size_t e = word_end(s->text, s->len, w);
    if (e - w < 2 || !(s->text[w] >= 'A' && s->text[w] <= 'Z') ||
        e + 1 >= s->len || s->text[e] != ' ' ||
        (s->text[e + 1] >= 'A' && s->text[e + 1] <= 'Z'))
        return false;
    for (size_t k = w + 1; k < e; k++)
        if (!(s->text[k] >= 'a' && s->text[k] <= 'z'))
            return false;
    /* Introduced before: in the document's text up to this sentence (a
     * sentence's text points into its document's body). */
    uintptr_t at = (uintptr_t)s->text, body = (uintptr_t)d->body;
    if (!d->body || at < body || at > body + d->bodylen ||
        !after_other_name(d->body, (size_t)(at - body), s->text, w, e))
        return false;
    size_t in_doc = 0, end = d->first_sentence + d->n_sentences;
    if (end > c->sents.n)
        end = c->sents.n;
    for (size_t j = d->first_sentence; j < end; j++) {
        const sm_sent *u = &c->sents.v[j];
        bool has = false;
        for (uint32_t m = 0; m < u->nterms && !has; m++)
            has = u->terms[m] == t;
        in_doc += has;
    }
    return c->df.v[t] == in_doc;
}

uint32_t sm_standalone_context_reasons(const sm_corpus *c, size_t i)
{
    return opens_with_surname(c, i) ? SM_ALONE_REFERENCE : 0;
}

/* Bytes of a judgement's scratch buffer beyond twice the sentence: page.c
 * keeps the sentence and a key holding it again plus a few bytes. */
#define JUDGE_SLACK 16

/* Judges sentence i unless it was: false when judging stopped at a reason
 * outside allowed (nothing is kept then, since only a whole verdict may be),
 * true when the sentence's whole verdict is in its memo. */
static bool judged(const sm_corpus *c, size_t i, uint32_t allowed)
{
    sm_sent *s = &c->sents.v[i];
    if (s->flags & SM_SENT_JUDGED)
        return true;
    sm_buf tmp = {0};
    sm_cleanup c_tmp;
    SM_CLEANUP_BUF(c_tmp, tmp);
    /* Room for what page.c keeps in it (the sentence twice, and a little),
     * at once rather than grown step by step. */
    sm_buf_reserve(&tmp, sm_mul(2, (size_t)s->len + JUDGE_SLACK));
    bool whole;
    uint32_t r = judge(c->ctx, &tmp, s->text, s->len, ~allowed, &whole);
    sm_cleanup_run(&c_tmp);
    if (!whole)
        return false;
    r |= sm_standalone_context_reasons(c, i);
    s->alone_memo = r;
    s->flags |= SM_SENT_JUDGED;
    return true;
}

uint32_t sm_sent_alone(const sm_corpus *c, size_t i)
{
    judged(c, i, UINT32_MAX);
    return c->sents.v[i].alone_memo;
}

bool sm_sent_alone_within(const sm_corpus *c, size_t i, uint32_t allowed)
{
    return judged(c, i, allowed) &&
           (c->sents.v[i].alone_memo & ~allowed) == 0;
}

bool sm_sent_dangling(const sm_corpus *c, size_t i)
{
    return !sm_sent_alone_within(c, i, 0);
}
