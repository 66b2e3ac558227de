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
 * accepts NULL.  The library never exits or aborts: running out of memory is
 * SM_ERR_NOMEM (NULL from the functions that return a pointer), after which
 * a corpus can only be freed.
 *
 * Lifetime and threads: a context is read-only once created (word lists,
 * language); the vocabulary and caches a run builds live in its corpus.  One
 * context may therefore be shared read-only by any number of corpora, one
 * after another or at the same time, one thread per corpus; the one thing
 * they write into it is the last-error message, so calls that can fail must
 * not run concurrently on corpora of one context unless the caller
 * serializes them (or gives each thread its own context).  A corpus, a
 * summary, topics and a digest are used by one thread at a time.
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

#include "summarizer_version.h"

/* The version of the library loaded ("0.1.0"); SM_VERSION in
 * summarizer_version.h is the one the caller was compiled against. */
SM_API const char *sm_version(void);

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
 * sm_default_models_dir()).  On success *out is the context; on failure *out
 * is NULL, a message is written into err[errlen] and the status says why:
 * SM_ERR_USAGE for an unknown language, SM_ERR_IO for a missing models
 * directory, SM_ERR_NOMEM. */
SM_API sm_status sm_ctx_create(const char *models_dir, const char *lang,
                               sm_ctx **out, char *err, size_t errlen);
/* The same, returning the context or NULL. */
SM_API sm_ctx *sm_ctx_new(const char *models_dir, const char *lang, char *err,
                          size_t errlen);
SM_API void sm_ctx_free(sm_ctx *ctx);
SM_API void sm_ctx_set_warn(sm_ctx *ctx, sm_warn_fn fn, void *userdata);
/* Progress of long calls (sm_corpus_add_path, sm_corpus_prepare,
 * sm_summarize, sm_digest_build): `stage` names the work ("reading",
 * "preparing", "ranking", "digesting"), `done` of `total` units of it
 * (documents or sentences; total 0 when unknown).  Called often, from the
 * calling thread: the callback should be cheap and decide itself how often
 * to show anything.  fn NULL: no reports (the default). */
typedef void (*sm_progress_fn)(void *userdata, const char *stage, size_t done,
                               size_t total);
SM_API void sm_ctx_set_progress(sm_ctx *ctx, sm_progress_fn fn,
                                void *userdata);
/* The message of the last error; valid until the next call on ctx. */
SM_API const char *sm_ctx_error(const sm_ctx *ctx);
SM_API const char *sm_ctx_models_dir(const sm_ctx *ctx);

/* The models directory: $SUMMARIZER_MODELS if set, else the one installed
 * beside the binary, else the source tree's.  Static storage. */
SM_API const char *sm_default_models_dir(void);
/* NULL-terminated list of the languages libstemmer ships. */
SM_API const char **sm_languages(void);
/* The name of a language given as an ISO 639-1 code or a name, in any case
 * ("de", "German" -> "german"); NULL -> "english"; a name it does not know
 * is returned as it is.  sm_ctx_new accepts both forms through it. */
SM_API const char *sm_language_name(const char *lang);
/* The ISO 639-1 code of a language name or code ("german" -> "de"), NULL
 * when unknown.  Static storage. */
SM_API const char *sm_language_code(const char *lang);
/* Reads a date: YYYY-MM-DD alone or starting an ISO 8601 date-time
 * ("2023-03-20T10:15:00Z", "2023-03-20 10:15+01:00"; the day is kept as
 * written), of n bytes.  Stores YYYY-MM-DD and a NUL in out (when not
 * NULL) and returns 1; 0 when s is not such a date. */
SM_API int sm_date_parse(const char *s, size_t n, char out[11]);

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
/* Adds what the reader already has: a file, a directory, or a digest
 * archive (each archived digest one document, named ARCHIVE#N, dated by
 * its digest).  Seen documents are read and indexed like the others but
 * never quoted: summaries and digests report what the other documents add
 * (update summarization: restated facts dropped, updated figures kept and
 * marked, the rest discounted by its similarity to what was seen).  A
 * digest of a given day counts only what was seen before that day. */
SM_API sm_status sm_corpus_add_seen(sm_corpus *c, const char *path);
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

/* Every document of a prepared corpus as the summarizer understood it:
 * its metadata, then its paragraphs after cleaning, headings marked.
 * format: SM_FORMAT_TEXT (header lines such as "title: ...", then the
 * paragraphs, headings as "## ..."; documents separated by a "----" line),
 * SM_FORMAT_JSON (one object per document per line) or SM_FORMAT_MARKDOWN.
 * Returns a NUL-terminated buffer the caller frees; *len gets its length. */
