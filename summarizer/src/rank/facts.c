/*
 * facts.c: do two sentences report the same fact, worded apart?
 *
 * Two outlets rarely share enough words for a tf-idf cosine to call their
 * sentences one fact ("Chinese leader Xi Jinping began a three-day visit to
 * Moscow on Monday" / "On Monday, March 20, Chinese President Xi Jinping met
 * Russian President Vladimir Putin in Moscow"), but they name the same
 * actors, places and times and give the same numbers.  A sentence's fact
 * keys are its names (capitalised words that are not stopwords, and
 * acronyms, "U.S." as "US") and its figures, by value: "$350m", "$350
 * million" and "350,000,000" are all 350000000, "one million", "1m" and
 * "1 mio" all 1000000, "Eighteen" is 18, while "$350bn" differs
 * (models/<lang>/numbers.txt: number words and scale words).  An acronym
 * also matches the initials of a run of names in the other sentence
 * ("EU" / "European Union", "ICC" / "International Criminal Court").  Keys
 * are weighted by their idf over the set the caller adds (a topic's
 * candidates): in a briefing on Xi and Putin their names weigh little,
 * "Monday" or "350" much more.
 *
 * Two sentences are the same fact when they share at least FACT_MIN_SHARED
 * keys, among them a figure of two digits or more or a day
 * (models/<lang>/time.txt: "Monday", "March", "today"), since names alone
 * are shared by every sentence of a topic; and those keys carry at least
 * FACT_MIN_SHARE of the key weight of the lighter sentence: it names
 * nothing the other does not.  Names alone need more (FACT_MIN_NAMES).
 * A shared day without a shared figure also needs some words in common
 * (FACT_NEAR_COS).  A paraphrase just short of the cosine (FACT_NEAR_COS)
 * is one fact when the lighter sentence names nothing the other does not.
 * Two sentences quoting the same words, or one quoting part of what the
 * other quotes, report one statement, on any day.  For the digest
 * (sm_facts_tell_weekdays), two sentences that each name a weekday and
 * none in common report two events, however alike they are: an undated
 * page counts as any day, and one publication day covers a week of
 * events ("engineers said on Saturday ... 12 million pounds" / "the
 * council on Tuesday approved 12 million pounds", cosine 0.40,
 * tests/fixtures/facts/weekdays).  On
 * tests/fixtures/facts/pairs.tsv (97 pairs labelled by hand from the
 * bundled corpus, 45 of them one fact), tests/test_facts.c measures the
 * whole rule at precision 0.914, recall 0.711, against 0.828 and 0.533 for
 * the tf-idf cosine alone (on the first 95, 0.857 and 0.533; the rule is
 * the same with or without weekdays, the corpus's pages being dated).  On the first 87 pairs: 0.906 and 0.690; 0.900
 * and 0.643 with quotations on the same day only, no near-cosine path and
 * a day enough; 0.897 and 0.619 with figures read as digits only, no
 * initials and equal quotations only.  (An idf-weighted overlap
 * coefficient of all content terms, tried as a third path, bought recall
 * only with precision: 0.60 recall at 0.73; measured again on the 79
 * pairs, any threshold from 0.3 to 0.6 adds no true pair without a false
 * one.)
 */
#include "rank/rank.h"

#include <math.h>
#include <stdio.h>
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
/* A paraphrase whose cosine falls short of SM_SAME_FACT_COS but reaches
 * FACT_NEAR_COS is one fact when the lighter sentence names nothing the
 * other does not: its keys (at least FACT_MIN_SHARED) carry
 * FACT_ALL_SHARED of its weight in shared keys, i.e. all of them
 * ("Zelensky also reiterated his thanks to the United States for its
 * latest military aid package" / "Zelensky on Monday thanked President
 * Joe Biden ... after the US administration authorized an additional $350
 * million", cosine 0.22).  On the labelled pairs no distinct fact passes
 * both tests: distinct facts of the same actors either name someone the
 * other does not or share fewer words (the $32 billion total and how
 * drawdown packages work: all names shared, cosine 0.11). */
#define FACT_NEAR_COS 0.2
#define FACT_ALL_SHARED 0.999
/* A day shared without a figure needs that cosine too: an actor does
 * several things on one day ("On Monday, ... Blinken announced ... $350
 * million in security aid" / "Blinken on Monday reiterated that the US
 * will stand with Ukraine", cosine 0.12), while two reports of one
 * meeting or call share its words as well (0.26, 0.28 on the labelled
 * pairs).  A shared figure needs no more: "one million rounds" /
 * "1m artillery shells" share little else (0.10). */
/* A shared quotation of this many words is one statement reported twice;
 * a single quoted word ("peace") is a scare quote, not a statement. */
#define QUOTE_MIN_WORDS 2
/* Weekdays told apart: bits of a 32-bit mask, the top one marking a
 * sentence looked at (entries of weekdays.txt past this are ignored). */
