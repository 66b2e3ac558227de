/*
 * rouge: scores summaries with ROUGE-1, ROUGE-2, ROUGE-SU4 and ROUGE-L as
 * ROUGE-1.5.5 does with -n 2 -m -2 4 -u -c 95 -r 1000 -f A -p 0.5 -t 0
 * (tools/lib/rouge.h lists what is reproduced).
 *
 *   rouge [OPTIONS] SYSTEM REF...            one cluster
 *   rouge [OPTIONS] --list FILE              one cluster a line: ID SYSTEM REF...
 *   rouge [OPTIONS] --dataset DIR --systems SYSDIR
 *                                            DIR/C/refs/ against SYSDIR/C.txt
 * Options: -l N | -b N (truncate every summary, references included, to N
 * words or bytes), -r N (bootstrap resamples, 1000), -c N (confidence, 95),
 * -p A (alpha, 0.5), --no-stem, --wordnet DIR (WordNet exception lists,
 * /usr/share/wordnet), --no-wordnet (as ROUGE with an empty exception DB),
 * -d (per-cluster scores), --tsv (one line a metric: name, R lo hi, P lo hi,
 * F lo hi, clusters), --id NAME.
 */
#include "rouge.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

typedef struct cluster {
    char *id;
    char *system;
    char **refs;
    size_t nrefs;
    rg_result res;
} cluster;

typedef struct clusters {
    cluster *v;
    size_t n, cap;
} clusters;

static void usage(FILE *f)
{
    fputs("usage: rouge [-l N | -b N] [-r N] [-c N] [-p ALPHA] [--no-stem] "
          "[--wordnet DIR | --no-wordnet] [-d] [--tsv] [--id NAME]\n"
          "             (SYSTEM REF... | --list FILE | --dataset DIR --systems "
          "SYSDIR)\n",
          f);
}

static char *read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 4096, n = 0;
    char *s = malloc(cap);
    while (s) {
        if (n == cap) {
            char *t = realloc(s, cap * 2);
            if (!t) {
                free(s);
                s = NULL;
                break;
            }
            s = t;
            cap *= 2;
        }
        size_t got = fread(s + n, 1, cap - n, f);
        n += got;
        if (got == 0)
            break;
    }
    int err = ferror(f);
    fclose(f);
    if (err) {
        free(s);
        return NULL;
    }
    *len = n;
    return s;
}

static void free_cluster(cluster *c)
{
    free(c->id);
    free(c->system);
    for (size_t i = 0; i < c->nrefs; i++)
        free(c->refs[i]);
    free(c->refs);
}

static cluster *push_cluster(clusters *cs)
{
    if (cs->n == cs->cap) {
        size_t nc = cs->cap ? cs->cap * 2 : 16;
        cluster *v = realloc(cs->v, nc * sizeof *v);
        if (!v)
            return NULL;
        cs->v = v;
        cs->cap = nc;
    }
    cluster *c = &cs->v[cs->n++];
    memset(c, 0, sizeof *c);
    return c;
}

static int add_ref(cluster *c, const char *path)
{
    char **v = realloc(c->refs, (c->nrefs + 1) * sizeof *v);
    if (!v)
        return -1;
    c->refs = v;
    if (!(c->refs[c->nrefs] = strdup(path)))
        return -1;
    c->nrefs++;
    return 0;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorted names of the entries of dir (no dot files); NULL on error. */
static char **list_dir(const char *dir, size_t *n)
{
    DIR *d = opendir(dir);
    if (!d)
        return NULL;
    char **v = NULL;
    size_t k = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        char **t = realloc(v, (k + 1) * sizeof *t);
        if (!t || !(t[k] = strdup(e->d_name))) {
            free(t ? t : v);
            closedir(d);
            return NULL;
        }
        v = t;
        k++;
    }
    closedir(d);
    if (k)
        qsort(v, k, sizeof *v, cmp_str);
    *n = k;
    if (!v)
        v = calloc(1, sizeof *v);
    return v;
}

