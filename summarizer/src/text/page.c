/*
 * page.c: sentences that are page furniture, not article text.
 *
 * Line rules (clean.c, dump.c) drop whole lines and blocks of furniture; what
 * they let through is furniture written as sentences, glued into a
 * paragraph or shaped like prose: a prompt to the reader, a legal line, a
 * byline, a teaser headline, a row of items.  Each signal below
 * is general, looks at one sentence, and reads its words from
 * models/<lang>/standalone.txt (markers explained there):
 *
 *   READER   the page talks to its reader: an imperative of the web at the
 *            start ("Subscribe ...", "Please ...", '?' entries), one that
 *            needs a word of the web ("Get our newsletter", ';' entries
 *            with '~' words), a second-person
 *            word with a word of the web ("your inbox", '&' and '~'
 *            entries), or a web address or markup ('{').
 *   LEGAL    copyright, consent and disclaimer boilerplate ('=' entries, a
 *            '}' mark), LEGAL_WEAK_WORDS of its vocabulary ('%') outside
 *            quotes, or one in a short sentence to the reader ("Your
 *            privacy is important to us.").
 *   CREDIT   a byline opener ("Posted by", '^') or a bio: a name, "is a"
 *            and a role within a few words ("... is a senior reporter who
 *            covers ...", '|' entries).
 *   TEASER   a headline's shape: Title Case (capitalised function words,
 *            the ones a sentence never capitalises), a cut ending ("…"),
 *            or a label and a question ("Alcohol use disorder: a step
 *            toward better treatment?").
 *   LIST     a row of items (LIST_MIN_MARKS list marks, '<' entries) or a
 *            counter or timestamp (numbers and furniture.txt's '@' words).
 *
 * Each has its weight in standalone.c.  Quoted speech is never READER
 * (a speaker may say "you") unless it holds an address or markup.
 */
#include "text/text.h"

#include <string.h>

/* Words of a listed phrase looked at ("not intended as a substitute" is
 * five). */
#define MAX_PHRASE_WORDS 5
/* A legal line has one '=' phrase or this many '%' words: one legal word
 * is common in news about the law ("a copyright case"); two outside a
 * quotation, or one phrase of boilerplate, are not. */
#define LEGAL_WEAK_WORDS 2
/* Title Case: at least TITLE_MIN_WORDS words, of which (past the first,
 * and outside quotations) TITLE_SHARE_NUM/TITLE_SHARE_DEN are capitalised,
 * among them TITLE_MIN_CAPS function words ("Why Are So Many Ferries
 * Running Late This Summer?").  A sentence full of names ("President Xi
 * met Putin in Moscow") capitalises no function word; a name that does
 * ("drawled All For One") is a short run within a longer sentence, and
 * "All For One probed." is too short to judge. */
#define TITLE_MIN_WORDS 5
#define TITLE_SHARE_NUM 2
#define TITLE_SHARE_DEN 3
#define TITLE_MIN_CAPS 2
/* Counters and timestamps: at most this many words ("Comments (105)",
 * "Updated 3 hours ago", "1.2K shares"), of which at least
 * COUNTER_SHARE_NUM/COUNTER_SHARE_DEN are numbers or counter words. */
#define COUNTER_MAX_WORDS 10
#define COUNTER_SHARE_NUM 2
#define COUNTER_SHARE_DEN 3
/* A row of items has at least this many list marks ("Politics • Arts •
 * Sign in"); one is a separator a sentence may hold. */
#define LIST_MIN_MARKS 2
/* A teaser's label before its question: "OnePlus 3T vs OnePlus 3: what's
 * the difference?" has five words; a sentence that asks after a clause
 * ("It is not clear how they work: how often ...?") has more. */
#define LABEL_MAX_WORDS 6
/* ...and at least this many: "Q: Did you ...?" is an interview's line. */
#define LABEL_MIN_WORDS 2
/* A short imperative that names the reader or the site is a prompt ("Try
 * our other games!", "Make it your default."); a longer one is advice an
 * article gives ("Keep your receipts and check them against ...").  The
 * prompts seen on pages have 3-8 words. */
#define PROMPT_MAX_WORDS 8
/* A bio's name is at most this many capitalised words before "is a". */
#define BIO_MAX_NAME_WORDS 4
/* ...and its role comes within this many words after "a" ("a senior
 * technology reporter"). */
#define BIO_ROLE_WINDOW 4

/* Bytes of room past two copies of the sentence: the prefix mark and
 * marker of a key and the NUL, with room to spare. */
#define KEY_SLACK 8