SM_API char *sm_corpus_extract(const sm_corpus *c, sm_format format,
                               size_t *len);

/* Words of a UTF-8 string as every budget counts them: maximal runs of
 * non-space characters. */
SM_API size_t sm_count_words(const char *text, size_t len);

/* Nonzero when s[0..n) is a calendar date as every date field and option takes
 * it: YYYY-MM-DD, month 01-12, day 01-31. */
SM_API int sm_date_valid(const char *s, size_t n);

/* ---- summaries -------------------------------------------------------- */

struct sm_topics;

typedef struct sm_summary_opts {
    size_t words;     /* budget in words (0: no word bound) */
    size_t bytes;     /* budget in bytes of output text, newlines included */
    size_t sentences; /* budget in sentences */
    const char *query;  /* bias towards this text (NULL: generic) */
    const struct sm_topics *topics; /* with topic: bias towards that */
    const char *topic;              /* topic id in topics (NULL: none) */
    sm_similarity similarity;
    sm_order order;
    int no_redundancy;  /* 1: do not remove near-duplicate sentences */
} sm_summary_opts;

/* Fills opts with the defaults (100 words, TextRank, source order). */
SM_API void sm_summary_opts_init(sm_summary_opts *opts);

typedef struct sm_pick {
    size_t sentence; /* index into the corpus' sentences */
    double score;    /* its rank score */
    /* With seen documents (sm_corpus_add_seen): the seen document whose
     * fact this sentence updates (a new figure), SIZE_MAX when it is new. */
    size_t update_of;
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

/* Loads every *.topic file of `dir` (NULL: <models>/topics), sorted by name;
 * a directory without any gives an empty set (a digest of discovered stories
 * alone).
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
    char **also_in_sources; /* their outlets, each NULL when unknown; the
                               array itself may be NULL */
    size_t n_also_in;
    char *title;        /* its document's title, or NULL */
    char *url;          /* its document's URL, or NULL */
    char **also_in_urls; /* the URLs of also_in, each NULL when unknown; the
                            array itself may be NULL */
    /* With seen material: the name of the seen document or digest whose
     * fact this sentence updates, NULL when it is new. */
    char *update_of;
} sm_digest_sentence;

typedef struct sm_digest_topic {
    char *id, *title;
    size_t budget_words, budget_bytes; /* the one in force is non-zero */
    size_t words;
    sm_digest_sentence *sentences;
    size_t n_sentences;
    /* A story found by discovery (sm_digest_opts.discover) rather than a
     * profile: its keyphrases, best first, and the names of its documents.
     * Profile topics have discovered 0 and no keywords or documents. */
    int discovered;
    char **keywords;
    size_t n_keywords;
    char **documents;
    size_t n_documents;
} sm_digest_topic;

typedef struct sm_digest {
    char *from, *to; /* period covered, YYYY-MM-DD, or NULL when unknown */
    size_t documents;
    sm_digest_topic *topics;
    size_t n_topics;
    char *lang; /* ISO 639-1 code of the text's language, or NULL */
    /* With seen material: the latest date of it (what the reader had up to),
     * or NULL; a briefing left empty then has no new developments since. */
    char *seen_until;
} sm_digest;

typedef struct sm_digest_opts {
    size_t words; /* per topic; default 120 */
    size_t bytes; /* per topic, instead of words when non-zero */
    const char *date; /* only documents of this day (NULL: all) */
    sm_similarity similarity; /* default SM_SIM_BM25 */
    /* Besides the profile topics, the `discover` largest stories of the
     * period that no profile covers (0: none): documents grouped into
     * stories by content, ranked by distinct outlets, then documents; each
     * gets a briefing made like a topic's, appended after the profiles. */
    size_t discover;
    /* Treat the documents dated before `date` as seen, as well as those
     * added with sm_corpus_add_seen: with one digest per day, each day
     * reports only what the earlier days did not. */
    int earlier_seen;
} sm_digest_opts;

SM_API void sm_digest_opts_init(sm_digest_opts *opts);
SM_API sm_status sm_digest_build(sm_corpus *c, const sm_topics *topics,
                                 const sm_digest_opts *opts, sm_digest **out);
SM_API void sm_digest_free(sm_digest *d);
/* Renders into a new NUL-terminated buffer the caller frees; *len gets its
 * length.  NULL on allocation failure. */
SM_API char *sm_digest_render(const sm_digest *d, sm_format format,
                              size_t *len);
/* Renders several digests (one per day, oldest first) as one self-contained
 * HTML page; the same ownership as sm_digest_render. */
SM_API char *sm_digests_render_html(const sm_digest *const *ds, size_t n,
                                    size_t *len);
