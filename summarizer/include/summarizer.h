/*
 * summarizer.h: the public interface of libsummarizer, an extractive
 * multi-document summarizer and daily digest generator.
 *
 * The pipeline: documents are added to a corpus (sm_corpus_add_*), the corpus
 * is prepared once (sm_corpus_prepare: cleaning, sentence splitting, terms),
 * then any number of summaries (sm_summarize) or digests (sm_digest_build) are
 * drawn from it.  Digests can be rendered in several formats and kept in a
 * compressed archive (sm_archive_*).
 *
 * Conventions: every exported name starts with sm_.  Functions that can fail
 * return an sm_status; the message of the last error of a context is
 * sm_ctx_error().  Everything a function returns through an out pointer is
 * owned by the caller and freed with the matching *_free function, which
 * accepts NULL.  A context and the corpora made from it are used by one thread
 * at a time.
 */
#ifndef SUMMARIZER_H
#define SUMMARIZER_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(SM_BUILDING_LIBRARY) && defined(__GNUC__)
#define SM_API __attribute__((visibility("default")))
#else
#define SM_API
#endif

#define SM_VERSION "0.1.0"

typedef enum sm_status {
    SM_OK = 0,
    SM_ERR_USAGE,   /* a bad argument or option value */
    SM_ERR_IO,      /* a file could not be read or written */
    SM_ERR_INPUT,   /* the input is unusable (nothing left to summarize, ...) */
    SM_ERR_FORMAT,  /* a model, topic or archive file is malformed */
    SM_ERR_CORRUPT, /* an archive is damaged */
    SM_ERR_NOMEM
} sm_status;

typedef enum sm_format {
    SM_FORMAT_TEXT = 0,
    SM_FORMAT_JSON,
    SM_FORMAT_MARKDOWN,
    SM_FORMAT_HTML
} sm_format;

typedef enum sm_similarity {
    SM_SIM_TEXTRANK = 0, /* Mihalcea & Tarau 2004: overlap / (log|Si| + log|Sj|) */
    SM_SIM_BM25          /* symmetric BM25-weighted cosine */
} sm_similarity;

typedef enum sm_order {
    SM_ORDER_SOURCE = 0, /* by date, then document, then position */
    SM_ORDER_SCORE       /* best first */
} sm_order;

/* ---- context ---------------------------------------------------------- */

typedef struct sm_ctx sm_ctx;

/* Warnings (skipped files, repaired bytes) go to this callback; by default
 * they are printed on stderr prefixed with "summarizer: warning: ". */
typedef void (*sm_warn_fn)(void *userdata, const char *message);

/* Creates a context for language `lang` (a libstemmer algorithm name such as
 * "english" or "german"; NULL means "english"), reading stopwords and
 * abbreviations from `models_dir` (NULL: the directory found by
 * sm_default_models_dir()).  Returns NULL and writes a message into
 * err[errlen] on failure (an unknown language, a missing models directory). */
SM_API sm_ctx *sm_ctx_new(const char *models_dir, const char *lang, char *err,
                          size_t errlen);
SM_API void sm_ctx_free(sm_ctx *ctx);
SM_API void sm_ctx_set_warn(sm_ctx *ctx, sm_warn_fn fn, void *userdata);
/* The message of the last error; valid until the next call on ctx. */
SM_API const char *sm_ctx_error(const sm_ctx *ctx);
SM_API const char *sm_ctx_models_dir(const sm_ctx *ctx);

/* The models directory: $SUMMARIZER_MODELS if set, else the one installed
 * beside the binary, else the source tree's.  Static storage. */
SM_API const char *sm_default_models_dir(void);
/* NULL-terminated list of the languages libstemmer ships. */
SM_API const char **sm_languages(void);

/* ---- corpus ----------------------------------------------------------- */

typedef struct sm_corpus sm_corpus;

/* Metadata of a document; any field may be NULL. */
typedef struct sm_docmeta {
    const char *source; /* outlet, e.g. "CNN" */
    const char *date;   /* YYYY-MM-DD */
    const char *title;
    const char *url;
} sm_docmeta;

SM_API sm_corpus *sm_corpus_new(sm_ctx *ctx);
SM_API void sm_corpus_free(sm_corpus *c);

/* Adds a file, every regular file below a directory (recursively, in sorted
 * order), or standard input for "-".  Unusable files (binary, empty) are
 * skipped with a warning and do not make the call fail; a path that cannot be
 * read is SM_ERR_IO. */
SM_API sm_status sm_corpus_add_path(sm_corpus *c, const char *path);
/* Adds one document from memory; `name` identifies it in output.  The text
 * is copied.  Invalid UTF-8 is repaired to U+FFFD with a warning. */
SM_API sm_status sm_corpus_add_text(sm_corpus *c, const char *name,
                                    const char *text, size_t len,
                                    const sm_docmeta *meta);
/* Reads a sidecar manifest giving metadata to documents by file name (the
 * format is in the README).  Applies to documents added before and after. */
SM_API sm_status sm_corpus_load_manifest(sm_corpus *c, const char *path);
/* Cleans, splits and indexes every document added so far.  Must be called
 * before sm_summarize or sm_digest_build; documents cannot be added after.
 * SM_ERR_INPUT when no sentence is left. */
SM_API sm_status sm_corpus_prepare(sm_corpus *c);

