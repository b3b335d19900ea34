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
    served oldest units first (FIFO, as staff rotate stock to the front). In the evening, units on
    their last day get a half-price sticker (見切り) and the share ``markdown_sell_through`` of
    them sells; at close the rest are discarded as waste and the other units age by one day.

    Parameters
    ----------
    shelf_life_days : array-like of int, shape (n_series,)
        Days a unit can be sold, counting its arrival day (1 = sell on the arrival day only).
    markdown_sell_through : array-like of float in [0, 1], shape (n_series,), optional
        Expected share of the units marked down in the evening that sell; none by default.
    """

    def __init__(self, shelf_life_days: np.ndarray, markdown_sell_through=None) -> None:
        life = np.asarray(shelf_life_days, dtype=np.int64)
        if life.ndim != 1 or (life < 1).any():
            raise ValueError("shelf_life_days must be a 1-D array of integers >= 1")
        sell = np.zeros(life.size) if markdown_sell_through is None else markdown_sell_through
        sell = np.asarray(sell, dtype=float)
        if sell.shape != life.shape or (sell < 0).any() or (sell > 1).any():
            raise ValueError("markdown_sell_through must hold a share in [0, 1] per series")
        self._life = life
        self._sell_through = sell
        self._rows = np.arange(life.size)
        # Column r holds the units with r + 1 days of life left at the start of the day.
        self._stock = np.zeros((life.size, int(life.max())), dtype=np.int64)

    @property
    def carry(self) -> np.ndarray:
        """Still-fresh units carried over from earlier days (before today's delivery)."""
        return self._stock.sum(axis=1)

    def step(
        self, order: np.ndarray, demand: np.ndarray, markdown_draw=0.5
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Run one day: receive ``order``, serve ``demand``, mark down the units on their last
        day, discard the ones that do not sell.

        ``markdown_draw`` (uniform in [0, 1), per series or one for all) rounds the expected
        markdown sales ``sell_through × units marked down`` down or up at random, so they are
        right on average and a shelf with more units left never sells fewer of them.

        Returns
        -------
        stock_available, sales, markdown, waste : ndarray of int, shape (n_series,)
            Units on the shelf at opening, units sold at the day's price, units sold at the
            evening markdown, units discarded at close.
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
        last_day = stock[:, 0]
        markdown = np.floor(self._sell_through * last_day + markdown_draw).astype(np.int64)
        markdown = np.minimum(markdown, last_day)
        waste = last_day - markdown
        stock[:, :-1] = stock[:, 1:]
        stock[:, -1] = 0
        return available, sales, markdown, waste
