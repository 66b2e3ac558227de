/*
 * segment.c: sentence boundaries of a cleaned document body.
 *
 * One forward pass over the body, line by line.  Boundaries come from three
 * places: a blank line (a paragraph break, which no sentence crosses), a line
 * break (unless the next line is a hard-wrapped continuation), and terminal
 * punctuation or glued text inside a line.  Every look-behind and look-ahead
 * is bounded (SEG_LOOK bytes), so the whole pass is linear even on one huge
 * line; nothing recurses.
 *
 * The abbreviation list (models/<lang>/abbreviations.txt, ctx->abbreviations)
 * holds lower-case entries without the final dot, with two markers:
 *   "dr"        an abbreviation: its dot ends a sentence only when the next
 *               word is a common sentence opener ("in the U.S. The ...");
 *   "^dr"       precedes a name or a number, never ends a sentence ("Dr.",
 *               "No. 10");
 *   "=youtube"  a word with an inner capital that is not glued text.
 */
#include "text/text.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* How far a rule looks behind or ahead of a candidate boundary.  A token
 * longer than this is not an abbreviation or a camelCase name, so the bound
 * changes no answer that matters and keeps the scan linear. */
#define SEG_LOOK 64
/* Sentences are force-split past these, so that pathological input (a
 * megabyte without punctuation) cannot produce one unusable "sentence". */
#define SEG_MAX_WORDS 1000
#define SEG_MAX_BYTES 65536
/* A photo credit ("Photograph: Sergei Karpukhin/SPUTNIK/AFP/Getty Images")
 * spans at most this many words. */
#define SEG_CREDIT_WORDS 8
/* A capitalised word with an inner capital (DigiTimes, PutinChina) is looked
 * up in the text around it to tell a name from a glued headline: an article
 * repeats its words within a few pages of text.  Past this many look-ups in
 * one body the word is taken for a name, so the work stays bounded on text
 * made of such words. */
#define SEG_ALONE_WINDOW 16384
#define SEG_MAX_ALONE_LOOKUPS 64

typedef struct seg {
    const sm_ctx *ctx;
    const sm_learned *learned; /* what the corpus taught, or NULL */
    const char *s;
    size_t len;
    sm_spanvec *out;
    size_t start; /* start of the open sentence, SIZE_MAX when none */
    size_t words; /* words in the open sentence */
    uint32_t para;
    bool para_used; /* a sentence was emitted in paragraph `para` */
    sm_buf tmp;     /* lower-cased look-up key, reused */
    size_t alone_lookups; /* occurs_alone() calls so far */
} seg;

/* ---- characters ------------------------------------------------------- */

static int32_t cp_at(const seg *g, size_t i, size_t lim, size_t *clen)
{
    int32_t cp;
    size_t n = sm_utf8_decode((const unsigned char *)g->s + i, lim - i, &cp);
    if (clen)
        *clen = n;
    return cp;
}

/* The code point ending just before i (i > lo). */
static int32_t cp_before(const seg *g, size_t i, size_t lo, size_t *start)
{
    size_t p = i - 1;
    while (p > lo && i - p < 4 && ((unsigned char)g->s[p] & 0xC0) == 0x80)
        p--;
    if (start)
        *start = p;
    return cp_at(g, p, i, NULL);
}

static bool is_quote_closer(int32_t c)
{
    return c == '"' || c == '\'' || c == 0x2019 || c == 0x201D || c == 0x00BB;
}

static bool is_opener(int32_t c)
{
    return c == '"' || c == '\'' || c == '(' || c == '[' || c == '`' ||
           c == 0x201C ||
           c == 0x2018 || c == 0x00AB || c == 0x201E || c == 0x00BF ||
           c == 0x00A1;
}

static bool is_bullet(int32_t c)
{
    return c == 0x2022 /* • */ || c == 0x00B7 || c == 0x25AA || c == 0x25CF ||
           c == 0x25E6 || c == 0x2023 || c == 0x25A0 || c == '-' || c == '*' ||
           c == 0x2013 /* – */ || c == 0x2014 /* — */ || c == '>';
}

