"""The back contour's words for an unmeasurable back that later stages act on.

``back_contour.limb_over_back`` produces them (a test ties its wording to these constants); the
benchmark scores them against the studio's silhouettes, the live coach turns them into a hint, and
the summaries into advice for the next recording.
"""

ARM_OVER_BACK = "arm over the back"
