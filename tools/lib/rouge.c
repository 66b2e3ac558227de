/*
 * rouge.c: ROUGE-1.5.5 reimplemented; rouge.h says what is reproduced and
 * why.  Tokens are interned to integer ids; n-grams are 64-bit keys in small
 * open-addressing count tables.
 */
#include "rouge.h"

#include <math.h>
#include <regex.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- growable buffers ------------------------------------------------ */

static int grow(void **p, size_t *cap, size_t want, size_t elem)
{
    if (want <= *cap)
        return 0;
    size_t nc = *cap ? *cap : 16;
    while (nc < want) {
        if (nc > SIZE_MAX / 2)
            return -1;
        nc *= 2;
    }
    if (nc > SIZE_MAX / elem)
        return -1;
    void *q = realloc(*p, nc * elem);
    if (!q)
        return -1;
    *p = q;
    *cap = nc;
    return 0;
}

/* ---- count table: uint64 key (never 0) -> count ---------------------- */

typedef struct cmap {
    uint64_t *keys;
    long *vals;
    size_t nslots, n;
} cmap;

static uint64_t mix64(uint64_t k)
{
    k ^= k >> 33;
    k *= 0xff51afd7ed558ccdULL;
    k ^= k >> 33;
    k *= 0xc4ceb9fe1a85ec53ULL;
    k ^= k >> 33;
    return k;
}

static void cmap_free(cmap *m)
{
    free(m->keys);
    free(m->vals);
    memset(m, 0, sizeof *m);
}

static int cmap_init(cmap *m, size_t expect)
{
    size_t ns = 16;
    while (ns < expect * 2 + 2)
        ns *= 2;
    m->keys = calloc(ns, sizeof *m->keys);
    m->vals = calloc(ns, sizeof *m->vals);
    m->nslots = ns;
    m->n = 0;
    if (!m->keys || !m->vals) {
        cmap_free(m);
        return -1;
    }
    return 0;
}

static size_t cmap_slot(const cmap *m, uint64_t key)
{
    size_t mask = m->nslots - 1, i = (size_t)mix64(key) & mask;
    while (m->keys[i] && m->keys[i] != key)
        i = (i + 1) & mask;
    return i;
}

static long cmap_get(const cmap *m, uint64_t key)
{
    if (!m->nslots)
        return 0;
    size_t i = cmap_slot(m, key);
    return m->keys[i] ? m->vals[i] : 0;
}

static int cmap_add(cmap *m, uint64_t key, long delta)
{
    if ((m->n + 1) * 2 > m->nslots) {
        cmap big;
        if (cmap_init(&big, m->n + 1) != 0)
            return -1;
        for (size_t i = 0; i < m->nslots; i++)
            if (m->keys[i]) {
                size_t j = cmap_slot(&big, m->keys[i]);
                big.keys[j] = m->keys[i];
                big.vals[j] = m->vals[i];
                big.n++;
            }
        cmap_free(m);
        *m = big;
    }
    size_t i = cmap_slot(m, key);
    if (!m->keys[i]) {
        m->keys[i] = key;
        m->n++;
    }
    m->vals[i] += delta;
    return 0;
}

static int cmap_copy(cmap *dst, const cmap *src)
{
    dst->nslots = src->nslots;
    dst->n = src->n;
    dst->keys = malloc(src->nslots * sizeof *dst->keys);
    dst->vals = malloc(src->nslots * sizeof *dst->vals);
    if (!dst->keys || !dst->vals) {
        cmap_free(dst);
        return -1;
    }
    memcpy(dst->keys, src->keys, src->nslots * sizeof *dst->keys);
    memcpy(dst->vals, src->vals, src->nslots * sizeof *dst->vals);
    return 0;
}

/* ---- scorer: options, intern table, stem cache ----------------------- */

#define NO_STEM UINT32_MAX

struct rg_scorer {
    rg_opts o;
    char **strs;       /* id -> token */
    uint32_t *stem_of; /* id -> id of its stem, NO_STEM when not computed */
    size_t nstr, capstr, capstem;
    uint32_t *slots;   /* id + 1, 0 = empty */
    size_t nslots;
};

