/*
 * learn.c: what the corpus itself says about the words before a full stop,
 * for the sentence splitter (after Punkt, Kiss & Strunk 2006).
 *
 * A pass over every cleaned body counts, per word type (lower-cased, inner
 * dots kept: "u.s"), how often it is written with a final full stop and how
 * often without one in the middle of a sentence, and what follows its full
 * stops.  From those counts:
 *
 *  - an abbreviation the list does not know is one that nearly always
 *    carries its full stop, is short, and is rarely followed by a word that
 *    opens sentences ("Cmndr. Dragan" in a text where "Cmndr" never stands
 *    bare);
 *  - a word the list calls an abbreviation is a plain word in this corpus
 *    when it stands bare, capitalised the same way, at least as often as it
 *    carries the stop ("Hun Sen said ... Hun Sen. Sam Rainsy wrote").
 *
 * Every count is per corpus, so the verdicts depend only on the input.
 */
#include "text/text.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* A learned abbreviation is at most this many letters: Punkt's length
 * penalty, exp(-length), makes longer ones need evidence a news corpus
 * rarely has ("Cmndr", "Blvd", "approx" is six and comes from the list). */
#define LEARN_MAX_LETTERS 5
/* Bare occurrences needed before the corpus overrules the list: one could
 * be a headline word or a typo. */
#define LEARN_MIN_BARE 2
/* A type with vowels needs this many full-stop occurrences (and none bare)
 * to be learned; a vowel-less one ("Sgt", "Cmndr") needs one, because no
 * English word of that shape ends a sentence. */
#define LEARN_MIN_PERIODS 3
/* ...of which at most this share may be followed by a capitalised word
 * that opens sentences ("The", "He"): after a real sentence end that share
 * is high, after an abbreviation it is near zero. */
#define LEARN_MAX_OPENER_SHARE 0.1
/* Tokens longer than this many bytes are not counted: no abbreviation is
 * that long, and URLs and base64 would fill the table.  As terms.c's
 * longest term (64); set by hand. */
#define LEARN_MAX_TOKEN 64

typedef struct wcount {
    uint32_t period_cap, period_low; /* with a final stop, by first letter */
    uint32_t bare_cap, bare_low;     /* without, mid-sentence */
    uint32_t after_opener;           /* stops followed by an opener word */
    bool vowelless, one_cap;         /* shape of the letters */
    uint8_t letters;
} wcount;

/* Every word of the corpus is counted, and on a large corpus the table of
 * types is far bigger than the processor's caches: a small table in front
 * of it answers most look-ups of short ASCII types.  An entry is the type
 * zero-padded (a type never holds a NUL, so the padding tells its length
 * and an empty entry matches nothing) and its id.  2^14 entries of 32
 * bytes: 512 KiB, as terms.c measured best for the cache it had then. */
#define TYPE_CACHE_KEY SM_KEY_BYTES
#define TYPE_CACHE_BITS 14

/* Behind the cache, every short ASCII type met so far, with its id, in a
 * key table (common.h): a cache miss costs one or two entries compared in
 * registers, where the intern table took five dependent loads, each a
 * cache miss on a large corpus.  The intern table still gets every type
 * (verdicts and types outside ASCII look up there), once, when the table
 * meets it first.  Its first size holds a short text's types. */
#define TYPE_TABLE_MIN_BITS 10

struct sm_learned {
    sm_intern types;
    SM_VEC(wcount) counts;
    sm_buf key;
    sm_keyent *cache;
    sm_keytab table;
};

sm_learned *sm_learned_new(void)
{
    sm_learned *l = sm_xcalloc(1, sizeof(sm_learned));
    sm_cleanup c_l;
    SM_CLEANUP_PTR(c_l, l);
    l->cache = sm_xcalloc((size_t)1 << TYPE_CACHE_BITS, sizeof *l->cache);
    sm_cleanup c_cache;
    SM_CLEANUP_PTR(c_cache, l->cache);
    sm_keytab_init(&l->table, TYPE_TABLE_MIN_BITS);
    sm_cleanup_pop(&c_cache);
    sm_cleanup_pop(&c_l);
    return l;
}

void sm_learned_free(sm_learned *l)
{
    if (!l)
        return;
    sm_intern_free(&l->types);
    SM_FREEVEC(l->counts);
    sm_buf_free(&l->key);
    free(l->cache);
    sm_keytab_free(&l->table);
    free(l);
}

