"""Gradient-boosted trees, evaluated with numpy for all blocks of a page at once.

The trees are trained with scikit-learn (training/train_region.py) and shipped as plain JSON
arrays, so the library needs numpy but not scikit-learn. Evaluating level by level over a
(trees x blocks) array costs a few dozen numpy calls per page instead of a Python loop per
block and tree.
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np


# blocks evaluated at once: the walk's temporaries are (trees x blocks) int64/float64 arrays,
# several KB per block -- gigabytes for a page of a million one-line blocks
_CHUNK = 1024


class TreeEnsemble:
    """A binary classifier: P(class 1) = sigmoid(baseline + sum of the trees' leaf values)."""

    def __init__(self, data: dict[str, Any]) -> None:
        trees = data["trees"]
        width = max(len(t["feature"]) for t in trees)
        shape = (len(trees), width)
        self.feature = np.zeros(shape, dtype=np.int64)
        self.threshold = np.zeros(shape, dtype=np.float64)
        self.left = np.zeros(shape, dtype=np.int64)
        self.right = np.zeros(shape, dtype=np.int64)
        self.value = np.zeros(shape, dtype=np.float64)
        for t, tree in enumerate(trees):
            k = len(tree["feature"])
            self.feature[t, :k] = tree["feature"]
            self.threshold[t, :k] = tree["threshold"]
            leaf = np.asarray(tree["leaf"], dtype=bool)
            # a leaf points to itself, so extra levels of the walk leave it in place
            self.left[t, :k] = np.where(leaf, np.arange(k), tree["left"])
            self.right[t, :k] = np.where(leaf, np.arange(k), tree["right"])
            self.value[t, :k] = tree["value"]
        self.depth = int(data["depth"])
        # the same arrays flattened, with child indices made global
        self._n_trees, width = shape
        self._offsets = (np.arange(self._n_trees) * width)[:, None]
        self._feature = self.feature.ravel()
        self._threshold = self.threshold.ravel()
        self._left = (self.left + self._offsets).ravel()
        self._right = (self.right + self._offsets).ravel()
        self._value = self.value.ravel()
        self.baseline = float(data["baseline"])
        self.n_features = int(data["n_features"])

    def predict(self, X: Sequence[Sequence[float]]) -> list[float]:
        if not len(X):
            return []
        x = np.asarray(X, dtype=np.float64)
        n, n_feat = x.shape
        if n_feat != self.n_features:
            raise ValueError(f"model expects {self.n_features} features, got {n_feat}")
        if n > _CHUNK:  # the walk holds (trees x blocks) arrays: bound them on huge pages
            return [p for i in range(0, n, _CHUNK) for p in self._predict(x[i:i + _CHUNK])]
        return self._predict(x)

    def _predict(self, x: np.ndarray) -> list[float]:
        n, n_feat = x.shape
        # flat 1-D gathers (np.take) are several times faster than 2-D fancy indexing
        flat_x = x.ravel()
        row_base = (np.arange(n) * n_feat)[None, :]
        node = np.broadcast_to(self._offsets, (self._n_trees, n)).copy()
        for _ in range(self.depth):
            feat = self._feature.take(node)
            go_left = flat_x.take(row_base + feat) <= self._threshold.take(node)
            node = np.where(go_left, self._left.take(node), self._right.take(node))
        raw = self.baseline + self._value.take(node).sum(axis=0)
        return (1.0 / (1.0 + np.exp(-np.clip(raw, -30, 30)))).tolist()