static uint64_t fnv1a(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ULL;
    }
    return h;
}

static int intern(rg_scorer *s, const char *w, size_t n, uint32_t *id)
{
    if ((s->nstr + 1) * 2 > s->nslots) {
        size_t ns = s->nslots ? s->nslots * 2 : 1024;
        uint32_t *sl = calloc(ns, sizeof *sl);
        if (!sl)
            return -1;
        for (size_t k = 0; k < s->nstr; k++) {
            const char *t = s->strs[k];
            size_t i = (size_t)fnv1a(t, strlen(t)) & (ns - 1);
            while (sl[i])
                i = (i + 1) & (ns - 1);
            sl[i] = (uint32_t)k + 1;
        }
        free(s->slots);
        s->slots = sl;
        s->nslots = ns;
    }
    size_t mask = s->nslots - 1, i = (size_t)fnv1a(w, n) & mask;
    while (s->slots[i]) {
        const char *t = s->strs[s->slots[i] - 1];
        if (strncmp(t, w, n) == 0 && t[n] == '\0') {
            *id = s->slots[i] - 1;
            return 0;
        }
        i = (i + 1) & mask;
    }
    if (s->nstr >= UINT32_MAX - 2)
        return -1;
    if (grow((void **)&s->strs, &s->capstr, s->nstr + 1, sizeof *s->strs) ||
        grow((void **)&s->stem_of, &s->capstem, s->nstr + 1,
             sizeof *s->stem_of))
        return -1;
    char *copy = malloc(n + 1);
    if (!copy)
        return -1;
    memcpy(copy, w, n);
    copy[n] = '\0';
    s->strs[s->nstr] = copy;
    s->stem_of[s->nstr] = NO_STEM;
    s->slots[i] = (uint32_t)s->nstr + 1;
    *id = (uint32_t)s->nstr++;
    return 0;
}

void rg_opts_init(rg_opts *o)
{
    memset(o, 0, sizeof *o);
    o->stem = 1;
    o->skip_gap = 4;
    o->su_unigrams = 1;
    o->alpha = 0.5;
}

const char *rg_metric_name(int metric)
{
    static const char *const names[RG_NMETRICS] = {"ROUGE-1", "ROUGE-2",
                                                    "ROUGE-SU4", "ROUGE-L"};
    return metric >= 0 && metric < RG_NMETRICS ? names[metric] : "?";
}

rg_scorer *rg_scorer_new(const rg_opts *opts)
{
    rg_scorer *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    if (opts)
        s->o = *opts;
    else
        rg_opts_init(&s->o);
    return s;
}

void rg_scorer_free(rg_scorer *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->nstr; i++)
        free(s->strs[i]);
    free(s->strs);
    free(s->stem_of);
    free(s->slots);
    free(s);
}

int rg_scorer_load_exceptions(rg_scorer *s, const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return -1;
    char *buf = NULL;
    size_t cap = 0;
    int rc = 0;
    while (rc == 0 && getline(&buf, &cap, f) >= 0) {
        /* split(/\s+/, line): the first field is the inflected form, the
         * second its (first) base form; a later line wins, as in a hash */
        char *save = NULL;
        char *infl = strtok_r(buf, " \t\r\n\v\f", &save);
        char *base = infl ? strtok_r(NULL, " \t\r\n\v\f", &save) : NULL;
        if (!infl || !base || buf[0] == ' ' || buf[0] == '\t')
            continue;
        uint32_t a, b;
        if (intern(s, infl, strlen(infl), &a) != 0 ||
            intern(s, base, strlen(base), &b) != 0)
            rc = -1;
        else
            s->stem_of[a] = b;
    }
    if (ferror(f))
        rc = -1;
    free(buf);
    fclose(f);
    return rc;
}

int rg_scorer_load_wordnet(rg_scorer *s, const char *dir)
{
    static const char *const files[] = {"adj.exc", "adv.exc", "noun.exc",
                                        "verb.exc"};
    if (!dir)
        dir = "/usr/share/wordnet";
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
        size_t n = strlen(dir) + strlen(files[i]) + 2;
        char *p = malloc(n);
        if (!p)
            return -1;
        snprintf(p, n, "%s/%s", dir, files[i]);
        int rc = rg_scorer_load_exceptions(s, p);
        free(p);
        if (rc != 0)
            return -1;
    }
    return 0;
}