static bool opener_mark(int32_t c)
{
    return c == '"' || c == '\'' || c == '(' || c == '[' || c == '`' ||
           c == 0x201C || c == 0x2018 || c == 0x00AB || c == 0x201E;
}

/* Vowels of the Latin script; a letter outside ASCII counts as one, so no
 * word of another script is ever taken for a vowel-less abbreviation. */
static bool is_vowel(int32_t c)
{
    c = utf8proc_tolower(c);
    return c >= 0x80 || (c && strchr("aeiouy", (int)c) != NULL);
}

/* A token s[a..b) (no white space inside) as the splitter sees it: after
 * opening marks, a run of letters and inner dots.  Sets *core_end to the
 * end of that run and returns its start (== *core_end when it has none). */
static size_t token_core(const char *s, size_t a, size_t b, size_t *core_end)
{
    size_t n;
    int32_t c;
    while (a < b) {
        n = sm_utf8_decode((const unsigned char *)s + a, b - a, &c);
        if (!opener_mark(c))
            break;
        a += n;
    }
    size_t e = a;
    while (e < b) {
        n = sm_utf8_decode((const unsigned char *)s + e, b - e, &c);
        if (!sm_cp_is_letter(c) && !(c == '.' && e > a))
            break;
        if (c == '.') {
            /* A dot belongs to the core only when a letter follows it
             * ("U.S") or it is the last stop ("Cmndr."). */
            int32_t d = 0;
            if (e + 1 < b)
                sm_utf8_decode((const unsigned char *)s + e + 1, b - e - 1, &d);
            if (!sm_cp_is_letter(d)) {
                if (d != '.')
                    e++; /* the final stop; "..." is no abbreviation's */
                break;
            }
        }
        e += n;
    }
    *core_end = e;
    return a;
}

static bool ascii_vowel(char c)
{
    return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y';
}

static wcount *new_type(sm_learned *l, uint32_t id, uint8_t letters,
                        uint8_t caps, bool vowel)
{
    if (id >= l->counts.n) {
        wcount z = {0};
        z.vowelless = !vowel;
        z.one_cap = caps <= 1;
        z.letters = letters;
        SM_PUSH(l->counts, z);
    }
    return &l->counts.v[id];
}

#define CASE_BITS 0x2020202020202020ull

/* A mask of the first m bytes of a word (little-endian order). */
static uint64_t low_bytes(size_t m)
{
    return m >= 8 ? ~0ull : (1ull << (8 * m)) - 1;
}

/* The cache's entry for a key of hash h: the hash multiplied again, so
 * that keys probing neighbouring table entries spread out here. */
static inline size_t cache_at(uint64_t h)
{
    return (size_t)((h * 0xff51afd7ed558ccdull) >> (64 - TYPE_CACHE_BITS));
}

/* type_of for a short ASCII token, through the cache.  A core holds only
 * letters and dots, and a dot has the case bit (0x20) set, so OR-ing 0x20
 * lower-cases every byte.  The shape (letters, capitals, vowels) matters
 * only to a new type, so it is worked out on a miss only. */
static wcount *ascii_type_of(sm_learned *l, const char *s, size_t len,
                             size_t a, size_t e)
{
    uint64_t key[TYPE_CACHE_KEY / 8] = {0};
    char *kb = (char *)key;
    if (sm_word_key(s, len, a, e, key)) {
        /* The case bit of the type's e - a bytes; the padding after them
         * stays zero.  Most types fill only the first word. */
        size_t n = e - a;
        key[0] |= CASE_BITS & low_bytes(n);
        if (n > 8) {
            key[1] |= CASE_BITS & low_bytes(n - 8);
            if (n > 16)
                key[2] |= CASE_BITS & low_bytes(n - 16);
        }
    } else {
        for (size_t i = a; i < e; i++)
            kb[i - a] = (char)(s[i] | 0x20);
    }
    uint64_t h = sm_key_hash(key);
    sm_keyent *t = &l->cache[cache_at(h)];
    if (sm_key_eq(t->key, key))
        return &l->counts.v[t->value];
    size_t at = 0;
    const sm_keyent *found = sm_keytab_find(&l->table, key, h, &at);
    if (found) {
        *t = *found;
        return &l->counts.v[found->value];
    }
    uint8_t letters = 0, caps = 0;
    bool vowel = false;
    for (size_t i = a; i < e; i++) {
        if (s[i] != '.') {
            letters++;
            caps += s[i] >= 'A' && s[i] <= 'Z';
            vowel = vowel || ascii_vowel(kb[i - a]);
        }
    }
    uint32_t id = sm_intern_add(&l->types, kb, e - a);
    wcount *w = new_type(l, id, letters, caps, vowel);
    sm_keytab_add(&l->table, key, h, at, id);
    memcpy(t->key, key, sizeof key);
    t->value = id;
    return w;
}