typedef struct sm_doc_info {
    const char *name; /* file name, or the name given */
    const char *path;
    const char *source, *date, *title, *url; /* NULL when unknown */
    size_t first_sentence, n_sentences;
} sm_doc_info;

typedef struct sm_sentence_info {
    const char *text; /* UTF-8, not NUL-terminated within the document */
    size_t len;
    size_t doc;      /* index of its document */
    size_t position; /* index within its document, from 0 */
    size_t words;    /* words as the budget counts them */
} sm_sentence_info;

SM_API size_t sm_corpus_n_docs(const sm_corpus *c);
SM_API size_t sm_corpus_n_sentences(const sm_corpus *c);
SM_API void sm_corpus_doc(const sm_corpus *c, size_t i, sm_doc_info *out);
SM_API void sm_corpus_sentence(const sm_corpus *c, size_t i,
                               sm_sentence_info *out);

/* Words of a UTF-8 string as every budget counts them: maximal runs of
 * non-space characters. */
SM_API size_t sm_count_words(const char *text, size_t len);

/* ---- summaries -------------------------------------------------------- */

typedef struct sm_summary_opts {
    size_t words;     /* budget in words (0: no word bound) */
    size_t bytes;     /* budget in bytes of output text, newlines included */
    size_t sentences; /* budget in sentences */
    const char *query;  /* bias towards this text (NULL: generic) */
    sm_similarity similarity;
    sm_order order;
    int no_redundancy;  /* 1: do not remove near-duplicate sentences */
} sm_summary_opts;

/* Fills opts with the defaults (100 words, TextRank, source order). */
SM_API void sm_summary_opts_init(sm_summary_opts *opts);

typedef struct sm_pick {
    size_t sentence; /* index into the corpus' sentences */
    double score;    /* its rank score */
} sm_pick;

typedef struct sm_summary {
    size_t n;
    sm_pick *picks; /* in output order */
    size_t words, bytes;
} sm_summary;

SM_API sm_status sm_summarize(sm_corpus *c, const sm_summary_opts *opts,
                              sm_summary **out);
SM_API void sm_summary_free(sm_summary *s);
/* Writes a summary as text (one sentence per line) or JSON. */
SM_API sm_status sm_summary_write(const sm_corpus *c, const sm_summary *s,
                                  sm_format format, FILE *out);

/* ---- topics and digests ---------------------------------------------- */

typedef struct sm_topics sm_topics;

/* Loads every *.topic file of `dir` (NULL: <models>/topics), sorted by name.
 * A malformed file is SM_ERR_FORMAT with the file and line in the message. */
SM_API sm_status sm_topics_load(sm_ctx *ctx, const char *dir, sm_topics **out);
SM_API void sm_topics_free(sm_topics *t);
SM_API size_t sm_topics_count(const sm_topics *t);
SM_API const char *sm_topics_id(const sm_topics *t, size_t i);
SM_API const char *sm_topics_title(const sm_topics *t, size_t i);

/* A digest is plain data, so that one read back from an archive can be
 * rendered like a fresh one. */
typedef struct sm_digest_sentence {
    char *text;
    char *doc;    /* document name */
    char *source; /* outlet, or NULL */
    char *date;   /* YYYY-MM-DD, or NULL */
    double score;
    char **also_in; /* names of other documents with the same fact */
    size_t n_also_in;
} sm_digest_sentence;

typedef struct sm_digest_topic {
    char *id, *title;
    size_t budget_words, budget_bytes; /* the one in force is non-zero */
    size_t words;
    sm_digest_sentence *sentences;
    size_t n_sentences;
} sm_digest_topic;

typedef struct sm_digest {
    char *from, *to; /* period covered, YYYY-MM-DD, or NULL when unknown */
    size_t documents;
    sm_digest_topic *topics;
    size_t n_topics;
} sm_digest;

typedef struct sm_digest_opts {
    size_t words; /* per topic; default 120 */
    size_t bytes; /* per topic, instead of words when non-zero */
    const char *date; /* only documents of this day (NULL: all) */
    sm_similarity similarity;
} sm_digest_opts;

SM_API void sm_digest_opts_init(sm_digest_opts *opts);
SM_API sm_status sm_digest_build(sm_corpus *c, const sm_topics *topics,
                                 const sm_digest_opts *opts, sm_digest **out);
SM_API void sm_digest_free(sm_digest *d);
/* Renders into a new NUL-terminated buffer the caller frees; *len gets its
 * length.  NULL on allocation failure. */
SM_API char *sm_digest_render(const sm_digest *d, sm_format format,
                              size_t *len);
/* Parses the JSON rendering back.  On failure returns NULL and writes a
 * message into err[errlen]. */
SM_API sm_digest *sm_digest_parse_json(const char *json, size_t len, char *err,
                                       size_t errlen);
/* The distinct dates (YYYY-MM-DD) of the corpus' documents, oldest first;
 * a NULL-terminated array the caller frees with free() (one block). */
SM_API char **sm_corpus_dates(const sm_corpus *c);

/* ---- archives --------------------------------------------------------- */
/* Declared in the archive section below by archive.c's owner. */
/* @@ARCHIVE-API-BEGIN */
/* @@ARCHIVE-API-END */

#ifdef __cplusplus
}
#endif

#endif /* SUMMARIZER_H */