#define WEEKDAYS_MAX 31
#define WEEKDAYS_DONE (1u << WEEKDAYS_MAX)
/* Longest key looked at; longer tokens are no names or numbers. */
#define FACT_MAX_KEY 64
/* A number word is a figure from this value up ("Eighteen nations"), or
 * with a scale word ("one million"): "one of", "two leaders" are no
 * figures of an event, as a one-digit number is not. */
#define NUMBER_WORD_MIN 10
/* Largest power of ten a scale word may give (a quadrillion): an entry of
 * numbers.txt beyond it is ignored, so no list makes a key longer than a
 * token plus this many zeros. */
#define FACT_MAX_SCALE 15

typedef struct token {
    size_t a, b;
} token;
typedef SM_VEC(token) tokvec;

struct sm_facts {
    const sm_corpus *c;
    sm_wordset time; /* models/<lang>/time.txt */
    sm_wordset weekdays; /* models/<lang>/weekdays.txt */
    bool tell_weekdays; /* sm_facts_tell_weekdays was called */
    bool any_day;       /* sm_facts_any_day was called */
    sm_intern keys;
    SM_VEC(uint32_t) df;
    size_t n; /* sentences added */
    sm_buf tmp, next; /* a key being made; the word after it */
    sm_u32vec ka, kb, ra, rb; /* keys and runs of the pair compared */
    SM_VEC(uint8_t) acronym;  /* per key: written in capitals */
    SM_VEC(uint8_t) ma, mb;   /* per key of a and b: matched */
    sm_intern numwords;       /* models/<lang>/numbers.txt: words */
    SM_VEC(char *) numvals;   /* and their values */
    tokvec toks;
    /* Each sentence's keys and runs, found once: a digest asks about one
     * candidate against thousands of sentences, and about the same
     * sentences for every candidate.  span[id] says where they are in
     * `kept` (allocated on the first question; pages of sentences never
     * asked about are never touched). */
    struct key_span {
        size_t keys, runs; /* offsets in kept */
        uint32_t nkeys, nruns;
        bool done;
    } *span;
    sm_u32vec kept;
    /* Per document, its date as an id (0: not looked at yet, 1: none),
     * so that comparing two days is comparing two numbers. */
    uint32_t *day;
    sm_intern days;
    /* Per document, its date as days from 1970-01-01 (DAY_UNSET: not
     * looked at yet; EVENT_UNKNOWN: none). */
    int32_t *civil;
    /* Per sentence: 0 not looked at yet, 1 no quotation of
     * QUOTE_MIN_WORDS words, 2 one at least.  A digest compares each
     * candidate with every sentence sharing a term, and most sentences
     * quote nothing: their answer is one byte, not a scan. */
    uint8_t *quoted;
    /* Per sentence: the weekdays it names, bit k for entry k of
     * weekdays.txt, with WEEKDAYS_DONE once looked at. */
    uint32_t *wdays;
};

static void intern_cleanup(void *t)
{
    sm_intern_free(t);
}

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
    /* "word value" lines: the word, and its value after the space. */
    sm_wordset nums = {0};
    sm_cleanup c_nums;
    sm_cleanup_push(&c_nums, intern_cleanup, &nums.set);
    f->tmp.len = 0;
    sm_buf_printf(&f->tmp, "%s/%s/numbers.txt", c->ctx->models_dir, c->ctx->lang);
    sm_wordset_load(&nums, f->tmp.s);
    for (size_t k = 0; k < nums.set.strs.n; k++) {
        const char *e = nums.set.strs.v[k];
        const char *sp = strchr(e, ' ');
        if (!sp || !sp[1])
            continue;
        uint32_t id = sm_intern_add(&f->numwords, e, (size_t)(sp - e));
        if (id < f->numvals.n)
            continue; /* a word listed twice: the first value */
        SM_PUSH(f->numvals, NULL);
        f->numvals.v[id] = sm_xstrdup(sp + 1);
    }
    sm_cleanup_run(&c_nums);
    sm_cleanup_pop(&c_f);
    return f;
}

static void load_weekdays(sm_facts *f)
{
    if (f->weekdays.set.strs.n)
        return;
    f->tmp.len = 0;
    sm_buf_printf(&f->tmp, "%s/%s/weekdays.txt", f->c->ctx->models_dir, f->c->ctx->lang);
    sm_wordset_load(&f->weekdays, f->tmp.s);
}

void sm_facts_tell_weekdays(sm_facts *f)
{
    load_weekdays(f);
    f->tell_weekdays = true;
}

void sm_facts_any_day(sm_facts *f)
{
    load_weekdays(f);
    f->any_day = true;
}

