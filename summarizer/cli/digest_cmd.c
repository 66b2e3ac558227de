/* digest_cmd.c: the 'digest' subcommand (stub until implemented). */
#include "cli.h"

int cli_digest(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    cli_error("'digest' is not implemented yet");
    return CLI_RUNTIME;
}
