/*
 * extract_eval: scores article extraction the way extraction benchmarks
 * do, on a folder of pages with their expected text.
 *
 *   extract_eval [--summarizer BIN] [--input FILE] [--verbose] DIR
 *
 * DIR holds one folder per page with the page (FILE, default source.html)
 * and expected.txt.  Each page goes through `BIN extract --format json`
 * (default build/summarizer); its paragraphs and headings are the
 * prediction.  Both texts are split into word tokens (maximal runs of
 * Unicode letters, digits and '_', as Python's \w+; case kept), every run
 * of 4 consecutive tokens is a shingle, and per page the shared shingles
 * (the smaller of the two counts) are true positives, the rest of the
 * prediction's false positives and the rest of the expected text's false
 * negatives.  Printed: precision and recall per page averaged over pages,
 * and F1 of those two means (the figure); then the same with each
 * page's tp, fp and fn normalised to sum to 1 and summed over pages before
 * precision and recall are taken (the form some benchmarks publish).
 * A page with no prediction has precision 0 (1 when nothing is expected).
 */
#include "common/common.h"

#include <cjson/cJSON.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <utf8proc.h>

#define SHINGLE 4

static char *slurp(FILE *f, size_t *len)
{
    sm_buf b = {0};
    char chunk[65536];
    size_t got;
    while ((got = fread(chunk, 1, sizeof chunk, f)) > 0)
        sm_buf_add(&b, chunk, got);
    if (!b.s)
        sm_buf_add(&b, "", 0);
    *len = b.len;
    return b.s;
}

static bool word_char(int32_t c)
{
    if (c == '_')
        return true;
    if (c < 0x80)
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (c < 0)
        return false;
    utf8proc_category_t k = utf8proc_category(c);
    return (k >= UTF8PROC_CATEGORY_LU && k <= UTF8PROC_CATEGORY_LO) ||
           (k >= UTF8PROC_CATEGORY_ND && k <= UTF8PROC_CATEGORY_NO);
}

typedef SM_VEC(uint64_t) u64vec;