static void free_list(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

static char *path_join(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    char *p = malloc(la + lb + 2);
    if (p) {
        memcpy(p, a, la);
        p[la] = '/';
        memcpy(p + la + 1, b, lb + 1);
    }
    return p;
}

static int is_dir(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

static int load_dataset(clusters *cs, const char *dataset, const char *sysdir)
{
    size_t n;
    char **names = list_dir(dataset, &n);
    if (!names) {
        fprintf(stderr, "rouge: %s: %s\n", dataset, strerror(errno));
        return -1;
    }
    int rc = 0;
    for (size_t i = 0; i < n && rc == 0; i++) {
        char *cdir = path_join(dataset, names[i]);
        char *rdir = cdir ? path_join(cdir, "refs") : NULL;
        if (!rdir) {
            rc = -1;
        } else if (is_dir(rdir)) {
            size_t nr;
            char **refs = list_dir(rdir, &nr);
            cluster *c = refs ? push_cluster(cs) : NULL;
            size_t sl = strlen(names[i]) + 5;
            if (!c || !(c->id = strdup(names[i])) ||
                !(c->system = malloc(strlen(sysdir) + sl + 1))) {
                rc = -1;
            } else {
                snprintf(c->system, strlen(sysdir) + sl + 1, "%s/%s.txt",
                         sysdir, names[i]);
                for (size_t r = 0; r < nr && rc == 0; r++) {
                    char *rp = path_join(rdir, refs[r]);
                    if (!rp || add_ref(c, rp) != 0)
                        rc = -1;
                    free(rp);
                }
                if (nr == 0) {
                    fprintf(stderr, "rouge: %s: no reference\n", rdir);
                    rc = -1;
                }
            }
            if (refs)
                free_list(refs, nr);
        }
        free(rdir);
        free(cdir);
    }
    free_list(names, n);
    if (rc == 0 && cs->n == 0) {
        fprintf(stderr, "rouge: %s: no CLUSTER/refs/ directory\n", dataset);
        rc = -1;
    }
    return rc;
}

static int load_list(clusters *cs, const char *file)
{
    FILE *f = fopen(file, "r");
    if (!f) {
        fprintf(stderr, "rouge: %s: %s\n", file, strerror(errno));
        return -1;
    }
    char *buf = NULL;
    size_t cap = 0;
    ssize_t got;
    int rc = 0;
    while (rc == 0 && (got = getline(&buf, &cap, f)) >= 0) {
        char *save = NULL, *tok[3];
        char *id = strtok_r(buf, " \t\r\n", &save);
        if (!id || id[0] == '#')
            continue;
        tok[0] = strtok_r(NULL, " \t\r\n", &save);
        tok[1] = strtok_r(NULL, " \t\r\n", &save);
        if (!tok[0] || !tok[1]) {
            fprintf(stderr, "rouge: %s: need ID SYSTEM REF... on each line\n",
                    file);
            rc = -1;
            break;
        }
        cluster *c = push_cluster(cs);
        if (!c || !(c->id = strdup(id)) || !(c->system = strdup(tok[0])) ||
            add_ref(c, tok[1]) != 0) {
            rc = -1;
            break;
        }
        while (rc == 0 && (tok[2] = strtok_r(NULL, " \t\r\n", &save)))
            rc = add_ref(c, tok[2]);
    }
    free(buf);
    fclose(f);
    return rc;
}

static rg_text *load_text(rg_scorer *s, const char *path)
{
    size_t len;
    char *raw = read_all(path, &len);
    if (!raw) {
        fprintf(stderr, "rouge: %s: %s\n", path, strerror(errno));
        return NULL;
    }
    rg_text *t = rg_text_new(s, raw, len);
    free(raw);
    if (!t)
        fprintf(stderr, "rouge: out of memory\n");
    return t;
}

static int score_cluster(rg_scorer *s, cluster *c)
{
    int rc = -1;
    rg_text *peer = load_text(s, c->system);
    rg_text **refs = calloc(c->nrefs, sizeof *refs);
    if (!peer || !refs)
        goto out;
    for (size_t i = 0; i < c->nrefs; i++)
        if (!(refs[i] = load_text(s, c->refs[i])))
            goto out;
    if (rg_score(s, peer, refs, c->nrefs, &c->res) != 0) {
        fprintf(stderr, "rouge: out of memory\n");
        goto out;
    }
    rc = 0;
out:
    if (refs)
        for (size_t i = 0; i < c->nrefs; i++)
            rg_text_free(refs[i]);
    free(refs);
    rg_text_free(peer);
    return rc;
}

static int cmp_cluster(const void *a, const void *b)
{
    return rg_cluster_cmp(((const cluster *)a)->id, ((const cluster *)b)->id);
}

static int parse_size(const char *s, size_t *out)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || end == s || *end || s[0] == '-')
        return -1;
    *out = (size_t)v;
    return 0;
}

