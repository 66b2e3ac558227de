/*
 * dump.c: pages saved as text (a text browser's dump, `w3m -dump`,
 * `lynx -dump`, or a scraper's text file): hard-wrapped paragraphs joined
 * again, every block of text judged with its neighbours, comment sections,
 * and wire datelines.  Called by clean.c; the rules are general, the words
 * they need are in models/<lang>/ (stopwords, and furniture.txt's "^"
 * entries).
 *
 * Blocks are judged the way jusText does (Pomikálek 2011): a block is good
 * (long, with the stopword density of running text), near-good, short or
 * bad (list and link markers, little running text); short and near-good
 * blocks then take the class of their neighbours, so a run of short teasers
 * or menu entries between bad blocks goes as a whole while a short
 * paragraph inside the article stays.
 */
#include "text/text.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* ---- unwrapping ------------------------------------------------------- */

/* Text browsers wrap at the window width (80 columns by default, so lines
 * of at most 79); `fmt` and mail at 72-75.  A document is taken for a
 * wrapped one when its third-longest line is in this range ... */
#define WRAP_MIN_WIDTH 60
#define WRAP_MAX_WIDTH 160
/* ... and at least this many lines, and this share (percent) of the lines
 * longer than half the width, end within WRAP_BAND columns of it: the
 * full lines of wrapped paragraphs.  Text with one paragraph per line has
 * its long lines spread over every length. */
#define WRAP_MIN_FULL 3
#define WRAP_MIN_SHARE 40
#define WRAP_BAND 12
/* Lines wider than the width that could have been broken, in percent of
 * the full lines: a text browser's tables stick out a little; text with a
 * paragraph per line has as many long lines as full ones. */
#define WRAP_MAX_OVER 10
/* A continuation line may be indented this many columns more than the line
 * it continues: the hanging indent of a list item ("  • text" / "    text"). */
#define WRAP_HANG 6
/* A paragraph's first line may be indented this many columns more than
 * its continuations: newswire and typescript indent the first line of a
 * paragraph (three spaces or a tab) and not the others, so without it each
 * paragraph lost its first line, the wire story its lead. */
#define PARA_INDENT 8

typedef struct wline {
    size_t start;  /* the line's first byte */
    size_t a, b;   /* content (after the indent, right-trimmed) in s */
    size_t indent; /* columns before the content */
    size_t width;  /* columns up to the end of the content */
    size_t first;  /* columns of the first word */
    bool marker;   /* opens with a list marker */
} wline;

/* Display columns of s[0..n) (wide characters count two).  Every line of
 * every document is measured: ASCII text, a column a byte, is told eight
 * bytes at a time. */
static size_t columns(const char *s, size_t n)
{
    size_t cols = 0, i = 0;
    for (; i + 8 <= n; i += 8, cols += 8) {
        uint64_t x;
        memcpy(&x, s + i, 8);
        if (x & 0x8080808080808080ull)
            break;
    }
    while (i < n) {
        if ((unsigned char)s[i] < 0x80) {
            cols++;
            i++;
            continue;
        }
        int32_t c;
        i += sm_utf8_decode((const unsigned char *)s + i, n - i, &c);
        int w = c < 0 ? 1 : utf8proc_charwidth(c);
        cols += w > 0 ? (size_t)w : 0;
    }
    return cols;
}

/* Whether s[0..n) opens with a list marker and a space: a bullet
 * ("•", "□", "☆", "*", "-"), a number ("12.", "3)"), a box ("[ ]"). */
static size_t marker_length(const char *s, size_t n)
{
    static const char *const bullets[] = {
        "\xE2\x80\xA2", /* • */ "\xE2\x97\xA6", /* ◦ */ "\xE2\x96\xAA", /* ▪ */
        "\xE2\x97\x8F", /* ● */ "\xE2\x96\xA0", /* ■ */ "\xE2\x96\xA1", /* □ */
        "\xE2\x98\x90", /* ☐ */ "\xE2\x98\x86", /* ☆ */ "\xE2\x98\x85", /* ★ */
        "\xE2\x97\x86", /* ◆ */ "\xE2\x97\x8B", /* ○ */ "\xE2\x80\xA3", /* ‣ */
        "\xE2\x81\x83", /* ⁃ */ "\xC2\xB7",     /* · */ "*", "-", "+", "[ ]",
        "[X]", "[x]", "( )", "(*)", NULL};
    /* Every line is asked: most open with none of the bullets' first
     * bytes. */
    bool bullet = n > 0 && memchr("\xE2\xC2*-+[(", s[0], 7) != NULL;
    for (size_t k = 0; bullet && bullets[k]; k++) {
        size_t l = strlen(bullets[k]);
        if (n > l && memcmp(s, bullets[k], l) == 0 && s[l] == ' ')
            return l + 1;
    }
    size_t d = 0;
    while (d < n && d < 4 && s[d] >= '0' && s[d] <= '9')
        d++;
    if (d > 0 && d + 1 < n && (s[d] == '.' || s[d] == ')') && s[d + 1] == ' ')
        return d + 2;
    return 0;
}

