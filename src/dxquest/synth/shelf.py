"""A perishable-goods shelf, shared by the supermarket generator and the demand case's policies.

One implementation of the shelf (:class:`FifoShelf`) serves both the generator (the store managers'
hand ordering) and the learners' policies (``dxquest.cases.demand_forecast.inventory``), so a
policy scored there faces exactly the mechanics that produced the recorded data.
"""

from __future__ import annotations

import numpy as np

__all__ = ["FifoShelf"]


class FifoShelf:
    """Shelf stock of many series at once, tracked by remaining shelf life.

    Each morning's order arrives fresh with ``shelf_life_days`` days of life; customers are
    served oldest units first (FIFO, as staff rotate stock to the front); at close, units whose
    last day it was are discarded as waste and the rest age by one day.

    Parameters
    ----------
    shelf_life_days : array-like of int, shape (n_series,)
        Days a unit can be sold, counting its arrival day (1 = sell on the arrival day only).
    """

    def __init__(self, shelf_life_days: np.ndarray) -> None:
        life = np.asarray(shelf_life_days, dtype=np.int64)
        if life.ndim != 1 or (life < 1).any():
            raise ValueError("shelf_life_days must be a 1-D array of integers >= 1")
        self._life = life
        self._rows = np.arange(life.size)
        # Column r holds the units with r + 1 days of life left at the start of the day.
        self._stock = np.zeros((life.size, int(life.max())), dtype=np.int64)

    @property
    def carry(self) -> np.ndarray:
        """Still-fresh units carried over from earlier days (before today's delivery)."""
        return self._stock.sum(axis=1)

    def step(
        self, order: np.ndarray, demand: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Run one day: receive ``order``, serve ``demand``, discard expired units.

        Returns
        -------
        stock_available, sales, waste : ndarray of int, shape (n_series,)
            Units on the shelf at opening, units sold, units discarded at close.
        """
        order = np.asarray(order, dtype=np.int64)
        demand = np.asarray(demand, dtype=np.int64)
        stock = self._stock
        stock[self._rows, self._life - 1] += order
        available = stock.sum(axis=1)
        sales = np.minimum(demand, available)
        left = sales.copy()
        for col in range(stock.shape[1]):  # oldest first
            take = np.minimum(stock[:, col], left)
            stock[:, col] -= take
            left -= take
        waste = stock[:, 0].copy()
        stock[:, :-1] = stock[:, 1:]
        stock[:, -1] = 0
        return available, sales, waste
