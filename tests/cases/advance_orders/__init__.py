"""Tests of the advance-notice case (a package, so module names may repeat other cases)."""