typedef struct page_scan {
    const sm_ctx *ctx;
    const char *s; /* the sentence as written */
    sm_buf *b;     /* b->s[0..n): s with ASCII letters lowered; keys after */
    size_t n;
    /* The last word page_head looked up (SIZE_MAX: none) and its answer:
     * count_word asks it, then each phrase search at that word again. */
    size_t head_at, head_end;
    uint32_t head_marks;
} page_scan;

static inline bool word_cp(int32_t c)
{
    if (c < 0x80) /* most of any text: two range tests */
        return (unsigned)((c | 32) - 'a') < 26u || (unsigned)(c - '0') < 10u;
    return sm_cp_is_letter_u(c) || sm_cp_is_digit_u(c);
}

/* Whether the byte b is an ASCII letter or digit. */
static inline bool ascii_word_byte(unsigned char b)
{
    return (unsigned)((b | 32) - 'a') < 26u || (unsigned)(b - '0') < 10u;
}

static int32_t cp_at(const char *s, size_t n, size_t i, size_t *k)
{
    int32_t c;
    *k = sm_utf8_decode((const unsigned char *)s + i, n - i, &c);
    return c;
}

/* End of the token at i: letters and digits, with inner hyphens, slashes,
 * dots and apostrophes ("and/or", "e-mail", "don't", "u.s"). */
static size_t tok_end(const char *s, size_t n, size_t i)
{
    size_t a = i;
    while (i < n) {
        unsigned char b = (unsigned char)s[i];
        if (ascii_word_byte(b)) {
            i++;
            continue;
        }
        /* Most words end at a space or a comma: no character to decode. */
        if (b < 0x80 && b != '-' && b != '/' && b != '.' && b != '\'')
            break;
        size_t k;
        int32_t c = cp_at(s, n, i, &k);
        if (word_cp(c)) {
            i += k;
            continue;
        }
        if (i > a && i + k < n &&
            (c == '-' || c == '/' || c == '.' || c == '\'' || c == 0x2019)) {
            size_t k2;
            if (word_cp(cp_at(s, n, i + k, &k2))) {
                i += k;
                continue;
            }
        }
        break;
    }
    return i;
}

/* Start of the next token at or after i (n when none). */
static size_t tok_next(const char *s, size_t n, size_t i)
{
    while (i < n) {
        unsigned char b = (unsigned char)s[i];
        if (b < 0x80) { /* no character to decode */
            if (ascii_word_byte(b))
                break;
            i++;
            continue;
        }
        size_t k;
        if (word_cp(cp_at(s, n, i, &k)))
            break;
        i += k;
    }
    return i;
}

/* The markers (bits of SM_PAGE_MARKERS) of the page phrases that open
 * with the word low[i..e), 0 for none (ctx->page_heads and page_marks,
 * which ctx.c makes when it reads the list): most words open none, and
 * then no phrase needs building. */
static uint32_t page_head(page_scan *sc, size_t i, size_t e)
{
    if (sc->head_at == i)
        return sc->head_marks;
    sc->head_at = i;
    sc->head_end = e;
    sc->head_marks = 0;
    unsigned h = sm_pair_hash((unsigned char)sc->b->s[i],
                              e - i > 1 ? (unsigned char)sc->b->s[i + 1] : 0);
    if (!((sc->ctx->page_head_pairs[h >> 6] >> (h & 63)) & 1))
        return 0;
    uint32_t id = sm_intern_find(&sc->ctx->page_heads, sc->b->s + i, e - i);
    if (id != UINT32_MAX)
        sc->head_marks = sc->ctx->page_marks.v[id];
    return sc->head_marks;
}

/* marker's bit in page_head's answer. */
static uint32_t marker_bit(char marker)
{
    const char *m = strchr(SM_PAGE_MARKERS, marker);
    return m && marker ? 1u << (m - SM_PAGE_MARKERS) : 0;
}

/* End of the longest listed phrase marker + words from a (0 if none).
 * Words are joined by one space whatever separates them in the text. */
