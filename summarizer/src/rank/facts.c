/*
 * facts.c: do two sentences report the same fact, worded apart?
 *
 * Two outlets rarely share enough words for a tf-idf cosine to call their
 * sentences one fact ("Chinese leader Xi Jinping began a three-day visit to
 * Moscow on Monday" / "On Monday, March 20, Chinese President Xi Jinping met
 * Russian President Vladimir Putin in Moscow"), but they name the same
 * actors, places and times and give the same numbers.  A sentence's fact
 * keys are its names (capitalised words that are not stopwords, and
 * all-capital acronyms) and its numbers (digits only: "$350m" and "$350
 * million" are both 350).  Keys are weighted by their idf over the set the
 * caller adds (a topic's candidates): in a briefing on Xi and Putin their
 * names weigh little, "Monday" or "350" much more.
 *
 * Two sentences are the same fact when they share at least FACT_MIN_SHARED
 * keys, among them a figure of two digits or more or a day
 * (models/<lang>/time.txt: "Monday", "March", "today"), since names alone
 * are shared by every sentence of a topic; and those keys carry at least
 * FACT_MIN_SHARE of the key weight of the lighter sentence: it names
 * nothing the other does not.  Names alone need more (FACT_MIN_NAMES).
 * Two sentences quoting the same words report one statement.  On
 * tests/fixtures/facts/pairs.tsv (79 pairs labelled by hand from the
 * bundled corpus, 40 of them one fact), tests/test_facts.c measures the
 * whole rule at precision 0.889, recall 0.600, against 0.864 and 0.475 for
 * the tf-idf cosine alone.  (An
 * idf-weighted overlap coefficient of all content terms, tried as a third
 * path, bought recall only with precision: 0.60 recall at 0.73.)
 */
#include "rank/rank.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Shared keys needed: one shared name is every sentence of a topic. */
#define FACT_MIN_SHARED 2
/* Share of the lighter sentence's key weight the shared keys must carry. */
#define FACT_MIN_SHARE 0.5
/* Without a shared figure or day, names alone decide only when the lighter
 * sentence names nothing else: at least this many shared, carrying this
 * share of its weight ("Putin was hosting Chinese leader Xi Jinping for a
 * three-day visit to Moscow" / "Chinese President Xi Jinping met Russian
 * President Vladimir Putin in Moscow").  On the labelled pairs 4 and 0.9
 * gained recall without losing precision; 3 names or a share of 0.7-0.8
 * merged distinct facts of the same two leaders. */
#define FACT_MIN_NAMES 4
#define FACT_NAMES_SHARE 0.9
/* A shared quotation of this many words is one statement reported twice;
 * a single quoted word ("peace") is a scare quote, not a statement. */
#define QUOTE_MIN_WORDS 2
/* Longest key looked at; longer tokens are no names or numbers. */
#define FACT_MAX_KEY 64

struct sm_facts {
    const sm_corpus *c;
    sm_wordset time; /* models/<lang>/time.txt */
    sm_intern keys;
    SM_VEC(uint32_t) df;
    size_t n; /* sentences added */
    sm_buf tmp;
    sm_u32vec ka, kb;
};

static void facts_cleanup(void *slot)
{
    sm_facts **f = slot;
    sm_facts_free(*f);
    *f = NULL;
}

sm_facts *sm_facts_new(const sm_corpus *c)
{
    sm_facts *f = NULL;
    sm_cleanup c_f;
    sm_cleanup_push(&c_f, facts_cleanup, &f);
    f = sm_xcalloc(1, sizeof *f);
    f->c = c;
    sm_buf_printf(&f->tmp, "%s/%s/time.txt", c->ctx->models_dir, c->ctx->lang);
    sm_wordset_load(&f->time, f->tmp.s);
    sm_cleanup_pop(&c_f);
    return f;
}

void sm_facts_free(sm_facts *f)
{
    if (!f)
        return;
    sm_intern_free(&f->keys);
    sm_intern_free(&f->time.set);
    SM_FREEVEC(f->df);
    sm_buf_free(&f->tmp);
    SM_FREEVEC(f->ka);
    SM_FREEVEC(f->kb);
    free(f);
}

static bool is_digit(int32_t c)
{
    return c >= '0' && c <= '9';
}

