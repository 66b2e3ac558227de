/*
 * clean.c: page-furniture removal, the first stage after ingest.
 *
 * Scraped articles carry the page around them: navigation, share buttons,
 * bylines, live-blog timestamps, photo captions and credits, promos, comment
 * forms.  None of it may reach a summary.  Lines are judged one by one by
 * their shape (length, terminal punctuation, capitalisation, numbers), by the
 * phrase lists of models/<lang>/furniture.txt (markers explained there), and
 * across the corpus: a short line that recurs in several documents, or
 * twice in one, is the site's boilerplate.
 *
 * Every rule looks only at short lines (FURN_MAX_WORDS words, FURN_MAX_BYTES
 * bytes): furniture is short, and an article given as one long line (the way
 * benchmarks feed documents) must come through intact.
 */
#include "text/text.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#define FURN_MAX_WORDS 30   /* list rules apply up to this many words */
#define FURN_MAX_BYTES 1500 /* longer lines are content, never furniture */
#define RECUR_MAX_WORDS 7   /* recurring lines: "< 8 words", so a sentence
                               two outlets quote is not taken for boilerplate */
#define TIME_MAX_WORDS 12
#define BYLINE_MAX_WORDS 20
#define CAPTION_MAX_WORDS 60
/* Contents entries ("Key events", "Most viewed today") run to four words;
 * set by hand on the '~' entries of models/english/furniture.txt. */
#define CONTENTS_PHRASE_WORDS 4
/* An embedded post's attribution ("— Jane Doe (@janedoe) March 20,
 * 2023") is a name, a handle and a date; set by hand on the bundled
 * corpus's live blogs. */
#define EMBED_ATTRIBUTION_WORDS 15
/* A short imperative ("Follow CNN", "Join us on Telegram"); set by hand,
 * as the '&' entries of the furniture list. */
#define IMPERATIVE_WORDS 4

/* ---- characters ------------------------------------------------------- */

static int32_t dec(const char *s, size_t n, size_t *len)
{
    int32_t cp;
    *len = sm_utf8_decode((const unsigned char *)s, n, &cp);
    return cp;
}

static bool is_digit(int32_t c)
{
    return c >= '0' && c <= '9';
}

/* Trims s[*a..*b) of surrounding whitespace. */
static void trim(const char *s, size_t *a, size_t *b)
{
    size_t n;
    while (*a < *b && sm_cp_is_space(dec(s + *a, *b - *a, &n)))
        *a += n;
    while (*b > *a) {
        size_t p = *b - 1;
        while (p > *a && ((unsigned char)s[p] & 0xC0) == 0x80)
            p--;
        if (!sm_cp_is_space(dec(s + p, *b - p, &n)))
            break;
        *b = p;
    }
}

/* The last visible character, looking through closing quotes and brackets. */
static int32_t last_char(const char *s, size_t n)
{
    size_t b = n, k;
    int32_t c = 0;
    while (b > 0) {
        size_t p = b - 1;
        while (p > 0 && ((unsigned char)s[p] & 0xC0) == 0x80)
            p--;
        c = dec(s + p, b - p, &k);
        if (!sm_cp_is_closer(c))
            return c;
        b = p;
    }
    return c;
}

/* Whether c is one of set's bytes (never NUL; marks, never a letter or
 * a digit).  Inline: it is asked of nearly every word, where a call to
 * strchr cost more than the test; most words end in a letter or a digit,
 * which no set holds. */
static inline bool in_set(const char *set, char c)
{
    if ((unsigned)((c | 32) - 'a') < 26u || (unsigned)(c - '0') < 10u)
        return false;
    for (; *set; set++)
        if (*set == c)
            return true;
    return false;
}

/* ---- normalised words ------------------------------------------------- */

/* A line as the rules see it: lower-cased, whitespace collapsed to single
 * spaces, and its words (byte ranges into `low`) with their original
 * capitalisation noted. */
typedef struct word {
    size_t a, b;   /* in low */
    bool cap;      /* starts with an upper-case letter in the source */
    bool uletter;  /* has a letter that is not ASCII in the source */
} word;

typedef struct lineview {
    sm_buf low;
    SM_VEC(word) w;
} lineview;

/* Whether word j has a digit and no letter.  Told from the lowered text,
 * which has the source's ASCII letters and digits where it had them (only
 * letters change case, and a character that is not ASCII lowers to an
 * ASCII one only when it is a letter, which uletter noted). */
