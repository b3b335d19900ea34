"""Similarity review: which learners' solution cells match another learner's or the reference.

``fingerprint`` normalises code and winnows it; ``index`` scores pairs through an inverted index;
``review`` reads a cohort; ``decisions`` keeps the operators' clear/confirm calls; ``report`` writes
the HTML, CSV and JSON; ``planted`` and ``bench`` measure it on a synthetic cohort.
"""
