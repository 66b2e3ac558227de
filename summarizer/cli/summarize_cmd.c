/* summarize_cmd.c: the 'summarize' subcommand (stub until implemented). */
#include "cli.h"

int cli_summarize(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    cli_error("'summarize' is not implemented yet");
    return CLI_RUNTIME;
}