static size_t phrase_at(page_scan *sc, char marker, size_t a)
{
    sm_buf *b = sc->b;
    size_t found = 0;
    /* The key is SM_PAGE_PREFIX, the marker and the phrase: from the
     * marker on, the phrase's entry; whole, the entry saying that a longer
     * phrase starts with it (common/ctx.c). */
    b->len = sc->n;
    sm_buf_addc(b, SM_PAGE_PREFIX);
    sm_buf_addc(b, marker);
    size_t i = a;
    for (int k = 0; k < MAX_PHRASE_WORDS && i < sc->n; k++) {
        /* The first word's end is page_head's when it was just asked. */
        /* The first word's end is page_head's when it was just asked. */
        size_t e = k == 0 && sc->head_at == i ? sc->head_end : tok_end(b->s, sc->n, i);
        if (e == i)
            break;
        if (k == 0 && !(page_head(sc, i, e) & marker_bit(marker)))
            break;
        if (k)
            sm_buf_addc(b, ' ');
        /* No reallocation: room for the whole sentence was reserved.  A
         * typographic apostrophe is looked up as a straight one. */
        for (size_t q = i; q < e; q++) {
            if ((unsigned char)b->s[q] == 0xE2 && q + 2 < e &&
                (unsigned char)b->s[q + 1] == 0x80 &&
                (unsigned char)b->s[q + 2] == 0x99) {
                sm_buf_addc(b, '\'');
                q += 2;
            } else {
                sm_buf_addc(b, b->s[q]);
            }
        }
        if (sm_wordset_has(&sc->ctx->standalone, b->s + sc->n + 1,
                           b->len - sc->n - 1))
            found = e;
        if (!sm_wordset_has(&sc->ctx->standalone, b->s + sc->n,
                            b->len - sc->n))
            break; /* no longer phrase starts so */
        size_t j = e;
        while (j < sc->n && (b->s[j] == ' ' || b->s[j] == '\n' ||
                             b->s[j] == '\t'))
            j++;
        if (j == e || j >= sc->n)
            break;
        i = j;
    }
    b->len = sc->n;
    return found;
}

/* Occurrences of '<'/'{' marks (written as is, anywhere). */
static size_t count_marks(const page_scan *sc, char marker)
{
    const sm_intern *set = &sc->ctx->standalone.set;
    size_t count = 0;
    for (size_t x = 0; x < sc->ctx->standalone_anywhere.n; x++) {
        uint32_t k = sc->ctx->standalone_anywhere.v[x];
        const char *e = set->strs.v[k];
        size_t el = set->lens.v[k] - 1;
        if (e[0] != marker || el == 0)
            continue;
        const char *p = sc->b->s, *end = sc->b->s + sc->n;
        while ((size_t)(end - p) >= el &&
               (p = memchr(p, e[1], (size_t)(end - p) - el + 1)) != NULL) {
            if ((el == 1 || p[1] == e[2]) && memcmp(p, e + 1, el) == 0) {
                count++;
                p += el;
            } else {
                p++;
            }
        }
    }
    return count;
}

static bool has_quote(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] == '"' || ((unsigned char)s[i] == 0xE2 && i + 2 < n &&
                            (unsigned char)s[i + 1] == 0x80 &&
                            ((unsigned char)s[i + 2] == 0x9C ||
                             (unsigned char)s[i + 2] == 0x9D)))
            return true;
    return false;
}

static bool upper_at(const char *s, size_t n, size_t i)
{
    size_t k;
    return sm_cp_is_upper(cp_at(s, n, i, &k));
}

/* What the words of one sentence add up to. */
typedef struct page_counts {
    size_t words, reader, voice, prompt, web, legal, strong_legal;
    size_t case_words, title_words, stop_caps, counters, numbers;
    size_t last[MAX_PHRASE_WORDS]; /* where the last words start */
    size_t end;                    /* where the last word ends */
} page_counts;

/* Title Case's capital: an upper-case letter then a lower-case one
 * ("There"), not a word in capitals ("HOW") or "I". */
static bool title_word(const char *s, size_t n, size_t i, size_t e)
{
    size_t k, k2;
    if (!sm_cp_is_upper(cp_at(s, n, i, &k)) || i + k >= e)
        return false;
    return sm_cp_is_lower(cp_at(s, n, i + k, &k2));
}

/* Counts the word low[i..e); skip_case: its capital says nothing (the
 * first word of a sentence, a label or a quotation). */
