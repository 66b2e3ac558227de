/* test_man.c: the manual and the shell completion keep up with the program.
 * Every option each command's --help prints must be in summarizer(1)
 * (written there as troff, "\-\-words") and in the bash completion; every
 * command and archive subcommand must have its own entry in the man page. */
#include "helpers.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAN SM_SOURCE_DIR "/man/summarizer.1"
#define BASH SM_SOURCE_DIR "/completions/summarizer.bash"
#define ZSH SM_SOURCE_DIR "/completions/_summarizer"

/* The options ("--words", "-o") in text, one after another: returns the
 * next one after *pos into opt, or 0 at the end. */
static int next_option(const char *text, size_t *pos, char *opt, size_t size)
{
    for (size_t i = *pos; text[i]; i++) {
        bool start = (i == 0 || text[i - 1] == ' ' || text[i - 1] == '[' ||
                      text[i - 1] == '\n' || text[i - 1] == ',') &&
                     text[i] == '-';
        if (!start)
            continue;
        size_t j = i + 1;
        if (text[j] == '-')
            j++;
        size_t k = j;
        while ((text[k] >= 'a' && text[k] <= 'z') || (text[k] == '-' && k > j))
            k++;
        if (k == j || k - i >= size)
            continue;
        memcpy(opt, text + i, k - i);
        opt[k - i] = '\0';
        *pos = k;
        return 1;
    }
    return 0;
}

/* opt as troff writes it: every '-' escaped. */
static void troff(const char *opt, char *out, size_t size)
{
    size_t n = 0;
    for (; *opt && n + 3 < size; opt++) {
        if (*opt == '-')
            out[n++] = '\\';
        out[n++] = *opt;
    }
    out[n] = '\0';
}

/* opt as a whole word of the completion script. */
static bool has_word(const char *text, const char *opt)
{
    size_t n = strlen(opt);
    for (const char *p = strstr(text, opt); p; p = strstr(p + 1, opt)) {
        char before = p == text ? ' ' : p[-1];
        char after = p[n];
        bool edge_before = strchr(" \n\t\"'({", before) != NULL;
        bool edge_after = strchr(" \n\t\"')[}|", after) != NULL;
        if (edge_before && edge_after)
            return true;
    }
    return false;
}

static void check_help(const char *const *args, const char *man,
                       const char *bash, const char *zsh)
{
    char *out = NULL;
    assert_int_equal(th_run(args, NULL, &out, NULL), 0);
    size_t pos = 0, seen = 0;
    char opt[64], esc[160];
    while (next_option(out, &pos, opt, sizeof opt)) {
        seen++;
        troff(opt, esc, sizeof esc);
        if (!strstr(man, esc))
            fail_msg("'%s' of 'summarizer %s --help' is missing from "
                     "man/summarizer.1", opt, args[0]);
        if (!has_word(bash, opt))
            fail_msg("'%s' of 'summarizer %s --help' is missing from "
                     "completions/summarizer.bash", opt, args[0]);
        if (strcmp(opt, "--help") != 0 && !strstr(zsh, opt))
            fail_msg("'%s' of 'summarizer %s --help' is missing from "
                     "completions/_summarizer", opt, args[0]);
    }
    assert_true(seen >= 4);
    free(out);
}

static void every_option_is_documented_and_completed(void **state)
{
    (void)state;
    char *man = th_read_file(MAN, NULL);
    char *bash = th_read_file(BASH, NULL);
    char *zsh = th_read_file(ZSH, NULL);
    assert_non_null(man);
    assert_non_null(bash);
    assert_non_null(zsh);
    static const char *const summarize[] = {"summarize", "--help", NULL};
    static const char *const digest[] = {"digest", "--help", NULL};
    static const char *const archive[] = {"archive", "--help", NULL};
    check_help(summarize, man, bash, zsh);
    check_help(digest, man, bash, zsh);
    check_help(archive, man, bash, zsh);
    static const char *const keywords[] = {"keywords", "--help", NULL};
    static const char *const suggest[] = {"topics", "suggest", "--help", NULL};
    check_help(keywords, man, bash, zsh);
    check_help(suggest, man, bash, zsh);

    /* Every command main --help lists (the indented words under
     * "Commands:") has a section and its options documented. */
    static const char *const help[] = {"--help", NULL};
    char *out = NULL;
    assert_int_equal(th_run(help, NULL, &out, NULL), 0);
    const char *p = strstr(out, "Commands:\n");
    assert_non_null(p);
    size_t commands = 0;
    for (p = strchr(p, '\n') + 1; p[0] == ' ' && p[1] == ' ' && p[2] != ' ';
         p = strchr(p, '\n') + 1) {
        char cmd[32], entry[48];
        size_t n = strcspn(p + 2, " \n");
        assert_true(n > 0 && n < sizeof cmd);
        memcpy(cmd, p + 2, n);
        cmd[n] = '\0';
        snprintf(entry, sizeof entry, "\n.SS %s", cmd);
        const char *at = strstr(man, entry);
        if (!at || (at[strlen(entry)] != '\n' && at[strlen(entry)] != ' '))
            fail_msg("command '%s' has no section in man/summarizer.1", cmd);
        const char *args[] = {cmd, "--help", NULL};
        check_help(args, man, bash, zsh);
        commands++;
    }
    assert_true(commands >= 6);
    free(out);

    /* Every command and archive subcommand has an entry of its own. */
    static const char *const entries[] = {
        ".SS summarize", ".SS digest", ".SS archive", ".SS keywords",
        ".SS topics suggest", "\\fBadd\\fR",
        ".BI \"list \" ARCHIVE", "\\fBshow\\fR", "\\fBsearch\\fR",
        ".BI \"verify \" ARCHIVE", ".BI \"repair \" ARCHIVE",
        ".SH EXIT STATUS", ".SH ENVIRONMENT", ".SH FILES", ".SH EXAMPLES",
        "SUMMARIZER_MODELS"};
    for (size_t i = 0; i < sizeof entries / sizeof *entries; i++)
        if (!strstr(man, entries[i]))
            fail_msg("man/summarizer.1 has no '%s'", entries[i]);
    free(man);
    free(bash);
    free(zsh);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_option_is_documented_and_completed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