static void wline_of(const char *s, size_t a, size_t e, wline *l)
{
    size_t i = a;
    while (i < e && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r'))
        i++;
    size_t b = e;
    while (b > i && (s[b - 1] == ' ' || s[b - 1] == '\t' || s[b - 1] == '\r'))
        b--;
    l->a = i;
    l->b = b;
    /* a tab goes to the next multiple of eight columns */
    l->indent = 0;
    for (size_t k = a; k < i; k++)
        l->indent = s[k] == '\t' ? (l->indent / 8 + 1) * 8 : l->indent + (s[k] == ' ');
    l->width = l->indent + columns(s + i, b - i);
    size_t w = i;
    while (w < b && s[w] != ' ')
        w++;
    l->first = columns(s + i, w - i);
    l->marker = marker_length(s + i, b - i) > 0;
}

/* The wrap width of the lines, 0 when they are not wrapped: the widest
 * line of the band of WRAP_BAND columns that ends the most lines (tables
 * and long addresses may stick out past it). */
static size_t wrap_width(const wline *ls, size_t n)
{
    /* The band is the one that ends the most lines another line follows:
     * a paragraph's last line can be of any length, and in a text of short
     * paragraphs the last lines could fill a narrower band than the wrapped
     * ones.  The tests below count every line. */
    size_t hist[WRAP_MAX_WIDTH + 1] = {0}, cont[WRAP_MAX_WIDTH + 1] = {0};
    for (size_t i = 0; i < n; i++)
        if (ls[i].a < ls[i].b && ls[i].width <= WRAP_MAX_WIDTH) {
            hist[ls[i].width]++;
            if (i + 1 < n && ls[i + 1].a < ls[i + 1].b)
                cont[ls[i].width]++;
        }
    size_t best = 0, most = 0, run = 0;
    for (size_t w = 0; w <= WRAP_MAX_WIDTH; w++) {
        run += cont[w];
        if (w >= WRAP_BAND)
            run -= cont[w - WRAP_BAND];
        if (w >= WRAP_MIN_WIDTH && run > most) {
            most = run;
            best = w;
        }
    }
    size_t full = 0;
    for (size_t w = best + 1 - WRAP_BAND; best && w <= best; w++)
        full += hist[w];
    if (full < WRAP_MIN_FULL)
        return 0;
    size_t W = best;
    while (W > 0 && hist[W] == 0)
        W--;
    size_t longish = 0;
    for (size_t w = W / 2 + 1; w <= W; w++)
        longish += hist[w];
    if (full * 100 < longish * WRAP_MIN_SHARE)
        return 0;
    /* Wrapped text has no line past the width that had a space to break
     * at before it (tables aside): paragraphs one per line have many. */
    size_t over = 0;
    for (size_t i = 0; i < n; i++)
        if (ls[i].width > W && ls[i].indent + ls[i].first <= W)
            over++;
    if (over * 100 > full * WRAP_MAX_OVER)
        return 0;
    return W;
}

/* Whether the last (at_end) or first character of s[0..n) is a wide one
 * (a Chinese or Japanese character, two columns). */
static bool wide_at(const char *s, size_t n, bool at_end)
{
    if (n == 0)
        return false;
    size_t p = 0;
    if (at_end) {
        p = n - 1;
        while (p > 0 && ((unsigned char)s[p] & 0xC0) == 0x80)
            p--;
    }
    int32_t c;
    sm_utf8_decode((const unsigned char *)s + p, n - p, &c);
    return c > 0 && utf8proc_charwidth(c) == 2;
}

size_t sm_unwrap(char *s, size_t n)
{
    SM_VEC(wline) ls = {0};
    sm_cleanup c_ls;
    SM_CLEANUP_VEC(c_ls, ls);
    size_t i = 0;
    while (i <= n) {
        const char *nl = i < n ? memchr(s + i, '\n', n - i) : NULL;
        size_t e = nl ? (size_t)(nl - s) : n;
        wline l;
        wline_of(s, i, e, &l);
        l.start = i;
        SM_PUSH(ls, l);
        i = e + 1;
    }
    size_t W = wrap_width(ls.v, ls.n);
    if (W == 0) {
        sm_cleanup_run(&c_ls);
        return n;
    }
    /* Rewritten in place: a joined line loses its break and its indent, a
     * line its trailing blanks, so the output never overtakes the input. */
    size_t w = 0;
    bool join = false;
    for (size_t k = 0; k < ls.n; k++) {
        const wline *l = &ls.v[k];
        size_t from = join ? l->a : l->start;
        memmove(s + w, s + from, l->b - from);
        w += l->b - from;
        if (k + 1 == ls.n)
            break;
        const wline *m = &ls.v[k + 1];
        /* m continues l: a hanging indent, or l opens an indented
         * paragraph (it continues no line itself) */
        bool aligned = m->indent >= l->indent ? m->indent <= l->indent + WRAP_HANG
                                              : !join && l->indent - m->indent <= PARA_INDENT;
        join = l->a < l->b && m->a < m->b && !m->marker &&
               l->width + 1 + m->first > W && aligned;
        /* Chinese and Japanese are wrapped between any two characters and
         * have no spaces to put back; a compound broken at its hyphen
         * ("6-year-" / "old") is one word again. */
        bool glued = join && ((wide_at(s, w, true) && wide_at(s + m->a, m->b - m->a, false)) ||
                              sm_hyphen_break(s, w, s[m->a]));
        if (!glued)
            s[w++] = join ? ' ' : '\n';
    }
    s[w] = '\0';
    sm_cleanup_run(&c_ls);
    return w;
}

/* ---- blocks ----------------------------------------------------------- */

/* jusText's thresholds for English: a block under LOW characters is
 * short, over HIGH with running text good; running text has at least
 * STOP_HIGH stopwords per word (STOP_LOW: near-good).  Our stopword list
 * is smaller than jusText's (0.30 and 0.32 there), so its densities run
 * lower: a news sentence dense with names and numbers ("Following my
 * proposal, Member States agreed to deliver 1 mio rounds of artillery
 * ammunition within the next 12 months.") scores 0.21. */
#define BLOCK_LOW_CHARS 70
#define BLOCK_HIGH_CHARS 200
#define BLOCK_STOP_LOW 0.18
#define BLOCK_STOP_HIGH 0.28
/* Link markers per word above which a block is navigation (jusText's
 * maximum link density, 0.2, with a lynx reference "[12]" or a bracketed
 * label "[Search]" standing for LINK_WORDS words of link text). */
#define BLOCK_MAX_LINK_DENSITY 0.2
#define LINK_WORDS 3
/* A line of at most this many words that does not end like a sentence is
 * a button or a menu entry ("Tweet", "Bookmark it", "Reply"): links a
 * text browser shows without their markup. */
#define BUTTON_WORDS 2
/* A list item of at most this many words is a menu entry ("• World
 * news", "□ Make a Gift"); a longer one may be an article's list. */
#define MENU_ITEM_WORDS 4
/* A document whose words are less than this share stopwords is not in
 * the stopword list's language (English prose runs at 0.3-0.5 with
 * models/english/stopwords.txt, French or German text under 0.05). */
#define BLOCK_LANG_DENSITY 0.1
/* A sentence inside a block that does not end like prose makes it prose
 * from this many words on. */
#define PROSE_MIN_WORDS 6
/* A first line of fewer words is a site's name or a menu, not a title. */
#define TITLE_MIN_WORDS 4
/* Text written a sentence per line (newswire as corpora ship it, reviews,
 * a scraper's output) makes every line a block too short to be good by
 * itself, so one bad line would take every near-good one up to the edge
 * with it.  A run of at least this many near-good or good blocks in a row,
 * each ending like prose, is running text: its near-good blocks are good.
 * A page's teasers and comments alternate with titles, names and times
 * (short or bad blocks), so they never form such a run; 3 is the shortest
 * run that a title, a teaser and a byline cannot make.  Set by hand on
 * Opinosis reviews (interior_honda_accord_2008 kept 47 of 94 lines
 * without it) and checked on tools/dump_eval.sh. */
#define PROSE_RUN_MIN 3
/* Stopword density is measured on at most this many words of a block. */
#define BLOCK_SAMPLE_WORDS 200

/* ---- short words, packed -------------------------------------------- */

/* The blocks' words are looked up in two small lists (stopwords, and the
 * first words of the legal phrases) for every word of every block.  A
 * word of at most PACK_MAX_BYTES bytes fits in one 64-bit key, its bytes
 * (little-endian) with its length in the top byte, and a look-up is a
 * multiply and a compare or two; longer words go to the word lists. */
#define PACK_MAX_BYTES 7
/* Slots per key at least: at most half the slots are full. */
#define PACK_LOAD 2

typedef struct packset {
    uint64_t *keys; /* 0: empty (a key's length is never 0) */
    size_t mask;
    unsigned shift;
} packset;

/* The key of the first len bytes of b (1 <= len <= PACK_MAX_BYTES). */
static inline uint64_t pack_key(uint64_t b, size_t len)
{
    return (b & ((1ull << (8 * len)) - 1)) | ((uint64_t)len << 56);
}

static inline size_t pack_slot(const packset *p, uint64_t key)
{
    return (size_t)((key * 0x9E3779B97F4A7C15ull) >> p->shift);
}

static bool packset_has(const packset *p, uint64_t key)
{
    for (size_t i = pack_slot(p, key);; i = (i + 1) & p->mask) {
        if (p->keys[i] == key)
            return true;
        if (!p->keys[i])
            return false;
    }
}

/* A set with room for n keys. */
static void packset_init(packset *p, size_t n)
{
    unsigned bits = 4;
    while (((size_t)1 << bits) < n * PACK_LOAD)
        bits++;
    p->keys = sm_xcalloc((size_t)1 << bits, sizeof *p->keys);
    p->mask = ((size_t)1 << bits) - 1;
    p->shift = 64 - bits;
}

/* Adds the word s[0..n) when it has 1 to PACK_MAX_BYTES bytes. */
static void packset_add(packset *p, const char *s, size_t n)
{
    if (n == 0 || n > PACK_MAX_BYTES)
        return;
    uint64_t b = 0;
    for (size_t k = 0; k < n; k++)
        b |= (uint64_t)(unsigned char)s[k] << (8 * k);
    uint64_t key = pack_key(b, n);
    size_t i = pack_slot(p, key);
    while (p->keys[i] && p->keys[i] != key)
        i = (i + 1) & p->mask;
    p->keys[i] = key;
}

/* The longest first word of a legal phrase looked up in sm_judge.longs
 * (two loads of eight bytes); a longer one is left to legal_from. */
#define LONG_MAX_BYTES 15

/* The key in sm_judge.longs of a word of len bytes (PACK_MAX_BYTES <
 * len <= LONG_MAX_BYTES), its first eight in lo and the rest in hi: a
 * hash of both and the length, never 0. */
static inline uint64_t long_key(uint64_t lo, uint64_t hi, size_t len)
{
    hi &= (1ull << (8 * (len - 8))) - 1;
    uint64_t h = (lo * 0x9E3779B97F4A7C15ull) ^ (hi * 0xC2B2AE3D27D4EB4Full) ^
                 ((uint64_t)len * 0x165667B19E3779F9ull);
    return (h ^ (h >> 29)) | 1;
}

/* The longest first word of a legal phrase whose next word is told
 * (sm_judge.pairs): with a space and two bytes, a packed key. */
#define PAIR_MAX_FIRST (PACK_MAX_BYTES - 3)

/* Adds the word s[0..n) (PACK_MAX_BYTES < n <= LONG_MAX_BYTES) by its
 * long_key. */
static void packset_add_long(packset *p, const char *s, size_t n)
{
    uint64_t lo = 0, hi = 0;
    for (size_t k = 0; k < n; k++)
        if (k < 8)
            lo |= (uint64_t)(unsigned char)s[k] << (8 * k);
        else
            hi |= (uint64_t)(unsigned char)s[k] << (8 * (k - 8));
    uint64_t key = long_key(lo, hi, n);
    size_t i = pack_slot(p, key);
    while (p->keys[i] && p->keys[i] != key)
        i = (i + 1) & p->mask;
    p->keys[i] = key;
}

struct sm_judge {
    const sm_ctx *ctx;
    packset stops;  /* the stopwords of at most PACK_MAX_BYTES bytes */
    /* The first words (to a space) of the "$" entries of at most
     * PACK_MAX_BYTES bytes: a longer word is never looked up here. */
    packset firsts;
    /* A legal phrase of two words or more whose first word has at most
     * PAIR_MAX_FIRST bytes opens with one of these: its first
     * PAIR_MAX_FIRST + 3 bytes at most (the word, a space, two bytes of
     * the next word).  pairs_unsure: some such entry is shorter, and the
     * test is off. */
    packset pairs;
    bool pairs_unsure;
    packset singles; /* the "$" entries of one word (no space) */
    /* The first words of PACK_MAX_BYTES + 1 to LONG_MAX_BYTES bytes, by
     * long_key: a hash, so a word found here may still be none. */
    packset longs;
};

static void judge_cleanup(void *slot)
{
    sm_judge **j = slot;
    sm_judge_free(*j);
    *j = NULL;
}

sm_judge *sm_judge_new(const sm_ctx *ctx)
{
    sm_judge *j = NULL;
    sm_cleanup c_j;
    sm_cleanup_push(&c_j, judge_cleanup, &j);
    j = sm_xcalloc(1, sizeof *j);
    j->ctx = ctx;
    const sm_intern *sw = &ctx->stopwords.set, *fu = &ctx->furniture.set;
    packset_init(&j->stops, sw->strs.n);
    packset_init(&j->firsts, fu->strs.n);
    packset_init(&j->pairs, fu->strs.n);
    packset_init(&j->singles, fu->strs.n);
    packset_init(&j->longs, fu->strs.n);
    for (size_t k = 0; k < sw->strs.n; k++)
        packset_add(&j->stops, sw->strs.v[k], sw->lens.v[k]);
    for (size_t k = 0; k < fu->strs.n; k++) {
        const char *e = fu->strs.v[k];
        size_t len = fu->lens.v[k];
        if (len == 0 || e[0] != '$')
            continue;
        const char *sp = memchr(e + 1, ' ', len - 1);
        size_t first = sp ? (size_t)(sp - e - 1) : len - 1;
        packset_add(&j->firsts, e + 1, first);
        if (first > PACK_MAX_BYTES && first <= LONG_MAX_BYTES)
            packset_add_long(&j->longs, e + 1, first);
        if (!sp)
            packset_add(&j->singles, e + 1, first);
        else if (first == 0 || (first <= PAIR_MAX_FIRST && len - 1 < first + 3))
            j->pairs_unsure = true;
        else if (first <= PAIR_MAX_FIRST)
            packset_add(&j->pairs, e + 1, first + 3);
    }
    sm_cleanup_pop(&c_j);
    return j;
}

void sm_judge_free(sm_judge *j)
{
    if (!j)
        return;
    free(j->stops.keys);
    free(j->firsts.keys);
    free(j->pairs.keys);
    free(j->singles.keys);
    free(j->longs.keys);
    free(j);
}

/* B_SKIP: dropped, and no evidence either way for its neighbours: an
 * image placeholder ("[photo]"), a line the single-line rules removed
 * ("Advertisement"), which interrupt an article as often as a menu. */
enum { B_BAD, B_SHORT, B_NEAR, B_GOOD, B_SKIP };

typedef struct block {
    size_t first, last; /* lines */
    int cls;
} block;

static bool is_terminal_cp(int32_t c)
{
    return c == '.' || c == '?' || c == '!' || c == 0x2026 || c == 0x3002 ||
           c == 0xFF01 || c == 0xFF1F;
}

static bool is_closer_cp(int32_t c)
{
    return c == '"' || c == '\'' || c == ')' || c == ']' || c == 0x2019 ||
           c == 0x201D || c == 0x00BB;
}

/* The last visible character of s[0..n), looking through closers. */
static int32_t last_visible(const char *s, size_t n)
{
    size_t b = n;
    int32_t c = 0;
    while (b > 0) {
        size_t p = b - 1;
        while (p > 0 && ((unsigned char)s[p] & 0xC0) == 0x80)
            p--;
        sm_utf8_decode((const unsigned char *)s + p, b - p, &c);
        if (!is_closer_cp(c) && !sm_cp_is_space(c))
            return c;
        b = p;
    }
    return c;
}

/* Whether s[0..n) (trailing blanks trimmed) ends with an ellipsis, "..."
 * or "\xE2\x80\xA6". */
static bool cut_short(const char *s, size_t n)
{
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n'))
        n--;
    return n >= 3 && (memcmp(s + n - 3, "...", 3) == 0 ||
                      memcmp(s + n - 3, "\xE2\x80\xA6", 3) == 0);
}

/* Whether s[0..n) ends like prose, with terminal punctuation, looking
 * through closing quotes and trailing references ("...women.^[80]",
 * "...said.[3]"). */
static bool ends_prose(const char *s, size_t n)
{
    for (;;) {
        while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n'))
            n--;
        if (n == 0 || s[n - 1] != ']')
            break;
        size_t k = n - 1;
        while (k > 0 && s[k - 1] != '[' && n - k < 16)
            k--;
        if (k == 0 || s[k - 1] != '[')
            break;
        n = k - 1;
        if (n > 0 && s[n - 1] == '^')
            n--;
    }
    /* A teaser cut short ("Why Streaking Is Never...") is no prose. */
    if (cut_short(s, n))
        return false;
    return is_terminal_cp(last_visible(s, n));
}

static bool opens_lower(const char *s, size_t n)
{
    int32_t c;
    if (n == 0)
        return false;
    sm_utf8_decode((const unsigned char *)s, n, &c);
    if (c < 0x80)
        return c >= 'a' && c <= 'z';
    return c > 0 && utf8proc_category(c) == UTF8PROC_CATEGORY_LL;
}

/* Whether token t[0..n) is a link or image marker: a lynx reference
 * "[12]", a bracketed label "[Search]", "[IMG]". */
static bool link_marker(const char *t, size_t n)
{
    return n >= 3 && t[0] == '[' && memchr(t + 1, ']', n - 1) != NULL;
}

/* Whether s[0..n) holds a finished sentence of at least PROSE_MIN_WORDS
 * words before other text ("... any ceasefire proposal. Here's the latest
 * news"): a paragraph with a heading glued to it. */
static bool inner_sentence_end(const char *s, size_t n)
{
    size_t words = 1;
    for (size_t i = 0; i + 2 < n; i++) {
        if (s[i] == ' ')
            words++;
        if ((s[i] == '.' || s[i] == '?' || s[i] == '!') && s[i + 1] == ' ' &&
            s[i + 2] >= 'A' && s[i + 2] <= 'Z' && words >= PROSE_MIN_WORDS &&
            i > 0 && s[i - 1] >= 'a' && s[i - 1] <= 'z')
            return true;
    }
    return false;
}

/* A word longer than this many bytes is no stopword of any list: not
 * looked up.  Set by hand (the longest English stopwords have 10). */
#define STOPWORD_MAX_BYTES 32

/* What a block's class is decided by. */
typedef struct features {
    size_t chars; /* up to BLOCK_HIGH_CHARS, then some number past it */
    size_t words, stops, links;
    bool list, prose;
    bool ends; /* its last sentence is finished (ends_prose) */
    bool cut;  /* it ends cut short ("...", a teaser's) */
} features;

/* Whether the word s[0..n) (at most 32 bytes) is a stopword; an ASCII
 * word is lower-cased on the stack: every word of every block is asked. */
static bool ascii_stopword(const sm_ctx *ctx, const char *s, size_t n,
                           sm_buf *tmp)
{
    char low[32];
    size_t i = 0;
    for (; i < n && i < sizeof low; i++) {
        unsigned char b = (unsigned char)s[i];
        if (b >= 0x80)
            break;
        low[i] = (char)(b >= 'A' && b <= 'Z' ? b + 32 : b);
    }
    if (i == n)
        return sm_wordset_has(&ctx->stopwords, low, n);
    tmp->len = 0;
    sm_lower(s, n, tmp);
    return sm_wordset_has(&ctx->stopwords, tmp->s, tmp->len);
}

/* Characters (UTF-8 lead bytes and stray bytes: every byte but a
 * continuation byte) of s[0..n), eight bytes at a time, or more than
 * `most` once past it: a block's class asks no more. */
static size_t count_chars(const char *s, size_t n, size_t most)
{
    const uint64_t ones = 0x0101010101010101ull, high = ones << 7;
    size_t chars = 0, i = 0;
    for (; i + 8 <= n && chars <= most; i += 8) {
        uint64_t x;
        memcpy(&x, s + i, 8);
        /* 10xxxxxx: the high bit set and the next one clear. */
        uint64_t cont = x & ~(x << 1) & high;
        chars += 8 - (size_t)(((cont >> 7) * ones) >> 56);
    }
    for (; i < n && chars <= most; i++)
        chars += ((unsigned char)s[i] & 0xC0) != 0x80;
    return chars;
}

static inline char ascii_fold(unsigned char b)
{
    return (char)(b >= 'A' && b <= 'Z' ? b + 32 : b);
}

/* ASCII bytes by what a block's words are made of: white space (as
 * sm_cp_is_space), letters and digits (what a stopword is looked up by),
 * and the rest. */
enum { CH_OTHER, CH_SPACE, CH_ALNUM };
#define O_ CH_OTHER
#define S_ CH_SPACE
#define A_ CH_ALNUM
static const unsigned char ascii_class[128] = {
    O_, O_, O_, O_, O_, O_, O_, O_, O_, S_, S_, S_, S_, S_, O_, O_, /* 0x00 */
    O_, O_, O_, O_, O_, O_, O_, O_, O_, O_, O_, O_, O_, O_, O_, O_, /* 0x10 */
    S_, O_, O_, O_, O_, O_, O_, O_, O_, O_, O_, O_, O_, O_, O_, O_, /* 0x20 */
    A_, A_, A_, A_, A_, A_, A_, A_, A_, A_, O_, O_, O_, O_, O_, O_, /* 0x30 */
    O_, A_, A_, A_, A_, A_, A_, A_, A_, A_, A_, A_, A_, A_, A_, A_, /* 0x40 */
    A_, A_, A_, A_, A_, A_, A_, A_, A_, A_, A_, O_, O_, O_, O_, O_, /* 0x50 */
    O_, A_, A_, A_, A_, A_, A_, A_, A_, A_, A_, A_, A_, A_, A_, A_, /* 0x60 */
    A_, A_, A_, A_, A_, A_, A_, A_, A_, A_, A_, O_, O_, O_, O_, O_, /* 0x70 */
};
#undef O_
#undef S_
#undef A_

/* A word of a block as block_features reads it: s[a..e), its letters and
 * digits from wa to wb (wa SIZE_MAX when it has none), and when the word
 * is ASCII (and they are at most STOPWORD_MAX_BYTES), those lower-cased
 * in low. */
typedef struct sample_word {
    size_t a, e, wa, wb;
    bool ascii;
    bool maybe; /* ASCII, and it may be a stopword (sm_stopword_maybe) */
    char low[STOPWORD_MAX_BYTES];
} sample_word;

/* The first byte of s[i..n) that is white space or not ASCII, n when there
 * is none: the end of a word when the word is ASCII. */
static size_t ascii_word_end(const char *s, size_t i, size_t n)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    const uint64_t high = 0x8080808080808080ull;
    for (; i + 8 <= n; i += 8) {
        uint64_t x;
        memcpy(&x, s + i, 8);
        uint64_t z = sm_space_bytes(x) | (x & high);
        if (z)
            return i + (size_t)__builtin_ctzll(z) / 8;
    }
#endif
    while (i < n && (unsigned char)s[i] < 0x80 &&
           ascii_class[(unsigned char)s[i]] != CH_SPACE)
        i++;
    return i;
}

