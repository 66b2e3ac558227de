/*
 * credits.c: the one place that says what a photo credit looks like, and so
 * which sentence is a caption.  Line cleaning (clean.c), sentence
 * preparation (prepare.c) and the digest's choice of sentences
 * (tasks/digest.c) all ask these, so a credit one stage drops is a credit
 * for every stage.
 *
 * A credit is either a label and a colon ("Photograph: AP", "Photo:
 * Reuters"; the labels are the "!label:" entries of
 * models/<lang>/furniture.txt) or a parenthesised name and agency at the
 * end of a line ("... (Susan Walsh/AP)").  The sentence just before a
 * credit, in the same paragraph, is its caption.
 */
#include "text/text.h"

#include <string.h>

/* A label is one word: longer "words" before a colon are never labels. */
#define LABEL_MAX_BYTES 32
/* "(Susan Walsh/AP)": a credit names a person or two and an agency; more
 * words than this, or more bytes than CREDIT_MAX_BYTES, inside the
 * brackets is a parenthesis of the text (measured on the bundled corpus's
 * credits, the longest of which has five words). */
#define CREDIT_MAX_WORDS 8
#define CREDIT_MAX_BYTES 200

bool sm_credit_paren(const char *s, size_t n)
{
    if (n < 3 || s[n - 1] != ')')
        return false;
    size_t open = n - 1, words = 1;
    bool slash = false;
    while (open > 0 && s[open - 1] != '(') {
        open--;
        if (s[open] == '/')
            slash = true;
        else if (s[open] == ' ')
            words++;
        if (s[open] == ')' || words > CREDIT_MAX_WORDS ||
            n - open > CREDIT_MAX_BYTES)
            return false;
    }
    return open > 0 && slash;
}

bool sm_credit_label_at(const sm_ctx *ctx, const char *s, size_t lo,
                        size_t colon)
{
    size_t a = colon;
    while (a > lo && colon - a < LABEL_MAX_BYTES && s[a - 1] != ' ' &&
           s[a - 1] != '\t')
        a--;
    if (a == colon || colon - a >= LABEL_MAX_BYTES)
        return false;
    /* "!" + the lower-cased label + ":" */
    char key[LABEL_MAX_BYTES + 2];
    size_t k = 0;
    key[k++] = '!';
    for (size_t i = a; i <= colon; i++) {
        char ch = s[i];
        key[k++] = ch >= 'A' && ch <= 'Z' ? (char)(ch - 'A' + 'a') : ch;
    }
    return sm_wordset_has(&ctx->furniture, key, k);
}

bool sm_credit_inline(const sm_ctx *ctx, const char *s, size_t n)
{
    const char *p = s;
    while ((p = memchr(p, ':', n - (size_t)(p - s))) != NULL) {
        if (sm_credit_label_at(ctx, s, 0, (size_t)(p - s)))
            return true;
        p++;
    }
    return false;
}

bool sm_credit_opens(const sm_ctx *ctx, const char *s, size_t n)
{
    size_t e = 0;
    while (e < n && e < LABEL_MAX_BYTES && s[e] != ' ' && s[e] != ':')
        e++;
    return e < n && s[e] == ':' && sm_credit_label_at(ctx, s, 0, e);
}