static bool word_digits(const lineview *v, size_t j)
{
    const word *w = &v->w.v[j];
    bool digit = false;
    for (size_t i = w->a; i < w->b && !w->uletter; i++) {
        unsigned char c = (unsigned char)v->low.s[i];
        if (c >= 'a' && c <= 'z')
            return false;
        digit |= c >= '0' && c <= '9';
    }
    return digit && !w->uletter;
}

/* The high bit of each byte of x that is ASCII and in [lo, hi] (lo at
 * least '0': adding to the low seven bits never carries into the next
 * byte). */
static inline uint64_t bytes_in(uint64_t x, unsigned char lo, unsigned char hi)
{
    const uint64_t ones = 0x0101010101010101ull, high = ones << 7;
    uint64_t low7 = x & ~high;
    return (low7 + ones * (0x80u - lo)) & ~(low7 + ones * (0x80u - hi - 1u)) &
           ~x & high;
}

/* view_upto's state: the view being filled, where it is in s, and the
 * words seen. */
typedef struct viewscan {
    lineview *v;
    char *out; /* v->low.s */
    size_t len, i, words, most, count;
    bool any, inword;
} viewscan;

/* view_upto over the bytes of s[0..n) from st->i that are ASCII, eight
 * at a time, as long as no white space among them is dropped (none at a
 * word's boundary twice, none at the start) and no word past st->most
 * opens: they are copied lower-cased, white space as ' ', eight at once,
 * and words start at the bits of a mask.  Stops before a byte
 * that is not such a one, for view_char.  Little-endian only: the bytes'
 * order is the bits' order. */
static void view_chunks(viewscan *st, const char *s, size_t n)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    const uint64_t ones = 0x0101010101010101ull, high = ones << 7;
    if (st->words > st->most)
        return; /* view_char only counts them */
    size_t i = st->i, len = st->len, words = st->words, most = st->most;
    bool inword = st->inword, any = st->any;
    char *out = st->out;
    word *wv = st->v->w.v;
    size_t wn = st->v->w.n;
    while (i < n) {
        uint64_t x = 0, valid = high;
        size_t k = 8;
        if (n - i >= 8) {
            memcpy(&x, s + i, 8);
        } else {
            k = n - i;
            memcpy(&x, s + i, k);
            valid &= (1ull << (8 * k)) - 1;
        }
        uint64_t sp = sm_space_bytes(x) & valid;
        /* White space after white space (or at the start) is dropped. */
        uint64_t after = ((sp << 8) | (inword ? 0 : 0x80)) & valid;
        uint64_t stop = (x & valid) | (sp & after);
        if (stop) {
            k = (size_t)__builtin_ctzll(stop) / 8;
            if (k == 0)
                break;
            valid &= (1ull << (8 * k)) - 1;
            sp &= valid;
        }
        uint64_t starts = ~sp & after & valid;
        uint64_t up = bytes_in(x, 'A', 'Z');
        uint64_t blank = (sp >> 7) * 0xFF;
        uint64_t y = ((x | (up >> 2)) & ~blank) | (blank & (ones * ' '));
        memcpy(out + len, &y, 8); /* view_upto left room */
        /* Only starts: view_upto puts the ends in (a space before the
         * next word's start). */
        for (uint64_t e = starts; e; e &= e - 1) {
            unsigned bit = (unsigned)__builtin_ctzll(e);
            if (words == most) { /* view_char counts from here */
                k = bit / 8;
                break;
            }
            words++;
            word w = {.a = len + bit / 8, .cap = (up >> bit) & 1};
            wv[wn++] = w;
        }
        if (k == 0)
            break;
        /* Letters of the bytes taken only: a word past most stops it. */
        if (!any && k < 8)
            valid &= (1ull << (8 * k)) - 1;
        if (!any)
            any = (bytes_in(y, 'a', 'z') & valid) != 0;
        inword = !((sp >> (8 * k - 1)) & 1);
        len += k;
        i += k;
        if (k < 8)
            break;
    }
    st->i = i;
    st->len = len;
    st->words = words;
    st->inword = inword;
    st->any = any;
    st->v->w.n = wn;
#else
    (void)st;
    (void)s;
    (void)n;
#endif
}

/* view_upto over the next character of s[0..n), whatever it is.  Returns
 * false when the scan is over (past st->count words with a letter). */