/* ---- word look-ups ---------------------------------------------------- */

/* Lower-cases s[a..b) into g->tmp after `prefix`; false when it is longer than
 * SEG_LOOK (then it is no list entry). */
static bool key(seg *g, const char *prefix, size_t a, size_t b)
{
    if (b - a > SEG_LOOK)
        return false;
    g->tmp.len = 0;
    sm_buf_adds(&g->tmp, prefix);
    size_t i = a;
    while (i < b) {
        size_t n;
        int32_t c = cp_at(g, i, b, &n);
        if (c < 0)
            return false;
        sm_utf8_encode(&g->tmp, utf8proc_tolower(c));
        i += n;
    }
    return true;
}

static bool in_abbrevs(seg *g, const char *prefix, size_t a, size_t b)
{
    return key(g, prefix, a, b) &&
           sm_wordset_has(&g->ctx->abbreviations, g->tmp.s, g->tmp.len);
}

/* Words that open sentences.  The stopword list is the language's own; the
 * built-in English words stand in when it is missing. */
static bool is_opener_word(seg *g, size_t a, size_t b)
{
    static const char *const fallback[] = {
        "the", "a", "an", "he", "she", "it", "they", "we", "i", "in", "on",
        "at", "but", "and", "this", "that", "these", "those", "there", "his",
        "her", "its", "their", "our", "as", "after", "when", "while", "if",
        "for", "so", "then", "what", "who", "how", "why", "you", "some", NULL};
    if (!key(g, "", a, b) || g->tmp.len == 0)
        return false;
    if (g->ctx->stopwords.set.strs.n)
        return sm_wordset_has(&g->ctx->stopwords, g->tmp.s, g->tmp.len);
    for (size_t k = 0; fallback[k]; k++)
        if (strcmp(fallback[k], g->tmp.s) == 0)
            return true;
    return false;
}

/* End of the run of letters starting at i (bounded). */
static size_t letters_end(const seg *g, size_t i, size_t lim)
{
    size_t stop = i + SEG_LOOK < lim ? i + SEG_LOOK : lim;
    while (i < stop) {
        size_t n;
        if (!sm_cp_is_letter(cp_at(g, i, lim, &n)))
            break;
        i += n;
    }
    return i;
}

/* ---- emitting --------------------------------------------------------- */

/* Closes the open sentence at `end`: trims it, drops a leading bullet, and
 * appends it unless nothing alphanumeric is left. */
static void emit(seg *g, size_t end)
{
    size_t a = g->start, b = end;
    g->start = SIZE_MAX;
    g->words = 0;
    if (a == SIZE_MAX || a >= b)
        return;
    size_t n;
    while (a < b && sm_cp_is_space(cp_at(g, a, b, &n)))
        a += n;
    /* A bullet marker followed by a space is list furniture, not text. */
    if (a < b && is_bullet(cp_at(g, a, b, &n)) && a + n < b) {
        size_t m;
        if (sm_cp_is_space(cp_at(g, a + n, b, &m))) {
            a += n;
            while (a < b && sm_cp_is_space(cp_at(g, a, b, &m)))
                a += m;
        }
    }
    while (b > a) {
        size_t p;
        if (!sm_cp_is_space(cp_before(g, b, a, &p)))
            break;
        b = p;
    }
    bool alnum = false;
    for (size_t i = a; i < b && !alnum; i += n) {
        int32_t c = cp_at(g, i, b, &n);
        alnum = sm_cp_is_letter(c) || sm_cp_is_digit(c);
    }
    if (!alnum)
        return;
    /* Terminal punctuation, possibly inside closing quotes or brackets. */
    size_t e = b;
    int32_t last = 0;
    while (e > a) {
        size_t p;
        last = cp_before(g, e, a, &p);
        if (!sm_cp_is_closer(last))
            break;
        e = p;
    }
    sm_span sp = {.start = a, .end = b, .para = g->para, .flags = 0};
    if (!(sm_cp_is_terminal(last) || last == ':' || last == ';'))
        sp.flags |= SM_SENT_HEADING;
    SM_PUSH(*g->out, sp);
    g->para_used = true;
}

