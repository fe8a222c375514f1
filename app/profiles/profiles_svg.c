/*
 * The equity curve: thinning the points and drawing them as SVG path data.
 * Pure; the template puts the path into an attribute (escaped like any
 * other value), so no markup is built here.
 */
#include "profiles.h"

size_t
profiles_curve_downsample(struct profiles_point *pts, size_t n, size_t max)
{
	if (max == 0)
		return 0;
	if (n <= max)
		return n;
	/* Run k ends at ceil((k + 1) n / max) - 1: strictly increasing because
	 * n > max, always >= k (so copying forward in place is safe), and the
	 * last run ends at n - 1. */
	for (size_t k = 0; k < max; k++)
		pts[k] = pts[((k + 1) * n + max - 1) / max - 1];
	return max;
}

int
profiles_svg_path(
    const struct profiles_point *pts, size_t n, double w, double h, struct buf *out, double *zero_y)
{
	const double pad = 4;
	int64_t lo = 0, hi = 0, origin, span;
	double yr;

	if (n == 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (pts[i].profit < lo)
			lo = pts[i].profit;
		if (pts[i].profit > hi)
			hi = pts[i].profit;
	}
	if (hi == lo)
		hi = lo + 1;
	/* The curve starts at 0 one average gap before the first point (a day
	 * when there is only one), so the first result is a visible step. */
	span = pts[n - 1].t - pts[0].t;
	origin = pts[0].t - (span > 0 ? span / (int64_t)n : 86400);
	if (origin >= pts[0].t)
		origin = pts[0].t - 1;
	span = pts[n - 1].t - origin;
	yr = (h - 2 * pad) / ((double)hi - (double)lo);
	*zero_y = pad + (double)hi * yr;
	if (buf_printf(out, "M0 %.1f", *zero_y) < 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		double x = w * (double)(pts[i].t - origin) / (double)span;
		double y = pad + ((double)hi - (double)pts[i].profit) * yr;

		if (buf_printf(out, "L%.1f %.1f", x, y) < 0)
			return -1;
	}
	return 0;
}