static bool view_char(viewscan *st, const char *s, size_t n)
{
    unsigned char b = (unsigned char)s[st->i];
    int32_t c;
    size_t k = 1;
    if (b < 0x80)
        c = b;
    else
        c = dec(s + st->i, n - st->i, &k);
    st->i += k;
    lineview *v = st->v;
    if (sm_cp_is_space(c)) {
        if (st->inword && st->words <= st->most) {
            v->w.v[v->w.n - 1].b = st->len;
            st->out[st->len++] = ' ';
        }
        st->inword = false;
        return true;
    }
    if (!st->inword) {
        st->inword = true;
        if (++st->words > st->most) {
            if (st->words > st->count && st->any)
                return false;
        } else {
            word w = {.a = st->len, .cap = sm_cp_is_upper(c)};
            v->w.v[v->w.n++] = w;
        }
    }
    bool letter = sm_cp_is_letter(c);
    st->any |= letter;
    if (st->words > st->most)
        return true;
    if (b < 0x80) {
        st->out[st->len++] = (char)(b >= 'A' && b <= 'Z' ? b + 32 : b);
    } else {
        v->w.v[v->w.n - 1].uletter |= letter;
        v->low.len = st->len;
        sm_utf8_encode(&v->low, c < 0 ? 0xFFFD : utf8proc_tolower(c));
        sm_buf_reserve(&v->low, n - st->i + 16);
        st->out = v->low.s;
        st->len = v->low.len;
    }
    return true;
}

/* Fills v from s[0..n) (trimmed, at most FURN_MAX_BYTES) and returns its
 * number of words.  Past `most` words the view is left unfinished and the
 * scan only counts words, up to `count` of them once a letter was seen;
 * *letters tells whether one was. */
static size_t view_upto(lineview *v, const char *s, size_t n, size_t most,
                        size_t count, bool *letters)
{
    /* Every line and sentence passes through here, so ASCII text goes
     * eight bytes at a time: the output can only be as long as the input
     * then, and room for the rest (with 16 bytes to spare, for the eight
     * view_chunk stores) is made again after each non-ASCII character,
     * whose lower case may be longer. */
    v->low.len = 0;
    v->w.n = 0;
    sm_buf_reserve(&v->low, n + 16);
    /* Room for every word kept: each takes a byte and a space after it
     * but the last. */
    size_t room = n / 2 + 1;
    SM_RESERVE(v->w, room < most ? room : most);
    viewscan st = {.v = v, .out = v->low.s, .most = most, .count = count};
    while (st.i < n) {
        view_chunks(&st, s, n);
        if (st.i < n && !view_char(&st, s, n))
            break;
    }
    *letters = st.any;
    if (st.words > most) {
        v->low.len = 0;
        v->low.s[0] = '\0';
        return st.words;
    }
    char *out = st.out;
    size_t len = st.len;
    if (!st.inword && len && out[len - 1] == ' ')
        len--;
    out[len] = '\0';
    v->low.len = len;
    /* One space between two words of the view: each ends before it. */
    for (size_t j = 0; j + 1 < v->w.n; j++)
        v->w.v[j].b = v->w.v[j + 1].a - 1;
    if (v->w.n)
        v->w.v[v->w.n - 1].b = len;
    return st.words;
}

/* Fills v from s[0..n), whole. */
static void view(lineview *v, const char *s, size_t n)
{
    bool letters;
    view_upto(v, s, n, SIZE_MAX, SIZE_MAX, &letters);
}

static void view_free(lineview *v)
{
    sm_buf_free(&v->low);
    SM_FREEVEC(v->w);
}

static bool listed_lookup(const sm_ctx *ctx, sm_buf *tmp, char marker,
                          const char *s, size_t n);

/* Looks up marker + s[0..n) in the furniture list.  Inline: most spans
 * fail sm_furniture_maybe, and need no call. */
static inline bool listed(const sm_ctx *ctx, sm_buf *tmp, char marker,
                          const char *s, size_t n)
{
    return sm_furniture_maybe(ctx, marker, s, n) &&
           listed_lookup(ctx, tmp, marker, s, n);
}

static bool listed_lookup(const sm_ctx *ctx, sm_buf *tmp, char marker,
                          const char *s, size_t n)
{
    tmp->len = 0;
    sm_buf_addc(tmp, marker);
    sm_buf_add(tmp, s, n);
    return sm_wordset_has(&ctx->furniture, tmp->s, tmp->len);
}

/* A word without the punctuation around it ("(1055", "2023,", "hkt)"). */
static void word_core(const lineview *v, size_t j, size_t *a, size_t *b)
{
    const char *s = v->low.s;
    *a = v->w.v[j].a;
    *b = v->w.v[j].b;
    while (*a < *b && in_set("([{\"'", s[*a]))
        (*a)++;
    while (*b > *a && in_set(")]}\"',;:.", s[*b - 1]))
        (*b)--;
}

/* ---- single-line rules ------------------------------------------------ */

/* "3 hr 25 min ago", "Updated 0255 GMT (1055 HKT) March 21, 2023",
 * "41 Posts": numbers and date/time/counter words only. */