/* The ASCII bytes s[0..n) (n at most STOPWORD_MAX_BYTES; s has room bytes
 * readable) lower-cased into low, eight at a time where room allows: the
 * bytes of low past n are left undefined.  A byte is upper-case when its
 * low seven bits are 'A' or more and not more than 'Z' (adding to seven
 * bits never carries into the next byte). */
static void ascii_lower_word(const char *s, size_t n, size_t room,
                             char low[STOPWORD_MAX_BYTES])
{
    const uint64_t ones = 0x0101010101010101ull, high = ones << 7;
    size_t i = 0;
    for (; i < n && i + 8 <= room; i += 8) {
        uint64_t x;
        memcpy(&x, s + i, 8);
        uint64_t low7 = x & ~high;
        uint64_t upper = (low7 + ones * (0x80 - 'A')) &
                         ~(low7 + ones * (0x80 - 'Z' - 1)) & high;
        x |= upper >> 2;
        memcpy(low + i, &x, 8);
    }
    for (; i < n; i++)
        low[i] = ascii_fold((unsigned char)s[i]);
}

/* The end of the word at s[i] (its first byte), which has a byte that is
 * not ASCII: characters decoded one by one. */
static size_t sample_word_chars(const char *s, size_t i, size_t n,
                                sample_word *w)
{
    const unsigned char *u = (const unsigned char *)s;
    w->ascii = false;
    while (i < n) {
        unsigned char b = u[i];
        if (b < 0x80) {
            unsigned cl = ascii_class[b];
            if (cl == CH_SPACE)
                break;
            if (cl == CH_ALNUM) {
                if (w->wa == SIZE_MAX)
                    w->wa = i;
                w->wb = i + 1;
            }
            i++;
            continue;
        }
        int32_t c;
        size_t k = sm_utf8_decode(u + i, n - i, &c);
        if (sm_cp_is_space(c))
            break;
        if (sm_cp_is_letter(c)) {
            if (w->wa == SIZE_MAX)
                w->wa = i;
            w->wb = i + k;
        }
        i += k;
    }
    return i;
}

/* Reads the word at or after s[i] (a run of non-space characters,
 * no-break spaces being spaces too) into w; returns its end. */