/* ---- the Porter stemmer of ROUGE-1.5.5 ------------------------------- */
/*
 * The Perl original tests a stem against regular expressions built from
 * c = [^aeiou], v = [aeiouy], C = c[^aeiouy]*, V = v[aeiou]*; they are
 * compiled here as POSIX EREs, whose yes/no answer is Perl's (the suffix
 * matches, where Perl's leftmost match start matters, are done by hand as
 * "longest suffix").  The first letter y is upper-cased so that no pattern
 * takes it for a vowel, as there.
 */
enum { RE_MGR0, RE_MEQ1, RE_MGR1, RE_V, RE_CVC, RE_N };

static const char *const re_src[RE_N] = {
    "^([^aeiou][^aeiouy]*)?[aeiouy][aeiou]*[^aeiou][^aeiouy]*",
    "^([^aeiou][^aeiouy]*)?[aeiouy][aeiou]*[^aeiou][^aeiouy]*([aeiouy][aeiou]*)?$",
    ("^([^aeiou][^aeiouy]*)?[aeiouy][aeiou]*[^aeiou][^aeiouy]*[aeiouy][aeiou]*"
     "[^aeiou][^aeiouy]*"),
    "^([^aeiou][^aeiouy]*)?[aeiouy]",
    "^[^aeiou][^aeiouy]*[aeiouy][^aeiouwxy]$",
};

typedef struct porter {
    regex_t re[RE_N];
} porter;

static int porter_init(porter *p)
{
    for (int i = 0; i < RE_N; i++)
        if (regcomp(&p->re[i], re_src[i], REG_EXTENDED | REG_NOSUB) != 0) {
            while (i-- > 0)
                regfree(&p->re[i]);
            return -1;
        }
    return 0;
}

static void porter_free(porter *p)
{
    for (int i = 0; i < RE_N; i++)
        regfree(&p->re[i]);
}

/* Does w[0..n) match pattern k? */
static int pm(const porter *p, int k, const char *w, size_t n)
{
    char buf[128];
    char *t = n < sizeof buf ? buf : malloc(n + 1);
    if (!t)
        return 0;
    memcpy(t, w, n);
    t[n] = '\0';
    int r = regexec(&p->re[k], t, 0, NULL, 0) == 0;
    if (t != buf)
        free(t);
    return r;
}

static int ends(const char *w, size_t n, const char *suf)
{
    size_t k = strlen(suf);
    return n >= k && memcmp(w + n - k, suf, k) == 0;
}

/* The longest of the suffixes table[0], table[2], ... that w ends with (the
 * leftmost match of an end-anchored alternation); -1 when none. */
static int longest_suffix(const char *w, size_t n, const char *const *table,
                          size_t nt, size_t step)
{
    int best = -1;
    size_t bestlen = 0;
    for (size_t i = 0; i < nt; i += step) {
        size_t k = strlen(table[i]);
        if (k > bestlen && ends(w, n, table[i])) {
            best = (int)i;
            bestlen = k;
        }
    }
    return best;
}

static const char *const step2[] = {
    "ational", "ate", "tional", "tion", "enci", "ence", "anci", "ance",
    "izer", "ize", "bli", "ble", "alli", "al", "entli", "ent", "eli", "e",
    "ousli", "ous", "ization", "ize", "ation", "ate", "ator", "ate",
    "alism", "al", "iveness", "ive", "fulness", "ful", "ousness", "ous",
    "aliti", "al", "iviti", "ive", "biliti", "ble", "logi", "log"};
static const char *const step3[] = {"icate", "ic", "ative", "", "alize", "al",
                                    "iciti", "ic", "ical", "ic", "ful", "",
                                    "ness", ""};
static const char *const step4[] = {"al", "ance", "ence", "er", "ic", "able",
                                    "ible", "ant", "ement", "ou", "ism", "ate",
                                    "iti", "ous", "ive", "ize"};

