/* helpers.h: what several test programs share. */
#ifndef SM_TEST_HELPERS_H
#define SM_TEST_HELPERS_H

#include <stddef.h>
#include <stdarg.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "summarizer.h"

/* A context on the source tree's models/, failing the test when it cannot. */
sm_ctx *th_ctx(void);
/* Reads a whole file; NULL when it cannot. */
char *th_read_file(const char *path, size_t *len);
/* Writes data to path; returns 0 on success. */
int th_write_file(const char *path, const void *data, size_t len);
/* A fresh temporary directory under $TMPDIR (/tmp when unset), removed with
 * all it holds when the test program exits (caller frees the string). */
char *th_tmpdir(void);
/* The same under base (a tmpfs, say); NULL when it cannot be made there. */
char *th_tmpdir_under(const char *base);
/* Runs the summarizer binary with argv (NULL-terminated, argv[0] excluded),
 * capturing stdout and stderr into malloc'd strings.  Returns its exit code
 * (or 128 + signal). */
int th_run(const char *const *args, const char *stdin_data, char **out,
           char **err);

#endif
