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
    """A binary classifier: P(class 1) = sigmoid(baseline + sum of the trees' leaf values).

    Each tree is stored complete, in heap order, to its full depth (node k has children
    2k+1 and 2k+2): a leaf above the last level becomes a subtree whose leaves all carry its
    value, so the walk needs no child tables, only arithmetic on the node numbers.
    """

    def __init__(self, data: dict[str, Any]) -> None:
        trees = data["trees"]
        self.depth = int(data["depth"])
        n_inner, n_leaves = 2 ** self.depth - 1, 2 ** self.depth
        self._n_trees = len(trees)
        feature = np.zeros((self._n_trees, n_inner), dtype=np.intp)
        threshold = np.zeros((self._n_trees, n_inner), dtype=np.float64)
        leaf_value = np.zeros((self._n_trees, n_leaves), dtype=np.float64)
        for t, tree in enumerate(trees):
            _fill(tree, 0, 0, 0, self.depth, feature[t], threshold[t], leaf_value[t])
        self._feature = feature.ravel()
        self._threshold = threshold.ravel()
        self._leaf_value = leaf_value.ravel()
        self._inner_offsets = (np.arange(self._n_trees) * n_inner)[:, None]
        self._leaf_offsets = (np.arange(self._n_trees) * n_leaves - n_inner)[:, None]
        self.baseline = float(data["baseline"])
        self.n_features = int(data["n_features"])

    def predict(self, X: Sequence[Sequence[float]] | np.ndarray) -> list[float]:
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
        flat_x = np.ascontiguousarray(x).ravel()
        row_base = (np.arange(n) * n_feat)[None, :]
        node = np.zeros((self._n_trees, n), dtype=np.intp)  # heap position in each tree
        for _ in range(self.depth):
            at = node + self._inner_offsets
            go_left = flat_x.take(row_base + self._feature.take(at)) <= self._threshold.take(at)
            node *= 2
            node += 2  # right child 2k+2; left child 2k+1 below
            node -= go_left
        raw = self.baseline + self._leaf_value.take(node + self._leaf_offsets).sum(axis=0)
        return (1.0 / (1.0 + np.exp(-np.clip(raw, -30, 30)))).tolist()


def _fill(tree: dict[str, Any], node: int, pos: int, level: int, depth: int,
          feature: np.ndarray, threshold: np.ndarray, leaf_value: np.ndarray) -> None:
    """Copy `tree`'s subtree at `node` to heap position `pos` of the complete arrays."""
    if level == depth:  # the walk stops here, whatever the node (as a depth-limited walk did)
        leaf_value[pos - len(feature)] = tree["value"][node]
        return
    if tree["leaf"][node]:  # both branches of the padding lead to this leaf's value
        feature[pos], threshold[pos] = 0, 0.0
        _fill(tree, node, 2 * pos + 1, level + 1, depth, feature, threshold, leaf_value)
        _fill(tree, node, 2 * pos + 2, level + 1, depth, feature, threshold, leaf_value)
        return
    feature[pos], threshold[pos] = tree["feature"][node], tree["threshold"][node]
    _fill(tree, tree["left"][node], 2 * pos + 1, level + 1, depth, feature, threshold, leaf_value)
    _fill(tree, tree["right"][node], 2 * pos + 2, level + 1, depth, feature, threshold, leaf_value)