static size_t next_sample_word(const sm_ctx *ctx, const char *s, size_t i,
                               size_t n, sample_word *w)
{
    const unsigned char *u = (const unsigned char *)s;
    while (i < n) {
        if (u[i] < 0x80) {
            if (ascii_class[u[i]] != CH_SPACE)
                break;
            i++;
            continue;
        }
        int32_t c;
        size_t k = sm_utf8_decode(u + i, n - i, &c);
        if (!sm_cp_is_space(c))
            break;
        i += k;
    }
    w->a = i;
    w->wa = SIZE_MAX;
    w->wb = 0;
    size_t e = ascii_word_end(s, i, n);
    if (e < n && u[e] >= 0x80) {
        w->e = sample_word_chars(s, i, n, w);
        return w->e;
    }
    w->e = e;
    w->ascii = true;
    size_t wa = i, wb = e;
    while (wa < e && ascii_class[u[wa]] != CH_ALNUM)
        wa++;
    if (wa == e)
        return e;
    while (ascii_class[u[wb - 1]] != CH_ALNUM)
        wb--;
    w->wa = wa;
    w->wb = wb;
    /* Lower-cased only when it may be a stopword. */
    char h[2] = {ascii_fold(u[wa]), wb - wa > 1 ? ascii_fold(u[wa + 1]) : '\0'};
    w->maybe = wb - wa <= STOPWORD_MAX_BYTES && sm_stopword_maybe(ctx, h, wb - wa);
    if (w->maybe)
        ascii_lower_word(s + wa, wb - wa, n - wa, w->low);
    return e;
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

/* block_features' word at s[i] (eight bytes readable there) when it is a
 * plain one, most words of a text: ASCII, of at most seven bytes, and
 * ended by ASCII white space.  Counts it into f as next_sample_word and
 * block_features would, from one load of eight bytes, and returns the
 * byte after its white space; 0 when it is no plain word. */
static size_t plain_sample_word(const sm_judge *j, const char *s, size_t i,
                                features *f)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    const uint64_t high = 0x8080808080808080ull;
    uint64_t x;
    memcpy(&x, s + i, 8);
    uint64_t stop = sm_space_bytes(x) | (x & high);
    uint64_t first = stop & (0 - stop);
    if (!stop || (first & x) || first == 0x80)
        return 0; /* eight bytes or more, a byte not ASCII, or no word */
    size_t k = (size_t)__builtin_ctzll(stop) / 8;
    uint64_t y = x | (bytes_in(x, 'A', 'Z') >> 2); /* lower-cased */
    uint64_t al = (bytes_in(y, 'a', 'z') | bytes_in(y, '0', '9')) & (first - 1);
    f->words++;
    if (s[i] == '[' && link_marker(s + i, k))
        f->links++;
    if (!al)
        return i + k + 1;
    size_t wa = (size_t)__builtin_ctzll(al) / 8;
    size_t len = (size_t)(63 - __builtin_clzll(al)) / 8 + 1 - wa;
    f->stops += packset_has(&j->stops, pack_key(y >> (8 * wa), len));
    return i + k + 1;
#else
    (void)j;
    (void)s;
    (void)i;
    (void)f;
    return 0;
#endif
}

/* The features of block s[0..n): its characters, and of its first
 * BLOCK_SAMPLE_WORDS words, the words, link markers and stopwords (a word
 * looked up without the punctuation around it). */
static void block_features(const sm_judge *j, const char *s, size_t n,
                           sm_buf *tmp, features *f)
{
    const sm_ctx *ctx = j->ctx;
    memset(f, 0, sizeof *f);
    size_t m = marker_length(s, n);
    f->list = m > 0;
    s += m;
    n -= m;
    f->chars = count_chars(s, n, BLOCK_HIGH_CHARS);
    sample_word w;
    size_t i = 0;
    while (i < n && f->words < BLOCK_SAMPLE_WORDS) {
        if (n - i >= 8 && (unsigned char)s[i] < 0x80) {
            if (ascii_class[(unsigned char)s[i]] == CH_SPACE) {
                i++;
                continue;
            }
            size_t next = plain_sample_word(j, s, i, f);
            if (next) {
                i = next;
                continue;
            }
        }
        i = next_sample_word(ctx, s, i, n, &w);
        if (w.e == w.a)
            break;
        f->words++;
        if (link_marker(s + w.a, w.e - w.a))
            f->links++;
        if (w.wa == SIZE_MAX || w.wb - w.wa > STOPWORD_MAX_BYTES)
            continue;
        bool stop;
        if (w.ascii)
            stop = w.maybe && sm_wordset_has(&ctx->stopwords, w.low, w.wb - w.wa);
        else
            stop = ascii_stopword(ctx, s + w.wa, w.wb - w.wa, tmp);
        f->stops += stop;
    }
    f->ends = ends_prose(s, n);
    f->cut = !f->ends && cut_short(s, n);
    f->prose = f->ends || inner_sentence_end(s, n);
}

/* A comment section's heading is short ("12 comments", "Leave a reply");
 * a longer line is prose about comments.  Set by hand. */
#define COMMENTS_HEADING_MAX 64

/* The class of a block on its own.  With `neutral` (a text in another
 * language than the stopword list's) stopwords are not counted. */
static int block_class(const features *f, bool neutral)
{
    if (f->words == 0 || f->links == f->words)
        return B_SKIP;
    double density = neutral ? 1.0 : (double)f->stops / (double)f->words;
    if ((double)(f->links * LINK_WORDS) > BLOCK_MAX_LINK_DENSITY * (double)f->words)
        return B_BAD;
    if (f->chars < BLOCK_LOW_CHARS) {
        if (f->links || (!f->prose && f->words <= BUTTON_WORDS) ||
            (f->list && f->words <= MENU_ITEM_WORDS))
            return B_BAD;
        return f->prose && density >= BLOCK_STOP_LOW ? B_NEAR : B_SHORT;
    }
    if (density >= BLOCK_STOP_HIGH)
        return !f->prose ? B_SHORT : f->chars > BLOCK_HIGH_CHARS ? B_GOOD : B_NEAR;
    if (density >= BLOCK_STOP_LOW)
        return f->prose ? B_NEAR : B_SHORT;
    return B_BAD;
}

/* Whether a line opens a comment section: "Comments", "12 comments",
 * "Leave a reply", "^..." in the furniture list (digits read as 0). */
static bool comments_heading(const sm_ctx *ctx, const char *s, size_t n,
                             sm_buf *tmp)
{
    if (n > COMMENTS_HEADING_MAX)
        return false;
    tmp->len = 0;
    sm_buf_addc(tmp, '^');
    sm_lower(s, n, tmp);
    size_t w = 1;
    bool space = false;
    for (size_t i = 1; i < tmp->len; i++) {
        char c = tmp->s[i];
        if (c == ' ' || c == '\t') {
            space = w > 1;
            continue;
        }
        if (space)
            tmp->s[w++] = ' ';
        space = false;
        bool digit = c >= '0' && c <= '9';
        if (digit && w > 1 && tmp->s[w - 1] == '0')
            continue; /* a run of digits is one 0 */
        tmp->s[w++] = digit ? '0' : c;
    }
    while (w > 1 && strchr(".:!|*?,;- ()[]", tmp->s[w - 1]))
        w--;
    return sm_wordset_has(&ctx->furniture, tmp->s, w);
}

/* Whether the nearest block from k on (step +1) or back (step -1) that
 * is not skipped is a list item. */
static bool list_beside(const block *b, size_t n, const features *fs,
                        size_t k, int step)
{
    for (; k < n; k += (size_t)step)
        if (b[k].cls != B_SKIP)
            return fs[k].list;
    return false;
}

/* Near-good blocks in a run of PROSE_RUN_MIN prose blocks become good,
 * unless the run stands between two lists and holds none itself: a box of
 * sentences between menus ("Your system doesn't meet the requirements
 * ..." between two lists of downloads), not running text, when the text
 * has a good block (the article) elsewhere.  A list item of
 * fewer than LIST_PROSE_MIN_WORDS words is a link's title ("• Why are my
 * legs and feet numb?"), and ends a run: an article's list of sentences
 * stands between its paragraphs, which keep it without a run; a page's
 * list of references has longer items. */
#define LIST_PROSE_MIN_WORDS 10
static void promote_prose_runs(block *b, size_t n, const features *fs,
                               bool any_good)
{
    for (size_t i = 0; i < n;) {
        size_t j = i;
        bool list = false;
        while (j < n && (b[j].cls == B_NEAR || b[j].cls == B_GOOD) &&
               fs[j].prose &&
               (!fs[j].list || fs[j].words >= LIST_PROSE_MIN_WORDS))
            list |= fs[j++].list;
        bool boxed = any_good && !list && i > 0 &&
                     list_beside(b, n, fs, i - 1, -1) &&
                     list_beside(b, n, fs, j, 1);
        if (j - i >= PROSE_RUN_MIN && !boxed)
            for (size_t k = i; k < j; k++)
                b[k].cls = B_GOOD;
        i = j > i ? j : i + 1;
    }
}

/* jusText's context rules: a short block between good ones is good,
 * between bad ones bad; next to both, good only when a near-good block
 * stands between it and the bad one.  A near-good block is bad only
 * between bad ones. */
static void revise(block *b, size_t n, const features *fs, int *cls)
{
    /* The title: a page saved as text opens with it (menus are dropped
     * or bad by now); jusText's edges are bad, and would take it. */
    for (size_t i = 0; i < n; i++) {
        if (b[i].cls == B_SKIP)
            continue;
        if ((b[i].cls == B_SHORT || b[i].cls == B_NEAR) && !fs[i].list &&
            fs[i].words >= TITLE_MIN_WORDS)
            b[i].cls = B_GOOD;
        break;
    }
    for (size_t i = 0; i < n; i++)
        cls[i] = b[i].cls;
    /* The nearest good or bad block before and after each one, ignoring
     * short ones, and near-good ones too ([0] and [1]); past either end a
     * bad one.  Found in two passes, so the rules stay linear. */
    int *near[2][2];
    for (int d = 0; d < 2; d++)
        for (int k = 0; k < 2; k++)
            near[d][k] = sm_xmalloc(sm_mul(n ? n : 1, sizeof(int)));
    for (int k = 0; k < 2; k++) {
        int last = B_BAD;
        for (size_t i = 0; i < n; i++) {
            near[0][k][i] = last;
            if (cls[i] == B_GOOD || cls[i] == B_BAD || (k == 0 && cls[i] == B_NEAR))
                last = cls[i];
        }
        last = B_BAD;
        for (size_t i = n; i-- > 0;) {
            near[1][k][i] = last;
            if (cls[i] == B_GOOD || cls[i] == B_BAD || (k == 0 && cls[i] == B_NEAR))
                last = cls[i];
        }
    }
    for (size_t i = 0; i < n; i++) {
        int p = near[0][1][i], q = near[1][1][i];
        if (cls[i] == B_NEAR) {
            b[i].cls = p == B_BAD && q == B_BAD ? B_BAD : B_GOOD;
        } else if (cls[i] == B_SHORT) {
            if (p == B_GOOD && q == B_GOOD)
                b[i].cls = B_GOOD;
            else if (p == B_BAD && q == B_BAD)
                b[i].cls = B_BAD;
            else if ((p == B_BAD && near[0][0][i] == B_NEAR) ||
                     (q == B_BAD && near[1][0][i] == B_NEAR))
                b[i].cls = B_GOOD;
            else
                b[i].cls = B_BAD;
        }
    }
    for (int d = 0; d < 2; d++)
        for (int k = 0; k < 2; k++)
            free(near[d][k]);
}

