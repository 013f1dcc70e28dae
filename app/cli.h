/* cli.h: what the command-line commands share (app/ only): the options
 * every command may take, their parsing, usage errors and opening the
 * database. A command is a function of this signature, listed in the
 * table of cli.c; larger ones live in app/cmd_*.c. */
#ifndef OKIENKO_CLI_H
#define OKIENKO_CLI_H

#include <stdbool.h>

#include "app.h"

struct cli {
	const char *db_path;     /* --db, before or after the command */
	const char *office;      /* --office: the office code of a new file */
	const char *prog;
};

/* The options of the commands; each command lists those it takes. */
enum cli_opt {
	OPT_DB = 1000, OPT_ROLE, OPT_NAME, OPT_CLIENTS, OPT_SEED, OPT_YEAR, OPT_FORMAT,
	OPT_ENCODING, OPT_DATE, OPT_CENTRAL, OPT_CONFLICTS, OPT_OFFICE,
	OPT__END
};
#define CLI_OPT(o) ((o) - OPT_DB)
#define CLI_NOPTS (OPT__END - OPT_DB)

/* Prints "okienko: MESSAGE (see okienko --help)" to standard error and
 * returns EXIT_USAGE. */
int cli_usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Parses a command's options; `allowed` (ending in 0) lists the OPT_
 * values it takes, values[CLI_OPT(o)] receives each one's argument ("" for
 * a flag without one), --db goes to cli->db_path. Returns -1 on success
 * with the first operand's index in *first_arg, else an exit status. */
int cli_parse(struct cli *cli, int argc, char **argv, const int *allowed,
              const char **values, int *first_arg);

/* A whole number from min to max. */
bool cli_parse_long(const char *s, long min, long max, long *out);

/* Opens the database named on the command line, printing why not. */
struct ok_db *cli_open_db(struct cli *cli);

/* The commands that live in files of their own (app/cmd_*.c). */
int cmd_import(struct cli *cli, int argc, char **argv);
int cmd_export(struct cli *cli, int argc, char **argv);
int cmd_report(struct cli *cli, int argc, char **argv);
int cmd_counts(struct cli *cli, int argc, char **argv);
int cmd_central(struct cli *cli, int argc, char **argv);
int cmd_sync(struct cli *cli, int argc, char **argv);
/* cmd_sync.c: the city's records from a central database in a temporary
 * office file (report --central), and its removal. */
struct ok_db *cli_central_copy(const char *target, char **tmpdir, int *status);
void cli_central_copy_done(struct ok_db *db, char *tmpdir);

#endif