static wcount *type_of(sm_learned *l, const char *s, size_t a, size_t e)
{
    if (e - a <= TYPE_CACHE_KEY) {
        size_t i = a;
        while (i < e && (unsigned char)s[i] < 0x80)
            i++;
        if (i == e)
            return ascii_type_of(l, s, e, a, e);
    }
    l->key.len = 0;
    uint8_t letters = 0, caps = 0;
    bool vowel = false;
    for (size_t i = a; i < e;) {
        unsigned char b = (unsigned char)s[i];
        if (b < 0x80) {
            /* ASCII, most words: the same as below without utf8proc. */
            bool up = b >= 'A' && b <= 'Z';
            char lc = (char)(up ? b + 32 : b);
            if (b != '.') {
                letters = letters < 255 ? letters + 1 : 255;
                caps += up && caps < 255;
                vowel = vowel || ascii_vowel(lc);
            }
            sm_buf_addc(&l->key, lc);
            i++;
            continue;
        }
        int32_t c;
        size_t n = sm_utf8_decode((const unsigned char *)s + i, e - i, &c);
        if (c != '.') {
            letters = letters < 255 ? letters + 1 : 255;
            caps += sm_cp_is_upper(c) && caps < 255;
            vowel = vowel || is_vowel(c);
        }
        sm_utf8_encode(&l->key, utf8proc_tolower(c));
        i += n;
    }
    uint32_t id = sm_intern_add(&l->types, l->key.s, l->key.len);
    return new_type(l, id, letters, caps, vowel);
}

/* Whether the token at s[a..b) opens sentences: capitalised and, lower-cased,
 * in the language's stopword list. */
static bool opener_token(sm_learned *l, const sm_ctx *ctx, const char *s,
                         size_t a, size_t b)
{
    size_t e;
    a = token_core(s, a, b, &e);
    if (a == e)
        return false;
    int32_t c;
    sm_utf8_decode((const unsigned char *)s + a, e - a, &c);
    if (!sm_cp_is_upper(c))
        return false;
    l->key.len = 0;
    sm_lower(s + a, e - a, &l->key);
    return sm_wordset_has(&ctx->stopwords, l->key.s, l->key.len);
}

/* Bodies reach here with Unicode spaces already made ASCII
 * (sm_normalize_spaces), so white space is one byte: tab, line feed,
 * vertical tab, form feed, carriage return (9-13) and space. */
#define ASCII_SPACES ((1ull << ' ') | (0x1Full << '\t'))

static bool ascii_space(char c)
{
    return (unsigned char)c <= ' ' && ((ASCII_SPACES >> (unsigned char)c) & 1);
}

static bool ascii_letter(char c)
{
    return (unsigned char)((c | 0x20) - 'a') < 26;
}

/* The first byte of s[i..len) that is no ASCII letter, len when there is
 * none; eight bytes at a time where the byte order allows.  A byte with
 * its case bit set is a letter when it is 'a' to 'z', and no byte with the
 * high bit is one. */
static size_t letters_end(const char *s, size_t i, size_t len)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    const uint64_t ones = 0x0101010101010101ull, high = ones << 7;
    for (; i + 8 <= len; i += 8) {
        uint64_t x;
        memcpy(&x, s + i, 8);
        uint64_t lc = (x | (ones * 0x20)) & ~high;
        /* Per byte, without carries: lc >= 'a', and lc > 'z'. */
        uint64_t ge_a = (lc + ones * (0x80 - 'a')) & high;
        uint64_t gt_z = (lc + ones * (0x80 - 'z' - 1)) & high;
        uint64_t other = (x & high) | (~ge_a & high) | gt_z;
        if (other)
            return i + (size_t)__builtin_ctzll(other) / 8;
    }
#endif
    while (i < len && ascii_letter(s[i]))
        i++;
    return i;
}

static size_t skip_ws(const char *s, size_t i, size_t len)
{
    while (i < len && ascii_space(s[i]))
        i++;
    return i;
}

static size_t token_end(const char *s, size_t i, size_t len)
{
    while (i < len && !ascii_space(s[i]))
        i++;
    return i;
}