static void count_word(page_scan *sc, page_counts *pc, size_t i, size_t e,
                       bool skip_case)
{
    const sm_ctx *ctx = sc->ctx;
    const char *low = sc->b->s;
    pc->last[pc->words % MAX_PHRASE_WORDS] = i;
    pc->end = e;
    pc->words++;
    uint32_t marks = page_head(sc, i, e);
    if (marks) {
        if ((marks & marker_bit('&')) && phrase_at(sc, '&', i))
            pc->reader++;
        if ((marks & marker_bit('"')) && phrase_at(sc, '"', i))
            pc->voice++;
        if ((marks & marker_bit(')')) && phrase_at(sc, ')', i))
            pc->prompt++;
        if ((marks & marker_bit('~')) && phrase_at(sc, '~', i))
            pc->web++;
        if ((marks & marker_bit('=')) && phrase_at(sc, '=', i))
            pc->strong_legal++;
        else if ((marks & marker_bit('%')) && phrase_at(sc, '%', i))
            pc->legal++;
    }
    if (low[i] >= '0' && low[i] <= '9') {
        pc->numbers++;
    } else if (pc->words <= COUNTER_MAX_WORDS) {
        /* furniture.txt's '@' words: "ago", "comments", "updated" ... */
        sm_buf *b = sc->b;
        if (sm_furniture_maybe(ctx, '@', low + i, e - i)) {
            b->len = sc->n;
            sm_buf_addc(b, '@');
            sm_buf_add(b, low + i, e - i);
            if (sm_wordset_has(&ctx->furniture, b->s + sc->n, b->len - sc->n))
                pc->counters++;
            b->len = sc->n;
        }
    }
    if (!skip_case) {
        pc->case_words++;
        if (title_word(sc->s, sc->n, i, e))
            pc->title_words++;
    }
}

/* Calls fn for every word of the sentence with whether its capital says
 * nothing (the first word of the sentence, of a label, of a quotation, or
 * a word within double quotes: a title, "Let It Be"). */
static void each_word(page_scan *sc, page_counts *pc,
                      void (*fn)(page_scan *, page_counts *, size_t, size_t,
                                 bool))
{
    const char *low = sc->b->s;
    bool restart = true; /* a capital here is a sentence's or label's */
    bool inside = false; /* within double quotes */
    for (size_t i = tok_next(low, sc->n, 0); i < sc->n;) {
        size_t e = tok_end(low, sc->n, i);
        fn(sc, pc, i, e, restart || inside);
        size_t j = tok_next(low, sc->n, e);
        restart = false;
        for (size_t q = e; q < j; q++) {
            if (low[q] == ':' || low[q] == '"' || low[q] == '(' ||
                low[q] == '-' || (unsigned char)low[q] == 0xE2)
                restart = true;
            if (low[q] == '"')
                inside = !inside;
            else if ((unsigned char)low[q] == 0xE2 && q + 2 < j &&
                     (unsigned char)low[q + 1] == 0x80 &&
                     ((unsigned char)low[q + 2] == 0x9C ||
                      (unsigned char)low[q + 2] == 0x9D))
                inside = (unsigned char)low[q + 2] == 0x9C;
        }
        i = j;
    }
}

/* Capitalised function words, counted only for a sentence capitalised
 * enough to be a title. */
static void count_case(page_scan *sc, page_counts *pc, size_t i, size_t e,
                       bool skip_case)
{
    if (!skip_case && title_word(sc->s, sc->n, i, e) &&
        sm_wordset_has(&sc->ctx->stopwords, sc->b->s + i, e - i))
        pc->stop_caps++;
}

static bool title_case(page_scan *sc, page_counts *pc)
{
    if (pc->words < TITLE_MIN_WORDS ||
        pc->title_words * TITLE_SHARE_DEN < pc->case_words * TITLE_SHARE_NUM)
        return false;
    each_word(sc, pc, count_case);
    return pc->stop_caps >= TITLE_MIN_CAPS;
}

/* "<Name> is a [senior] <role> ...": an author's bio. */
static bool bio(page_scan *sc)
{
    const char *low = sc->b->s;
    size_t i = tok_next(low, sc->n, 0), names = 0;
    while (i < sc->n && upper_at(sc->s, sc->n, i) && names <= BIO_MAX_NAME_WORDS) {
        size_t e = tok_end(low, sc->n, i);
        names++;
        i = tok_next(low, sc->n, e);
    }
    if (names == 0 || names > BIO_MAX_NAME_WORDS || i >= sc->n)
        return false;
    size_t e = tok_end(low, sc->n, i);
    if (!(e - i == 2 && memcmp(low + i, "is", 2) == 0))
        return false;
    i = tok_next(low, sc->n, e);
    e = tok_end(low, sc->n, i);
    if (!((e - i == 1 && low[i] == 'a') ||
          (e - i == 2 && memcmp(low + i, "an", 2) == 0)))
        return false;
    for (int k = 0; k < BIO_ROLE_WINDOW && i < sc->n; k++) {
        i = tok_next(low, sc->n, e);
        if (i >= sc->n)
            break;
        e = tok_end(low, sc->n, i);
        if (phrase_at(sc, '|', i))
            return true;
    }
    return false;
}

