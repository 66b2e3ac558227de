/*
 * ctx.c: the context: language, stemmer, and the word lists of models/.
 */
#include "common/common.h"

#include <libstemmer.h>
#include <limits.h>
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

sm_ctx *sm_ctx_new(const char *models_dir, const char *lang, char *err,
                   size_t errlen)
{
    if (!models_dir)
        models_dir = sm_default_models_dir();
    if (!lang)
        lang = "english";
    if (!is_dir(models_dir)) {
        snprintf(err, errlen, "%s: models directory not found (set SUMMARIZER_MODELS)",
                 models_dir);
        return NULL;
    }
    struct sb_stemmer *st = sb_stemmer_new(lang, "UTF_8");
    if (!st) {
        snprintf(err, errlen, "unknown language '%s' (see --help for the list)", lang);
        return NULL;
    }
    /* Only checked here: each vocabulary makes its own stemmer. */
    sb_stemmer_delete(st);
    sm_ctx *ctx = sm_xcalloc(1, sizeof *ctx);
    ctx->models_dir = sm_xstrdup(models_dir);
    ctx->lang = sm_xstrdup(lang);
    /* Word lists are per language: models/<lang>/<list>.txt. */
    sm_buf q = {0};
    sm_buf_printf(&q, "%s/%s/stopwords.txt", models_dir, lang);
    if (!sm_wordset_load(&ctx->stopwords, q.s) && strcmp(lang, "english") == 0)
        sm_warnf(NULL, "%s: no stopword list; every word counts", q.s);
    q.len = 0;
    sm_buf_printf(&q, "%s/%s/abbreviations.txt", models_dir, lang);
    sm_wordset_load(&ctx->abbreviations, q.s);
    q.len = 0;
    sm_buf_printf(&q, "%s/%s/furniture.txt", models_dir, lang);
    sm_wordset_load(&ctx->furniture, q.s);
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
    }
    sm_buf_free(&q);
    return ctx;
}

void sm_ctx_free(sm_ctx *ctx)
{
    if (!ctx)
        return;
    sm_intern_free(&ctx->stopwords.set);
    sm_intern_free(&ctx->abbreviations.set);
    sm_intern_free(&ctx->furniture.set);
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

const char *sm_ctx_error(const sm_ctx *ctx)
{
    return ctx->error ? ctx->error : "";
}

const char *sm_ctx_models_dir(const sm_ctx *ctx)
{
    return ctx->models_dir;
}