static bool is_timestamp(const sm_ctx *ctx, const lineview *v, sm_buf *tmp)
{
    if (v->w.n == 0 || v->w.n > TIME_MAX_WORDS)
        return false;
    size_t nums = 0;
    for (size_t j = 0; j < v->w.n; j++) {
        size_t a, b;
        word_core(v, j, &a, &b);
        if (word_digits(v, j)) {
            nums++;
            continue;
        }
        if (a == b) /* punctuation alone: "-", "|" */
            continue;
        if (listed(ctx, tmp, '@', v->low.s + a, b - a) ||
            listed(ctx, tmp, '@', v->low.s + v->w.v[j].a,
                   v->w.v[j].b - v->w.v[j].a))
            continue;
        /* "0255GMT", "3hr", "10:45am": digits glued to a unit. */
        size_t d = a;
        while (d < b && (is_digit(v->low.s[d]) || v->low.s[d] == ':' ||
                         v->low.s[d] == '.'))
            d++;
        if (d > a && d < b && listed(ctx, tmp, '@', v->low.s + d, b - d)) {
            nums++;
            continue;
        }
        return false;
    }
    return nums > 0;
}

/* "By Kathleen Magramo, Eliza Mackintosh and Elise Hammond, CNN",
 * "From CNN's Maria Kostenko in Kyiv": an opener, then mostly names. */
static bool is_byline(const sm_ctx *ctx, const char *s, size_t n,
                      const lineview *v, sm_buf *tmp)
{
    if (v->w.n < 2 || v->w.n > BYLINE_MAX_WORDS)
        return false;
    int32_t last = last_char(s, n);
    if (sm_cp_is_terminal(last) || memchr(s, ':', n))
        return false;
    if (!listed(ctx, tmp, '+', v->low.s + v->w.v[0].a,
                v->w.v[0].b - v->w.v[0].a))
        return false;
    size_t content = 0, caps = 0;
    for (size_t j = 1; j < v->w.n; j++) {
        size_t a, b;
        word_core(v, j, &a, &b);
        if (a == b || sm_wordset_has(&ctx->stopwords, v->low.s + a, b - a))
            continue;
        content++;
        caps += v->w.v[j].cap;
    }
    return caps > 0 && caps * 2 >= content;
}

/* A web address: "wionews.com", "www.example.org", "https://...". */
static bool has_address(const lineview *v)
{
    const char *low = v->low.s, *end = low + v->low.len;
    for (size_t j = 0; j < v->w.n; j++) {
        const char *s = low + v->w.v[j].a;
        if (v->w.v[j].b - v->w.v[j].a > 4 &&
            (memcmp(s, "http", 4) == 0 || memcmp(s, "www.", 4) == 0))
            return true;
    }
    /* A host name: only the words with a dot (found by memchr; most words
     * have none) are looked at.  The view's words are the runs between
     * its single spaces. */
    const char *p = memchr(low, '.', v->low.len);
    while (p) {
        const char *s = p, *e = memchr(p, ' ', (size_t)(end - p));
        while (s > low && s[-1] != ' ')
            s--;
        if (!e)
            e = end;
        size_t n = (size_t)(e - s);
        while (n && in_set(".,;:)!?", s[n - 1]))
            n--;
        const char *dot = p; /* the last one of the word */
        for (const char *q = p + 1; q < s + n; q++)
            if (*q == '.')
                dot = q;
        if (p < s + n && dot != s) {
            size_t tld = n - (size_t)(dot + 1 - s);
            bool alpha = tld >= 2 && tld <= 4;
            for (size_t i = 0; alpha && i < tld; i++)
                alpha = dot[1 + i] >= 'a' && dot[1 + i] <= 'z';
            if (alpha && (dot - s) >= 2 && dot[-1] >= 'a' && dot[-1] <= 'z')
                return true;
        }
        p = e < end ? memchr(e, '.', (size_t)(end - e)) : NULL;
    }
    return false;
}

static bool has_ascii_letter(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)((s[i] | 32) - 'a') < 26)
            return true;
    return false;
}

/* Openings are looked for in a line's first bytes only, up to this many:
 * set by hand, longer than any '>' entry of the furniture lists. */
#define OPENING_MAX_BYTES 64

/* Whether a prefix of low[0..ln) of at most OPENING_MAX_BYTES is a '>'
 * entry: only the lengths some entry has are looked up
 * (ctx->furniture_lens), and past one byte only when an entry opens with
 * the line's first two. */
