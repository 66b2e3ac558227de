/* timing.h: what the benchmark tools share to time a step: a monotonic
 * clock in milliseconds and the median of repeated runs. */
#ifndef SM_TOOLS_TIMING_H
#define SM_TOOLS_TIMING_H

/* Milliseconds on the monotonic clock. */
double tool_now_ms(void);
/* The median of v[0..n) (sorts v in place; n > 0). */
double tool_median(double *v, int n);

#endif