/* ---- page furniture by block ----------------------------------------- */

/* A line repeated in one page, or a paragraph, is a teaser's title, a
 * caption under its picture, a heading in a menu: each copy goes.  Only
 * blocks of at most this many words are compared (captions run to 40). */
#define REPEAT_MAX_WORDS 40
/* A block of legal or consent text (a copyright line, a cookie notice, a
 * disclaimer, a market-data notice naming each source) has one of the
 * "$" phrases of the furniture list and at most this many words; an
 * article about privacy that quotes "terms of service" and "consent" has
 * none of them. */
#define LEGAL_MAX_WORDS 250
/* Words of a legal phrase ("all rights reserved"). */
#define LEGAL_PHRASE_WORDS 4

/* Columns of indentation of the line whose text starts at raw[a]. */
static size_t line_indent(const char *raw, size_t a)
{
    size_t i = a;
    while (i > 0 && raw[i - 1] != '\n')
        i--;
    return columns(raw + i, a - i);
}

/* A list item of CARD_MIN_LINES lines or more (a text browser indents
 * whatever the item holds) that does not open with a sentence: a teaser's
 * card, title and summary and source, or a menu's section with its
 * entries (bullets only: a numbered item is a document's section or a
 * step).  An article's list item is a line of its own (the unwrapping
 * joined it), or a term and its paragraph.  Every block of a card is bad. */
#define CARD_MIN_LINES 3
static void mark_cards(const char *raw, const sm_line *ls, size_t n,
                       block *bs, size_t nb)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (ls[i].blank)
            continue;
        const char *s = raw + ls[i].a;
        size_t len = ls[i].b - ls[i].a, m = marker_length(s, len);
        /* Numbered items ("1. Introduction") hold a document's sections. */
        if (m == 0 || (s[0] >= '0' && s[0] <= '9'))
            continue;
        size_t col = line_indent(raw, ls[i].a) + columns(s, m), last = i, lines = 1;
        for (size_t j = i + 1; j < n; j++) {
            if (ls[j].blank)
                continue;
            if (line_indent(raw, ls[j].a) < col)
                break;
            last = j;
            lines++;
        }
        if (lines < CARD_MIN_LINES || ends_prose(s + m, len - m))
            continue;
        while (k < nb && bs[k].first < i)
            k++;
        for (; k < nb && bs[k].first <= last; k++)
            bs[k].cls = B_BAD;
        i = last;
    }
}

static void intern_cleanup(void *p)
{
    sm_intern_free(p);
}

/* Drops every one-line block of sentences whose text (after its list
 * marker) is in the page twice, or is one text twice ("A caption.A
 * caption."). */
static void mark_repeats(const char *raw, const sm_line *ls, block *bs,
                         const features *fs, size_t nb)
{
    sm_intern seen = {0};
    sm_u32vec count = {0};
    sm_cleanup c_seen, c_count;
    sm_cleanup_push(&c_seen, intern_cleanup, &seen);
    SM_CLEANUP_VEC(c_count, count);
    SM_VEC(uint32_t) id = {0};
    sm_cleanup c_id;
    SM_CLEANUP_VEC(c_id, id);
    for (size_t k = 0; k < nb; k++) {
        uint32_t key = UINT32_MAX;
        /* Copies the line rules dropped count too (clean.c drops a line
         * repeated right below itself). */
        if (bs[k].first == bs[k].last && fs[k].words <= REPEAT_MAX_WORDS) {
            const char *s = raw + ls[bs[k].first].a;
            size_t len = ls[bs[k].first].b - ls[bs[k].first].a;
            size_t m = marker_length(s, len);
            key = sm_intern_add(&seen, s + m, len - m);
            if (key >= count.n)
                SM_PUSH(count, 0);
            count.v[key]++;
            /* One text twice, with or without a space between. */
            size_t h = (len - m) / 2;
            if (h > 0 && (len - m) % 2 == 0 && memcmp(s + m, s + m + h, h) == 0)
                count.v[key]++;
            else if (h > 0 && (len - m) % 2 == 1 && s[m + h] == ' ' &&
                     memcmp(s + m, s + m + h + 1, h) == 0)
                count.v[key]++;
        }
        SM_PUSH(id, key);
    }
    /* Sentences only, and short of a good paragraph: a title is also in
     * the page's table of contents, a paragraph may be quoted again.
     * A repeated sentence (a caption) may stand between two paragraphs of
     * the article, and says nothing of its neighbours. */
    for (size_t k = 0; k < nb; k++)
        if (id.v[k] != UINT32_MAX && count.v[id.v[k]] >= 2 && fs[k].prose &&
            bs[k].cls != B_GOOD)
            bs[k].cls = B_SKIP;
    sm_cleanup_run(&c_id);
    sm_cleanup_run(&c_count);
    sm_cleanup_run(&c_seen);
}

/* The marks trimmed from the end of a legal phrase's key ("reserved."):
 * strchr(".,;:)!?\"'", c) without the call, made for every word. */
static inline bool legal_trim(char c)
{
    switch (c) {
    case '.': case ',': case ';': case ':': case ')': case '!': case '?':
    case '"': case '\'':
    case '\0': /* as strchr finds the terminator */
        return true;
    default:
        return false;
    }
}

/* Whether a "$" phrase of the furniture list opens the lower-cased text
 * of at most LEGAL_PHRASE_WORDS words from a word's start, key->s + 1
 * (key->s[0] is the marker '$'): the phrase of one word, of two, and so
 * on, each without the marks that end it. */
static bool legal_phrase_at(const sm_ctx *ctx, const sm_buf *key)
{
    const char *t = key->s + 1;
    size_t tn = key->len - 1, b = 0;
    for (int w = 0; w < LEGAL_PHRASE_WORDS && b < tn; w++) {
        while (b < tn && t[b] != ' ')
            b++;
        size_t e = b;
        while (e > 0 && legal_trim(t[e - 1]))
            e--;
        /* Longer keys share the first two bytes: none can be listed. */
        if (e >= 2 && !sm_furniture_head(ctx, '$', t))
            return false;
        if (sm_furniture_maybe(ctx, '$', t, e) &&
            sm_wordset_has(&ctx->furniture, key->s, e + 1))
            return true;
        while (b < tn && t[b] == ' ')
            b++;
    }
    return false;
}

/* Whether no "$" phrase can open at the word starting at s[a] (of s[0..n)),
 * told from its first two bytes alone: both ASCII, the second one that
 * stays when the word's closing marks are trimmed (so every key from
 * there has two bytes or more), and no entry opens with them lower-cased.
 * Lowering keeps ASCII bytes ASCII and makes no other byte ASCII but
 * letters (sm_lower), so this holds of the lowered word too. */
static inline bool legal_head_fails(const sm_ctx *ctx, const char *s,
                                    size_t a, size_t n)
{
    unsigned char c0 = (unsigned char)s[a];
    unsigned char c1 = a + 1 < n ? (unsigned char)s[a + 1] : 0;
    if (c0 >= 0x80 || c1 >= 0x80 || c1 == ' ' || legal_trim((char)c1))
        return false;
    char h[2] = {ascii_fold(c0), ascii_fold(c1)};
    return !sm_furniture_head(ctx, '$', h);
}

/* The bytes of x (8 bytes of text) that are ' ' or '(' as the high bit of
 * each byte, exactly (no borrow from one byte into the next): where a
 * legal phrase may start after them. */
static inline uint64_t legal_cut_bytes(uint64_t x)
{
    const uint64_t ones = 0x0101010101010101ull, high = ones << 7;
    uint64_t sp = x ^ (ones * ' '), pa = x ^ (ones * '(');
    uint64_t zsp = ~(((sp & ~high) + ~high) | sp);
    uint64_t zpa = ~(((pa & ~high) + ~high) | pa);
    return (zsp | zpa) & high;
}

/* The first byte of s[i..n) that is a space or not ASCII, n when there is
 * none: the end of an ASCII word. */
static size_t legal_word_end(const char *s, size_t i, size_t n)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    const uint64_t ones = 0x0101010101010101ull, high = ones << 7;
    for (; i + 8 <= n; i += 8) {
        uint64_t x;
        memcpy(&x, s + i, 8);
        uint64_t sp = x ^ (ones * ' ');
        uint64_t z = (((sp - ones) & ~sp) | x) & high;
        if (z)
            return i + (size_t)__builtin_ctzll(z) / 8;
    }
#endif
    while (i < n && s[i] != ' ' && (unsigned char)s[i] < 0x80)
        i++;
    return i;
}

/* legal_from for words that are not all ASCII: the words a phrase from a
 * can span, lowered by sm_lower, which maps each character alone and never
 * from or to a space, so they are the bytes of the lowered block from
 * this word on. */
static bool legal_from_lowered(const sm_ctx *ctx, const char *s, size_t n,
                               size_t a, sm_buf *key)
{
    size_t end = a;
    for (int w = 0; w < LEGAL_PHRASE_WORDS && end < n; w++) {
        while (end < n && s[end] != ' ')
            end++;
        while (w + 1 < LEGAL_PHRASE_WORDS && end < n && s[end] == ' ')
            end++;
    }
    key->len = 0;
    sm_buf_addc(key, '$');
    sm_lower(s + a, end - a, key);
    return legal_phrase_at(ctx, key);
}

/* Whether a "$" phrase opens at s[a]: the phrase of one word, of two, up
 * to LEGAL_PHRASE_WORDS, lower-cased and without the marks that end it.
 * ASCII words are folded only as far as a look-up needs them (each key
 * is the beginning of the next). */