static bool opening_listed(const sm_ctx *ctx, sm_buf *tmp, const char *low,
                           size_t ln)
{
    size_t top = ln < OPENING_MAX_BYTES ? ln : OPENING_MAX_BYTES;
    bool head = ln < 2 || sm_furniture_head(ctx, '>', low);
    const uint64_t *lens = ctx->furniture_lens[(unsigned char)'>'];
    for (size_t w = 0; w * 64 <= top + 1; w++)
        for (uint64_t bits = lens[w]; bits; bits &= bits - 1) {
            size_t i = w * 64 + (size_t)__builtin_ctzll(bits) - 1; /* marker */
            if (i + 1 == 0 || i == 0)
                continue;
            if (i > top || (i >= 2 && !head))
                return false;
            if (listed_lookup(ctx, tmp, '>', low, i))
                return true;
        }
    return false;
}

/* The rules a single line or sentence is judged by. */
static bool furniture_text(const sm_ctx *ctx, const char *s, size_t n,
                           lineview *v, sm_buf *tmp)
{
    size_t a = 0, b = n;
    trim(s, &a, &b);
    s += a;
    n = b - a;
    if (n == 0 || n > FURN_MAX_BYTES)
        return false;
    /* Most lines of an article are longer than any rule but the first two
     * looks at.  Words counted at ASCII spaces are never more than the
     * view's (which also splits at Unicode spaces), so past FURN_MAX_WORDS
     * of them, and with a letter, only a credit can make the line
     * furniture: no view is needed to know it is not. */
    bool paren = sm_credit_paren(s, n);
    /* A word and a space take two bytes: a line of fewer bytes has at
     * most FURN_MAX_WORDS words, and needs no count. */
    size_t cw = n / 2 + 1 <= FURN_MAX_WORDS
                    ? 0
                    : sm_count_words_upto(s, n, paren ? CAPTION_MAX_WORDS : FURN_MAX_WORDS);
    if (cw > FURN_MAX_WORDS && (cw > CAPTION_MAX_WORDS || !paren) &&
        has_ascii_letter(s, n))
        return false;
    /* Otherwise the view is finished only for lines short enough. */
    bool letters;
    size_t nw = view_upto(v, s, n, FURN_MAX_WORDS, CAPTION_MAX_WORDS, &letters);
    if (!letters)
        return true; /* share counts, rules, lone numbers */
    if (nw <= CAPTION_MAX_WORDS && paren)
        return true;
    if (nw > FURN_MAX_WORDS)
        return false;
    const char *low = v->low.s;
    size_t ln = v->low.len;
    /* The whole line, without trailing punctuation ("LEAVE A REPLY", "Share:"). */
    size_t e = ln;
    while (e > 0 && in_set(".:!|*?,;- ", low[e - 1]))
        e--;
    if (e && sm_furniture_maybe(ctx, low[0], low + 1, e - 1) &&
        sm_wordset_has(&ctx->furniture, low, e))
        return true;
    /* Openings: every prefix up to a list entry's length, at any byte, so
     * that glued text matches too ("Sort byDropdown arrow"). */
    size_t o = 0;
    while (o < ln && in_set("([", low[o]))
        o++; /* "(Photo: Example Agency)" opens like "Photo: ..." */
    if (opening_listed(ctx, tmp, low, ln))
        return true;
    bool heado = o && (ln - o < 2 || sm_furniture_head(ctx, '>', low + o));
    for (size_t i = o + 1; o && i <= ln && i <= OPENING_MAX_BYTES; i++)
        if ((heado || i - o < 2) && listed(ctx, tmp, '>', low + o, i - o))
            return true;
    /* Contents: phrases of up to four words starting at any word. */
    bool colons = memchr(low, ':', ln) != NULL;
    for (size_t j = 0; j < nw; j++) {
        /* No entry starts like this word (spans of one byte, here only a
         * lone ':', are looked up whatever their head). */
        if (v->w.v[j].b - v->w.v[j].a >= 2 && low[v->w.v[j].a] != ':' &&
            !(ln - v->w.v[j].a < 2 || sm_furniture_head(ctx, '~', low + v->w.v[j].a)))
            continue;
        /* A phrase of more words opens with this one and a space (and a
         * colon in this word ends the same key for every k). */
        size_t most = sm_furniture_first(ctx, '~', low + v->w.v[j].a,
                                         v->w.v[j].b - v->w.v[j].a)
                          ? CONTENTS_PHRASE_WORDS
                          : 1;
        for (size_t k = j; k < nw && k < j + most; k++) {
            size_t from = v->w.v[j].a, to = v->w.v[k].b;
            if (listed(ctx, tmp, '~', low + from, to - from))
                return true;
            /* "photograph:" glued to its credit ("Photograph:AP"). */
            const char *colon = colons ? memchr(low + from, ':', to - from) : NULL;
            if (colon && listed(ctx, tmp, '~', low + from,
                                (size_t)(colon + 1 - (low + from))))
                return true;
        }
    }
    /* A caption: "... arrives in Moscow – video". */
    if (nw >= 2) {
        const word *lw = &v->w.v[nw - 1], *dw = &v->w.v[nw - 2];
        size_t dn = dw->b - dw->a;
        bool dash = (dn == 1 && low[dw->a] == '-') ||
                    (dn == 3 && (memcmp(low + dw->a, "\xE2\x80\x93", 3) == 0 ||
                                 memcmp(low + dw->a, "\xE2\x80\x94", 3) == 0));
        if (dash && sm_wordset_has(&ctx->furniture, low + lw->a, lw->b - lw->a))
            return true;
    }
    if (is_timestamp(ctx, v, tmp) || is_byline(ctx, s, n, v, tmp))
        return true;
    /* An embedded post's attribution: "— Jane Doe (@janedoe) March 20, 2023". */
    if (nw <= EMBED_ATTRIBUTION_WORDS && !sm_cp_is_terminal(last_char(s, n)) &&
        strstr(low, "(@"))
        return true;
    /* "Follow CNN", "Subscribe", "Join us": a short imperative. */
    if (nw <= IMPERATIVE_WORDS && !sm_cp_is_terminal(last_char(s, n)) &&
        listed(ctx, tmp, '&', low + v->w.v[0].a, v->w.v[0].b - v->w.v[0].a) &&
        v->w.v[0].cap)
        return true;
    /* "You can now write for example.com ... Share your stories with us." */
    if (has_address(v)) {
        for (size_t j = 0; j < nw; j++) {
            size_t wa, wb;
            word_core(v, j, &wa, &wb);
            if (listed(ctx, tmp, '&', low + wa, wb - wa))
                return true;
        }
    }
    return false;
}

