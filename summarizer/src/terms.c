/*
 * terms.c: from text to term ids.  Words are runs of letters, digits and
 * combining marks (apostrophes inside a word kept, curly ones made straight);
 * they are lower-cased code point by code point with utf8proc (Unicode's
 * simple lower-case mapping, which the Snowball stemmers expect), checked
 * against the stopword list, stemmed with libstemmer, and interned.
 *
 * libstemmer has no cache and stemming dominates the cost, so every distinct
 * lower-cased surface form is stemmed once per context: ctx->stems maps the
 * surface form to a slot of ctx->stem_of, which holds its term id and whether
 * it is a stopword.
 */
#include "internal.h"

#include <libstemmer.h>
#include <string.h>
#include <utf8proc.h>

#define STOP_BIT 0x80000000u

static bool is_word_cp(int32_t cp)
{
    if (cp < 0x80)
        return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
               (cp >= '0' && cp <= '9');
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT: case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO: case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ND:
    case UTF8PROC_CATEGORY_NL: case UTF8PROC_CATEGORY_NO:
        return true;
    default:
        return false;
    }
}

static bool is_apostrophe(int32_t cp)
{
    return cp == '\'' || cp == 0x2019;
}

void sm_lower(const char *s, size_t n, sm_buf *b)
{
    /* Most words are ASCII: copy and fold in place. */
    size_t start = b->len;
    sm_buf_add(b, s, n);
    bool ascii = true;
    for (size_t k = start; k < b->len && ascii; k++) {
        char ch = b->s[k];
        if ((unsigned char)ch >= 0x80)
            ascii = false;
        else if (ch >= 'A' && ch <= 'Z')
            b->s[k] = (char)(ch - 'A' + 'a');
    }
    if (ascii)
        return;
    b->len = start;
    b->s[start] = '\0';
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        if (u[i] < 0x80) {
            char ch = (char)u[i];
            if (ch >= 'A' && ch <= 'Z')
                ch = (char)(ch - 'A' + 'a');
            sm_buf_addc(b, ch);
            i++;
            continue;
        }
        int32_t cp;
        size_t k = sm_utf8_decode(u + i, n - i, &cp);
        if (cp < 0)
            cp = 0xFFFD;
        else if (cp == 0x2019)
            cp = '\'';
        else
            cp = utf8proc_tolower(cp);
        sm_utf8_encode(b, cp);
        i += k;
    }
}

/* The slot value for a lower-cased surface word: its term id, with STOP_BIT
 * set for stopwords. */
static uint32_t surface_slot(sm_ctx *ctx, const char *w, size_t n)
{
    uint32_t sid = sm_intern_find(&ctx->stems, w, n);
    if (sid != UINT32_MAX)
        return ctx->stem_of.v[sid];
    bool stop = sm_wordset_has(&ctx->stopwords, w, n);
    /* Possessive 's is the stemmer's business in English; elsewhere an
     * apostrophe is kept as part of the word. */
    const sb_symbol *st = sb_stemmer_stem(ctx->stemmer, (const sb_symbol *)w, (int)n);
    uint32_t tid;
    if (st) {
        int sl = sb_stemmer_length(ctx->stemmer);
        tid = sm_intern_add(&ctx->terms, (const char *)st, (size_t)sl);
    } else {
        tid = sm_intern_add(&ctx->terms, w, n);
    }
    sid = sm_intern_add(&ctx->stems, w, n);
    uint32_t v = tid | (stop ? STOP_BIT : 0);
    SM_RESERVE(ctx->stem_of, (size_t)sid + 1);
    ctx->stem_of.v[sid] = v;
    if (ctx->stem_of.n <= sid)
        ctx->stem_of.n = (size_t)sid + 1;
    return v;
}

void sm_terms(sm_ctx *ctx, const char *text, size_t len, bool keep_stopwords,
              sm_u32vec *out)
{
    const unsigned char *u = (const unsigned char *)text;
    sm_buf w = {0};
    size_t i = 0;
    while (i < len) {
        int32_t cp;
        size_t k = sm_utf8_decode(u + i, len - i, &cp);
        if (!is_word_cp(cp)) {
            i += k;
            continue;
        }
        /* A word: word characters, with single apostrophes between them. */
        size_t start = i, end = i;
        while (end < len) {
            size_t kk = sm_utf8_decode(u + end, len - end, &cp);
            if (is_word_cp(cp)) {
                end += kk;
                continue;
            }
            if (is_apostrophe(cp) && end + kk < len) {
                int32_t next;
                sm_utf8_decode(u + end + kk, len - end - kk, &next);
                if (is_word_cp(next)) {
                    end += kk;
                    continue;
                }
            }
            break;
        }
        w.len = 0;
        sm_lower(text + start, end - start, &w);
        /* Very long "words" (base64, URLs without separators) are noise and
         * would bloat the term table. */
        if (w.len <= 64) {
            uint32_t v = surface_slot(ctx, w.s, w.len);
            if (keep_stopwords || !(v & STOP_BIT))
                SM_PUSH(*out, v & ~STOP_BIT);
        }
        i = end;
    }
    sm_buf_free(&w);
}