/* Counts the token s[i..b), which is followed by white space up to nx; a
 * blank line or a line that follows one without a stop starts anew, and
 * *sentence_start says whether the next token opens a sentence. */
static void count_token(sm_learned *l, const sm_ctx *ctx, const char *s,
                        size_t len, size_t i, size_t b, size_t nx,
                        bool *sentence_start)
{
    size_t e;
    size_t a = token_core(s, i, b, &e);
    int32_t first = 0;
    if (e > a)
        sm_utf8_decode((const unsigned char *)s + a, e - a, &first);
    bool stop = e > a + 1 && s[e - 1] == '.' && sm_cp_is_letter(first);
    if (stop && e - a - 1 <= LEARN_MAX_TOKEN) {
        wcount *w = type_of(l, s, a, e - 1);
        if (sm_cp_is_upper(first))
            w->period_cap++;
        else
            w->period_low++;
        if (nx < len && opener_token(l, ctx, s, nx, token_end(s, nx, len)))
            w->after_opener++;
    } else if (e > a && !*sentence_start && e - a <= LEARN_MAX_TOKEN &&
               sm_cp_is_letter(first) && (e == b || s[e] != '.')) {
        wcount *w = type_of(l, s, a, e);
        if (sm_cp_is_upper(first))
            w->bare_cap++;
        else
            w->bare_low++;
    }
    /* Does this token end a sentence (as far as counting goes)? */
    int32_t last = 0;
    for (size_t p = b; p > i;) {
        size_t q = p - 1;
        while (q > i && ((unsigned char)s[q] & 0xC0) == 0x80)
            q--;
        sm_utf8_decode((const unsigned char *)s + q, p - q, &last);
        if (last != '"' && last != '\'' && last != ')' && last != 0x201D &&
            last != 0x2019 && last != 0x00BB)
            break;
        p = q;
    }
    *sentence_start = last == '.' || last == '?' || last == '!' || last == ':';
}

void sm_learned_add(sm_learned *l, const sm_ctx *ctx, const char *s,
                    size_t len)
{
    bool sentence_start = true;
    size_t i = skip_ws(s, 0, len);
    while (i < len) {
        /* Most tokens are ASCII letters, perhaps with a comma: no opening
         * mark, no stop, not the end of a sentence.  They are counted bare
         * here in one scan; count_token does the same to them the long
         * way. */
        size_t j = letters_end(s, i, len);
        size_t b = j < len && (s[j] == ',' || s[j] == ';') ? j + 1 : j;
        bool plain = j > i && (b == len || ascii_space(s[b]));
        if (!plain)
            b = token_end(s, b, len);
        size_t nx = b;
        bool newline = false;
        while (nx < len && ascii_space(s[nx]))
            newline |= s[nx++] == '\n';
        if (plain) {
            if (!sentence_start && j - i <= LEARN_MAX_TOKEN) {
                wcount *w = j - i <= TYPE_CACHE_KEY ? ascii_type_of(l, s, len, i, j)
                                                    : type_of(l, s, i, j);
                if (s[i] <= 'Z')
                    w->bare_cap++;
                else
                    w->bare_low++;
            }
            sentence_start = false;
        } else {
            count_token(l, ctx, s, len, i, b, nx, &sentence_start);
        }
        sentence_start = sentence_start || newline;
        i = nx;
    }
}

int sm_learned_verdict(const sm_learned *l, const char *key, size_t n,
                       bool cap)
{
    if (!l || n == 0)
        return SM_LEARN_UNKNOWN;
    uint32_t id = sm_intern_find(&l->types, key, n);
    if (id == UINT32_MAX || id >= l->counts.n)
        return SM_LEARN_UNKNOWN;
    const wcount *w = &l->counts.v[id];
    uint32_t period = cap ? w->period_cap : w->period_low;
    uint32_t bare = cap ? w->bare_cap : w->bare_low;
    if (bare >= LEARN_MIN_BARE && bare >= period)
        return SM_LEARN_WORD;
    if (bare > 0 || period == 0 || w->letters > LEARN_MAX_LETTERS ||
        !w->one_cap)
        return SM_LEARN_UNKNOWN;
    if (w->vowelless && w->letters >= 2)
        return SM_LEARN_ABBREV;
    uint32_t all = w->period_cap + w->period_low;
    if (all >= LEARN_MIN_PERIODS &&
        (double)w->after_opener <= LEARN_MAX_OPENER_SHARE * (double)all)
        return SM_LEARN_ABBREV;
    return SM_LEARN_UNKNOWN;
}