/* Parses the JSON rendering back.  On failure returns NULL and writes a
 * message into err[errlen]. */
SM_API sm_digest *sm_digest_parse_json(const char *json, size_t len, char *err,
                                       size_t errlen);
/* The text of a topic profile (the *.topic format) that follows the
 * discovered story tp: its keyphrases as weighted terms, the first
 * weighing most.  A new NUL-terminated buffer the caller frees; NULL when tp
 * has no keywords. */
SM_API char *sm_topic_profile(const sm_digest_topic *tp);

/* Keyphrases of the whole corpus (TextRank on words, Mihalcea & Tarau
 * 2004), best first. */
typedef struct sm_keyword {
    char *text;
    double score;
} sm_keyword;
/* Writes the best n keyphrases into a new array *out (*nout of them) freed
 * with sm_keywords_free.  The corpus must be prepared. */
SM_API sm_status sm_keywords(sm_corpus *c, size_t n, sm_keyword **out,
                             size_t *nout);
SM_API void sm_keywords_free(sm_keyword *k, size_t n);

/* The distinct dates (YYYY-MM-DD) of the corpus' documents (seen ones
 * aside), oldest first;
 * a NULL-terminated array the caller frees with free() (one block). */
SM_API char **sm_corpus_dates(const sm_corpus *c);

/* ---- archives --------------------------------------------------------- */
/* Declared in the archive section below by archive.c's owner. */
/* @@ARCHIVE-API-BEGIN */
/*
 * An archive is one gzip file of concatenated members, one per digest, so
 * `zcat ARCHIVE` prints every digest and `gzip -t ARCHIVE` checks it.  Each
 * member's header carries the digest's date, topics and format in an extra
 * subfield ('S','M') together with its compressed size, so members can be
 * skipped without inflating them; the header has a CRC-16 (FHCRC) and the
 * subfield a CRC-32 of the bytes after the header, so every byte is checked
 * without inflating, and every command does.  A sidecar index, ARCHIVE.idx,
 * lists the members, so a cut (even at a member boundary) is damage naming
 * the lost digests; a missing index is rebuilt from the members.  A path
 * that is a symbolic link stands for its target.
 *
 * Errors: functions return an sm_status and, when errmsg is not NULL, store a
 * malloc'd message naming the file (and byte offset for damage) that the
 * caller frees; *errmsg is set to NULL on success.
 */
typedef struct sm_archive sm_archive; /* an archive open for reading */

/* One digest in an archive.  Strings are owned by the archive and valid
 * until sm_archive_close. */
typedef struct sm_archive_entry {
    uint64_t number; /* 1-based position in the archive */
    uint64_t offset; /* byte offset of the gzip member */
    uint64_t size;   /* bytes of the whole member (header, data, trailer) */
    uint64_t csize;  /* bytes of compressed data */
    uint64_t usize;  /* bytes of the digest itself */
    uint32_t crc;    /* CRC-32 of the digest (the gzip trailer's) */
    int64_t added;   /* when it was appended, seconds since the epoch */
    char date[11];   /* YYYY-MM-DD, or "" when unknown */
    const char *format; /* "json", "text", "markdown", "html", ... */
    const char *topics; /* comma-separated topic ids, "" when none */
} sm_archive_entry;

/* Appends one digest of len bytes as a new member at the end of the last
 * good member of the archive at path (created when absent), then updates the
 * index.  date is YYYY-MM-DD or NULL; topics a comma-separated list or NULL;
 * format NULL means "json"; level is a zlib level, -1 (default) .. 9.
 * The append holds an exclusive lock on the archive, so concurrent appends
 * are serialized.  Every member is checked first (header CRC-16, CRC-32 of
 * the stored bytes, against the index).  The member is written in one write
 * and fsync'd, then its index line: a crash leaves at worst a torn tail,
 * which the next append removes after saving its bytes beside the archive
 * (ARCHIVE.removed-*); a member the index lists that is cut short is damage.
 * Errors: SM_ERR_USAGE (bad level, date, format or topics), SM_ERR_IO (the
 * archive cannot be opened, locked, written or synced, or its index line
 * cannot be written: archive and index are cut back to what they were),
 * SM_ERR_CORRUPT (damage anywhere, or digests the index lists missing: run
 * sm_archive_repair first).
 * When number is not NULL it receives the new digest's number. */
SM_API sm_status sm_archive_append(const char *path, const char *data,
                                   size_t len, const char *date,
                                   const char *topics, const char *format,
                                   int level, uint64_t *number,
                                   char **errmsg);