struct sm_furniture {
    const sm_ctx *ctx;
    lineview v;
    sm_buf tmp;
};

sm_furniture *sm_furniture_new(const sm_ctx *ctx)
{
    sm_furniture *f = sm_xcalloc(1, sizeof *f);
    f->ctx = ctx;
    return f;
}

bool sm_furniture_sentence(sm_furniture *f, const char *s, size_t n)
{
    return furniture_text(f->ctx, s, n, &f->v, &f->tmp);
}

void sm_furniture_free(sm_furniture *f)
{
    if (!f)
        return;
    view_free(&f->v);
    sm_buf_free(&f->tmp);
    free(f);
}

static void furniture_cleanup(void *slot)
{
    sm_furniture **f = slot;
    sm_furniture_free(*f);
    *f = NULL;
}

bool sm_sentence_is_furniture(const sm_ctx *ctx, const char *s, size_t n)
{
    sm_furniture *f = NULL;
    sm_cleanup c_f;
    sm_cleanup_push(&c_f, furniture_cleanup, &f);
    f = sm_furniture_new(ctx);
    bool r = sm_furniture_sentence(f, s, n);
    sm_cleanup_run(&c_f);
    return r;
}

/* ---- the corpus ------------------------------------------------------- */

typedef sm_line line;

typedef SM_VEC(line) linevec;

static void split_lines(const sm_doc *d, linevec *out)
{
    const char *s = d->raw;
    size_t n = d->rawlen, i = 0;
    while (i < n) {
        const char *nl = memchr(s + i, '\n', n - i);
        size_t e = nl ? (size_t)(nl - s) : n;
        line l = {.a = i, .b = e, .key = UINT32_MAX};
        trim(s, &l.a, &l.b);
        l.blank = l.a == l.b;
        SM_PUSH(*out, l);
        i = e + 1;
    }
}

/* The recurrence key of a short line without terminal punctuation: its
 * normalised text with digits folded ("41 Posts" = "12 Posts"). */
static bool recur_key(const char *s, size_t n, lineview *v, sm_buf *key)
{
    if (n > FURN_MAX_BYTES)
        return false;
    int32_t last = last_char(s, n);
    if (sm_cp_is_terminal(last) || last == ':')
        return false;
    view(v, s, n);
    if (v->w.n == 0 || v->w.n > RECUR_MAX_WORDS)
        return false;
    key->len = 0;
    sm_buf_add(key, v->low.s, v->low.len);
    for (size_t i = 0; i < key->len; i++)
        if (is_digit(key->s[i]))
            key->s[i] = '0';
    return true;
}