/* ---- boundary rules --------------------------------------------------- */

/* Opening quotes of every style: “ ‘ " ' « „ and the two backquotes of
 * newswire text (``).  Styles that set the quote apart from its first word
 * (French « Bonjour », newswire `` We ...) may have a space after them. */
static bool opener_spaced(int32_t c)
{
    return c == '`' || c == 0x00AB || c == 0x201E;
}

/* Could a sentence start at i: not lower-case, not continuing punctuation. */
static bool starts_sentence(const seg *g, size_t i, size_t lim)
{
    size_t n;
    int32_t c = cp_at(g, i, lim, &n);
    if (is_opener(c)) {
        /* A run of opening marks ("``", "(“"), bounded, then the word. */
        bool spaced = false;
        for (size_t k = 0; k < 4 && is_opener(c); k++) {
            spaced = spaced || opener_spaced(c);
            i += n;
            if (i >= lim)
                return false;
            c = cp_at(g, i, lim, &n);
        }
        if (spaced && sm_cp_is_space(c)) {
            i = i + n < lim ? i + n : lim;
            if (i >= lim)
                return false;
            c = cp_at(g, i, lim, NULL);
        }
        return !sm_cp_is_lower(c) && !sm_cp_is_space(c);
    }
    if (sm_cp_is_letter(c))
        return !sm_cp_is_lower(c);
    return sm_cp_is_digit(c) || is_bullet(c) || c == '$' || c == 0x20AC ||
           c == 0x00A3 || c == '#' || c == '@';
}

/* Whether the token before a single dot at `dot` (token starts after
 * whitespace) is an abbreviation or an initial.  Sets *title when it never
 * ends a sentence. */
static bool abbrev_before(seg *g, size_t lo, size_t dot, bool *title)
{
    *title = false;
    size_t ts = dot;
    while (ts > lo && dot - ts <= SEG_LOOK) {
        size_t p;
        if (sm_cp_is_space(cp_before(g, ts, lo, &p)))
            break;
        ts = p;
    }
    if (dot - ts > SEG_LOOK)
        return false;
    size_t n;
    while (ts < dot && is_opener(cp_at(g, ts, dot, &n)))
        ts += n;
    if (ts >= dot)
        return false;
    /* A single letter: an initial ("John F. Kennedy"), whatever the
     * corpus does with "I" or "A". */
    int32_t c = cp_at(g, ts, dot, &n);
    if (ts + n == dot && sm_cp_is_letter(c))
        return true;
    /* The corpus overrules the list both ways (learn.c): "Sen" written bare
     * elsewhere is a name here ("Hun Sen. Sam Rainsy"), and "Cmndr", always
     * written with its stop, is an abbreviation the list lacks. */
    int verdict = SM_LEARN_UNKNOWN;
    if (g->learned && key(g, "", ts, dot))
        verdict = sm_learned_verdict(g->learned, g->tmp.s, g->tmp.len,
                                     sm_cp_is_upper(c));
    if (verdict == SM_LEARN_WORD)
        return false;
    if (in_abbrevs(g, "^", ts, dot)) {
        *title = true;
        return true;
    }
    if (in_abbrevs(g, "", ts, dot) || verdict == SM_LEARN_ABBREV)
        return true;
    /* Letters in groups of at most two separated by dots: "U.N", "Ph.D". */
    size_t group = 0, groups = 1;
    for (size_t i = ts; i < dot; i += n) {
        c = cp_at(g, i, dot, &n);
        if (c == '.') {
            if (group == 0)
                return false;
            group = 0;
            groups++;
        } else if (sm_cp_is_letter(c)) {
            if (++group > 2)
                return false;
        } else {
            return false;
        }
    }
    return groups > 1;
}