/* Opens an archive for reading.  A shared lock is held while its members
 * are found (an append in progress is waited for), then released: appends
 * only add after the members served.  Every member's stored bytes are
 * checked (without inflating) and held against the index; a missing index
 * is rebuilt from a sound archive.  Damage (a torn tail, garbage, a corrupt
 * or foreign member, a file that is not gzip at all, digests the index
 * lists that the file no longer holds) does not make the open fail: the digests before it are served and
 * sm_archive_damage() describes it; the index of a damaged archive is left
 * alone (sm_archive_repair rewrites it).  Errors: SM_ERR_IO (cannot open or
 * lock), SM_ERR_NOMEM.  *out is owned by the caller: sm_archive_close. */
SM_API sm_status sm_archive_open(const char *path, sm_archive **out,
                                 char **errmsg);
SM_API void sm_archive_close(sm_archive *a);
/* Number of readable digests. */
SM_API size_t sm_archive_count(const sm_archive *a);
/* The i-th digest (0-based), NULL when out of range; owned by a. */
SM_API const sm_archive_entry *sm_archive_entry_at(const sm_archive *a,
                                                   size_t i);
/* NULL when the archive is sound, else a message naming the file and the
 * byte offset of the first damage (stored in *offset when not NULL); owned
 * by a.  Digests from that offset on are not served. */
SM_API const char *sm_archive_damage(const sm_archive *a, uint64_t *offset);
/* Inflates the i-th digest into a new NUL-terminated buffer the caller
 * frees; *len gets its length.  Reads only that member.  Errors: SM_ERR_USAGE
 * (i out of range), SM_ERR_IO, SM_ERR_CORRUPT (checksum or length mismatch:
 * the member was damaged after open). */
SM_API sm_status sm_archive_read(sm_archive *a, size_t i, char **data,
                                 size_t *len, char **errmsg);

/* The outcome of sm_archive_verify / sm_archive_repair. */
typedef struct sm_archive_report {
    uint64_t good;        /* members that passed every check */
    uint64_t bad;         /* members or regions found damaged */
    uint64_t size;        /* archive bytes before */
    uint64_t bad_offset;  /* offset of the first damage (when bad > 0) */
    uint64_t kept_bytes;  /* repair: archive bytes after */
    int index_ok;         /* verify: 1 the index matches the members, 0 it
                             is missing (harmless: rebuilt on the next
                             read), -1 stale or damaged */
    uint64_t listed;      /* digests the index listed (0: no index); more
                             than good when the file was cut */
} sm_archive_report;

/* Checks every member (header and its CRC-16, the extra subfield, the CRC-32
 * of the compressed data, that it inflates to exactly usize bytes with the
 * trailer's CRC-32 and ISIZE) and the index.  Returns SM_OK when all is
 * sound, SM_ERR_CORRUPT when a member or the index is not (errmsg names the
 * first bad member and its byte offset), SM_ERR_IO. */
SM_API sm_status sm_archive_verify(const char *path, sm_archive_report *rep,
                                   char **errmsg);
/* Under the exclusive lock, keeps every good member and drops the rest: a
 * damaged tail is truncated in place; damage followed by good members is
 * removed by writing the good members to a temporary file that replaces the
 * archive (fsync'd, renamed).  Then rebuilds the index.  SM_OK also when
 * there was nothing to repair; SM_ERR_IO; SM_ERR_FORMAT when no byte of the
 * file is a good member and the file is not empty (it is left alone: not an
 * archive). */
SM_API sm_status sm_archive_repair(const char *path, sm_archive_report *rep,
                                   char **errmsg);

/* One sentence found by sm_archive_search. */
typedef struct sm_archive_hit {
    uint64_t number;     /* the digest's number */
    const char *date;    /* the digest's date, "" when unknown */
    const char *topic;   /* topic id, "" for a digest not stored as JSON */
    const char *text;    /* the sentence, NUL-terminated */
} sm_archive_hit;
typedef int (*sm_archive_hit_fn)(void *userdata, const sm_archive_hit *hit);

/* Calls fn for every sentence, in archive order, that contains all of
 * words[0..n) after lower-casing and stemming with libstemmer's `lang`
 * (NULL: "english").  JSON digests are searched sentence by sentence; others
 * line by line.  fn returning non-zero stops the search.  Strings in a hit
 * are valid during the call.  Errors: as sm_archive_read, SM_ERR_USAGE for
 * an unknown language or no words. */
SM_API sm_status sm_archive_search(sm_archive *a, const char *const *words,
                                   size_t n, const char *lang,
                                   sm_archive_hit_fn fn, void *userdata,
                                   char **errmsg);
/* @@ARCHIVE-API-END */

#ifdef __cplusplus
}
#endif

#endif /* SUMMARIZER_H */