int main(int argc, char **argv)
{
    rg_opts o;
    rg_opts_init(&o);
    size_t resamples = 1000;
    double conf = 95;
    int per_cluster = 0, tsv = 0;
    const char *list = NULL, *dataset = NULL, *sysdir = NULL, *id = "X";
    const char *wordnet = "/usr/share/wordnet";
    clusters cs = {0};
    rg_scorer *s = NULL;
    int rc = 2, i;
    for (i = 1; i < argc; i++) {
        const char *a = argv[i];
        int more = i + 1 < argc;
        if (!strcmp(a, "-l") && more) {
            if (parse_size(argv[++i], &o.words) != 0)
                goto bad;
        } else if (!strcmp(a, "-b") && more) {
            if (parse_size(argv[++i], &o.bytes) != 0)
                goto bad;
        } else if (!strcmp(a, "-r") && more) {
            if (parse_size(argv[++i], &resamples) != 0)
                goto bad;
        } else if (!strcmp(a, "-c") && more) {
            conf = strtod(argv[++i], NULL);
            if (conf < 0 || conf > 100)
                goto bad;
        } else if (!strcmp(a, "-p") && more) {
            o.alpha = strtod(argv[++i], NULL);
            if (o.alpha < 0 || o.alpha > 1)
                goto bad;
        } else if (!strcmp(a, "--no-stem")) {
            o.stem = 0;
        } else if (!strcmp(a, "-d")) {
            per_cluster = 1;
        } else if (!strcmp(a, "--tsv")) {
            tsv = 1;
        } else if (!strcmp(a, "--id") && more) {
            id = argv[++i];
        } else if (!strcmp(a, "--wordnet") && more) {
            wordnet = argv[++i];
        } else if (!strcmp(a, "--no-wordnet")) {
            wordnet = NULL;
        } else if (!strcmp(a, "--list") && more) {
            list = argv[++i];
        } else if (!strcmp(a, "--dataset") && more) {
            dataset = argv[++i];
        } else if (!strcmp(a, "--systems") && more) {
            sysdir = argv[++i];
        } else if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            usage(stdout);
            return 0;
        } else if (a[0] == '-' && a[1]) {
            goto bad;
        } else {
            break;
        }
    }
    if (o.words && o.bytes) {
        fputs("rouge: -l and -b exclude each other\n", stderr);
        goto bad;
    }
    if (!!list + !!dataset + (i < argc) != 1 || !!dataset != !!sysdir ||
        (i < argc && argc - i < 2))
        goto bad;

    rc = 1;
    if (list) {
        if (load_list(&cs, list) != 0)
            goto out;
    } else if (dataset) {
        if (load_dataset(&cs, dataset, sysdir) != 0)
            goto out;
    } else {
        cluster *c = push_cluster(&cs);
        if (!c || !(c->id = strdup("1")) || !(c->system = strdup(argv[i])))
            goto out;
        for (int k = i + 1; k < argc; k++)
            if (add_ref(c, argv[k]) != 0)
                goto out;
    }
    if (cs.n == 0) {
        fputs("rouge: nothing to score\n", stderr);
        goto out;
    }
    if (!(s = rg_scorer_new(&o)))
        goto out;
    if (o.stem && wordnet && rg_scorer_load_wordnet(s, wordnet) != 0) {
        fprintf(stderr,
                "rouge: %s/{adj,adv,noun,verb}.exc: cannot read the WordNet "
                "exception lists (apt-get install wordnet-base, or "
                "--no-wordnet)\n",
                wordnet);
        goto out;
    }
    qsort(cs.v, cs.n, sizeof *cs.v, cmp_cluster);
    for (size_t k = 0; k < cs.n; k++)
        if (score_cluster(s, &cs.v[k]) != 0)
            goto out;

    static const int order[RG_NMETRICS] = {RG_1, RG_2, RG_L, RG_SU4};
    double *col = malloc(cs.n * sizeof *col);
    if (!col)
        goto out;
    for (int m = 0; m < RG_NMETRICS; m++) {
        int k = order[m];
        rg_ci ci[3];
        for (int w = 0; w < 3; w++) {
            for (size_t c = 0; c < cs.n; c++) {
                const rg_prf *x = &cs.v[c].res.m[k];
                col[c] = w == 0 ? x->r : w == 1 ? x->p : x->f;
            }
            if (rg_bootstrap(col, cs.n, resamples, conf, &ci[w]) != 0) {
                free(col);
                goto out;
            }
        }
        if (tsv) {
            printf("%s", rg_metric_name(k));
            for (int w = 0; w < 3; w++)
                printf("\t%.5f\t%.5f\t%.5f", ci[w].avg, ci[w].lo, ci[w].hi);
            printf("\t%zu\n", cs.n);
        } else {
            static const char *const what[3] = {"R", "P", "F"};
            puts("---------------------------------------------");
            for (int w = 0; w < 3; w++)
                printf("%s %s Average_%s: %.5f (%g%%-conf.int. %.5f - %.5f)\n",
                       id, rg_metric_name(k), what[w], ci[w].avg, conf,
                       ci[w].lo, ci[w].hi);
        }
        if (per_cluster && !tsv) {
            puts(".............................................");
            for (size_t c = 0; c < cs.n; c++) {
                const rg_prf *x = &cs.v[c].res.m[k];
                printf("%s %s Eval %s R:%.5f P:%.5f F:%.5f hit:%ld model:%ld "
                       "peer:%ld\n",
                       id, rg_metric_name(k), cs.v[c].id, x->r, x->p, x->f,
                       x->hit, x->model, x->peer);
            }
        }
    }
    free(col);
    rc = 0;
    goto out;
bad:
    usage(stderr);
    rc = 2;
out:
    rg_scorer_free(s);
    for (size_t k = 0; k < cs.n; k++)
        free_cluster(&cs.v[k]);
    free(cs.v);
    return rc;
}