/* Terminal run s[j..k) (terminals and closers), next visible character at nx
 * on the same line (le = end of line).  Is this a boundary? */
static bool terminal_boundary(seg *g, size_t lo, size_t j, size_t k, size_t nx,
                              size_t le)
{
    if (!starts_sentence(g, nx, le))
        return false;
    size_t n;
    size_t dots = 0;
    bool strong = false, quoted = false, ellipsis = false;
    for (size_t i = j; i < k; i += n) {
        int32_t c = cp_at(g, i, k, &n);
        if (c == '.')
            dots++;
        else if (c == 0x2026)
            ellipsis = true;
        else if (sm_cp_is_terminal(c))
            strong = true;
        else if (dots && is_quote_closer(c))
            quoted = true;
    }
    /* An ellipsis standing apart (" … Moscow") marks an elision or a pause
     * inside the sentence, not its end.  A lone stop standing apart is
     * tokenised text ("a great hotel . The staff"): it ends the sentence. */
    bool apart = j > lo && sm_cp_is_space(cp_before(g, j, lo, NULL));
    if (apart)
        return !ellipsis && dots <= 1;
    if (strong || dots != 1 || quoted || ellipsis)
        return true;
    bool title;
    if (!abbrev_before(g, lo, j, &title))
        return true;
    if (title)
        return false;
    size_t we = letters_end(g, nx, le);
    return is_opener_word(g, nx, we);
}

/* Whether s[a..b) occurs elsewhere within SEG_ALONE_WINDOW bytes as a word
 * of its own; with exact_case false its first letter may be lower-case there
 * ("Speaking" is found as "speaking").  After SEG_MAX_ALONE_LOOKUPS calls it
 * answers false without looking. */
static bool occurs_alone(seg *g, size_t a, size_t b, bool exact_case)
{
    size_t n = b - a;
    if (n == 0 || n > SEG_LOOK || g->alone_lookups >= SEG_MAX_ALONE_LOOKUPS)
        return false;
    g->alone_lookups++;
    const char *w = g->s + a;
    unsigned char first = (unsigned char)w[0];
    bool fold = !exact_case && first >= 'A' && first <= 'Z';
    size_t from = a > SEG_ALONE_WINDOW ? a - SEG_ALONE_WINDOW : 0;
    size_t to = g->len - b > SEG_ALONE_WINDOW ? b + SEG_ALONE_WINDOW : g->len;
    for (size_t i = from; i + n <= to; i++) {
        unsigned char c = (unsigned char)g->s[i];
        if (c != first && !(fold && c == first + 32))
            continue;
        if (i == a || memcmp(g->s + i + 1, w + 1, n - 1) != 0)
            continue;
        size_t q;
        if (i > 0 && sm_cp_is_letter(cp_before(g, i, 0, &q)))
            continue;
        if (i + n < g->len && sm_cp_is_letter(cp_at(g, i + n, g->len, NULL)))
            continue;
        return true;
    }
    return false;
}

/* A lower-case letter at j (ending at r) followed by an upper-case one at r:
 * text glued to the next sentence ("proposalThe US secretary")?  Names with
 * an inner capital (iPhone, McDonald, YouTube) must not match. */
