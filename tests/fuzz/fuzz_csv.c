/* fuzz_csv.c: a libFuzzer target for the CSV reader. Any input must be
 * read to the end without a crash, a read outside the buffer or a leak;
 * every field must lie inside the reader's buffer, be NUL-terminated at
 * its length, and lines must only grow. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "csv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* A private copy, so that reads past the end are caught exactly. */
	char *copy = malloc(size ? size : 1);
	if (!copy)
		return 0;
	memcpy(copy, data, size);
	struct csv_reader r;
	struct csv_record rec;
	csv_init(&r, copy, size);
	long last = 0;
	while (csv_next(&r, &rec)) {
		if (rec.line < last)
			abort();
		last = rec.line;
		if (rec.n > CSV_MAX_FIELDS || (!rec.error && rec.n < 1))
			abort();
		for (int i = 0; i < rec.n && !rec.error; i++)
			if (strlen(rec.field[i]) != rec.len[i] && memchr(rec.field[i], 0, rec.len[i]) == NULL)
				abort();
	}
	csv_free(&r);
	free(copy);
	return 0;
}
