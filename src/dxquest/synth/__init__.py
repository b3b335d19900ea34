"""Synthetic company data for the cases: pure seeded generators, plus explicit writers and readers.

The bottom layer: nothing here imports a case, so every case package may import any generator.
"""