void sm_facts_free(sm_facts *f)
{
    if (!f)
        return;
    sm_intern_free(&f->keys);
    sm_intern_free(&f->time.set);
    sm_intern_free(&f->weekdays.set);
    SM_FREEVEC(f->df);
    sm_buf_free(&f->tmp);
    sm_buf_free(&f->next);
    SM_FREEVEC(f->ka);
    SM_FREEVEC(f->kb);
    SM_FREEVEC(f->ra);
    SM_FREEVEC(f->rb);
    SM_FREEVEC(f->acronym);
    SM_FREEVEC(f->ma);
    SM_FREEVEC(f->mb);
    sm_intern_free(&f->numwords);
    for (size_t k = 0; k < f->numvals.n; k++)
        free(f->numvals.v[k]);
    SM_FREEVEC(f->numvals);
    SM_FREEVEC(f->toks);
    SM_FREEVEC(f->kept);
    free(f->span);
    free(f->day);
    free(f->civil);
    free(f->quoted);
    free(f->wdays);
    sm_intern_free(&f->days);
    free(f);
}

static bool is_digit(int32_t c)
{
    return c >= '0' && c <= '9';
}

/* A number word's value (models/<lang>/numbers.txt: "eighteen 18"), or a
 * scale word's power of ten ("million e6", "bn e9"): the entry of the list
 * whose word is w (lower-case), or NULL. */
static const char *number_entry(const sm_facts *f, const char *w, size_t n)
{
    if (n == 0 || n > FACT_MAX_KEY)
        return NULL;
    uint32_t id = sm_intern_find(&f->numwords, w, n);
    return id == UINT32_MAX ? NULL : f->numvals.v[id];
}

static int scale_of(const sm_facts *f, const char *w, size_t n)
{
    const char *v = number_entry(f, w, n);
    int e = v && v[0] == 'e' ? atoi(v + 1) : -1;
    return e >= 0 && e <= FACT_MAX_SCALE ? e : -1;
}

/* Writes the value of mantissa m[0..n) (digits and at most one '.') times
 * 10^e to out as plain digits: "$350m", "$350 million" and "350,000,000"
 * are all 350000000, "3.5 billion" and "€3.5B" 3500000000. */
static void number_value(const char *m, size_t n, int e, sm_buf *out)
{
    out->len = 0;
    size_t dot = n;
    for (size_t i = 0; i < n; i++)
        if (m[i] == '.')
            dot = i;
    size_t start = out->len;
    for (size_t i = 0; i < dot; i++)
        sm_buf_addc(out, m[i]);
    size_t frac = dot < n ? n - dot - 1 : 0;
    for (size_t i = 0; i < frac; i++) {
        if ((int)i == e)
            sm_buf_addc(out, '.');
        sm_buf_addc(out, m[dot + 1 + i]);
    }
    for (int i = (int)frac; i < e; i++)
        sm_buf_addc(out, '0');
    /* No leading zeros, no trailing zeros after a point. */
    size_t z = start;
    while (z + 1 < out->len && out->s[z] == '0' && out->s[z + 1] != '.')
        z++;
    memmove(out->s + start, out->s + z, out->len - z);
    out->len -= z - start;
    if (memchr(out->s, '.', out->len)) {
        while (out->len && out->s[out->len - 1] == '0')
            out->len--;
        if (out->len && out->s[out->len - 1] == '.')
            out->len--;
    }
    sm_buf_addc(out, '\0');
    out->len--;
}

/* Interns the key in f->tmp and appends it to out once.  acronym marks a
 * key written in capitals ("EU"), which also matches the initials of a
 * run of names ("European Union"). */
static void push_key(sm_facts *f, bool acronym, sm_u32vec *out)
{
    if (f->tmp.len == 0)
        return;
    uint32_t id = sm_intern_add(&f->keys, f->tmp.s, f->tmp.len);
    while (f->df.n <= id) {
        SM_PUSH(f->df, 0);
        SM_PUSH(f->acronym, 0);
    }
    if (acronym)
        f->acronym.v[id] = 1;
    for (size_t k = 0; k < out->n; k++)
        if (out->v[k] == id)
            return;
    SM_PUSH(*out, id);
}

static bool is_cap(int32_t c)
{
    return c >= 'A' && c <= 'Z';
}

/* The sentence's tokens: letters and digits, with inner hyphens, and inner
 * dots or commas between digits ("4.5", "1,000"). */
static void tokenize(const char *t, size_t n, tokvec *out)
{
    size_t i = 0;
    out->n = 0;
    while (i < n) {
        int32_t c;
        size_t k = sm_utf8_decode((const unsigned char *)t + i, n - i, &c);
        if (!(sm_cp_is_letter(c) || is_digit(c))) {
            i += k;
            continue;
        }
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
                /* "U.S.": initials with dots are one acronym. */
                bool initials = c == '.' && is_cap(d) && is_cap((unsigned char)t[i - 1]) &&
                                (i - 1 == a || t[i - 2] == '.');
                if ((c == '-' && sm_cp_is_letter(d)) || num || initials) {
                    i += 1;
                    continue;
                }
            }
            break;
        }
        token tk = {a, i};
        SM_PUSH(*out, tk);
    }
}

/* The key of a token with digits: its value, scaled by a scale word glued
 * to it ("$350m", "€1bn") or following it ("350 million").  Returns how
 * many tokens it used (1 or 2). */
