/*
 * test_readme.c: the README shows a real digest of the bundled corpus; this
 * keeps it true.  When the digest changes on purpose, paste the new output.
 */
#include "helpers.h"

#include <stdlib.h>
#include <string.h>

static void test_readme_digest_is_current(void **state)
{
    (void)state;
    char *readme = th_read_file(SM_SOURCE_DIR "/README.md", NULL);
    assert_non_null(readme);
    const char *mark = "As printed by `build/summarizer digest corpus/`:\n\n```\n";
    char *start = strstr(readme, mark);
    assert_non_null(start);
    start += strlen(mark);
    char *end = strstr(start, "```\n");
    assert_non_null(end);
    *end = '\0';

    char *out, *err;
    const char *args[] = {"digest", SM_SOURCE_DIR "/corpus", NULL};
    assert_int_equal(th_run(args, NULL, &out, &err), 0);
    assert_string_equal(out, start);
    free(out);
    free(err);
    free(readme);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_readme_digest_is_current),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