/* w has room for strlen(w) + 2 bytes. */
static void porter_run(const porter *p, char *w)
{
    size_t n = strlen(w);
    if (n < 3)
        return;
    int firsty = w[0] == 'y';
    if (firsty)
        w[0] = 'Y';

    /* Step 1a */
    if (ends(w, n, "sses") || ends(w, n, "ies"))
        n -= 2;
    else if (n >= 2 && w[n - 1] == 's' && w[n - 2] != 's')
        n -= 1;
    w[n] = '\0';

    /* Step 1b */
    if (ends(w, n, "eed")) {
        if (pm(p, RE_MGR0, w, n - 3))
            n -= 1;
    } else if (ends(w, n, "ed") || ends(w, n, "ing")) {
        size_t k = ends(w, n, "ed") ? 2 : 3;
        if (pm(p, RE_V, w, n - k)) {
            n -= k;
            w[n] = '\0';
            if (ends(w, n, "at") || ends(w, n, "bl") || ends(w, n, "iz")) {
                w[n++] = 'e';
            } else if (n >= 2 && w[n - 1] == w[n - 2] &&
                       !strchr("aeiouylsz", w[n - 1])) {
                n -= 1;
            } else if (pm(p, RE_CVC, w, n)) {
                w[n++] = 'e';
            }
        }
    }
    w[n] = '\0';

    /* Step 1c */
    if (n >= 1 && w[n - 1] == 'y' && pm(p, RE_V, w, n - 1))
        w[n - 1] = 'i';

    /* Step 2 */
    int k = longest_suffix(w, n, step2, sizeof step2 / sizeof *step2, 2);
    if (k >= 0) {
        size_t stem = n - strlen(step2[k]);
        if (pm(p, RE_MGR0, w, stem)) {
            strcpy(w + stem, step2[k + 1]); /* replacements are not longer */
            n = strlen(w);
        }
    }

    /* Step 3 */
    k = longest_suffix(w, n, step3, sizeof step3 / sizeof *step3, 2);
    if (k >= 0) {
        size_t stem = n - strlen(step3[k]);
        if (pm(p, RE_MGR0, w, stem)) {
            strcpy(w + stem, step3[k + 1]);
            n = strlen(w);
        }
    }

    /* Step 4, with CYL's change: the three tests run one after another */
    k = longest_suffix(w, n, step4, sizeof step4 / sizeof *step4, 1);
    if (k >= 0) {
        size_t stem = n - strlen(step4[k]);
        if (pm(p, RE_MGR1, w, stem))
            n = stem;
    }
    w[n] = '\0';
    if (ends(w, n, "ment") && pm(p, RE_MGR1, w, n - 4))
        n -= 4;
    w[n] = '\0';
    if (ends(w, n, "ent")) {
        if (pm(p, RE_MGR1, w, n - 3))
            n -= 3;
    } else if (ends(w, n, "sion") || ends(w, n, "tion")) {
        if (pm(p, RE_MGR1, w, n - 3))
            n -= 3;
    }
    w[n] = '\0';

    /* Step 5 */
    if (n >= 1 && w[n - 1] == 'e') {
        size_t stem = n - 1;
        if (pm(p, RE_MGR1, w, stem) ||
            (pm(p, RE_MEQ1, w, stem) && !pm(p, RE_CVC, w, stem)))
            n = stem;
    }
    w[n] = '\0';
    if (ends(w, n, "ll") && pm(p, RE_MGR1, w, n))
        n -= 1;
    w[n] = '\0';

    if (firsty)
        w[0] = 'y';
}

char *rg_porter_stem(const char *word)
{
    porter p;
    if (porter_init(&p) != 0)
        return NULL;
    size_t n = strlen(word);
    char *w = malloc(n + 2);
    if (w) {
        memcpy(w, word, n + 1);
        porter_run(&p, w);
    }
    porter_free(&p);
    return w;
}

/* ---- reading a summary as ROUGE does ---------------------------------- */

struct rg_text {
    uint32_t *tok; /* readText tokens: the n-gram and unigram-clip view */
    size_t ntok, captok;
    uint32_t *utok; /* readText_LCS tokens, unit after unit */
    size_t nutok, caputok;
    size_t *ustart; /* unit u is utok[ustart[u] .. ustart[u + 1]) */
    size_t nunits, capunits;
    cmap g[3]; /* unigrams, bigrams, skip-bigrams (+ unigrams) */
    long cnt[3];
};

