/* JSON output: jansson only, compact, with non-ASCII kept as UTF-8. */
#include "render.h"

/* 15 significant digits print decimals as written (2.1, not
 * 2.1000000000000001): odds and percentages read back exactly. */
#define FLAGS (JSON_COMPACT | JSON_REAL_PRECISION(15))

int
render_json_dump(json_t *j, struct buf *out)
{
	size_t n;
	int rc = -1;

	if (j == NULL)
		return -1;
	n = json_dumpb(j, NULL, 0, FLAGS);
	if (n > 0 && buf_reserve(out, n) == 0) {
		json_dumpb(j, out->p + out->len, n, FLAGS);
		out->len += n;
		out->p[out->len] = '\0';
		rc = 0;
	}
	json_decref(j);
	return rc;
}