/* Adds the key of token s[a..b) (letters, digits) to out, if it is one. */
static void token_key(sm_facts *f, const char *s, size_t a, size_t b,
                      sm_u32vec *out)
{
    if (b - a > FACT_MAX_KEY)
        return;
    bool digit = false;
    size_t letters = 0, caps = 0;
    for (size_t i = a; i < b;) {
        int32_t c;
        i += sm_utf8_decode((const unsigned char *)s + i, b - i, &c);
        digit = digit || is_digit(c);
        if (sm_cp_is_letter(c)) {
            letters++;
            caps += sm_cp_is_upper(c);
        }
    }
    f->tmp.len = 0;
    if (digit) {
        /* The number's digits (and decimal point): "$350m" -> "350". */
        for (size_t i = a; i < b; i++)
            if (is_digit((unsigned char)s[i]) ||
                (s[i] == '.' && i > a && i + 1 < b && is_digit((unsigned char)s[i + 1])))
                sm_buf_addc(&f->tmp, s[i]);
    } else {
        int32_t c;
        sm_utf8_decode((const unsigned char *)s + a, b - a, &c);
        if (!sm_cp_is_upper(c))
            return;
        sm_lower(s + a, b - a, &f->tmp);
        bool acronym = letters >= 2 && caps == letters;
        if (!acronym && sm_wordset_has(&f->c->ctx->stopwords, f->tmp.s, f->tmp.len))
            return;
    }
    if (f->tmp.len == 0)
        return;
    uint32_t id = sm_intern_add(&f->keys, f->tmp.s, f->tmp.len);
    while (f->df.n <= id)
        SM_PUSH(f->df, 0);
    for (size_t k = 0; k < out->n; k++)
        if (out->v[k] == id)
            return;
    SM_PUSH(*out, id);
}

/* The distinct keys of sentence id, in order of appearance. */
static void sentence_keys(sm_facts *f, uint32_t id, sm_u32vec *out)
{
    const sm_sent *s = &f->c->sents.v[id];
    const char *t = s->text;
    size_t n = s->len, i = 0;
    out->n = 0;
    while (i < n) {
        int32_t c;
        size_t k = sm_utf8_decode((const unsigned char *)t + i, n - i, &c);
        if (!(sm_cp_is_letter(c) || is_digit(c))) {
            i += k;
            continue;
        }
        /* A token: letters and digits, with inner hyphens, and inner dots
         * or commas between digits ("4.5", "1,000"). */
        size_t a = i;
        while (i < n) {
            k = sm_utf8_decode((const unsigned char *)t + i, n - i, &c);
            if (sm_cp_is_letter(c) || is_digit(c)) {
                i += k;
                continue;
            }
            if ((c == '-' || c == '.' || c == ',') && i + 1 < n && i > a) {
                int32_t d;
                sm_utf8_decode((const unsigned char *)t + i + 1, n - i - 1, &d);
                bool num = is_digit(d) && is_digit((unsigned char)t[i - 1]);
                if ((c == '-' && sm_cp_is_letter(d)) || num) {
                    i += 1;
                    continue;
                }
            }
            break;
        }
        token_key(f, t, a, i, out);
    }
}

void sm_facts_add(sm_facts *f, uint32_t id)
{
    sentence_keys(f, id, &f->ka);
    for (size_t k = 0; k < f->ka.n; k++)
        f->df.v[f->ka.v[k]]++;
    f->n++;
}

static double key_weight(const sm_facts *f, uint32_t k)
{
    double df = k < f->df.n ? (double)f->df.v[k] : 0.0;
    return log(((double)f->n + 1.0) / (df + 0.5));
}

