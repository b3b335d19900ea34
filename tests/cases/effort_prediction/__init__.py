"""Tests of the effort-prediction case (a package, so module names may repeat other cases)."""
