/*
 * rouge.h: a ROUGE scorer that reproduces ROUGE-1.5.5 (Chin-Yew Lin, 2004)
 * run as the DUC/TAC evaluations ran it:
 *
 *     ROUGE-1.5.5.pl -n 2 -m -2 4 -u -c 95 -r 1000 -f A -p 0.5 -t 0 [-l N|-b N]
 *
 * giving ROUGE-1, ROUGE-2, ROUGE-SU4 and ROUGE-L recall, precision and F,
 * averaged over clusters with bootstrap confidence intervals.
 *
 * Every behaviour below was read off the ROUGE-1.5.5.pl source (subs readText,
 * readText_LCS, createNGram, createSkipBigram, ngramScore, lcs, lcs_inner,
 * markLCS, computeNGramScore, computeLCSScore, computeAverages,
 * bootstrapResampling, stem) and is reproduced on purpose, quirks included:
 *
 * Reading (SPL format, one sentence per line)
 *   - Lines are split on '\n' only ("chomp"); empty lines are skipped; a line
 *     is lower-cased in ASCII only (tr/A-Z/a-z/).  Bytes are bytes: no UTF-8
 *     decoding, so a non-ASCII byte is a separator and -b counts bytes.
 *   - -l N applies to the peer AND to every reference.  Words are Perl's
 *     split(/\s+/, line) fields over [ \t\n\v\f\r]: a line that starts with
 *     white space has one extra, empty, field.  Lines are taken whole while
 *     (words so far + line words) < N; the line reaching N is cut to its first
 *     N - (words so far) fields and reading stops.
 *   - -b N: likewise with line lengths in bytes, the separators between lines
 *     not counted, the last line cut with substr().
 *   - ROUGE-L reads the text a second time as units (lines) for the LCS.  With
 *     -b, ROUGE-1.5.5's readText_LCS never advances its byte counter, so every
 *     line shorter than N is kept and only the first line of N bytes or more
 *     is cut (where reading stops): ROUGE-L is in effect not truncated by -b.
 *     Reproduced; the unigram counts that clip ROUGE-L hits are the truncated
 *     ones, as there.
 * Tokens
 *   - Hyphens become separate tokens, every other byte outside [A-Za-z0-9]
 *     becomes a space; tokens must start with [a-z0-9$], which drops the "-"
 *     tokens: in effect a token is a maximal run of [a-z0-9].  Stopwords are
 *     kept (no -s).
 *   - -m: tokens LONGER THAN 3 bytes go through the Porter stemmer that ships
 *     inside ROUGE-1.5.5 (Martin Porter's Perl reference "Release 1" with
 *     'bli'->'ble' and 'logi'->'log' in step 2, and CYL's 2004 change to step
 *     4: "-ement" is its own suffix and "-ment" and "-ent" are then tried in
 *     turn on the result).  That is not libstemmer's "porter" (Snowball's
 *     porter.sbl has 'abli' and no 'logi' and no -ement rule), so it is
 *     reimplemented here (rg_porter_stem); it agrees with the Perl original
 *     on all 198,930 distinct tokens of Opinosis, the bundled corpus and the
 *     WordNet index.
 *   - Before stemming, ROUGE-1.5.5 looks the token up in WordNet-2.0.exc.db,
 *     WordNet's irregular forms ("were" -> "be", "better" -> "well"), and
 *     returns the base form unstemmed.  The DB it ships is built from
 *     WordNet's adj/adv/noun/verb.exc (later entries win).  rg_scorer_
 *     load_wordnet() loads those lists; the rouge tool reads WordNet 3.0's
 *     from /usr/share/wordnet (Debian package wordnet-base) in the order adj,
 *     adv, noun, verb: with them our figures equal ROUGE-1.5.5's (checked on
 *     Opinosis, tools/RESULTS.md).  Many installs rebuild the DB with a
 *     command (buildExeptionDB.pl ... ./smart_common_words.txt ...) that
 *     leaves it empty: --no-wordnet reproduces those.
 * Counting (per cluster, -f A "model average")
 *   - ROUGE-N: n-grams of the token sequence of the whole (truncated) text,
 *     across line boundaries; hits are clipped per n-gram: min(peer, model).
 *     Hits, model n-gram counts and peer n-gram counts are each summed over
 *     the references: R = hits / sum(model counts), P = hits / (references x
 *     peer count).
 *   - ROUGE-SU4 (-2 4 -u): for every token but the LAST, its unigram and the
 *     pairs (i, j) with i < j <= i + 5; the last token's unigram is not
 *     counted (ROUGE-1.5.5's loop runs i < $#tokens).  Same pooling.
 *   - ROUGE-L: for each reference unit, the union of the LCS paths (the
 *     single path markLCS backtracks, ties going "up") against every peer
 *     unit; each marked token is a hit only while both its reference and peer
 *     unigram counts (copies, refreshed per reference) are positive, and is
 *     then taken off both.  R = hits / sum(reference unit tokens), P = hits /
 *     (references x peer unigram count).
 *   - R and P are rounded to 5 decimals (sprintf "%7.5f"), F = P R / ((1 -
 *     alpha) P + alpha R) is computed from the rounded values and rounded; a
 *     zero denominator gives 0.
 * Averaging over clusters (-t 0, -c 95, -r 1000)
 *   - Clusters are ordered as Perl sorts "<cluster>.<peer>" strings (byte
 *     order of the name followed by '.').  Resample i (0 <= i < 1000) seeds
 *     Perl's drand48 with srand(i) and draws int(n * rand()) n times; its
 *     mean is one bootstrap sample.  The reported average is the mean of the
 *     sorted 1000 bootstrap means (not the plain mean: they differ in the 5th
 *     decimal), the interval the values at the interpolated 2.5% and 97.5%
 *     ranks (indices 25 and 974), all rounded to 5 decimals.
 * Not implemented: -f B, -s, -w, -3 (BE), -t 1/2, -x, ROUGE-3/4.
 */
