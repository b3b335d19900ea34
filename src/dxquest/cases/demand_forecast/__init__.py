"""Demand forecasting and ordering case: metrics, inventory simulation and the oracle."""