bool sm_facts_share_keys(sm_facts *f, uint32_t a, uint32_t b)
{
    sentence_keys(f, a, &f->ka);
    sentence_keys(f, b, &f->kb);
    double wa = 0, wb = 0, ws = 0;
    size_t shared = 0;
    bool when = false; /* a shared number or day */
    for (size_t i = 0; i < f->ka.n; i++) {
        double w = key_weight(f, f->ka.v[i]);
        wa += w > 0 ? w : 0;
    }
    for (size_t j = 0; j < f->kb.n; j++) {
        double w = key_weight(f, f->kb.v[j]);
        wb += w > 0 ? w : 0;
        for (size_t i = 0; i < f->ka.n; i++)
            if (f->ka.v[i] == f->kb.v[j]) {
                shared++;
                ws += w > 0 ? w : 0;
                const char *k = f->keys.strs.v[f->kb.v[j]];
                /* One digit is more often part of a name ("Leopard 2")
                 * than a figure of the event. */
                when = when || (is_digit((unsigned char)k[0]) && f->keys.lens.v[f->kb.v[j]] > 1) ||
                       sm_wordset_has(&f->time, k, f->keys.lens.v[f->kb.v[j]]);
                break;
            }
    }
    double lighter = wa < wb ? wa : wb;
    if (lighter <= 0 || shared < FACT_MIN_SHARED)
        return false;
    if (!when)
        return shared >= FACT_MIN_NAMES && ws >= FACT_NAMES_SHARE * lighter;
    return ws >= FACT_MIN_SHARE * lighter;
}

/* The next quotation in s[*i..n): straight or curly double quotes.  Sets
 * [*qa, *qb) to its words and returns false when there is none. */
static bool next_quote(const char *s, size_t n, size_t *i, size_t *qa,
                       size_t *qb)
{
    while (*i < n) {
        size_t a = *i;
        bool curly = a + 2 < n && (unsigned char)s[a] == 0xE2 &&
                     (unsigned char)s[a + 1] == 0x80 && (unsigned char)s[a + 2] == 0x9C;
        if (s[a] != '"' && !curly) {
            (*i)++;
            continue;
        }
        a += curly ? 3 : 1;
        for (size_t b = a; b < n; b++) {
            bool end = curly ? (b + 2 < n && (unsigned char)s[b] == 0xE2 &&
                                (unsigned char)s[b + 1] == 0x80 &&
                                (unsigned char)s[b + 2] == 0x9D)
                             : s[b] == '"';
            if (end) {
                *qa = a;
                *qb = b;
                *i = b + (curly ? 3 : 1);
                return true;
            }
        }
        *i = n;
    }
    return false;
}

/* Whether the two sentences quote the same words (QUOTE_MIN_WORDS or
 * more, case and closing punctuation aside): they report one statement
 * ("dear friend" in three outlets). */
static bool shared_quote(sm_facts *f, const sm_sent *x, const sm_sent *y)
{
    size_t i = 0, qa, qb;
    while (next_quote(x->text, x->len, &i, &qa, &qb)) {
        while (qb > qa && strchr(".,;:!? ", x->text[qb - 1]))
            qb--;
        if (sm_count_words(x->text + qa, qb - qa) < QUOTE_MIN_WORDS)
            continue;
        f->tmp.len = 0;
        sm_lower(x->text + qa, qb - qa, &f->tmp);
        size_t j = 0, ra, rb;
        sm_buf other = {0};
        bool same = false;
        while (!same && next_quote(y->text, y->len, &j, &ra, &rb)) {
            while (rb > ra && strchr(".,;:!? ", y->text[rb - 1]))
                rb--;
            other.len = 0;
            sm_lower(y->text + ra, rb - ra, &other);
            same = other.len == f->tmp.len && memcmp(other.s, f->tmp.s, other.len) == 0;
        }
        sm_buf_free(&other);
        if (same)
            return true;
    }
    return false;
}

/* Whether two documents may report the same event: the same day, or a day
 * unknown for either. */
static bool same_day(const sm_corpus *c, uint32_t da, uint32_t db)
{
    const char *x = c->docs.v[da].date, *y = c->docs.v[db].date;
    return !x || !y || strcmp(x, y) == 0;
}

bool sm_same_fact(sm_facts *f, uint32_t a, uint32_t b, double cos)
{
    const sm_corpus *c = f->c;
    const sm_sent *x = &c->sents.v[a], *y = &c->sents.v[b];
    if (cos >= SM_MAX_SIM)
        return true;
    /* Texts without any term have no cosine but can still be equal. */
    if (x->len == y->len && memcmp(x->text, y->text, x->len) == 0)
        return true;
    if (!same_day(c, x->doc, y->doc))
        return false;
    return cos >= SM_SAME_FACT_COS || sm_facts_share_keys(f, a, b) ||
           shared_quote(f, x, y);
}