/* Perl's \s on a byte string. */
static int pspace(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' ||
           c == '\r';
}

/* Fields of split(/\s+/, s): a leading empty field when s starts with white
 * space (and has something else), trailing empty fields dropped. */
static size_t perl_fields(const char *s, size_t n)
{
    size_t runs = 0;
    for (size_t i = 0; i < n; i++)
        if (!pspace((unsigned char)s[i]) &&
            (i == 0 || pspace((unsigned char)s[i - 1])))
            runs++;
    if (runs && n && pspace((unsigned char)s[0]))
        runs++;
    return runs;
}

/* Bytes of s that hold its first k fields (k <= perl_fields(s)). */
static size_t perl_fields_prefix(const char *s, size_t n, size_t k)
{
    size_t seen = (n && pspace((unsigned char)s[0])) ? 1 : 0;
    if (k <= seen)
        return 0;
    for (size_t i = 0; i < n; i++) {
        if (!pspace((unsigned char)s[i]) &&
            (i == 0 || pspace((unsigned char)s[i - 1]))) {
            seen++;
            if (seen == k) {
                size_t j = i;
                while (j < n && !pspace((unsigned char)s[j]))
                    j++;
                return j;
            }
        }
    }
    return n;
}

static int isalnum_ascii(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9');
}

static int stem_id(rg_scorer *s, porter *p, uint32_t id, uint32_t *out)
{
    if (s->stem_of[id] != NO_STEM) {
        *out = s->stem_of[id];
        return 0;
    }
    const char *w = s->strs[id];
    size_t n = strlen(w);
    char *buf = malloc(n + 2);
    if (!buf)
        return -1;
    memcpy(buf, w, n + 1);
    porter_run(p, buf);
    uint32_t sid;
    int r = intern(s, buf, strlen(buf), &sid);
    free(buf);
    if (r != 0)
        return -1;
    s->stem_of[id] = sid;
    *out = sid;
    return 0;
}

