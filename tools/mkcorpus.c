/*
 * mkcorpus: builds a news-like benchmark corpus of a given size from real
 * text, without making documents identical (the summarizer deduplicates, so
 * copies would trivialise the work).
 *
 *   mkcorpus [--seed N] SIZE_MB OUTDIR SOURCE...
 *
 * SOURCE files or directories (recursively) give a pool of sentences (lines
 * cut at ". ", "? ", "! "; 5 to 60 words).  Each document gets a header
 * (date: a random day from 2025-01-01 to 2025-04-30, source: one of a dozen
 * outlets, title) and 15 to 60 sentences drawn from the pool, each varied:
 * numbers get new digits, a third of the capitalised words become other
 * names, and one word in eight is replaced by a word of the pool's
 * vocabulary.  Files go to OUTDIR/NNN/dNNNNNNN.txt, about 5 KB each, until
 * SIZE_MB x 10^6 bytes are written.  Deterministic for a given seed and
 * sources.  Prints "bytes documents sentences" on standard output.
 */
#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

typedef struct strv {
    char **v;
    size_t n, cap;
} strv;

static void *xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n);
    if (!q) {
        fputs("mkcorpus: out of memory\n", stderr);
        exit(1);
    }
    return q;
}

static char *xstrndup(const char *s, size_t n)
{
    char *p = xrealloc(NULL, n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

static void strv_push(strv *v, char *s)
{
    if (v->n == v->cap) {
        v->cap = v->cap ? v->cap * 2 : 1024;
        v->v = xrealloc(v->v, v->cap * sizeof *v->v);
    }
    v->v[v->n++] = s;
}

static void strv_free(strv *v)
{
    for (size_t i = 0; i < v->n; i++)
        free(v->v[i]);
    free(v->v);
}

static uint64_t rng_state;

static uint64_t rnd(void)
{
    /* splitmix64: deterministic, good enough for sampling */
    uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static size_t rndn(size_t n)
{
    return n ? (size_t)(rnd() % n) : 0;
}

static size_t words_of(const char *s, size_t n)
{
    size_t w = 0;
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && (i == 0 || s[i - 1] == ' '))
            w++;
    return w;
}

/* Cuts one line into sentences and keeps those of 5 to 60 words. */
static void add_line(strv *pool, char *line, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (line[i] == '\t' || line[i] == '\r')
            line[i] = ' ';
    size_t b = 0;
    while (b < n) {
        while (b < n && line[b] == ' ')
            b++;
        size_t e = b;
        while (e < n && !((line[e] == '.' || line[e] == '?' || line[e] == '!') &&
                          (e + 1 == n || line[e + 1] == ' ')))
            e++;
        if (e < n)
            e++;
        size_t w = words_of(line + b, e - b);
        if (w >= 5 && w <= 60)
            strv_push(pool, xstrndup(line + b, e - b));
        b = e;
    }
}

static int read_source(strv *pool, const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        fprintf(stderr, "mkcorpus: %s: %s\n", path, strerror(errno));
        return -1;
    }
    if (S_ISDIR(st.st_mode)) {
        DIR *d = opendir(path);
        if (!d)
            return -1;
        strv names = {0};
        struct dirent *e;
        while ((e = readdir(d)))
            if (e->d_name[0] != '.')
                strv_push(&names, xstrndup(e->d_name, strlen(e->d_name)));
        closedir(d);
        int rc = 0;
        for (size_t i = 0; i < names.n && rc == 0; i++) {
            size_t len = strlen(path) + strlen(names.v[i]) + 2;
            char *p = xrealloc(NULL, len);
            snprintf(p, len, "%s/%s", path, names.v[i]);
            rc = read_source(pool, p);
            free(p);
        }
        strv_free(&names);
        return rc;
    }
    if (!S_ISREG(st.st_mode))
        return 0;
    FILE *f = fopen(path, "r");
    if (!f)
        return -1;
    char *line = NULL;
    size_t cap = 0;
    ssize_t got;
    while ((got = getline(&line, &cap, f)) > 0) {
        size_t n = (size_t)got;
        while (n && (line[n - 1] == '\n' || line[n - 1] == '\r'))
            n--;
        add_line(pool, line, n);
    }
    free(line);
    fclose(f);
    return 0;
}

static int is_alpha_word(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z')))
            return 0;
    return n > 0;
}

static const char *const names[] = {
    "Alvarez", "Brennan", "Chen", "Dubois", "Eriksen", "Fischer", "Garcia",
    "Haddad", "Ivanova", "Jensen", "Kowalski", "Laurent", "Moreau", "Nakamura",
    "Okafor", "Petrov", "Quinn", "Rossi", "Schmidt", "Tanaka", "Uribe",
    "Varga", "Weber", "Xu", "Yilmaz", "Zhang", "Lisbon", "Nairobi", "Oslo",
    "Quito", "Riga", "Seoul", "Tbilisi", "Valletta", "Warsaw", "Geneva"};
static const char *const outlets[] = {
    "Reuters", "AP", "AFP", "BBC", "CNN", "The Guardian", "Al Jazeera",
    "DW", "France 24", "NPR", "The Times", "Bloomberg"};

/* Appends a varied copy of sentence s to out. */
static void vary(FILE *out, const char *s, const strv *vocab, size_t *bytes)
{
    size_t i = 0, n = strlen(s);
    int first = 1;
    while (i < n) {
        while (i < n && s[i] == ' ')
            i++;
        size_t b = i;
        while (i < n && s[i] != ' ')
            i++;
        if (i == b)
            break;
        /* the word without trailing punctuation */
        size_t e = i;
        while (e > b && (s[e - 1] == '.' || s[e - 1] == ',' || s[e - 1] == '!' ||
                         s[e - 1] == '?' || s[e - 1] == ';' || s[e - 1] == ':'))
            e--;
        if (!first) {
            fputc(' ', out);
            (*bytes)++;
        }
        first = 0;
        const char *w = s + b;
        size_t wl = e - b;
        int has_digit = 0;
        for (size_t k = b; k < e; k++)
            has_digit |= s[k] >= '0' && s[k] <= '9';
        if (has_digit) {
            for (size_t k = b; k < e; k++) {
                char c = s[k];
                if (c >= '0' && c <= '9')
                    c = (char)('0' + rndn(10));
                fputc(c, out);
            }
            *bytes += wl;
        } else if (is_alpha_word(w, wl) && w[0] >= 'A' && w[0] <= 'Z' && b > 0 &&
                   rndn(3) == 0) {
            const char *nm = names[rndn(sizeof names / sizeof *names)];
            fputs(nm, out);
            *bytes += strlen(nm);
        } else if (is_alpha_word(w, wl) && !(w[0] >= 'A' && w[0] <= 'Z') &&
                   vocab->n && rndn(8) == 0) {
            const char *v = vocab->v[rndn(vocab->n)];
            fputs(v, out);
            *bytes += strlen(v);
        } else {
            fwrite(w, 1, wl, out);
            *bytes += wl;
        }
        fwrite(s + e, 1, i - e, out);
        *bytes += i - e;
    }
}

int main(int argc, char **argv)
{
    uint64_t seed = 1;
    int a = 1;
    if (argc > 2 && !strcmp(argv[1], "--seed")) {
        seed = strtoull(argv[2], NULL, 10);
        a = 3;
    }
    if (argc - a < 3) {
        fputs("usage: mkcorpus [--seed N] SIZE_MB OUTDIR SOURCE...\n", stderr);
        return 2;
    }
    double mb = strtod(argv[a], NULL);
    const char *outdir = argv[a + 1];
    if (mb <= 0) {
        fputs("mkcorpus: SIZE_MB must be positive\n", stderr);
        return 2;
    }
    rng_state = seed;
    strv pool = {0}, vocab = {0};
    for (int i = a + 2; i < argc; i++)
        if (read_source(&pool, argv[i]) != 0)
            return 1;
    if (pool.n < 10) {
        fputs("mkcorpus: fewer than 10 usable sentences in the sources\n", stderr);
        return 1;
    }
    /* vocabulary: lower-case alphabetic words of the pool, with repeats, so
     * that replacements follow the pool's word frequencies */
    for (size_t i = 0; i < pool.n; i++) {
        const char *s = pool.v[i];
        size_t n = strlen(s), k = 0;
        while (k < n) {
            while (k < n && s[k] == ' ')
                k++;
            size_t b = k;
            while (k < n && s[k] != ' ')
                k++;
            if (k > b && is_alpha_word(s + b, k - b) && s[b] >= 'a')
                strv_push(&vocab, xstrndup(s + b, k - b));
        }
    }
    if (mkdir(outdir, 0777) != 0 && errno != EEXIST) {
        fprintf(stderr, "mkcorpus: %s: %s\n", outdir, strerror(errno));
        return 1;
    }
    double target = mb * 1e6;
    size_t bytes = 0, docs = 0, sentences = 0;
    size_t plen = strlen(outdir) + 32;
    char *path = xrealloc(NULL, plen);
    static const int mdays[4] = {31, 28, 31, 30};
    while ((double)bytes < target) {
        if (docs % 1000 == 0) {
            snprintf(path, plen, "%s/%03zu", outdir, docs / 1000);
            if (mkdir(path, 0777) != 0 && errno != EEXIST) {
                fprintf(stderr, "mkcorpus: %s: %s\n", path, strerror(errno));
                return 1;
            }
        }
        snprintf(path, plen, "%s/%03zu/d%07zu.txt", outdir, docs / 1000, docs);
        FILE *f = fopen(path, "w");
        if (!f) {
            fprintf(stderr, "mkcorpus: %s: %s\n", path, strerror(errno));
            return 1;
        }
        int month = (int)rndn(4);
        int day = 1 + (int)rndn((size_t)mdays[month]);
        const char *outlet = outlets[rndn(sizeof outlets / sizeof *outlets)];
        int w = fprintf(f, "date: 2025-%02d-%02d\nsource: %s\ntitle: ", month + 1,
                        day, outlet);
        if (w > 0)
            bytes += (size_t)w;
        /* the title: the first words of a varied sentence */
        vary(f, pool.v[rndn(pool.n)], &vocab, &bytes);
        fputs("\n\n", f);
        bytes += 2;
        size_t ns = 15 + rndn(46);
        for (size_t k = 0; k < ns; k++) {
            vary(f, pool.v[rndn(pool.n)], &vocab, &bytes);
            sentences++;
            if (k + 1 == ns || rndn(4) == 0) {
                fputs("\n\n", f);
                bytes += 2;
            } else {
                fputc(' ', f);
                bytes++;
            }
        }
        if (fclose(f) != 0) {
            fprintf(stderr, "mkcorpus: %s: write error\n", path);
            return 1;
        }
        docs++;
    }
    printf("%zu %zu %zu\n", bytes, docs, sentences);
    free(path);
    strv_free(&pool);
    strv_free(&vocab);
    return 0;
}
