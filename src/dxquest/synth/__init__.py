"""Synthetic company data for the cases (pure generators, no I/O except explicit writers).

Keep this file free of imports: the case modules import ``dxquest.synth._demand`` and the
generators import the case modules, so importing a generator here would create a cycle.
"""