static size_t figure_key(sm_facts *f, const char *s, const token *tk,
                         size_t ntk, sm_buf *mant)
{
    size_t a = tk[0].a, b = tk[0].b, d = a;
    mant->len = 0;
    for (size_t i = a; i < b; i++)
        if (is_digit((unsigned char)s[i]) ||
            (s[i] == '.' && i > a && i + 1 < b && is_digit((unsigned char)s[i + 1]))) {
            sm_buf_addc(mant, s[i]);
            d = i + 1;
        }
    /* Letters right after the last digit: a glued scale word. */
    size_t e = d;
    while (e < b && s[e] != '-' && !is_digit((unsigned char)s[e]))
        e++;
    f->tmp.len = 0;
    sm_lower(s + d, e - d, &f->tmp);
    int scale = e > d && e == b ? scale_of(f, f->tmp.s, f->tmp.len) : -1;
    size_t used = 1;
    if (scale < 0 && e == d && d == b && ntk > 1) {
        f->tmp.len = 0;
        sm_lower(s + tk[1].a, tk[1].b - tk[1].a, &f->tmp);
        scale = scale_of(f, f->tmp.s, f->tmp.len);
        used = scale >= 0 ? 2 : 1;
    }
    number_value(mant->s, mant->len, scale > 0 ? scale : 0, &f->tmp);
    return used;
}

/* Records a run of names: its initials' key, and its keys' range in the
 * sentence's key list, three entries in runs. */
static void close_run(sm_facts *f, const sm_buf *ini, size_t from, size_t to,
                      sm_u32vec *runs)
{
    uint32_t rid = sm_intern_add(&f->keys, ini->s, ini->len);
    while (f->df.n <= rid) {
        SM_PUSH(f->df, 0);
        SM_PUSH(f->acronym, 0);
    }
    SM_PUSH(*runs, rid);
    SM_PUSH(*runs, (uint32_t)from);
    SM_PUSH(*runs, (uint32_t)to);
}

/* The distinct keys of sentence id, in order of appearance, to out; the
 * initials of its runs of two or more names ("European Union": "eu") to
 * runs, with where each run's keys start and end in out. */
static void sentence_keys(sm_facts *f, uint32_t id, sm_u32vec *out,
                          sm_u32vec *runs)
{
    const sm_sent *s = &f->c->sents.v[id];
    const char *t = s->text;
    tokenize(t, s->len, &f->toks);
    out->n = 0;
    runs->n = 0;
    sm_buf ini = {0};
    sm_buf mant = {0};
    sm_cleanup c_ini, c_mant;
    SM_CLEANUP_BUF(c_ini, ini);
    SM_CLEANUP_BUF(c_mant, mant);
    size_t run_from = 0;
    for (size_t i = 0; i < f->toks.n;) {
        const token *tk = &f->toks.v[i];
        size_t a = tk->a, b = tk->b, used = 1;
        bool name = false, acronym = false, digit = false;
        size_t letters = 0, caps = 0;
        for (size_t j = a; j < b;) {
            int32_t c;
            j += sm_utf8_decode((const unsigned char *)t + j, b - j, &c);
            digit = digit || is_digit(c);
            if (sm_cp_is_letter(c)) {
                letters++;
                caps += sm_cp_is_upper(c);
            }
        }
        f->tmp.len = 0;
        if (b - a > FACT_MAX_KEY) {
            f->tmp.len = 0;
        } else if (digit) {
            used = figure_key(f, t, tk, f->toks.n - i, &mant);
        } else {
            sm_lower(t + a, b - a, &f->tmp);
            size_t w = 0;
            for (size_t k = 0; k < f->tmp.len; k++)
                if (f->tmp.s[k] != '.')
                    f->tmp.s[w++] = f->tmp.s[k];
            f->tmp.len = w;
            const char *v = number_entry(f, f->tmp.s, f->tmp.len);
            int scale = -1;
            if (v && v[0] != 'e' && i + 1 < f->toks.n) {
                f->next.len = 0;
                sm_lower(t + f->toks.v[i + 1].a, f->toks.v[i + 1].b - f->toks.v[i + 1].a, &f->next);
                scale = scale_of(f, f->next.s, f->next.len);
            }
            if (v && v[0] != 'e' && (scale > 0 || atoi(v) >= NUMBER_WORD_MIN)) {
                /* "one million", "Eighteen": the figure, not a word. */
                number_value(v, strlen(v), scale > 0 ? scale : 0, &f->tmp);
                used = scale > 0 ? 2 : 1;
            } else {
                int32_t c;
                sm_utf8_decode((const unsigned char *)t + a, b - a, &c);
                acronym = letters >= 2 && caps == letters;
                name = sm_cp_is_upper(c) &&
                       (acronym || !sm_wordset_has(&f->c->ctx->stopwords, f->tmp.s, f->tmp.len));
                if (!name)
                    f->tmp.len = 0;
            }
        }
        if (!name && ini.len >= 2)
            close_run(f, &ini, run_from, out->n, runs);
        if (!name)
            ini.len = 0;
        if (name && ini.len == 0)
            run_from = out->n;
        push_key(f, acronym, out);
        if (name) {
            /* The run's initials, lower-case. */
            size_t k = sm_utf8_decode((const unsigned char *)t + a, b - a, &(int32_t){0});
            sm_lower(t + a, k, &ini);
        }
        i += used;
    }
    if (ini.len >= 2)
        close_run(f, &ini, run_from, out->n, runs);
    sm_cleanup_run(&c_mant);
    sm_cleanup_run(&c_ini);
}