/* Caption pairs: a line repeated at the start of the next non-blank line
 * ("Kirby speaks ... on Monday." then "Kirby speaks ... on Monday. (AP)"). */
static void mark_captions(const sm_doc *d, linevec *ls)
{
    for (size_t i = 0; i < ls->n; i++) {
        line *l = &ls->v[i];
        if (l->blank)
            continue;
        size_t j = i + 1;
        while (j < ls->n && ls->v[j].blank)
            j++;
        if (j >= ls->n)
            break;
        line *m = &ls->v[j];
        size_t ln = l->b - l->a, mn = m->b - m->a;
        if (ln < 20 || mn < ln || memcmp(d->raw + l->a, d->raw + m->a, ln) != 0)
            continue;
        if (mn == ln) {
            m->drop = true; /* a verbatim repeat: keep the first */
        } else {
            l->drop = true;
            if (sm_credit_paren(d->raw + m->a, mn))
                m->drop = true;
        }
    }
}

/* Whether line i continues the previous line or is continued by the next
 * one: no terminal punctuation at the break and a lower-case start after it,
 * the segmenter's rule for joining lines. */
static bool starts_lower(const char *s, size_t n)
{
    size_t k;
    return sm_cp_is_lower(dec(s, n, &k));
}

static bool joins(const char *raw, const line *a, const line *b)
{
    return !a->blank && !b->blank &&
           !sm_cp_is_terminal(last_char(raw + a->a, a->b - a->a)) &&
           starts_lower(raw + b->a, b->b - b->a);
}

static bool wrapped(const char *raw, const linevec *ls, size_t i)
{
    return (i > 0 && joins(raw, &ls->v[i - 1], &ls->v[i])) ||
           (i + 1 < ls->n && joins(raw, &ls->v[i], &ls->v[i + 1]));
}

/* ---- inline photo credits -------------------------------------------- */

/* A gallery or an inline picture: "Caption. Photograph: AgencyNext text".
 * Rewrites the line into `out` without each credit and the caption before
 * it (the segmenter cuts the credit off the text glued to it). */
static void strip_captions(const sm_ctx *ctx, const char *s, size_t n,
                           sm_spanvec *spans, sm_buf *out)
{
    spans->n = 0;
    sm_segment(ctx, s, n, spans);
    out->len = 0;
    sm_buf_add(out, "", 0);
    size_t nflags = spans->n;
    unsigned char *flags = NULL;
    sm_cleanup c_flags;
    SM_CLEANUP_PTR(c_flags, flags);
    flags = sm_xcalloc(nflags ? nflags : 1, 1);
    for (size_t i = 0; i < nflags; i++)
        flags[i] = sm_credit_opens(ctx, s + spans->v[i].start,
                                   spans->v[i].end - spans->v[i].start);
    bool dropped = false;
    for (size_t i = 0; i < spans->n; i++) {
        const sm_span *sp = &spans->v[i];
        /* A credit, or the caption it follows. */
        if (flags[i] || (i + 1 < nflags && flags[i + 1])) {
            dropped = true;
            continue;
        }
        if (out->len)
            sm_buf_addc(out, ' ');
        sm_buf_add(out, s + sp->start, sp->end - sp->start);
    }
    sm_cleanup_run(&c_flags);
    if (!dropped) { /* nothing to remove: the line as it was */
        out->len = 0;
        sm_buf_add(out, s, n);
    }
}


/* The cleaner's working memory, by address, so that one cleanup frees it
 * all when memory runs out half-way (common.h). */
typedef struct clean_temps {
    lineview *v;
    sm_buf *tmp, *key, *piece;
    sm_intern *keys;
    sm_u32vec *ndocs, *lastdoc, *nseen;
    linevec **lines;
    size_t nlines;
    sm_spanvec *spans;
    sm_judge **judge;
} clean_temps;

static void clean_temps_free(void *p)
{
    clean_temps *t = p;
    view_free(t->v);
    sm_buf_free(t->tmp);
    sm_buf_free(t->key);
    sm_buf_free(t->piece);
    sm_intern_free(t->keys);
    SM_FREEVEC(*t->ndocs);
    SM_FREEVEC(*t->lastdoc);
    SM_FREEVEC(*t->nseen);
    if (*t->lines)
        for (size_t d = 0; d < t->nlines; d++)
            SM_FREEVEC((*t->lines)[d]);
    free(*t->lines);
    *t->lines = NULL;
    SM_FREEVEC(*t->spans);
    sm_judge_free(*t->judge);
    *t->judge = NULL;
}