static bool legal_from(const sm_ctx *ctx, const char *s, size_t n, size_t a,
                       sm_buf *key)
{
    char h[2] = {ascii_fold((unsigned char)s[a]),
                 a + 1 < n ? ascii_fold((unsigned char)s[a + 1]) : '\0'};
    bool head = sm_furniture_head(ctx, '$', h);
    key->len = 0;
    sm_buf_addc(key, '$');
    char *out = key->s + 1; /* room for s[a..n): legal_text reserved it */
    size_t b = a, folded = a;
    for (int w = 0; w < LEGAL_PHRASE_WORDS && b < n; w++) {
        b = legal_word_end(s, b, n);
        if (b < n && s[b] != ' ')
            return legal_from_lowered(ctx, s, n, a, key);
        size_t e = b;
        while (e > a && legal_trim(s[e - 1]))
            e--;
        /* Longer keys share the first two bytes: none can be listed. */
        if (e - a >= 2 && !head)
            return false;
        if (sm_furniture_maybe(ctx, '$', h, e - a)) {
            for (; folded < e; folded++)
                out[folded - a] = ascii_fold((unsigned char)s[folded]);
            if (sm_wordset_has(&ctx->furniture, key->s, e - a + 1))
                return true;
        }
        /* Every longer key opens with this word and a space. */
        if (w == 0) {
            for (; folded < b; folded++)
                out[folded - a] = ascii_fold((unsigned char)s[folded]);
            if (!sm_furniture_first(ctx, '$', out, b - a))
                return false;
        }
        while (b < n && s[b] == ' ')
            b++;
    }
    return false;
}

/* What the packed sets tell of a "$" phrase at s[a] (a < n, s[a] no
 * space), from one load of eight bytes: LEGAL_NO when none opens there,
 * LEGAL_YES when one does, LEGAL_ASK when legal_from must tell.  The
 * first word (ASCII, to a space or the end, lower-cased) must open some
 * entry, itself or without the marks legal_from trims from its end (a
 * phrase of one word is its own first word; j->firsts); a short first
 * word must be followed by the space and two bytes of some entry of more
 * words (j->pairs), or else only an entry of one word (j->singles) can
 * match. */
enum { LEGAL_NO, LEGAL_YES, LEGAL_ASK };

/* legal_quick for a first word of eight bytes or more, whose first eight
 * (ASCII, no space) are x: LEGAL_NO when it has at most LONG_MAX_BYTES
 * and neither it nor its trimmed form (legal_trim) is a first word of
 * j->firsts or j->longs, else LEGAL_ASK. */
static int legal_quick_long(const sm_judge *j, const char *s, size_t a,
                            size_t n, uint64_t x)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    const uint64_t ones = 0x0101010101010101ull, high = ones << 7;
    uint64_t x2 = 0, past = 0;
    if (n - a >= 16) {
        memcpy(&x2, s + a + 8, 8);
    } else {
        memcpy(&x2, s + a + 8, n - a - 8);
        past = high & ~((1ull << (8 * (n - a - 8))) - 1);
    }
    uint64_t sp = x2 ^ (ones * ' ');
    uint64_t blank = ~(((sp & ~high) + ~high) | sp);
    uint64_t stop = (blank & high) | ((x2 | past) & high);
    if (!stop || ((stop & (0 - stop)) & x2))
        return LEGAL_ASK; /* sixteen bytes or more, or not ASCII */
    size_t len = 8 + (size_t)__builtin_ctzll(stop) / 8;
    uint64_t y = x | (bytes_in(x, 'A', 'Z') >> 2);
    uint64_t y2 = x2 | (bytes_in(x2, 'A', 'Z') >> 2);
    if (packset_has(&j->longs, long_key(y, y2, len)))
        return LEGAL_ASK;
    size_t e = len;
    while (e > 0 && legal_trim((char)(e > 8 ? y2 >> (8 * (e - 9))
                                            : y >> (8 * (e - 1)))))
        e--;
    if (e == len)
        return LEGAL_NO;
    if (e == 0)
        return LEGAL_ASK;
    bool first = e > PACK_MAX_BYTES ? packset_has(&j->longs, long_key(y, y2, e))
                                    : packset_has(&j->firsts, pack_key(y, e));
    return first ? LEGAL_ASK : LEGAL_NO;
#else
    (void)j;
    (void)s;
    (void)a;
    (void)n;
    (void)x;
    return LEGAL_ASK;
#endif
}
static inline int legal_quick(const sm_judge *j, const char *s, size_t a,
                              size_t n)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    const uint64_t ones = 0x0101010101010101ull, high = ones << 7;
    uint64_t x = 0, past = 0;
    if (n - a >= 8) {
        memcpy(&x, s + a, 8);
    } else {
        memcpy(&x, s + a, n - a);
        past = high & ~((1ull << (8 * (n - a))) - 1);
    }
    uint64_t sp = x ^ (ones * ' ');
    uint64_t blank = ~(((sp & ~high) + ~high) | sp); /* exactly, no borrow */
    /* A byte that is not ASCII, or past the end (its high bit set here). */
    uint64_t odd = (x | past) & high;
    uint64_t stop = (blank & high) | odd;
    if (!stop)
        return legal_quick_long(j, s, a, n, x);
    if ((stop & (0 - stop)) & x)
        return LEGAL_ASK; /* lowered by legal_from_lowered */
    size_t len = (size_t)__builtin_ctzll(stop) / 8;
    uint64_t y = x | (bytes_in(x, 'A', 'Z') >> 2);
    size_t e = len;
    while (e > 0 && legal_trim((char)(y >> (8 * (e - 1)))))
        e--;
    if (e == 0)
        return LEGAL_ASK;
    if (!packset_has(&j->firsts, pack_key(y, len)) &&
        (e == len || !packset_has(&j->firsts, pack_key(y, e))))
        return LEGAL_NO;
    /* The word, its space and two bytes, all ASCII and in s. */
    if (len > PAIR_MAX_FIRST || j->pairs_unsure ||
        (odd & ((1ull << (8 * (len + 3))) - 1)) ||
        packset_has(&j->pairs, pack_key(y, len + 3)))
        return LEGAL_ASK;
    return packset_has(&j->singles, pack_key(y, e)) ? LEGAL_YES : LEGAL_NO;
#else
    (void)j;
    (void)s;
    (void)a;
    (void)n;
    return LEGAL_ASK;
#endif
}

/* Whether a "$" phrase opens at s[a] (a < n), which follows the block's
 * start, a ' ' or a '(': not at a space, and most words are ruled out by
 * their first two bytes, or else by their first word. */
static inline bool legal_start(const sm_judge *j, const char *s, size_t a,
                               size_t n, sm_buf *key)
{
    if (s[a] == ' ' || legal_head_fails(j->ctx, s, a, n))
        return false;
    int q = legal_quick(j, s, a, n);
    return q == LEGAL_ASK ? legal_from(j->ctx, s, n, a, key) : q == LEGAL_YES;
}

/* Whether s[0..n) is legal or consent text: it has one of the "$"
 * phrases of the furniture list, of at most LEGAL_PHRASE_WORDS words, or
 * a copyright sign.  Phrases start at a word ("(c)" and "\xC2\xA9 2019"
 * too).  The block is not lowered as a whole: most words are ruled out
 * by their first two bytes. */
static bool legal_text(const sm_judge *j, const char *s, size_t n,
                       size_t words, sm_buf *key)
{
    /* Block features stop counting at BLOCK_SAMPLE_WORDS, below the
     * limit: a block that reached the sample is counted again as far as
     * the limit, so a long article paragraph that names a legal phrase
     * stays. */
    if (words >= BLOCK_SAMPLE_WORDS)
        words = sm_count_words_upto(s, n, LEGAL_MAX_WORDS);
    if (words > LEGAL_MAX_WORDS)
        return false;
    /* Room for the marker and the block once, for every legal_from. */
    key->len = 0;
    sm_buf_reserve(key, n + 1);
    /* At the block's start and after every ' ' or '(' (a lowered word
     * may start there too), all of them found eight bytes at a time where
     * the byte order allows. */
    if (n > 0 && legal_start(j, s, 0, n, key))
        return true;
    size_t i = 0;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    for (; i + 8 <= n; i += 8) {
        uint64_t x;
        memcpy(&x, s + i, 8);
        for (uint64_t z = legal_cut_bytes(x); z; z &= z - 1) {
            size_t a = i + (size_t)__builtin_ctzll(z) / 8 + 1;
            if (a < n && legal_start(j, s, a, n, key))
                return true;
        }
    }
#endif
    for (; i + 1 < n; i++)
        if ((s[i] == ' ' || s[i] == '(') && legal_start(j, s, i + 1, n, key))
            return true;
    /* A copyright sign, glued or not, before any NUL (as strstr finds it
     * in the lowered block: lowering keeps the sign and makes no other
     * character into it). */
    n = strnlen(s, n);
    for (const char *p = s; (p = memchr(p, 0xC2, n - (size_t)(p - s))) != NULL; p++)
        if ((size_t)(p - s) + 1 < n && (unsigned char)p[1] == 0xA9)
            return true;
    return false;
}

/* Legal and consent blocks are bad. */
static void mark_legal(const sm_judge *j, const char *raw, const sm_line *ls,
                       block *bs, const features *fs, size_t nb)
{
    sm_buf key = {0};
    sm_cleanup c_key;
    SM_CLEANUP_BUF(c_key, key);
    for (size_t k = 0; k < nb; k++)
        if (bs[k].cls != B_SKIP &&
            legal_text(j, raw + ls[bs[k].first].a,
                       ls[bs[k].last].b - ls[bs[k].first].a, fs[k].words,
                       &key))
            bs[k].cls = B_BAD;
    sm_cleanup_run(&c_key);
}

/* A photo credit on a line of its own has at most this many words
 * ("Thomas Jackson/Digital Vision/Getty Images", "Image: Jane Doe / The
 * Daily"); the caption above it, at most CAPTION_MAX_WORDS. */
#define CREDIT_LINE_WORDS 8
#define CAPTION_MAX_WORDS 30
/* Lines from the caption to its credit: a text browser leaves a blank
 * line or two where the picture was. */
#define CAPTION_GAP_LINES 3

/* Whether s[0..n) is a photo credit line: a credit label ("Photo:"), or
 * capitalised names joined by slashes, with no sentence end. */
static bool credit_line(const sm_ctx *ctx, const char *s, size_t n,
                        size_t words)
{
    if (words == 0 || words > CREDIT_LINE_WORDS || ends_prose(s, n))
        return false;
    if (sm_credit_opens(ctx, s, n) || sm_credit_paren(s, n))
        return true;
    for (size_t i = 1; i + 1 < n; i++)
        if (s[i] == '/' && s[i - 1] != ' ' && s[i - 1] != '/' &&
            s[i + 1] >= 'A' && s[i + 1] <= 'Z')
            return true;
    return false;
}

/* A caption and its credit: the credit goes, and the one sentence above
 * it (two blank lines between at most) with it. */
