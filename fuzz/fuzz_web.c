/* fuzz_web.c: one saved web file (HTML page, RSS or Atom feed, WARC, any of
 * them gzipped) through format sniffing, the HTML parser, charset
 * conversion, article extraction and metadata, then cleaning and
 * `summarizer extract`'s three renderings.  The option byte picks the file
 * name the input arrives under (the extension is a hint the content can
 * override) and the output format. */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const names[] = {
        "page.html", "feed.rss", "feed.atom", "crawl.warc",
        "page.html.gz", "crawl.warc.gz", "page", "notes.txt",
    };
    uint8_t b = fuzz_byte(&data, &size);
    sm_corpus *c = sm_corpus_new(fuzz_ctx());
    sm_corpus_add_text(c, names[b & 7], (const char *)data, size, NULL);
    if (sm_corpus_prepare(c) == SM_OK) {
        size_t n = 0;
        char *out = sm_corpus_extract(c, (sm_format)((b >> 3) % 3), &n);
        free(out);
    }
    sm_corpus_free(c);
    return 0;
}