static int u64cmp(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* The sorted hashes of every shingle of text. */
static void shingles(const char *text, size_t len, u64vec *out)
{
    u64vec toks = {0};
    const unsigned char *s = (const unsigned char *)text;
    size_t i = 0;
    while (i < len) {
        int32_t cp;
        size_t n = sm_utf8_decode(s + i, len - i, &cp);
        if (!word_char(cp)) {
            i += n;
            continue;
        }
        size_t start = i;
        while (i < len) {
            n = sm_utf8_decode(s + i, len - i, &cp);
            if (!word_char(cp))
                break;
            i += n;
        }
        SM_PUSH(toks, sm_hash(text + start, i - start));
    }
    out->n = 0;
    for (size_t k = 0; k + SHINGLE <= toks.n; k++) {
        uint64_t h = 1469598103934665603ull;
        for (size_t j = 0; j < SHINGLE; j++)
            h = (h ^ toks.v[k + j]) * 1099511628211ull + j;
        SM_PUSH(*out, h);
    }
    if (out->n)
        qsort(out->v, out->n, sizeof *out->v, u64cmp);
    SM_FREEVEC(toks);
}

static size_t shared(const u64vec *a, const u64vec *b)
{
    size_t i = 0, j = 0, tp = 0;
    while (i < a->n && j < b->n) {
        if (a->v[i] == b->v[j]) {
            tp++;
            i++;
            j++;
        } else if (a->v[i] < b->v[j])
            i++;
        else
            j++;
    }
    return tp;
}

/* Runs the extractor on one page; the text of its paragraphs, or NULL. */
static char *predict(const char *bin, const char *page, size_t *len)
{
    sm_buf cmd = {0};
    sm_buf_printf(&cmd, "'%s' extract --format json '", bin);
    for (const char *p = page; *p; p++) {
        if (*p == '\'')
            sm_buf_adds(&cmd, "'\\''");
        else
            sm_buf_addc(&cmd, *p);
    }
    sm_buf_adds(&cmd, "' 2>/dev/null");
    FILE *f = popen(cmd.s, "r");
    sm_buf_free(&cmd);
    if (!f)
        return NULL;
    size_t n;
    char *json = slurp(f, &n);
    pclose(f);
    sm_buf text = {0};
    sm_buf_add(&text, "", 0);
    /* One JSON object per document and line. */
    for (char *line = json; line && *line;) {
        char *nl = strchr(line, '\n');
        if (nl)
            *nl = '\0';
        cJSON *doc = cJSON_Parse(line);
        const cJSON *paras = cJSON_GetObjectItemCaseSensitive(doc, "paragraphs");
        const cJSON *p;
        cJSON_ArrayForEach(p, paras) {
            const cJSON *t = cJSON_GetObjectItemCaseSensitive(p, "text");
            if (cJSON_IsString(t)) {
                sm_buf_adds(&text, t->valuestring);
                sm_buf_adds(&text, "\n\n");
            }
        }
        cJSON_Delete(doc);
        line = nl ? nl + 1 : NULL;
    }
    free(json);
    *len = text.len;
    return text.s;
}

static int name_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv)
{
    const char *bin = "build/summarizer", *input = "source.html", *dir = NULL;
    bool verbose = false;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--summarizer") == 0 && i + 1 < argc)
            bin = argv[++i];
        else if (strcmp(argv[i], "--input") == 0 && i + 1 < argc)
            input = argv[++i];
        else if (strcmp(argv[i], "--verbose") == 0)
            verbose = true;
        else if (argv[i][0] != '-' && !dir)
            dir = argv[i];
        else {
            fprintf(stderr, "usage: extract_eval [--summarizer BIN] [--input FILE] [--verbose] DIR\n");
            return 2;
        }
    }
    if (!dir) {
        fprintf(stderr, "usage: extract_eval [--summarizer BIN] [--input FILE] [--verbose] DIR\n");
        return 2;
    }
    DIR *d = opendir(dir);
    if (!d) {
        perror(dir);
        return 1;
    }
    SM_VEC(char *) pages = {0};
    struct dirent *e;
    while ((e = readdir(d)))
        if (e->d_name[0] != '.')
            SM_PUSH(pages, sm_xstrdup(e->d_name));
    closedir(d);
    qsort(pages.v, pages.n, sizeof *pages.v, name_cmp);
    double sum_p = 0, sum_r = 0, ntp = 0, nfp = 0, nfn = 0;
    size_t scored = 0;
    u64vec want = {0}, got = {0};
    for (size_t i = 0; i < pages.n; i++) {
        sm_buf src = {0}, exp = {0};
        sm_buf_printf(&src, "%s/%s/%s", dir, pages.v[i], input);
        sm_buf_printf(&exp, "%s/%s/expected.txt", dir, pages.v[i]);
        FILE *ef = fopen(exp.s, "rb");
        struct stat sb;
        if (!ef || stat(src.s, &sb) != 0) {
            if (ef)
                fclose(ef);
            sm_buf_free(&src);
            sm_buf_free(&exp);
            continue;
        }
        size_t elen, plen = 0;
        char *etext = slurp(ef, &elen);
        fclose(ef);
        char *ptext = predict(bin, src.s, &plen);
        shingles(etext, elen, &want);
        shingles(ptext ? ptext : "", plen, &got);
        size_t tp = shared(&want, &got), fp = got.n - tp, fn = want.n - tp;
        double p = got.n ? (double)tp / (double)got.n : (want.n ? 0 : 1);
        double r = want.n ? (double)tp / (double)want.n : 1;
        sum_p += p;
        sum_r += r;
        double s = (double)(tp + fp + fn);
        if (s > 0) {
            ntp += tp / s;
            nfp += fp / s;
            nfn += fn / s;
        }
        scored++;
        if (verbose)
            printf("%-48s P %.3f R %.3f F %.3f (%zu/%zu/%zu)\n", pages.v[i], p, r,
                   p + r > 0 ? 2 * p * r / (p + r) : 0, tp, fp, fn);
        free(etext);
        free(ptext);
        sm_buf_free(&src);
        sm_buf_free(&exp);
    }
    if (!scored) {
        fprintf(stderr, "extract_eval: no page with %s and expected.txt in %s\n", input, dir);
        return 1;
    }
    double mp = sum_p / (double)scored, mr = sum_r / (double)scored;
    printf("pages %zu  precision %.4f  recall %.4f  F1 %.4f  (means over pages)\n",
           scored, mp, mr, mp + mr > 0 ? 2 * mp * mr / (mp + mr) : 0);
    double bp = ntp + nfp > 0 ? ntp / (ntp + nfp) : 0;
    double br = ntp + nfn > 0 ? ntp / (ntp + nfn) : 0;
    printf("pages %zu  precision %.4f  recall %.4f  F1 %.4f  (normalised counts summed)\n",
           scored, bp, br, bp + br > 0 ? 2 * bp * br / (bp + br) : 0);
    for (size_t i = 0; i < pages.n; i++)
        free(pages.v[i]);
    SM_FREEVEC(pages);
    SM_FREEVEC(want);
    SM_FREEVEC(got);
    return 0;
}