static void mark_credits(const sm_ctx *ctx, const char *raw,
                         const sm_line *ls, block *bs, const features *fs,
                         size_t nb)
{
    for (size_t k = 1; k < nb; k++) {
        const sm_line *l = &ls[bs[k].first];
        if (bs[k].first != bs[k].last ||
            !credit_line(ctx, raw + l->a, l->b - l->a, fs[k].words))
            continue;
        bs[k].cls = B_SKIP;
        const block *c = &bs[k - 1];
        if (c->first == c->last && c->cls != B_GOOD && fs[k - 1].prose &&
            fs[k - 1].words <= CAPTION_MAX_WORDS && !fs[k - 1].list &&
            bs[k].first - c->last <= CAPTION_GAP_LINES)
            bs[k - 1].cls = B_SKIP;
    }
}

/* A chart drawn on the page (an SVG, or a table of its figures) comes out
 * of a text browser as a picture's placeholder ("[gif]") and a run of at
 * least CHART_MIN_LABELS labels, each a block of at most LABEL_WORDS words
 * ("$915", "billion", "'17", "%") among its first CHART_SCAN_BLOCKS
 * blocks, none of them a sentence (the chart's own heading is one of
 * them: "Interest payments on the national debt").  The sentence right above the picture
 * is the chart's title ("Annual interest payments on the debt are
 * expected to triple ..."), not a paragraph of the article: it goes.  Set
 * by hand: a chart has a dozen labels or more, an article's list of short
 * items a bullet each, and a picture between paragraphs no labels. */
#define CHART_MIN_LABELS 6
#define LABEL_WORDS 2
#define CHART_SCAN_BLOCKS 12
static bool placeholder(const features *f)
{
    return f->words > 0 && f->links == f->words;
}

static void mark_charts(block *bs, const features *fs, size_t nb)
{
    for (size_t k = 1; k < nb; k++) {
        if (!placeholder(&fs[k]))
            continue;
        size_t labels = 0;
        for (size_t j = k + 1; j < nb && j <= k + CHART_SCAN_BLOCKS &&
                               labels < CHART_MIN_LABELS && !fs[j].list &&
                               !fs[j].prose;
             j++)
            labels += fs[j].words <= LABEL_WORDS;
        if (labels < CHART_MIN_LABELS)
            continue;
        size_t c = k - 1;
        while (c > 0 && placeholder(&fs[c]))
            c--;
        if (bs[c].first == bs[c].last && bs[c].cls != B_GOOD &&
            fs[c].prose && !fs[c].list && fs[c].words <= CAPTION_MAX_WORDS)
            bs[c].cls = B_SKIP;
    }
}

/* A related story's card set as a group of lines with no blank line
 * between them (a text browser separates paragraphs with one, and the
 * parts of a card not): a title that is no sentence, a summary, and a
 * button of at most BUTTON_WORDS words that ends it ("Read now").  The
 * whole card goes; a title, a byline and a count ("11 Comments") have no
 * summary between them, and stay.  At most CARD_MAX_BLOCKS blocks, of
 * them at most CARD_MAX_SUMMARY sentences of CAPTION_MAX_WORDS words or
 * fewer: a short article written a line per paragraph with no blank line
 * (a headline, paragraphs, "Reuters") is longer. */
#define CARD_MAX_BLOCKS 5
#define CARD_MAX_SUMMARY 2
static void mark_glued_cards(block *bs, const features *fs, size_t nb)
{
    for (size_t k = 0; k < nb;) {
        size_t e = k + 1;
        while (e < nb && bs[e].first == bs[e - 1].last + 1)
            e++;
        size_t last = e - 1;
        size_t summary = 0, longest = 0;
        for (size_t i = k + 1; i < last; i++) {
            summary += fs[i].prose;
            if (fs[i].words > longest)
                longest = fs[i].words;
        }
        if (summary && summary <= CARD_MAX_SUMMARY &&
            longest <= CAPTION_MAX_WORDS && e - k <= CARD_MAX_BLOCKS &&
            !fs[k].prose &&
            !fs[k].list && fs[k].words > BUTTON_WORDS && !fs[last].prose &&
            !fs[last].list && fs[last].words <= BUTTON_WORDS &&
            !placeholder(&fs[last]))
            for (size_t i = k; i < e; i++)
                bs[i].cls = B_BAD;
        k = e;
    }
}

/* A form's text field, as a text browser draws it: "[" and "]" around the
 * field's width, blank or holding a placeholder ("[Your email      ]").
 * At least FIELD_BLANKS spaces before the "]": a link's label ("[Search]")
 * has none. */
#define FIELD_BLANKS 4
static bool text_field(const char *s, size_t n)
{
    for (size_t i = FIELD_BLANKS; i < n; i++) {
        if (s[i] != ']')
            continue;
        size_t b = 0;
        while (b < i && s[i - 1 - b] == ' ')
            b++;
        if (b >= FIELD_BLANKS && memchr(s, '[', i - b))
            return true;
    }
    return false;
}

/* The sentence right above a form's text field is the form's prompt
 * ("Learn about topical SEO ... tools." over the e-mail field), not the
 * article's. */
static void mark_form_prompts(const char *raw, const sm_line *ls, block *bs,
                              const features *fs, size_t nb)
{
    for (size_t k = 1; k < nb; k++) {
        const sm_line *l = &ls[bs[k].first];
        if (bs[k].first != bs[k].last || fs[k].prose ||
            !text_field(raw + l->a, l->b - l->a))
            continue;
        size_t c = k - 1;
        if (bs[c].first == bs[c].last && bs[c].cls != B_GOOD && fs[c].prose &&
            !fs[c].list && fs[c].words <= CAPTION_MAX_WORDS)
            bs[c].cls = B_BAD;
    }
}

/* A paragraph whose sentences are followed by a link's label, a
 * navigation entry of the furniture list ("... could offer new
 * treatments. Read now"), is a teaser with its link glued on: it goes.
 * The label has at most BUTTON_WORDS words and ends a line of the block
 * (a text browser may glue the share bar below to it). */
static bool label_after(const sm_ctx *ctx, const char *s, size_t n,
                        sm_buf *tmp)
{
    /* The text after the last sentence end. */
    size_t t = n;
    while (t > 1 && !((s[t - 2] == '.' || s[t - 2] == '?' || s[t - 2] == '!') &&
                      s[t - 1] == ' '))
        t--;
    if (t <= 1 || sm_count_words_upto(s + t, n - t, BUTTON_WORDS) > BUTTON_WORDS)
        return false;
    tmp->len = 0;
    sm_lower(s + t, n - t, tmp);
    size_t e = tmp->len;
    while (e > 0 && strchr(".:!|*?,;- ", tmp->s[e - 1]))
        e--;
    return e && sm_wordset_has(&ctx->furniture, tmp->s, e);
}

static void mark_linked_teasers(const sm_ctx *ctx, const char *raw,
                                const sm_line *ls, block *bs,
                                const features *fs, size_t nb, sm_buf *tmp)
{
    for (size_t k = 0; k < nb; k++) {
        if (!fs[k].prose || fs[k].ends || bs[k].cls == B_SKIP)
            continue;
        for (size_t i = bs[k].first; i <= bs[k].last; i++)
            if (label_after(ctx, raw + ls[i].a, ls[i].b - ls[i].a, tmp)) {
                bs[k].cls = B_BAD;
                break;
            }
    }
}

/* A byline: "By" (a '+' opener of the furniture list) and a name or a
 * handle ("By Alex Heath, ...", "On 6/13/2018 by @jdoe") within the first
 * BYLINE_SCAN_WORDS words of a line. */
#define BYLINE_SCAN_WORDS 6
static bool byline_line(const sm_ctx *ctx, const char *s, size_t n,
                        sm_buf *tmp)
{
    size_t m = marker_length(s, n), i = m;
    for (int w = 0; w < BYLINE_SCAN_WORDS && i < n; w++) {
        size_t e = i;
        while (e < n && s[e] != ' ')
            e++;
        if (e - i == 2 && (s[i] | 32) == 'b' && (s[i + 1] | 32) == 'y' &&
            e + 1 < n && ((s[e + 1] >= 'A' && s[e + 1] <= 'Z') || s[e + 1] == '@')) {
            tmp->len = 0;
            sm_buf_addc(tmp, '+');
            sm_buf_add(tmp, "by", 2);
            return sm_wordset_has(&ctx->furniture, tmp->s, tmp->len);
        }
        while (e < n && s[e] == ' ')
            e++;
        i = e;
    }
    return false;
}

/* A standfirst: one sentence between the headline (a block that is no
 * sentence, of TITLE_MIN_WORDS words or more) and the byline right below
 * it.  It restates the article for a page's front ("I tried the Vision
 * Pro, and ... there's no going back"); article extractors leave it out
 * with the headline.  At most DEK_MAX_WORDS words. */
#define DEK_MAX_WORDS 40
static void mark_standfirst(const sm_ctx *ctx, const char *raw,
                            const sm_line *ls, block *bs, const features *fs,
                            size_t nb, sm_buf *tmp)
{
    for (size_t k = 1; k + 1 < nb; k++) {
        if (bs[k].first != bs[k].last || !fs[k].ends || fs[k].list ||
            bs[k].cls == B_GOOD || bs[k].cls == B_SKIP ||
            fs[k].words > DEK_MAX_WORDS)
            continue;
        const block *t = &bs[k - 1];
        if (fs[k - 1].prose || fs[k - 1].list || t->cls == B_SKIP ||
            fs[k - 1].words < TITLE_MIN_WORDS)
            continue;
        const sm_line *l = &ls[bs[k + 1].first];
        if (byline_line(ctx, raw + l->a, l->b - l->a, tmp))
            bs[k].cls = B_SKIP;
    }
}

/* After a navigation heading ("Related", "More stories", "Share": a line
 * the furniture list names whole), the list that follows is its links,
 * sentences or not.  When the blocks after it, up to the first finished
 * paragraph, hold a summary cut short ("... the survey is "biased against
 * devs..."), they are related stories' cards (titles, cut summaries,
 * dates, sections), not lists: they all go.  A summary has at least
 * TEASER_MIN_WORDS words ("Loading..." is a placeholder). */
