/*
 * ctx.c: the context: language, stemmer, and the word lists of models/.
 */
#include "common/common.h"

#include <libstemmer.h>
#include <limits.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static bool is_dir(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

const char **sm_languages(void)
{
    return sb_stemmer_list();
}

/* Reads the word lists of ctx->lang into ctx. */
/* The first word of every page-furniture phrase of standalone.txt (the
 * markers SM_PAGE_MARKERS, text/page.c), added as a '`' entry so that a
 * word which opens none costs one look-up; and every shorter phrase that
 * starts one, after SM_PAGE_PREFIX and its marker ("Sign up for our
 * newsletter": SM_PAGE_PREFIX ";sign", "...;sign up", ...), so that the
 * search for a longer phrase stops where none goes on. */
static void add_page_prefixes(sm_wordset *w, const char *e, size_t len,
                              sm_buf *key)
{
    for (size_t i = 2; i < len; i++) {
        if (e[i] != ' ')
            continue;
        key->len = 0;
        sm_buf_addc(key, SM_PAGE_PREFIX);
        sm_buf_add(key, e, i);
        sm_intern_add(&w->set, key->s, key->len);
    }
}

static void add_page_heads(sm_ctx *ctx)
{
    sm_wordset *w = &ctx->standalone;
    sm_buf head = {0};
    sm_cleanup c_head;
    SM_CLEANUP_BUF(c_head, head);
    size_t n = w->set.strs.n;
    for (size_t k = 0; k < n; k++) {
        const char *e = w->set.strs.v[k];
        size_t len = w->set.lens.v[k];
        const char *mark = len >= 2 && e[0] ? strchr(SM_PAGE_MARKERS, e[0]) : NULL;
        if (!mark)
            continue;
        const char *sp = memchr(e + 1, ' ', len - 1);
        head.len = 0;
        sm_buf_addc(&head, '`');
        sm_buf_add(&head, e + 1, sp ? (size_t)(sp - e - 1) : len - 1);
        if (head.len >= 2) {
            unsigned h = sm_pair_hash((unsigned char)head.s[1],
                                      head.len > 2 ? (unsigned char)head.s[2] : 0);
            ctx->page_head_pairs[h >> 6] |= 1ull << (h & 63);
        }
        sm_intern_add(&w->set, head.s, head.len);
        uint32_t id = sm_intern_add(&ctx->page_heads, head.s + 1, head.len - 1);
        while (ctx->page_marks.n <= id)
            SM_PUSH(ctx->page_marks, 0);
        ctx->page_marks.v[id] |= (uint16_t)(1u << (mark - SM_PAGE_MARKERS));
        /* The set may have grown: e is still valid (an arena string). */
        add_page_prefixes(w, e, len, &head);
    }
    sm_cleanup_pop(&c_head);
    sm_buf_free(&head);
}

static void load_lists(sm_ctx *ctx)
{
    /* Word lists are per language: models/<lang>/<list>.txt. */
    const char *models_dir = ctx->models_dir, *lang = ctx->lang;
    sm_buf q = {0};
    sm_cleanup c_q;
    SM_CLEANUP_BUF(c_q, q);
    sm_buf_printf(&q, "%s/%s/stopwords.txt", models_dir, lang);
    /* Said once, when the context is made: every word then counts. */
    if (!sm_wordset_load(&ctx->stopwords, q.s))
        sm_warnf(NULL, "no stopword list for %s (%s): every word counts", lang, q.s);
    q.len = 0;
    sm_buf_printf(&q, "%s/%s/abbreviations.txt", models_dir, lang);
    sm_wordset_load(&ctx->abbreviations, q.s);
    q.len = 0;
    sm_buf_printf(&q, "%s/%s/furniture.txt", models_dir, lang);
    sm_wordset_load(&ctx->furniture, q.s);
    q.len = 0;
    sm_buf_printf(&q, "%s/%s/standalone.txt", models_dir, lang);
    sm_wordset_load(&ctx->standalone, q.s);
    add_page_heads(ctx);
    for (size_t k = 0; k < ctx->standalone.set.strs.n; k++)
        if (strchr(SM_ANYWHERE_MARKERS, ctx->standalone.set.strs.v[k][0]))
            SM_PUSH(ctx->standalone_anywhere, (uint32_t)k);
    q.len = 0;
    sm_buf_printf(&q, "%s/%s/query-stopwords.txt", models_dir, lang);
    sm_wordset_load(&ctx->query_stopwords, q.s);
    sm_cleanup_pop(&c_q);
    sm_buf_free(&q);
    for (size_t k = 0; k < ctx->furniture.set.strs.n; k++) {
        uint32_t len = ctx->furniture.set.lens.v[k];
        unsigned char m = (unsigned char)ctx->furniture.set.strs.v[k][0];
        if (len < 256)
            ctx->furniture_lens[m][len / 64] |= 1ull << (len % 64);
        if (len >= 3) {
            const unsigned char *e = (const unsigned char *)ctx->furniture.set.strs.v[k];
            unsigned h = ((unsigned)e[1] * 31u + e[2]) & 4095u;
            ctx->furniture_heads[m][h / 64] |= 1ull << (h % 64);
        }
        if (len == 0)
            continue;
        const char *e = ctx->furniture.set.strs.v[k];
        const char *sp = len > 1 ? memchr(e + 1, ' ', len - 1) : NULL;
        unsigned b = sm_furniture_first_bit(e[0], e + 1,
                                            sp ? (size_t)(sp - e - 1) : len - 1);
        ctx->furniture_firsts[b / 64] |= 1ull << (b % 64);
    }
    for (size_t k = 0; k < ctx->stopwords.set.strs.n; k++) {
        const unsigned char *w = (const unsigned char *)ctx->stopwords.set.strs.v[k];
        uint32_t len = ctx->stopwords.set.lens.v[k];
        unsigned b = sm_stopword_head_bit(len, len ? w[0] : 0, len > 1 ? w[1] : 0);
        ctx->stopword_heads[b / 64] |= 1ull << (b % 64);
    }
}