static void keep(sm_u32vec *kept, const sm_u32vec *v)
{
    SM_RESERVE(*kept, kept->n + v->n);
    if (v->n)
        memcpy(kept->v + kept->n, v->v, v->n * sizeof *v->v);
    kept->n += v->n;
}

static void copy_kept(const sm_u32vec *kept, size_t from, uint32_t n,
                      sm_u32vec *out)
{
    out->n = 0;
    SM_RESERVE(*out, n ? n : 1);
    if (n)
        memcpy(out->v, kept->v + from, n * sizeof *out->v);
    out->n = n;
}

/* sentence_keys, computed once per sentence. */
static void cached_keys(sm_facts *f, uint32_t id, sm_u32vec *out,
                        sm_u32vec *runs)
{
    if (!f->span)
        f->span = sm_xcalloc(f->c->sents.n ? f->c->sents.n : 1, sizeof *f->span);
    struct key_span *sp = &f->span[id];
    if (sp->done) {
        copy_kept(&f->kept, sp->keys, sp->nkeys, out);
        copy_kept(&f->kept, sp->runs, sp->nruns, runs);
        return;
    }
    sentence_keys(f, id, out, runs);
    size_t k0 = f->kept.n;
    keep(&f->kept, out);
    size_t r0 = f->kept.n;
    keep(&f->kept, runs);
    sp->keys = k0;
    sp->runs = r0;
    sp->nkeys = (uint32_t)out->n;
    sp->nruns = (uint32_t)runs->n;
    sp->done = true;
}

void sm_facts_add(sm_facts *f, uint32_t id)
{
    cached_keys(f, id, &f->ka, &f->ra);
    for (size_t k = 0; k < f->ka.n; k++)
        f->df.v[f->ka.v[k]]++;
    f->n++;
}

static double key_weight(const sm_facts *f, uint32_t k)
{
    double df = k < f->df.n ? (double)f->df.v[k] : 0.0;
    double w = log(((double)f->n + 1.0) / (df + 0.5));
    return w > 0 ? w : 0;
}

/* Whether key k is a figure of two digits or more, or a day: one digit is
 * more often part of a name ("Leopard 2") than a figure of the event. */
static bool key_figure(const sm_facts *f, uint32_t k)
{
    const char *s = f->keys.strs.v[k];
    return is_digit((unsigned char)s[0]) && f->keys.lens.v[k] > 1;
}

static bool key_dates(const sm_facts *f, uint32_t k)
{
    return key_figure(f, k) ||
           sm_wordset_has(&f->time, f->keys.strs.v[k], f->keys.lens.v[k]);
}

/* Acronyms of one sentence matched with the runs of names of the other
 * ("EU" / "European Union"): marks both sides, returns how many. */
static size_t match_runs(const sm_facts *f, const sm_u32vec *k1,
                         uint8_t *m1, const sm_u32vec *r2, uint8_t *m2)
{
    size_t shared = 0;
    for (size_t i = 0; i < k1->n; i++) {
        if (m1[i] || !f->acronym.v[k1->v[i]])
            continue;
        for (size_t r = 0; r + 2 < r2->n; r += 3)
            if (r2->v[r] == k1->v[i]) {
                m1[i] = 1;
                memset(m2 + r2->v[r + 1], 1, r2->v[r + 2] - r2->v[r + 1]);
                shared++;
                break;
            }
    }
    return shared;
}

/* How the keys of a and b overlap: how many are shared, whether one of
 * them is a figure or a day, and the weight of the shared keys against
 * that of the lighter sentence's keys. */
typedef struct key_overlap {
    size_t shared;
    bool when, figure; /* a shared figure or day; a shared figure */
    double ws, lighter;
} key_overlap;

