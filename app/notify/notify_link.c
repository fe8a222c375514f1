/* Notification links (pure): a path on the brand's own site, nothing else. */
#include "notify.h"

int
notify_link_local(const char *link)
{
	const unsigned char *p = (const unsigned char *)link;

	/* "//host" and "/\host" are other hosts to a browser. */
	if (p == NULL || p[0] != '/' || p[1] == '/' || p[1] == '\\')
		return 0;
	/* Browsers drop tabs and newlines inside URLs ("/\t/host" is "//host"). */
	for (; *p != '\0'; p++)
		if (*p < 0x20 || *p == 0x7f)
			return 0;
	return 1;
}