/* The last visible character is an ellipsis ("…", "..." or ". . ."). */
static bool cut_ending(const char *s, size_t n)
{
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\n' || s[n - 1] == '\t'))
        n--;
    if (n >= 3 && memcmp(s + n - 3, "\xE2\x80\xA6", 3) == 0)
        return true;
    return (n >= 3 && memcmp(s + n - 3, "...", 3) == 0) ||
           (n >= 5 && memcmp(s + n - 5, ". . .", 5) == 0);
}

/* A short sentence (at most PROMPT_MAX_WORDS words) ends with a tagline's
 * words (']' entries: "Health tips, wellness advice and more."): a site's
 * motto, not a fact. */
static bool tagline(page_scan *sc, const page_counts *pc)
{
    size_t k = pc->words;
    /* A motto is short; "... is all one would hope for and more" in a
     * review is an opinion. */
    if (k > PROMPT_MAX_WORDS)
        return false;
    for (size_t m = 1; m <= MAX_PHRASE_WORDS && m <= k; m++)
        if (phrase_at(sc, ']', pc->last[(k - m) % MAX_PHRASE_WORDS]) ==
            pc->end)
            return true;
    return false;
}

/* "Label: question?" with no quotation and a label of LABEL_MIN_WORDS to
 * LABEL_MAX_WORDS words: a teaser's headline. */
static bool label_question(const char *s, size_t n)
{
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\n'))
        n--;
    if (!n || s[n - 1] != '?' || has_quote(s, n))
        return false;
    const char *c = memchr(s, ':', n);
    if (!c || c + 1 >= s + n || c[1] != ' ')
        return false;
    size_t words = sm_count_words(s, (size_t)(c - s));
    return words >= LABEL_MIN_WORDS && words <= LABEL_MAX_WORDS;
}

/* The page speaks to its reader (READER, see the top of the file). */
static bool reader_prompt(page_scan *sc, const page_counts *pc, bool quoted)
{
    /* Markup and addresses have quotes of their own (href="..."). */
    if (count_marks(sc, '{'))
        return true;
    if (quoted)
        return false;
    size_t w = tok_next(sc->b->s, sc->n, 0);
    if (w < sc->n && (phrase_at(sc, '?', w) ||
                      ((pc->web || ((pc->reader || pc->voice) &&
                                    pc->words <= PROMPT_MAX_WORDS)) &&
                       phrase_at(sc, ';', w))))
        return true;
    return pc->prompt || ((pc->reader || pc->voice) && pc->web);
}

uint32_t sm_page_reasons(const sm_ctx *ctx, sm_buf *tmp, const char *s,
                         size_t n)
{
    tmp->len = 0;
    /* The sentence, then a key of at most a prefix mark, a marker and the
     * sentence again: adding a key never moves the text. */
    sm_buf_reserve(tmp, 2 * n + KEY_SLACK);
    sm_buf_add(tmp, s, n);
    for (size_t i = 0; i < n; i++)
        if (tmp->s[i] >= 'A' && tmp->s[i] <= 'Z')
            tmp->s[i] = (char)(tmp->s[i] + 32);
    page_scan sc = {.ctx = ctx, .s = s, .b = tmp, .n = n, .head_at = SIZE_MAX};
    page_counts pc = {0};
    each_word(&sc, &pc, count_word);
    uint32_t r = 0;
    if (pc.words == 0)
        goto done;
    bool quoted = has_quote(s, n);
    if (reader_prompt(&sc, &pc, quoted))
        r |= SM_ALONE_READER;
    /* Weak legal words only outside quotations: an article about the law
     * quotes its terms. */
    if (pc.strong_legal || count_marks(&sc, '}') ||
        (!quoted && (pc.legal >= LEGAL_WEAK_WORDS ||
                     (pc.legal && (pc.reader || pc.voice) &&
                      pc.words <= PROMPT_MAX_WORDS))))
        r |= SM_ALONE_LEGAL;
    size_t w = tok_next(tmp->s, n, 0);
    if (phrase_at(&sc, '^', w) || bio(&sc))
        r |= SM_ALONE_CREDIT;
    if (cut_ending(s, n) || label_question(s, n) || tagline(&sc, &pc) ||
        title_case(&sc, &pc))
        r |= SM_ALONE_TEASER;
    if (count_marks(&sc, '<') >= LIST_MIN_MARKS ||
        (pc.words <= COUNTER_MAX_WORDS && pc.numbers &&
         (pc.numbers + pc.counters) * COUNTER_SHARE_DEN >=
             pc.words * COUNTER_SHARE_NUM))
        r |= SM_ALONE_LIST;
done:
    tmp->len = 0;
    return r;
}