static key_overlap overlap_keys(sm_facts *f, uint32_t a, uint32_t b)
{
    key_overlap o = {0, false, false, 0, 0};
    cached_keys(f, a, &f->ka, &f->ra);
    cached_keys(f, b, &f->kb, &f->rb);
    SM_RESERVE(f->ma, f->ka.n + 1);
    SM_RESERVE(f->mb, f->kb.n + 1);
    memset(f->ma.v, 0, f->ka.n + 1);
    memset(f->mb.v, 0, f->kb.n + 1);
    for (size_t j = 0; j < f->kb.n; j++)
        for (size_t i = 0; i < f->ka.n; i++)
            if (f->ka.v[i] == f->kb.v[j]) {
                f->ma.v[i] = f->mb.v[j] = 1;
                o.shared++;
                o.when = o.when || key_dates(f, f->kb.v[j]);
                o.figure = o.figure || key_figure(f, f->kb.v[j]);
                break;
            }
    o.shared += match_runs(f, &f->ka, f->ma.v, &f->rb, f->mb.v);
    o.shared += match_runs(f, &f->kb, f->mb.v, &f->ra, f->ma.v);
    double wa = 0, wb = 0, sa = 0, sb = 0;
    for (size_t i = 0; i < f->ka.n; i++) {
        double w = key_weight(f, f->ka.v[i]);
        wa += w;
        sa += f->ma.v[i] ? w : 0;
    }
    for (size_t j = 0; j < f->kb.n; j++) {
        double w = key_weight(f, f->kb.v[j]);
        wb += w;
        sb += f->mb.v[j] ? w : 0;
    }
    o.lighter = wa < wb ? wa : wb;
    o.ws = wa < wb ? sa : sb;
    return o;
}

/* The key test given the pair's cosine: a day shared without a figure
 * needs FACT_NEAR_COS of it.  Returns SM_FACT_KEYS, SM_FACT_NAMES (names
 * alone) or 0. */
static int share_keys(sm_facts *f, uint32_t a, uint32_t b, double cos)
{
    key_overlap o = overlap_keys(f, a, b);
    if (o.lighter <= 0 || o.shared < FACT_MIN_SHARED)
        return 0;
    if (!o.when)
        return o.shared >= FACT_MIN_NAMES && o.ws >= FACT_NAMES_SHARE * o.lighter
                   ? SM_FACT_NAMES
                   : 0;
    if (!o.figure && cos < FACT_NEAR_COS)
        return 0;
    return o.ws >= FACT_MIN_SHARE * o.lighter ? SM_FACT_KEYS : 0;
}

bool sm_facts_share_keys(sm_facts *f, uint32_t a, uint32_t b)
{
    return share_keys(f, a, b, 1.0) != 0;
}

/* Whether the lighter of a and b names nothing the other does not
 * (FACT_MIN_SHARED keys or more, all of them shared). */