#define TEASER_MIN_WORDS 8
static void mark_link_lists(const sm_ctx *ctx, const char *raw,
                            const sm_line *ls, block *bs,
                            const features *fs, size_t nb, sm_buf *tmp)
{
    for (size_t k = 0; k + 1 < nb; k++) {
        const sm_line *l = &ls[bs[k].first];
        if (bs[k].first != bs[k].last || fs[k].list || fs[k].words > 4)
            continue;
        tmp->len = 0;
        sm_lower(raw + l->a, l->b - l->a, tmp);
        size_t e = tmp->len;
        while (e > 0 && strchr(".:!|*?,;- ", tmp->s[e - 1]))
            e--;
        if (e == 0 || !sm_wordset_has(&ctx->furniture, tmp->s, e))
            continue;
        size_t j = k + 1;
        while (j < nb && bs[j].cls == B_SKIP)
            j++;
        size_t end = j;
        bool cards = false;
        for (; end < nb && (fs[end].list || bs[end].cls == B_SKIP ||
                            !fs[end].ends);
             end++)
            cards |= fs[end].cut && fs[end].words >= TEASER_MIN_WORDS;
        for (; j < nb && (cards ? j < end : fs[j].list || bs[j].cls == B_SKIP);
             j++)
            if (!cards || bs[j].cls != B_SKIP)
                bs[j].cls = B_BAD;
    }
}

void sm_judge_blocks(const sm_judge *j, const char *raw, sm_line *ls, size_t n)
{
    const sm_ctx *ctx = j->ctx;
    SM_VEC(block) bs = {0};
    SM_VEC(features) fs = {0};
    sm_buf tmp = {0};
    int *cls = NULL;
    sm_cleanup c_cls, c_bs, c_fs, c_tmp;
    SM_CLEANUP_PTR(c_cls, cls);
    SM_CLEANUP_VEC(c_bs, bs);
    SM_CLEANUP_VEC(c_fs, fs);
    SM_CLEANUP_BUF(c_tmp, tmp);
    size_t words = 0, stops = 0;
    for (size_t i = 0; i < n; i++) {
        if (ls[i].blank)
            continue;
        block b = {.first = i, .last = i};
        /* Lines that continue one another (no full stop at the break, a
         * lower-case start after it) are one block. */
        while (b.last + 1 < n && !ls[b.last + 1].blank &&
               !ends_prose(raw + ls[b.last].a, ls[b.last].b - ls[b.last].a) &&
               opens_lower(raw + ls[b.last + 1].a,
                           ls[b.last + 1].b - ls[b.last + 1].a))
            b.last++;
        bool all_dropped = true;
        for (size_t k = b.first; k <= b.last; k++)
            all_dropped &= ls[k].drop;
        features f;
        block_features(j, raw + ls[b.first].a, ls[b.last].b - ls[b.first].a,
                       &tmp, &f);
        b.cls = all_dropped ? B_SKIP : B_BAD;
        words += f.words;
        stops += f.stops;
        SM_PUSH(bs, b);
        SM_PUSH(fs, f);
        i = b.last;
    }
    /* Text in another language than the stopword list's is judged by its
     * shape alone. */
    bool neutral = (double)stops < BLOCK_LANG_DENSITY * (double)words;
    for (size_t k = 0; k < bs.n; k++) {
        if (bs.v[k].cls != B_SKIP)
            bs.v[k].cls = block_class(&fs.v[k], neutral);
    }
    /* Running text: a good block or, in a text judged by shape alone (not
     * the stopword list's language), a run of prose blocks: Chinese
     * paragraphs of 40 to 150 characters are never good by themselves.
     * In the list's language a text of short paragraphs only (a wire
     * story, a feed item) is left to the line rules. */
    bool good = false, runs = false;
    for (size_t k = 0, run = 0; k < bs.n && !good; k++) {
        good = bs.v[k].cls == B_GOOD;
        run = (bs.v[k].cls == B_NEAR || bs.v[k].cls == B_GOOD) && fs.v[k].prose &&
                      !fs.v[k].list
                  ? run + 1
                  : 0;
        runs |= neutral && run >= PROSE_RUN_MIN;
    }
    if (!good && !runs) { /* no running text to judge the rest by */
        sm_cleanup_pop(&c_cls);
        sm_cleanup_run(&c_fs);
        sm_cleanup_run(&c_bs);
        sm_cleanup_run(&c_tmp);
        return;
    }
    mark_legal(j, raw, ls, bs.v, fs.v, bs.n);
    mark_cards(raw, ls, n, bs.v, bs.n);
    mark_link_lists(ctx, raw, ls, bs.v, fs.v, bs.n, &tmp);
    mark_repeats(raw, ls, bs.v, fs.v, bs.n);
    mark_credits(ctx, raw, ls, bs.v, fs.v, bs.n);
    mark_charts(bs.v, fs.v, bs.n);
    mark_glued_cards(bs.v, fs.v, bs.n);
    mark_form_prompts(raw, ls, bs.v, fs.v, bs.n);
    mark_linked_teasers(ctx, raw, ls, bs.v, fs.v, bs.n, &tmp);
    mark_standfirst(ctx, raw, ls, bs.v, fs.v, bs.n, &tmp);
    /* A comment section ends the article: after the first good block, a
     * comments heading drops everything below it. */
    bool seen_good = false;
    for (size_t k = 0; k < bs.n; k++) {
        const sm_line *l = &ls[bs.v[k].first];
        /* A heading stands apart; "11 Comments" glued under a byline or a
         * teaser's title is a count, and the article may follow it. */
        const sm_line *above = bs.v[k].first ? l - 1 : NULL;
        bool apart = !above || above->blank ||
                     ends_prose(raw + above->a, above->b - above->a);
        if (seen_good && apart && bs.v[k].first == bs.v[k].last &&
            comments_heading(ctx, raw + l->a, l->b - l->a, &tmp)) {
            bs.n = k;
            for (size_t i = bs.v[k].first; i < n; i++)
                ls[i].drop = true;
            break;
        }
        seen_good |= bs.v[k].cls == B_GOOD;
    }
    promote_prose_runs(bs.v, bs.n, fs.v, good);
    cls = sm_xmalloc(sm_mul(bs.n ? bs.n : 1, sizeof *cls));
    revise(bs.v, bs.n, fs.v, cls);
    for (size_t k = 0; k < bs.n; k++)
        if (bs.v[k].cls == B_BAD || bs.v[k].cls == B_SKIP)
            for (size_t i = bs.v[k].first; i <= bs.v[k].last; i++)
                ls[i].drop = true;
    sm_cleanup_run(&c_cls);
    sm_cleanup_run(&c_fs);
    sm_cleanup_run(&c_bs);
    sm_cleanup_run(&c_tmp);
}

/* ---- wire datelines --------------------------------------------------- */

/* A dateline is at most this long: "RIO DE JANEIRO, Brazil, Sept. 11
 * (Xinhua) -- " fits with room to spare. */
#define DATELINE_MAX_BYTES 96
#define DATELINE_MAX_PLACE_WORDS 4
#define DATELINE_MAX_DETAIL_WORDS 4

/* Length of the upper-case word at s[i..n) ("WASHINGTON", "ST.", "O'HARE"),
 * 0 when it is not one; *letters counts its letters. */
static size_t caps_word(const char *s, size_t i, size_t n, size_t *letters)
{
    size_t j = i, l = 0;
    while (j < n && s[j] != ' ' && s[j] != ',' && s[j] != '(') {
        int32_t c;
        size_t k = sm_utf8_decode((const unsigned char *)s + j, n - j, &c);
        if (sm_cp_is_letter(c)) {
            if (!sm_cp_is_upper(c))
                return 0;
            l++;
        } else if (c != '.' && c != '-' && c != '\'') {
            return 0;
        }
        j += k;
    }
    *letters += l;
    return l ? j - i : 0;
}

/* A separator after a dateline: "--", "—", "–", "_", or "-"; *plain is
 * set for the hyphen, which needs an agency before it. */
static size_t dateline_dash(const char *s, size_t i, size_t n, bool *plain)
{
    *plain = false;
    if (i + 2 <= n && s[i] == '-' && s[i + 1] == '-')
        return 2;
    if (i + 3 <= n && (memcmp(s + i, "\xE2\x80\x94", 3) == 0 ||
                       memcmp(s + i, "\xE2\x80\x93", 3) == 0))
        return 3;
    if (i < n && s[i] == '_')
        return 1;
    if (i < n && s[i] == '-') {
        *plain = true;
        return 1;
    }
    return 0;
}

size_t sm_dateline_length(const char *s, size_t n)
{
    if (n > DATELINE_MAX_BYTES)
        n = DATELINE_MAX_BYTES;
    size_t i = 0, words = 0, letters = 0;
    /* The place, in capitals: "WASHINGTON", "WOODS HOLE". */
    while (i < n && words < DATELINE_MAX_PLACE_WORDS) {
        size_t w = caps_word(s, i, n, &letters);
        if (!w)
            break;
        words++;
        i += w;
        if (i < n && s[i] == ' ' && i + 1 < n && s[i + 1] != '(' &&
            caps_word(s, i + 1, n, &(size_t){0}))
            i++;
        else
            break;
    }
    if (words == 0 || letters < 3)
        return 0;
    /* ", Mass.", ", Sept. 11": capitalised words or numbers. */
    if (i < n && s[i] == ',') {
        i++;
        for (size_t k = 0; k < DATELINE_MAX_DETAIL_WORDS; k++) {
            if (i >= n || s[i] != ' ')
                break;
            size_t j = i + 1;
            if (j >= n || !((s[j] >= 'A' && s[j] <= 'Z') || (s[j] >= '0' && s[j] <= '9')))
                break;
            while (j < n && s[j] != ' ' && s[j] != '(')
                j++;
            i = j;
        }
    }
    /* "(AP)", "(Xinhua)", "(Reuters)": an agency. */
    bool agency = false;
    size_t j = i;
    while (j < n && s[j] == ' ')
        j++;
    if (j < n && s[j] == '(' && j + 1 < n && s[j + 1] >= 'A' && s[j + 1] <= 'Z') {
        const char *close = memchr(s + j, ')', n - j);
        if (close && !memchr(s + j, '\n', (size_t)(close - (s + j)))) {
            agency = true;
            i = (size_t)(close - s) + 1;
        }
    }
    while (i < n && s[i] == ' ')
        i++;
    bool plain;
    size_t d = dateline_dash(s, i, n, &plain);
    if (d == 0 || (plain && !agency))
        return 0;
    i += d;
    if (i < n && s[i] != ' ')
        return 0;
    while (i < n && s[i] == ' ')
        i++;
    /* The sentence must go on, with a capital, a digit or a quote. */
    if (i >= n)
        return 0;
    int32_t c;
    sm_utf8_decode((const unsigned char *)s + i, n - i, &c);
    if (!(sm_cp_is_upper(c) || (c >= '0' && c <= '9') || c == '"' ||
          c == 0x201C || c == '\''))
        return 0;
    return i;
}