static bool glued_boundary(seg *g, size_t lo, size_t j, size_t r, size_t le)
{
    size_t n;
    (void)j;
    cp_at(g, r, le, &n);
    if (r + n >= le || !sm_cp_is_lower(cp_at(g, r + n, le, NULL)))
        return false;
    /* The lower-case run before r, and what precedes it. */
    size_t p = r, run = 0;
    int32_t before = 0;
    while (p > lo && run <= SEG_LOOK) {
        size_t q;
        int32_t c = cp_before(g, p, lo, &q);
        if (!sm_cp_is_lower(c)) {
            before = c;
            break;
        }
        p = q;
        run++;
    }
    if (run < 2)
        return false; /* iPhone, McDonald, eBay */
    size_t right_end = letters_end(g, r, le);
    bool opener = is_opener_word(g, r, right_end);
    /* The whole word, in the exception list? */
    size_t ws = p;
    if (sm_cp_is_upper(before)) {
        size_t q;
        cp_before(g, p, lo, &q);
        ws = q;
        while (ws > lo && p - ws <= SEG_LOOK) {
            int32_t c = cp_before(g, ws, lo, &q);
            if (!sm_cp_is_letter(c))
                break;
            ws = q;
        }
    }
    if (in_abbrevs(g, "=", ws, right_end))
        return false;
    /* Handles and tags are names: "(@JosepBorrellF)", "#StandWithUkraine". */
    for (size_t t = ws; t > lo && ws - t <= SEG_LOOK;) {
        size_t q;
        int32_t c = cp_before(g, t, lo, &q);
        if (sm_cp_is_space(c))
            break;
        if (c == '@' || c == '#')
            return false;
        t = q;
    }
    /* A capitalised word with an inner capital is a name (DigiTimes,
     * FaceTime, PolitiFact) unless its halves are words the text uses on
     * their own: a headline glued to its article ("tells PutinChina's
     * president", "More ShortsSpeaking of"). */
    if (sm_cp_is_upper(before) && !opener)
        return occurs_alone(g, ws, r, true) && occurs_alone(g, r, right_end, false);
    /* A lower-case word with an inner capital is an identifier (reqHeaders,
     * bodyUsed, macOS-style names) unless the capital opens a sentence
     * ("proposalThe US") or both halves are words of the text. */
    return opener ||
           (occurs_alone(g, ws, r, true) && occurs_alone(g, r, right_end, false));
}

/* An upper-case run glued to a capitalised word ("Photograph: EPAThe pair").
 * Acronym-prefixed names are common (NYTimes, CNNMoney), so only a word that
 * opens sentences counts on the right. */
static bool glued_caps_boundary(seg *g, size_t lo, size_t j, size_t r,
                                size_t le)
{
    size_t q;
    if (j == lo || !sm_cp_is_upper(cp_before(g, j, lo, &q)))
        return false;
    size_t n;
    cp_at(g, r, le, &n);
    if (r + n >= le || !sm_cp_is_lower(cp_at(g, r + n, le, NULL)))
        return false;
    size_t we = letters_end(g, r, le);
    /* A plural acronym: "AMAs", "IRAs", "GPUs". */
    if (we == r + n + 1 && g->s[r + n] == 's')
        return false;
    return is_opener_word(g, r, we);
}

/* Digits glued to a capitalised word ("March 20, 2023Ministers"). */
static bool glued_digit_boundary(const seg *g, size_t lo, size_t r, size_t le)
{
    size_t p = r, run = 0;
    while (p > lo && run < 2) {
        size_t q;
        if (!sm_cp_is_digit(cp_before(g, p, lo, &q)))
            break;
        p = q;
        run++;
    }
    if (run < 2)
        return false;
    size_t n, i = r, lower = 0;
    cp_at(g, i, le, &n);
    i += n;
    while (i < le && lower < 2) {
        if (!sm_cp_is_lower(cp_at(g, i, le, &n)))
            break;
        i += n;
        lower++;
    }
    return lower >= 2;
}

/* A caption glued to the next sentence: " – video The prosecutor".  At a
 * dash at j (spaces around it), a single furniture word, a space and a
 * capital.  Returns the end of that word, or 0. */
static size_t caption_end(seg *g, size_t lo, size_t j, size_t dn, size_t le)
{
    if (j == lo || !sm_cp_is_space(cp_before(g, j, lo, NULL)))
        return 0;
    size_t i = j + dn, n;
    if (i >= le || !sm_cp_is_space(cp_at(g, i, le, &n)))
        return 0;
    i += n;
    size_t we = letters_end(g, i, le);
    if (we == i || we >= le || !sm_cp_is_space(cp_at(g, we, le, &n)))
        return 0;
    size_t nx = we + n;
    if (nx >= le || !sm_cp_is_upper(cp_at(g, nx, le, NULL)))
        return 0;
    if (!key(g, "", i, we) ||
        !sm_wordset_has(&g->ctx->furniture, g->tmp.s, g->tmp.len))
        return 0;
    return we;
}