static bool names_contained(sm_facts *f, uint32_t a, uint32_t b)
{
    key_overlap o = overlap_keys(f, a, b);
    return o.lighter > 0 && o.shared >= FACT_MIN_SHARED &&
           o.ws >= FACT_ALL_SHARED * o.lighter;
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

/* A byte of a word: an ASCII letter or digit, or part of a multi-byte
 * character (letters, in quoted speech). */
static bool word_byte(unsigned char b)
{
    return b >= 0x80 || sm_cp_is_word(b);
}

/* Whether the words q[0..n) occur in s[0..m) between word boundaries. */
static bool contains_words(const char *s, size_t m, const char *q, size_t n)
{
    for (size_t i = 0; n && i + n <= m; i++)
        if (memcmp(s + i, q, n) == 0 &&
            (i == 0 || !word_byte((unsigned char)s[i - 1])) &&
            (i + n == m || !word_byte((unsigned char)s[i + n])))
            return true;
    return false;
}

/* The next quotation of QUOTE_MIN_WORDS words or more in s[*i..n), with
 * its closing punctuation left out: [*qa, *qb). */
static bool next_long_quote(const char *s, size_t n, size_t *i, size_t *qa,
                            size_t *qb)
{
    while (next_quote(s, n, i, qa, qb)) {
        while (*qb > *qa && strchr(".,;:!? ", s[*qb - 1]))
            (*qb)--;
        if (sm_count_words(s + *qa, *qb - *qa) >= QUOTE_MIN_WORDS)
            return true;
    }
    return false;
}

/* Whether sentence id quotes QUOTE_MIN_WORDS words or more (cached). */
static bool quotes(sm_facts *f, uint32_t id)
{
    if (!f->quoted)
        f->quoted = sm_xcalloc(f->c->sents.n ? f->c->sents.n : 1, 1);
    if (!f->quoted[id]) {
        const sm_sent *s = &f->c->sents.v[id];
        size_t i = 0, qa, qb;
        f->quoted[id] = next_long_quote(s->text, s->len, &i, &qa, &qb) ? 2 : 1;
    }
    return f->quoted[id] == 2;
}

/* Whether the two sentences quote the same words (QUOTE_MIN_WORDS or
 * more, case and closing punctuation aside), or one quotes part of what
 * the other quotes ("similar goals" / "share similar goals"): they report
 * one statement ("dear friend" in three outlets). */
static bool shared_quote(sm_facts *f, uint32_t a, uint32_t b)
{
    if (!quotes(f, a) || !quotes(f, b))
        return false;
    const sm_sent *x = &f->c->sents.v[a], *y = &f->c->sents.v[b];
    size_t i = 0, qa, qb;
    sm_buf other = {0};
    sm_cleanup c_other;
    SM_CLEANUP_BUF(c_other, other);
    bool same = false;
    while (!same && next_long_quote(x->text, x->len, &i, &qa, &qb)) {
        f->tmp.len = 0;
        sm_lower(x->text + qa, qb - qa, &f->tmp);
        size_t j = 0, ra, rb;
        while (!same && next_long_quote(y->text, y->len, &j, &ra, &rb)) {
            other.len = 0;
            sm_lower(y->text + ra, rb - ra, &other);
            same = other.len <= f->tmp.len
                       ? contains_words(f->tmp.s, f->tmp.len, other.s, other.len)
                       : contains_words(other.s, other.len, f->tmp.s, f->tmp.len);
        }
    }
    sm_cleanup_run(&c_other);
    return same;
}

/* Whether two documents may report the same event: the same day, or a day
 * unknown for either. */
static uint32_t day_of(sm_facts *f, uint32_t d)
{
    const sm_corpus *c = f->c;
    if (!f->day)
        f->day = sm_xcalloc(c->docs.n ? c->docs.n : 1, sizeof *f->day);
    if (!f->day[d]) {
        const char *x = c->docs.v[d].date;
        f->day[d] = x ? sm_intern_add(&f->days, x, strlen(x)) + 2 : 1;
    }
    return f->day[d];
}

static bool same_day(sm_facts *f, uint32_t da, uint32_t db)
{
    uint32_t x = day_of(f, da), y = day_of(f, db);
    return x == 1 || y == 1 || x == y;
}

/* The weekdays sentence id names (models/<lang>/weekdays.txt), a bit per
 * entry of the list, cached. */
static uint32_t weekdays_of(sm_facts *f, uint32_t id)
{
    if (!f->wdays)
        f->wdays = sm_xcalloc(f->c->sents.n ? f->c->sents.n : 1, sizeof *f->wdays);
    if (!(f->wdays[id] & WEEKDAYS_DONE)) {
        uint32_t m = WEEKDAYS_DONE;
        cached_keys(f, id, &f->ka, &f->ra);
        for (size_t k = 0; k < f->ka.n; k++) {
            uint32_t w = sm_intern_find(&f->weekdays.set, f->keys.strs.v[f->ka.v[k]],
                                        f->keys.lens.v[f->ka.v[k]]);
            /* A weekday after another name is part of a name: "Good
             * Friday Agreement", "Black Friday", "Super Tuesday". */
            bool named = false;
            for (size_t r = 0; r + 2 < f->ra.n && !named; r += 3)
                named = f->ra.v[r + 1] < k && k < f->ra.v[r + 2];
            if (w < WEEKDAYS_MAX && !named)
                m |= 1u << w;
        }
        f->wdays[id] = m;
    }
    return f->wdays[id];
}

/* Days from 1970-01-01 to y-m-d (proleptic Gregorian; Hinnant's
 * days_from_civil). */
static int32_t days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    int era = (y >= 0 ? y : y - 399) / 400;
    int yoe = y - era * 400;
    int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

/* A document's date as days from 1970-01-01, cached; EVENT_UNKNOWN when
 * it has none. */
#define EVENT_UNKNOWN INT32_MIN
#define DAY_UNSET (INT32_MIN + 1)
static int32_t doc_civil(sm_facts *f, uint32_t d)
{
    const sm_corpus *c = f->c;
    if (!f->civil) {
        f->civil = sm_xmalloc(sm_mul(c->docs.n ? c->docs.n : 1, sizeof *f->civil));
        for (size_t i = 0; i < c->docs.n; i++)
            f->civil[i] = DAY_UNSET;
    }
    if (f->civil[d] == DAY_UNSET) {
        const char *date = c->docs.v[d].date;
        int y, mo, dd;
        f->civil[d] = date && sscanf(date, "%4d-%2d-%2d", &y, &mo, &dd) == 3
                          ? days_from_civil(y, mo, dd)
                          : EVENT_UNKNOWN;
    }
    return f->civil[d];
}

/* The day (from 1970-01-01) of the event sentence id tells, when its
 * document is dated and it names one weekday: that weekday on or before
 * the document's date, as news names the days of the past week ("the
 * quake that struck on Thursday").  EVENT_UNKNOWN otherwise.  Needs the
 * weekdays list in order from Monday (models/<lang>/weekdays.txt). */
static int32_t event_day(sm_facts *f, uint32_t id)
{
    int32_t day = doc_civil(f, f->c->sents.v[id].doc);
    uint32_t m = weekdays_of(f, id) & ~WEEKDAYS_DONE;
    if (day == EVENT_UNKNOWN || !m || (m & (m - 1)) || __builtin_ctz(m) > 6)
        return EVENT_UNKNOWN;
    int wd = (int)(((day % 7) + 7 + 3) % 7); /* 1970-01-01 was a Thursday */
    return day - (wd - __builtin_ctz(m) + 7) % 7;
}

/* Reports of one event come within this many days of each other: a wire
 * story's later reports restate its first day's facts for a week or two
 * (the newswire fixtures span at most ten days), while a report two years
 * on that names the same leaders and a phone call is of another call. */
#define EVENT_WINDOW_DAYS 14

/* Whether sentences a and b may tell one event.  By default, from the
 * same publication day or an unknown one.  With any_day (a story told
 * over several days: later reports restate the first day's facts), from
 * documents at most EVENT_WINDOW_DAYS apart, unless the weekdays the two
 * name fall on different dates (the Monday of a 20 March report and the
 * Tuesday of a 21 March one); days unknown are any. */
static bool same_event_day(sm_facts *f, uint32_t a, uint32_t b)
{
    const sm_corpus *c = f->c;
    if (!f->any_day)
        return same_day(f, c->sents.v[a].doc, c->sents.v[b].doc);
    int32_t da = doc_civil(f, c->sents.v[a].doc), db = doc_civil(f, c->sents.v[b].doc);
    if (da != EVENT_UNKNOWN && db != EVENT_UNKNOWN &&
        (da > db ? da - db : db - da) > EVENT_WINDOW_DAYS)
        return false;
    int32_t x = event_day(f, a), y = event_day(f, b);
    return x == EVENT_UNKNOWN || y == EVENT_UNKNOWN || x == y;
}

/* Whether a and b each name a weekday and none in common: two events,
 * whatever else they share ("Blinken said on Saturday the US would send
 * more" / "On Tuesday Blinken approved $350 million"). */
static bool other_weekdays(sm_facts *f, uint32_t a, uint32_t b)
{
    if (!f->tell_weekdays || !f->weekdays.set.strs.n)
        return false;
    uint32_t x = weekdays_of(f, a) & ~WEEKDAYS_DONE, y = weekdays_of(f, b) & ~WEEKDAYS_DONE;
    return x && y && !(x & y);
}

int sm_same_fact_how(sm_facts *f, uint32_t a, uint32_t b, double cos)
{
    const sm_corpus *c = f->c;
    const sm_sent *x = &c->sents.v[a], *y = &c->sents.v[b];
    /* Two weekdays are two events, however alike the wording (a live
     * blog's "talks on Monday" and "talks on Tuesday"); a document's date
     * does not tell them apart when both fall in one period or it has
     * none.  Looked at only where it decides, so most pairs cost no keys. */
    if (cos >= SM_MAX_SIM && !other_weekdays(f, a, b))
        return SM_FACT_COPY;
    /* Texts without any term have no cosine but can still be equal. */
    if (x->len == y->len && memcmp(x->text, y->text, x->len) == 0)
        return SM_FACT_COPY;
    /* The same words quoted are the same statement, on any day: a later
     * article recalling it ("a 'no limits' partnership") tells nothing
     * new. */
    if (shared_quote(f, a, b))
        return SM_FACT_QUOTE;
    if (!same_event_day(f, a, b) || other_weekdays(f, a, b))
        return 0;
    if (cos >= SM_SAME_FACT_COS)
        return SM_FACT_COS;
    int k = share_keys(f, a, b, cos);
    if (k)
        return k;
    return cos >= FACT_NEAR_COS && names_contained(f, a, b) ? SM_FACT_NEAR : 0;
}

bool sm_same_fact(sm_facts *f, uint32_t a, uint32_t b, double cos)
{
    return sm_same_fact_how(f, a, b, cos) != 0;
}

/* Whether term t (a stem) is how one of the keys ks is written: a stem is
 * the start of its lower-case word ("chines" of "chinese"). */
static bool term_is_key(const sm_facts *f, const char *t, size_t n,
                        const sm_u32vec *ks)
{
    for (size_t k = 0; k < ks->n; k++) {
        uint32_t id = ks->v[k];
        if (f->keys.lens.v[id] >= n && memcmp(f->keys.strs.v[id], t, n) == 0)
            return true;
    }
    return false;
}

/* Whether a and b share a term that is no name or figure of either: what
 * they say, beyond whom they name. */
static bool share_content(sm_facts *f, uint32_t a, uint32_t b)
{
    const sm_corpus *c = f->c;
    const sm_sent *x = &c->sents.v[a], *y = &c->sents.v[b];
    cached_keys(f, a, &f->ka, &f->ra);
    cached_keys(f, b, &f->kb, &f->rb);
    for (uint32_t i = 0; i < x->nterms; i++) {
        uint32_t t = x->terms[i];
        bool both = false;
        for (uint32_t j = 0; j < y->nterms && !both; j++)
            both = y->terms[j] == t;
        if (!both)
            continue;
        const char *ts = c->vocab.terms.strs.v[t];
        size_t tn = c->vocab.terms.lens.v[t];
        if (!term_is_key(f, ts, tn, &f->ka) && !term_is_key(f, ts, tn, &f->kb))
            return true;
    }
    return false;
}

bool sm_facts_corroborate(sm_facts *f, uint32_t a, uint32_t b, double cos)
{
    int how = sm_same_fact_how(f, a, b, cos);
    return how && (how != SM_FACT_NAMES || share_content(f, a, b));
}