void sm_clean_corpus(sm_corpus *c)
{
    const sm_ctx *ctx = c->ctx;
    lineview v = {0};
    sm_buf tmp = {0}, key = {0}, piece = {0};
    sm_intern keys = {0};
    sm_u32vec ndocs = {0};   /* key -> documents it occurs in */
    sm_u32vec lastdoc = {0}; /* key -> last document counted + 1 */
    sm_u32vec nseen = {0};   /* key -> occurrences in that document */
    linevec *lines = NULL;
    sm_spanvec spans = {0};
    sm_judge *judge = NULL;
    clean_temps temps = {&v, &tmp, &key, &piece, &keys, &ndocs, &lastdoc,
                         &nseen, &lines, c->docs.n, &spans, &judge};
    sm_cleanup c_temps;
    sm_cleanup_push(&c_temps, clean_temps_free, &temps);
    lines = sm_xcalloc(c->docs.n ? c->docs.n : 1, sizeof *lines);
    judge = sm_judge_new(ctx);

    /* Pass 1: lines, single-line rules, recurrence counts. */
    for (size_t d = 0; d < c->docs.n; d++) {
        sm_doc *doc = &c->docs.v[d];
        /* Before anything else, a wrapped dump's paragraphs become lines. */
        doc->rawlen = sm_unwrap(doc->raw, doc->rawlen);
        split_lines(doc, &lines[d]);
        for (size_t i = 0; i < lines[d].n; i++) {
            line *l = &lines[d].v[i];
            if (l->blank)
                continue;
            const char *s = doc->raw + l->a;
            size_t n = l->b - l->a;
            /* A hard-wrapped paragraph's lines are fragments of sentences
             * ("By Tuesday, officials from" / "Reuters and AP said ..."): the
             * shape rules do not apply to them. */
            if (wrapped(doc->raw, &lines[d], i))
                continue;
            if (furniture_text(ctx, s, n, &v, &tmp)) {
                l->drop = true;
                continue;
            }
            if (!recur_key(s, n, &v, &key))
                continue;
            uint32_t id = sm_intern_add(&keys, key.s, key.len);
            if (id >= ndocs.n) {
                SM_PUSH(ndocs, 0);
                SM_PUSH(lastdoc, 0);
                SM_PUSH(nseen, 0);
            }
            if (lastdoc.v[id] != d + 1) {
                lastdoc.v[id] = (uint32_t)d + 1;
                ndocs.v[id]++;
                nseen.v[id] = 0;
            }
            /* Twice in one document counts like two documents. */
            if (++nseen.v[id] == 2)
                ndocs.v[id]++;
            l->key = id;
        }
        mark_captions(doc, &lines[d]);
        sm_judge_blocks(judge, doc->raw, lines[d].v, lines[d].n);
    }

    /* Pass 2: drop recurring lines and captions, join what is left.  The
     * body is written over the raw text: every kept line moves down or
     * stays (lines are only dropped or shortened, and the one or two
     * newlines written between two kept lines were there in the raw text),
     * so nothing is overwritten before it is read, and no second copy of
     * the input is ever allocated. */
    for (size_t d = 0; d < c->docs.n; d++) {
        sm_doc *doc = &c->docs.v[d];
        char *raw = doc->raw;
        size_t w = 0;
        bool any = false, gap = false;
        for (size_t i = 0; i < lines[d].n; i++) {
            line *l = &lines[d].v[i];
            if (l->blank) {
                gap = true;
                continue;
            }
            if (l->drop || (l->key != UINT32_MAX && ndocs.v[l->key] >= 2))
                continue;
            const char *text = raw + l->a;
            size_t tn = l->b - l->a;
            /* "WASHINGTON (AP) -- The Senate ...": the sentence without its
             * wire dateline. */
            size_t dl = sm_dateline_length(text, tn);
            text += dl;
            tn -= dl;
            if (sm_credit_inline(ctx, text, tn)) {
                strip_captions(ctx, text, tn, &spans, &piece);
                text = piece.s;
                tn = piece.len;
                if (!tn)
                    continue;
            }
            if (any) {
                raw[w++] = '\n';
                if (gap)
                    raw[w++] = '\n';
            }
            assert(w <= l->a && w + tn <= l->b);
            memmove(raw + w, text, tn);
            w += tn;
            any = true;
            gap = false;
        }
        raw[w] = '\0';
        free(doc->body);
        doc->body = NULL;
        /* Only after the shrink: raw is doc->raw's until then. */
        char *body = sm_xrealloc(raw, w + 1);
        doc->raw = NULL;
        doc->body = body;
        doc->bodylen = w;
        SM_FREEVEC(lines[d]);
    }
    sm_cleanup_run(&c_temps);
}