/* ---- lines ------------------------------------------------------------ */

typedef struct line_end {
    bool terminal; /* ends with terminal punctuation (maybe quoted) */
    bool abbrev;   /* ...which is the dot of an abbreviation or initial */
    bool title;    /* ...which never ends a sentence */
} line_end;

static void describe_end(seg *g, size_t ls, size_t le, line_end *d)
{
    memset(d, 0, sizeof *d);
    size_t e = le, p;
    while (e > ls && sm_cp_is_space(cp_before(g, e, ls, &p)))
        e = p;
    int32_t c = 0;
    while (e > ls) {
        c = cp_before(g, e, ls, &p);
        if (!sm_cp_is_closer(c))
            break;
        e = p;
    }
    d->terminal = sm_cp_is_terminal(c);
    if (c == '.') {
        /* A quoted dot ("…partner.”") always ends the sentence; a bare one
         * may be an abbreviation's. */
        size_t v = le;
        while (v > ls && sm_cp_is_space(cp_before(g, v, ls, &p)))
            v = p;
        if (v == e)
            d->abbrev = abbrev_before(g, ls, e - 1, &d->title);
    }
}

static size_t skip_space(const seg *g, size_t i, size_t lim)
{
    size_t n;
    while (i < lim && sm_cp_is_space(cp_at(g, i, lim, &n)))
        i += n;
    return i;
}

/* The bytes below '@' that skip_plain passes over: '!' to '?' but for
 * '!', '-', '.', ':' and '?'. */
#define PLAIN_LOW                                                            \
    ((~0ull << 0x21) & ~((1ull << '!') | (1ull << '-') | (1ull << '.') |     \
                          (1ull << ':') | (1ull << '?')))

#define ONES 0x0101010101010101ull
#define HIGH (ONES << 7)

/* The bytes of x (ASCII, no high bit) equal to c, as high bits. */
static inline uint64_t bytes_eq(uint64_t x, unsigned char c)
{
    return ~((x ^ (ONES * c)) + ~HIGH) & HIGH;
}

/* The bytes of x (ASCII) at least c (1 to 0x80), as high bits. */
static inline uint64_t bytes_ge(uint64_t x, unsigned char c)
{
    return (x + ONES * (0x80u - c)) & HIGH;
}

/* skip_plain's byte test for eight bytes x, each followed by the byte of y
 * in the same place: whether every byte passes, either way, with the
 * spaces that open a word in *spaces (high bits). */
static inline bool plain_bytes(uint64_t x, uint64_t y, uint64_t *spaces)
{
    if ((x | y) & HIGH)
        return false;
    uint64_t punct = bytes_eq(x, '!') | bytes_eq(x, '-') | bytes_eq(x, '.') |
                     bytes_eq(x, ':') | bytes_eq(x, '?');
    uint64_t cap = bytes_ge(y, 'A') & ~bytes_ge(y, 'Z' + 1);
    uint64_t plain = bytes_ge(x, 0x21) & ~punct & ~cap;
    *spaces = bytes_eq(x, ' ') & bytes_ge(y, 0x21);
    return (plain | *spaces) == HIGH;
}

/* Inside a word, a run of plain ASCII (no space, no sentence or credit
 * punctuation, no capital after it) needs none of scan_line's tests: the
 * end of such a run from j, up to the byte limit.  A single space before
 * another plain byte goes on with the run, counted as scan_line counts the
 * word it opens (the sentence's words, the photo credit's words left). */