/* The context under construction, freed when memory runs out. */
static void free_ctx_slot(void *slot)
{
    sm_ctx **p = slot;
    sm_ctx_free(*p);
    *p = NULL;
}

static sm_status ctx_create(const char *models_dir, const char *lang,
                            sm_ctx **out, char *err, size_t errlen)
{
    struct sb_stemmer *st = sb_stemmer_new(lang, "UTF_8");
    if (!st) {
        /* libstemmer says NULL for an unknown name and for no memory. */
        for (const char **l = sb_stemmer_list(); *l; l++)
            if (strcmp(*l, lang) == 0)
                sm_oom();
        /* The message names the choices, which no installed file lists. */
        size_t at = (size_t)snprintf(err, errlen, "unknown language '%s' "
                                     "(an ISO 639-1 code or one of:", lang);
        for (const char **l = sb_stemmer_list(); *l && at < errlen; l++)
            at += (size_t)snprintf(err + at, errlen - at, " %s", *l);
        if (at < errlen)
            snprintf(err + at, errlen - at, ")");
        return SM_ERR_USAGE;
    }
    /* Only checked here: each vocabulary makes its own stemmer. */
    sb_stemmer_delete(st);
    if (!is_dir(models_dir)) {
        snprintf(err, errlen, "%s: models directory not found (set SUMMARIZER_MODELS)",
                 models_dir);
        return SM_ERR_IO;
    }
    sm_ctx *ctx = NULL;
    sm_cleanup c_ctx;
    sm_cleanup_push(&c_ctx, free_ctx_slot, &ctx);
    ctx = sm_xcalloc(1, sizeof *ctx);
    ctx->models_dir = sm_xstrdup(models_dir);
    ctx->lang = sm_xstrdup(lang);
    load_lists(ctx);
    sm_cleanup_pop(&c_ctx);
    *out = ctx;
    return SM_OK;
}

sm_status sm_ctx_create(const char *models_dir, const char *lang, sm_ctx **out,
                        char *err, size_t errlen)
{
    *out = NULL;
    if (errlen)
        err[0] = '\0';
    sm_guard g;
    sm_guard_open(&g);
    if (setjmp(g.jb)) {
        snprintf(err, errlen, "out of memory");
        return SM_ERR_NOMEM;
    }
    sm_status st = ctx_create(models_dir ? models_dir : sm_default_models_dir(),
                              sm_language_name(lang), out, err, errlen);
    sm_guard_close(&g);
    return st;
}

sm_ctx *sm_ctx_new(const char *models_dir, const char *lang, char *err,
                   size_t errlen)
{
    sm_ctx *ctx;
    sm_ctx_create(models_dir, lang, &ctx, err, errlen);
    return ctx;
}

void sm_ctx_free(sm_ctx *ctx)
{
    if (!ctx)
        return;
    sm_intern_free(&ctx->stopwords.set);
    sm_intern_free(&ctx->abbreviations.set);
    sm_intern_free(&ctx->furniture.set);
    sm_intern_free(&ctx->standalone.set);
    SM_FREEVEC(ctx->standalone_anywhere);
    SM_FREEVEC(ctx->page_marks);
    sm_intern_free(&ctx->page_heads);
    sm_intern_free(&ctx->query_stopwords.set);
    free(ctx->models_dir);
    free(ctx->lang);
    free(ctx->error);
    free(ctx);
}

void sm_ctx_set_warn(sm_ctx *ctx, sm_warn_fn fn, void *userdata)
{
    ctx->warn = fn;
    ctx->warn_ud = userdata;
}

void sm_ctx_set_progress(sm_ctx *ctx, sm_progress_fn fn, void *userdata)
{
    ctx->progress = fn;
    ctx->progress_ud = userdata;
}

const char *sm_ctx_error(const sm_ctx *ctx)
{
    if (ctx->out_of_memory)
        return "out of memory";
    return ctx->error ? ctx->error : "";
}

const char *sm_ctx_models_dir(const sm_ctx *ctx)
{
    return ctx->models_dir;
}
