/*
 * archive_search.c: finds the sentences of archived digests that contain
 * every query word.  Words are compared after Unicode case folding and
 * stemming, so "elections" finds "election".  JSON digests are parsed and
 * searched sentence by sentence, with their topic; digests kept in another
 * format are searched line by line.
 */
#include "archive/archive.h"

#include <inttypes.h>
#include <libstemmer.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

typedef SM_VEC(char *) strvec;

/* Appends the stems of the words of s[0..n) to out (each malloc'd): words
 * as terms are (sm_next_word, common.h), after case folding. */
static void stems_of(struct sb_stemmer *stem, const char *s, size_t n, strvec *out)
{
    utf8proc_uint8_t *folded = NULL;
    utf8proc_ssize_t fl = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n,
                                       &folded, UTF8PROC_CASEFOLD | UTF8PROC_COMPOSE);
    if (fl == UTF8PROC_ERROR_NOMEM)
        sm_oom();
    sm_cleanup c_folded;
    SM_CLEANUP_PTR(c_folded, folded);
    const utf8proc_uint8_t *t;
    size_t tl;
    if (fl < 0) { /* invalid UTF-8: fold ASCII only */
        folded = (utf8proc_uint8_t *)sm_xstrndup(s, n);
        for (size_t i = 0; i < n; i++)
            if (folded[i] >= 'A' && folded[i] <= 'Z')
                folded[i] = (utf8proc_uint8_t)(folded[i] + 32);
        tl = n;
    } else {
        tl = (size_t)fl;
    }
    t = folded;
    size_t i = 0, start, end;
    while (sm_next_word(t, tl, &i, &start, &end)) {
        const sb_symbol *st = sb_stemmer_stem(stem, (const sb_symbol *)t + start,
                                              (int)(end - start));
        if (st)
            SM_PUSH(*out, sm_xstrndup((const char *)st,
                                      (size_t)sb_stemmer_length(stem)));
        else
            SM_PUSH(*out, sm_xstrndup((const char *)t + start, end - start));
    }
    sm_cleanup_run(&c_folded);
}

static void free_strs(strvec *v)
{
    for (size_t i = 0; i < v->n; i++)
        free(v->v[i]);
    v->n = 0;
}

static bool contains_all(struct sb_stemmer *stem, const strvec *q, const char *s,
                         size_t n, strvec *scratch)
{
    free_strs(scratch);
    stems_of(stem, s, n, scratch);
    for (size_t i = 0; i < q->n; i++) {
        bool found = false;
        for (size_t j = 0; j < scratch->n && !found; j++)
            found = strcmp(q->v[i], scratch->v[j]) == 0;
        if (!found)
            return false;
    }
    return true;
}

/* What a search holds, released by search_release on every path (and by
 * its cleanup when memory runs out). */
typedef struct search_job {
    struct sb_stemmer *stem;
    strvec q, scratch;
    char *data;
    sm_digest *dg;
} search_job;

static void search_release(void *p)
{
    search_job *j = p;
    free_strs(&j->q);
    free_strs(&j->scratch);
    SM_FREEVEC(j->q);
    SM_FREEVEC(j->scratch);
    free(j->data);
    sm_digest_free(j->dg);
    if (j->stem)
        sb_stemmer_delete(j->stem);
    memset(j, 0, sizeof *j);
}

/* Calls fn for the sentences of digest entry e (its bytes in j->data);
 * returns fn's non-zero to stop. */
static int search_digest(search_job *j, const sm_archive_entry *e, size_t len,
                         sm_archive_hit_fn fn, void *userdata)
{
    sm_archive_hit hit = {e->number, e->date, "", NULL};
    int stop = 0;
    if (strcmp(e->format, "json") == 0) {
        char err[256];
        j->dg = sm_digest_parse_json(j->data, len, err, sizeof err);
        if (!j->dg && strcmp(err, "out of memory") == 0)
            sm_oom();
    }
    if (j->dg) {
        for (size_t t = 0; t < j->dg->n_topics && !stop; t++) {
            const sm_digest_topic *tp = &j->dg->topics[t];
            hit.topic = tp->id ? tp->id : "";
            for (size_t k = 0; k < tp->n_sentences && !stop; k++) {
                const char *s = tp->sentences[k].text;
                if (s && contains_all(j->stem, &j->q, s, strlen(s), &j->scratch)) {
                    hit.text = s;
                    stop = fn(userdata, &hit);
                }
            }
        }
        sm_digest_free(j->dg);
        j->dg = NULL;
        return stop;
    }
    char *p = j->data, *end = j->data + len;
    while (p < end && !stop) {
        char *nl = memchr(p, '\n', (size_t)(end - p));
        char *le = nl ? nl : end;
        if (contains_all(j->stem, &j->q, p, (size_t)(le - p), &j->scratch)) {
            char saved = *le;
            *le = '\0';
            hit.text = p;
            stop = fn(userdata, &hit);
            *le = saved;
        }
        p = le + 1;
    }
    return stop;
}

static sm_status search_work(search_job *j, sm_archive *a, const char *const *words,
                             size_t n, const char *lang, sm_archive_hit_fn fn,
                             void *userdata, char **errmsg)
{
    j->stem = sb_stemmer_new(lang ? lang : "english", NULL);
    if (!j->stem)
        return sm_arch_fail(errmsg, SM_ERR_USAGE, "no stemmer for language '%s'",
                            lang ? lang : "english");
    for (size_t i = 0; i < n; i++)
        stems_of(j->stem, words[i], strlen(words[i]), &j->q);
    if (!j->q.n)
        return sm_arch_fail(errmsg, SM_ERR_USAGE, "%s: nothing to search for (no words)",
                            sm_arch_path(a));
    int stop = 0;
    for (size_t d = 0; d < sm_archive_count(a) && !stop; d++) {
        size_t len;
        /* A public call under its own guard: out of memory comes back as
         * SM_ERR_NOMEM, passed on. */
        sm_status st = sm_archive_read(a, d, &j->data, &len, errmsg);
        if (st != SM_OK)
            return st;
        stop = search_digest(j, sm_archive_entry_at(a, d), len, fn, userdata);
        free(j->data);
        j->data = NULL;
    }
    return SM_OK;
}

/* sm_archive_search's arguments, in one place for its guard. */
typedef struct search_args {
    sm_archive *a;
    const char *const *words;
    size_t n;
    const char *lang;
    sm_archive_hit_fn fn;
    void *userdata;
    char **errmsg;
} search_args;

static sm_status search_run(const search_args *s)
{
    search_job j;
    memset(&j, 0, sizeof j);
    sm_cleanup c_job;
    sm_cleanup_push(&c_job, search_release, &j);
    sm_status st = search_work(&j, s->a, s->words, s->n, s->lang, s->fn,
                               s->userdata, s->errmsg);
    sm_cleanup_run(&c_job);
    return st;
}

static sm_status search_guarded(const search_args *s)
{
    sm_status st;
    SM_GUARDED(st, search_run(s), sm_arch_nomem(s->errmsg, sm_arch_path(s->a)));
    return st;
}

sm_status sm_archive_search(sm_archive *a, const char *const *words, size_t n,
                            const char *lang, sm_archive_hit_fn fn, void *userdata,
                            char **errmsg)
{
    if (errmsg)
        *errmsg = NULL;
    const search_args s = {a, words, n, lang, fn, userdata, errmsg};
    return search_guarded(&s);
}