static size_t skip_plain(seg *g, size_t j, size_t le, size_t *credit_words)
{
    size_t stop = g->start + SEG_MAX_BYTES;
    if (stop > le - 1)
        stop = le - 1;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    /* Eight bytes at a time while all of them pass (and no word can reach
     * the limit among them); the byte loop below finds where a run ends. */
    while (j + 8 <= stop && g->words + 8 <= SEG_MAX_WORDS) {
        uint64_t x, y, spaces;
        memcpy(&x, g->s + j, 8);
        memcpy(&y, g->s + j + 1, 8);
        if (!plain_bytes(x, y, &spaces))
            break;
        size_t words = (size_t)((((spaces >> 7) * ONES) >> 56));
        g->words += words;
        *credit_words = *credit_words > words ? *credit_words - words : 0;
        j += 8;
    }
#endif
    while (j < stop) {
        unsigned char b = (unsigned char)g->s[j];
        unsigned char nb = (unsigned char)g->s[j + 1];
        /* Most bytes: b is ASCII, no space, no sentence or credit
         * punctuation (all of them below '@', so a bit of PLAIN_LOW), and
         * nb is ASCII and no capital. */
        if ((b | nb) < 0x80 && (b >= 0x40 || ((PLAIN_LOW >> b) & 1)) &&
            (unsigned char)(nb - 'A') >= 26) {
            j++;
            continue;
        }
        if (b == ' ' && nb > ' ' && nb < 0x80 && g->words < SEG_MAX_WORDS) {
            g->words++;
            if (*credit_words)
                --*credit_words;
            j++;
            continue;
        }
        break;
    }
    return j;
}

/* Terminal punctuation at j: the run of terminals and closers, and a
 * boundary after it when one is there (emitted, *cut set).  Returns where
 * the scan goes on. */
static size_t at_terminal(seg *g, size_t ls, size_t j, size_t le, bool *cut)
{
    size_t k = j;
    while (k < le) {
        size_t m;
        int32_t t = cp_at(g, k, le, &m);
        if (!sm_cp_is_terminal(t) && !sm_cp_is_closer(t))
            break;
        k += m;
    }
    if (k >= le)
        return k;
    size_t m;
    int32_t t = cp_at(g, k, le, &m);
    if (sm_cp_is_space(t)) {
        size_t nx = skip_space(g, k, le);
        if (nx < le && terminal_boundary(g, ls, j, k, nx, le)) {
            emit(g, k);
            *cut = true;
            return nx;
        }
    } else if (((sm_cp_is_upper(t) && k + m < le &&
                 sm_cp_is_lower(cp_at(g, k + m, le, NULL))) ||
                (t == '`' && starts_sentence(g, k, le))) && j > ls) {
        /* "meeting.The": glued after a full stop; "Friday.``It was": a
         * newswire quotation glued the same way. */
        size_t q;
        bool title;
        if (sm_cp_is_lower(cp_before(g, j, ls, &q)) && q > ls &&
            sm_cp_is_lower(cp_before(g, q, ls, NULL)) &&
            !abbrev_before(g, ls, j, &title)) {
            emit(g, k);
            *cut = true;
        }
    }
    return k;
}

/* Whether a boundary falls between c at j (n bytes) and the capital after
 * it: a credit's agency glued to the text, a headline glued to its first
 * sentence, and the like. */
static bool glued_capital(seg *g, size_t ls, size_t j, size_t n, size_t le,
                          int32_t c, bool in_credit)
{
    if (j + n >= le)
        return false;
    size_t m;
    int32_t d = cp_at(g, j + n, le, &m);
    if (!sm_cp_is_upper(d))
        return false;
    return (in_credit && sm_cp_is_upper(c) && j + n + m < le &&
            sm_cp_is_lower(cp_at(g, j + n + m, le, NULL))) ||
           (sm_cp_is_lower(c) && glued_boundary(g, ls, j, j + n, le)) ||
           (sm_cp_is_upper(c) && glued_caps_boundary(g, ls, j, j + n, le)) ||
           (sm_cp_is_digit(c) && glued_digit_boundary(g, ls, j + n, le));
}

