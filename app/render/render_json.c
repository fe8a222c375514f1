/* JSON output: jansson only, compact, with non-ASCII kept as UTF-8. */
#include "render.h"

int
render_json_dump(json_t *j, struct buf *out)
{
	size_t n;
	int rc = -1;

	if (j == NULL)
		return -1;
	n = json_dumpb(j, NULL, 0, JSON_COMPACT);
	if (n > 0 && buf_reserve(out, n) == 0) {
		json_dumpb(j, out->p + out->len, n, JSON_COMPACT);
		out->len += n;
		out->p[out->len] = '\0';
		rc = 0;
	}
	json_decref(j);
	return rc;
}