/* Appends the tokens of seg[0..n) to *v. */
static int tokenize(rg_scorer *s, porter *p, const char *seg, size_t n,
                    uint32_t **v, size_t *nv, size_t *cap)
{
    size_t i = 0;
    char small[64];
    while (i < n) {
        while (i < n && !isalnum_ascii((unsigned char)seg[i]))
            i++;
        size_t b = i;
        while (i < n && isalnum_ascii((unsigned char)seg[i]))
            i++;
        if (i == b)
            break;
        size_t len = i - b;
        char *t = len < sizeof small ? small : malloc(len + 1);
        if (!t)
            return -1;
        for (size_t k = 0; k < len; k++) {
            char c = seg[b + k];
            t[k] = (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
        }
        uint32_t id;
        int r = intern(s, t, len, &id);
        if (t != small)
            free(t);
        if (r != 0)
            return -1;
        if (s->o.stem && len > 3 && stem_id(s, p, id, &id) != 0)
            return -1;
        if (grow((void **)v, cap, *nv + 1, sizeof **v) != 0)
            return -1;
        (*v)[(*nv)++] = id;
    }
    return 0;
}

typedef struct line {
    const char *s;
    size_t n;
} line;

static int new_unit(rg_text *t)
{
    if (grow((void **)&t->ustart, &t->capunits, t->nunits + 2,
             sizeof *t->ustart) != 0)
        return -1;
    t->ustart[t->nunits++] = t->nutok;
    t->ustart[t->nunits] = t->nutok;
    return 0;
}

/* Fills t->tok (readText) and the units (readText_LCS) from the lines. */
static int read_lines(rg_scorer *s, porter *p, rg_text *t, const line *ln,
                      size_t nl)
{
    const rg_opts *o = &s->o;
    /* readText */
    size_t used = 0;
    for (size_t i = 0; i < nl; i++) {
        size_t take = ln[i].n, stop = 0;
        if (o->words) {
            size_t w = perl_fields(ln[i].s, ln[i].n);
            if (!(used + w < o->words)) {
                take = perl_fields_prefix(ln[i].s, ln[i].n, o->words - used);
                stop = 1;
            }
            used += w;
        } else if (o->bytes) {
            if (!(used + ln[i].n < o->bytes)) {
                take = o->bytes - used;
                stop = 1;
            }
            used += ln[i].n;
        }
        if (tokenize(s, p, ln[i].s, take, &t->tok, &t->ntok, &t->captok))
            return -1;
        if (stop)
            break;
    }
    /* readText_LCS: the same but for -b, whose byte count never grows */
    used = 0;
    t->nunits = 0;
    for (size_t i = 0; i < nl; i++) {
        size_t take = ln[i].n, stop = 0;
        if (o->words) {
            size_t w = perl_fields(ln[i].s, ln[i].n);
            if (used + w < o->words) {
                used += w;
            } else {
                take = perl_fields_prefix(ln[i].s, ln[i].n, o->words - used);
                stop = 1;
            }
        } else if (o->bytes) {
            if (!(ln[i].n < o->bytes)) {
                take = o->bytes;
                stop = 1;
            }
        }
        if (new_unit(t) != 0 ||
            tokenize(s, p, ln[i].s, take, &t->utok, &t->nutok, &t->caputok))
            return -1;
        t->ustart[t->nunits] = t->nutok;
        if (stop)
            break;
    }
    return 0;
}

#define KEY1(a) ((uint64_t)(a) + 1)
#define KEY2(a, b) ((((uint64_t)(a) + 1) << 32) | ((uint64_t)(b) + 1))

static int count_grams(const rg_scorer *s, rg_text *t)
{
    size_t n = t->ntok;
    for (int k = 0; k < 3; k++)
        if (cmap_init(&t->g[k], n * (k == 2 ? 6 : 1)) != 0)
            return -1;
    for (size_t i = 0; i < n; i++)
        if (cmap_add(&t->g[0], KEY1(t->tok[i]), 1) != 0)
            return -1;
    t->cnt[0] = (long)n;
    for (size_t i = 0; i + 1 < n; i++)
        if (cmap_add(&t->g[1], KEY2(t->tok[i], t->tok[i + 1]), 1) != 0)
            return -1;
    t->cnt[1] = n > 0 ? (long)n - 1 : 0;
    long c = 0;
    int gap = s->o.skip_gap;
    for (size_t i = 0; i + 1 < n; i++) {
        if (s->o.su_unigrams) {
            if (cmap_add(&t->g[2], KEY1(t->tok[i]), 1) != 0)
                return -1;
            c++;
        }
        for (size_t j = i + 1; j < n && (gap < 0 || j <= i + (size_t)gap + 1);
             j++) {
            if (cmap_add(&t->g[2], KEY2(t->tok[i], t->tok[j]), 1) != 0)
                return -1;
            c++;
        }
    }
    t->cnt[2] = c;
    return 0;
}

rg_text *rg_text_new(rg_scorer *s, const char *raw, size_t len)
{
    rg_text *t = calloc(1, sizeof *t);
    line *ln = NULL;
    size_t nl = 0, capl = 0;
    char *low = malloc(len + 1);
    porter p;
    int have_p = 0;
    if (!t || !low)
        goto fail;
    if (s->o.stem) {
        if (porter_init(&p) != 0)
            goto fail;
        have_p = 1;
    }
    for (size_t i = 0; i < len; i++) {
        char c = raw[i];
        low[i] = (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
    }
    for (size_t b = 0; b < len;) {
        size_t e = b;
        while (e < len && low[e] != '\n')
            e++;
        if (e > b) {
            if (grow((void **)&ln, &capl, nl + 1, sizeof *ln) != 0)
                goto fail;
            ln[nl].s = low + b;
            ln[nl].n = e - b;
            nl++;
        }
        b = e + 1;
    }
    if (read_lines(s, have_p ? &p : NULL, t, ln, nl) != 0 ||
        count_grams(s, t) != 0)
        goto fail;
    if (have_p)
        porter_free(&p);
    free(ln);
    free(low);
    return t;
fail:
    if (have_p)
        porter_free(&p);
    free(ln);
    free(low);
    rg_text_free(t);
    return NULL;
}

void rg_text_free(rg_text *t)
{
    if (!t)
        return;
    free(t->tok);
    free(t->utok);
    free(t->ustart);
    for (int k = 0; k < 3; k++)
        cmap_free(&t->g[k]);
    free(t);
}

size_t rg_text_ntokens(const rg_text *t)
{
    return t->ntok;
}

const char *rg_text_token(const rg_scorer *s, const rg_text *t, size_t i)
{
    return i < t->ntok ? s->strs[t->tok[i]] : NULL;
}

/* ---- scoring ---------------------------------------------------------- */

double rg_round5(double x)
{
    char buf[64];
    snprintf(buf, sizeof buf, "%.5f", x);
    return strtod(buf, NULL);
}

static long clipped_hits(const cmap *model, const cmap *peer)
{
    long hit = 0;
    for (size_t i = 0; i < model->nslots; i++)
        if (model->keys[i]) {
            long pc = cmap_get(peer, model->keys[i]);
            hit += pc < model->vals[i] ? pc : model->vals[i];
        }
    return hit;
}

/* lcs_inner + markLCS: marks in mask the model tokens of one LCS of
 * model[0..m) and peer[0..n), backtracking as ROUGE does (ties go up). */
static int lcs_mark(const uint32_t *model, size_t m, const uint32_t *peer,
                    size_t n, unsigned char *mask)
{
    if (m == 0 || n == 0)
        return 0;
    if (m + 1 > SIZE_MAX / (n + 1) / sizeof(uint32_t))
        return -1;
    size_t w = n + 1;
    uint32_t *c = calloc((m + 1) * w, sizeof *c);
    unsigned char *b = calloc((m + 1) * w, 1);
    if (!c || !b) {
        free(c);
        free(b);
        return -1;
    }
    for (size_t i = 1; i <= m; i++)
        for (size_t j = 1; j <= n; j++) {
            if (model[i - 1] == peer[j - 1]) {
                c[i * w + j] = c[(i - 1) * w + j - 1] + 1;
                b[i * w + j] = 'd';
            } else if (c[(i - 1) * w + j] >= c[i * w + j - 1]) {
                c[i * w + j] = c[(i - 1) * w + j];
                b[i * w + j] = 'u';
            } else {
                c[i * w + j] = c[i * w + j - 1];
                b[i * w + j] = 'l';
            }
        }
    size_t i = m, j = n;
    while (i != 0 && j != 0) {
        if (b[i * w + j] == 'd') {
            i--;
            j--;
            mask[i] = 1;
        } else if (b[i * w + j] == 'u') {
            i--;
        } else {
            j--;
        }
    }
    free(c);
    free(b);
    return 0;
}

static int lcs_score(const rg_text *peer, const rg_text *model, long *hit,
                     long *base)
{
    cmap mc = {0}, pc = {0};
    unsigned char *mask = NULL;
    int rc = -1;
    if (cmap_copy(&mc, &model->g[0]) != 0 || cmap_copy(&pc, &peer->g[0]) != 0)
        goto out;
    *hit = 0;
    *base = 0;
    for (size_t u = 0; u < model->nunits; u++) {
        const uint32_t *mt = model->utok + model->ustart[u];
        size_t m = model->ustart[u + 1] - model->ustart[u];
        *base += (long)m;
        free(mask);
        mask = calloc(m ? m : 1, 1);
        if (!mask)
            goto out;
        for (size_t v = 0; v < peer->nunits; v++)
            if (lcs_mark(mt, m, peer->utok + peer->ustart[v],
                         peer->ustart[v + 1] - peer->ustart[v], mask) != 0)
                goto out;
        for (size_t j = 0; j < m; j++) {
            if (!mask[j])
                continue;
            uint64_t key = KEY1(mt[j]);
            if (cmap_get(&mc, key) > 0 && cmap_get(&pc, key) > 0) {
                (*hit)++;
                if (cmap_add(&mc, key, -1) != 0 || cmap_add(&pc, key, -1) != 0)
                    goto out;
            }
        }
    }
    rc = 0;
out:
    free(mask);
    cmap_free(&mc);
    cmap_free(&pc);
    return rc;
}

static void finish(rg_prf *x, double alpha)
{
    x->r = x->model ? rg_round5((double)x->hit / (double)x->model) : 0.0;
    x->p = x->peer ? rg_round5((double)x->hit / (double)x->peer) : 0.0;
    double d = (1 - alpha) * x->p + alpha * x->r;
    x->f = d > 0 ? rg_round5(x->p * x->r / d) : 0.0;
}

int rg_score(rg_scorer *s, const rg_text *peer, rg_text *const *refs,
             size_t n_refs, rg_result *out)
{
    memset(out, 0, sizeof *out);
    static const int metric_of[3] = {RG_1, RG_2, RG_SU4};
    for (size_t r = 0; r < n_refs; r++) {
        for (int k = 0; k < 3; k++) {
            rg_prf *x = &out->m[metric_of[k]];
            x->hit += clipped_hits(&refs[r]->g[k], &peer->g[k]);
            x->model += refs[r]->cnt[k];
            x->peer += peer->cnt[k];
        }
        long hit, base;
        if (lcs_score(peer, refs[r], &hit, &base) != 0)
            return -1;
        out->m[RG_L].hit += hit;
        out->m[RG_L].model += base;
        out->m[RG_L].peer += peer->cnt[0];
    }
    for (int k = 0; k < RG_NMETRICS; k++)
        finish(&out->m[k], s->o.alpha);
    return 0;
}

/* ---- averaging over clusters ------------------------------------------ */

/* Perl's rand() since 5.20 (and the C library's before it on Linux):
 * drand48 seeded by srand(seed) as srand48 does. */
typedef struct drand48_state {
    uint64_t x;
} drand48_state;

static void perl_srand(drand48_state *st, uint32_t seed)
{
    st->x = 0x330EULL + ((uint64_t)seed << 16);
}

static double perl_drand(drand48_state *st)
{
    st->x = (st->x * 0x5DEECE66DULL + 0xBULL) & 0xFFFFFFFFFFFFULL;
    return ldexp((double)st->x, -48);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

int rg_bootstrap(const double *x, size_t n, size_t resamples, double conf,
                 rg_ci *out)
{
    if (resamples == 0) {
        double sum = 0;
        for (size_t i = 0; i < n; i++)
            sum += x[i];
        out->avg = out->lo = out->hi = rg_round5(n ? sum / (double)n : 0);
        return 0;
    }
    double *means = malloc(resamples * sizeof *means);
    if (!means)
        return -1;
    for (size_t i = 0; i < resamples; i++) {
        drand48_state st;
        perl_srand(&st, (uint32_t)i);
        double sum = 0;
        for (size_t k = 0; k < n; k++) {
            size_t ridx = (size_t)((double)n * perl_drand(&st));
            sum += x[ridx < n ? ridx : n - 1];
        }
        means[i] = n ? sum / (double)n : 0;
    }
    qsort(means, resamples, sizeof *means, cmp_double);
    double total = 0;
    for (size_t i = 0; i < resamples; i++)
        total += means[i];
    out->avg = rg_round5(total / (double)resamples);
    double r = (double)resamples;
    double delta = r * ((100 - conf) / 2.0) / 100.0;
    size_t ua = (size_t)(r - delta - 1), la = (size_t)delta;
    size_t ub = ua + 1 < resamples ? ua + 1 : ua;
    size_t lb = la + 1 < resamples ? la + 1 : la;
    double ratio = r - delta - 1 - (double)ua;
    out->lo = rg_round5(means[la] + (means[lb] - means[la]) * ratio);
    out->hi = rg_round5(means[ua] + (means[ub] - means[ua]) * ratio);
    free(means);
    return 0;
}

int rg_cluster_cmp(const char *a, const char *b)
{
    /* compare a "." with b "." byte by byte, as Perl's cmp does */
    size_t la = strlen(a), lb = strlen(b);
    for (size_t i = 0;; i++) {
        int ca = i < la ? (unsigned char)a[i] : i == la ? '.' : -1;
        int cb = i < lb ? (unsigned char)b[i] : i == lb ? '.' : -1;
        if (ca != cb)
            return ca < cb ? -1 : 1;
        if (ca == -1)
            return 0;
    }
}
