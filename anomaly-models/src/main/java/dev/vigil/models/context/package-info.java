/**
 * {@code vigil_online} ({@code model.online.VigilOnlineModel}), Vigil's own online detector: the fit
 * window's range is cut into a few levels; each point's novelty is the share of its contexts (the
 * levels of the previous 1..k values followed by its own) never seen before; the recent mean of
 * novelty is turned into a tail probability against its own running distribution (after Numenta's
 * anomaly likelihood) and scored as {@code -log10(tail) / tail_digits} (with {@code prediction_error},
 * the recent mean jump from the previous value or the level gets a tail probability too, and the
 * smaller of the two, doubled, is scored); a value breaking the range seen before the last
 * {@code short_window} points scores at least 1 at once (so a slide out of the range is caught too); after a detection points score 0 until {@code rest_period}
 * points in a row are not detections (one detection per incident). A fit replays the fit window, so the model is warm after every refit.
 * Scale- and shift-invariant; O(context_length) per point. Details and arguments in
 * {@code docs/models.md}.
 */
package dev.vigil.models.context;