#ifndef SM_TOOLS_ROUGE_H
#define SM_TOOLS_ROUGE_H

#include <stddef.h>

typedef struct rg_opts {
    size_t words;  /* -l N: first N words of every summary (0: no limit) */
    size_t bytes;  /* -b N: first N bytes (0: no limit); not with words */
    int stem;      /* -m: Porter stemming of tokens longer than 3 bytes */
    int skip_gap;  /* -2 G: skip-bigram gap (4: ROUGE-SU4); < 0: unlimited */
    int su_unigrams; /* -u: unigrams counted in ROUGE-S (SU) */
    double alpha;  /* -p: F = 1 / (alpha / P + (1 - alpha) / R) */
} rg_opts;

/* The DUC settings: no limit, stemming, SU4, alpha 0.5. */
void rg_opts_init(rg_opts *o);

enum { RG_1 = 0, RG_2, RG_SU4, RG_L, RG_NMETRICS };

/* "ROUGE-1", "ROUGE-2", "ROUGE-SU4", "ROUGE-L". */
const char *rg_metric_name(int metric);

typedef struct rg_prf {
    double r, p, f; /* rounded to 5 decimals as ROUGE-1.5.5 does */
    long hit;       /* clipped matches, summed over the references */
    long model;     /* reference n-grams (or LCS base), summed */
    long peer;      /* peer n-grams times the number of references */
} rg_prf;

typedef struct rg_result {
    rg_prf m[RG_NMETRICS];
} rg_result;

/* A scorer holds the options, an intern table of tokens and a stem cache.
 * One thread at a time.  NULL on allocation failure. */
typedef struct rg_scorer rg_scorer;
rg_scorer *rg_scorer_new(const rg_opts *opts);
void rg_scorer_free(rg_scorer *s);

/* Loads a WordNet exception list ("inflected base..." a line, as in
 * WordNet's adj.exc, adv.exc, noun.exc, verb.exc) into the stemmer: with
 * -m, a token longer than 3 bytes found there becomes its first base form,
 * unstemmed, as ROUGE-1.5.5's MorphStem does with WordNet-2.0.exc.db.  Later
 * entries win.  Call before making texts.  Returns 0, or -1 when the file
 * cannot be read or memory runs out. */
int rg_scorer_load_exceptions(rg_scorer *s, const char *path);
/* Loads dir/adj.exc, adv.exc, noun.exc and verb.exc in that order (dir NULL:
 * /usr/share/wordnet).  Returns 0, or -1 when one cannot be read. */
int rg_scorer_load_wordnet(rg_scorer *s, const char *dir);

/* A summary read, truncated and tokenized as ROUGE reads it (see above),
 * ready to be scored many times.  The raw text need not be NUL-terminated
 * and is not kept.  NULL on allocation failure. */
typedef struct rg_text rg_text;
rg_text *rg_text_new(rg_scorer *s, const char *raw, size_t len);
void rg_text_free(rg_text *t);
/* Its tokens (after truncation and stemming), for tests and debugging: the
 * i-th token, valid while the scorer lives. */
size_t rg_text_ntokens(const rg_text *t);
const char *rg_text_token(const rg_scorer *s, const rg_text *t, size_t i);

/* Scores a peer against n_refs references (n_refs >= 1).  Returns 0, or -1
 * on allocation failure. */
int rg_score(rg_scorer *s, const rg_text *peer, rg_text *const *refs,
             size_t n_refs, rg_result *out);

/* The Porter stemmer of ROUGE-1.5.5 applied to a lower-case word (without
 * the length test: words shorter than 3 bytes come back unchanged).  Returns
 * a new string the caller frees, or NULL on allocation failure. */
char *rg_porter_stem(const char *word);

/* Rounds as Perl's sprintf("%7.5f", x) does. */
double rg_round5(double x);

/* Bootstrap average and confidence interval of per-cluster scores x[0..n),
 * given in ROUGE's cluster order (rg_cluster_cmp), as computeAverages does
 * with -r resamples and -c conf.  Returns 0, or -1 on allocation failure. */
typedef struct rg_ci {
    double avg, lo, hi;
} rg_ci;
int rg_bootstrap(const double *x, size_t n, size_t resamples, double conf,
                 rg_ci *out);

/* Orders cluster names as ROUGE-1.5.5 orders its "<name>.<peer>" test ids. */
int rg_cluster_cmp(const char *a, const char *b);

#endif
