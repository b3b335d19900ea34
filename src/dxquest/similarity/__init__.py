"""Similarity review: which learners' solution cells match another learner's or the reference.

``normalise`` turns a cell into tokens (``syntax`` reads what its statements do, ``order`` puts
them in a canonical order); ``fingerprint`` winnows them; ``index`` scores pairs through an
inverted index; ``review`` reads a cohort; ``decisions`` keeps the operators' clear/confirm
calls; ``report`` writes the HTML, CSV and JSON; ``planted`` (with ``honest`` learners and
copiers' ``disguises``) and ``bench`` measure it on a synthetic cohort.
"""