/* Scans one non-blank line [ls, le) for boundaries inside it. */
static void scan_line(seg *g, size_t ls, size_t le)
{
    size_t j = ls;
    bool in_word = false;
    size_t credit_words = 0; /* words left in a photo credit */
    while (j < le) {
        if (in_word && g->start != SIZE_MAX)
            j = skip_plain(g, j, le, &credit_words);
        size_t n;
        int32_t c = cp_at(g, j, le, &n);
        if (sm_cp_is_space(c)) {
            if (in_word && g->words >= SEG_MAX_WORDS)
                emit(g, j);
            in_word = false;
            j += n;
            continue;
        }
        if (g->start == SIZE_MAX)
            g->start = j;
        if (!in_word) {
            g->words++;
            in_word = true;
            if (credit_words)
                credit_words--;
        }
        /* "Photograph:" opens a photo credit (credits.c); the credit is
         * glued to the next caption or sentence ("Photograph: APToday's
         * talks"). */
        if (c == ':' && sm_credit_label_at(g->ctx, g->s, ls, j))
            credit_words = SEG_CREDIT_WORDS + 1;
        if (j - g->start >= SEG_MAX_BYTES) {
            emit(g, j);
            g->start = j;
        }
        /* Most characters are ASCII that neither ends a sentence nor
         * precedes a capital: nothing below applies to them. */
        if (c < 0x80 && c != '.' && c != '?' && c != '!' && c != '-') {
            unsigned char nb = j + 1 < le ? (unsigned char)g->s[j + 1] : 0;
            if (nb < 0x80 && !(nb >= 'A' && nb <= 'Z')) {
                j++;
                continue;
            }
        }
        if (sm_cp_is_terminal(c)) {
            bool cut = false;
            j = at_terminal(g, ls, j, le, &cut);
            if (cut)
                in_word = false;
            continue;
        }
        if (glued_capital(g, ls, j, n, le, c, credit_words != 0)) {
            emit(g, j + n);
            in_word = false;
            j += n;
            continue;
        }
        if (c == 0x2013 || c == 0x2014 || c == '-') {
            size_t we = caption_end(g, ls, j, n, le);
            if (we) {
                emit(g, we);
                in_word = false;
                j = we;
                continue;
            }
        }
        j += n;
    }
}

void sm_segment(const sm_ctx *ctx, const char *body, size_t len,
                sm_spanvec *out)
{
    sm_segment_learned(ctx, NULL, body, len, out);
}

void sm_segment_learned(const sm_ctx *ctx, const sm_learned *learned,
                        const char *body, size_t len, sm_spanvec *out)
{
    seg g = {.ctx = ctx, .learned = learned, .s = body, .len = len,
             .out = out, .start = SIZE_MAX};
    sm_cleanup c_tmp;
    SM_CLEANUP_BUF(c_tmp, g.tmp);
    bool have_prev = false; /* a non-blank line precedes in this paragraph */
    line_end prev = {0};
    size_t prev_end = 0;
    size_t i = 0;
    while (i < len) {
        const char *nl = memchr(body + i, '\n', len - i);
        size_t le = nl ? (size_t)(nl - body) : len;
        size_t first = skip_space(&g, i, le);
        if (first == le) {
            /* A blank line: a paragraph break. */
            emit(&g, prev_end);
            if (g.para_used) {
                g.para++;
                g.para_used = false;
            }
            have_prev = false;
            i = le + 1;
            continue;
        }
        if (have_prev) {
            size_t n;
            int32_t c = cp_at(&g, first, le, &n);
            bool bullet = is_bullet(c) && first + n < le &&
                          sm_cp_is_space(cp_at(&g, first + n, le, NULL));
            bool join = false;
            if (!bullet && g.start != SIZE_MAX) {
                if (sm_cp_is_lower(c))
                    join = !prev.terminal || prev.abbrev;
                else if (sm_cp_is_upper(c))
                    join = prev.title; /* "Dr.\nKaren Donfried" */
            }
            if (!join)
                emit(&g, prev_end);
        }
        scan_line(&g, first, le);
        describe_end(&g, first, le, &prev);
        prev_end = le;
        have_prev = true;
        i = le + 1;
    }
    emit(&g, len);
    sm_cleanup_run(&c_tmp);
}
