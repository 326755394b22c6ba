"""Gradient-boosted trees, evaluated with numpy for all blocks of a page at once.

The trees are trained with scikit-learn (training/train_region.py) and shipped as plain JSON
arrays, so the library needs numpy but not scikit-learn. Evaluating level by level over a
set of blocks (bits) costs a few dozen numpy calls per page instead of a Python loop per
block and tree.
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np


# blocks evaluated at once: the walk's temporaries are (trees x blocks) int64/float64 arrays,
# several KB per block -- gigabytes for a page of a million one-line blocks
_CHUNK = 1024
_WIDE = 256  # pages up to this many blocks compare with thresholds kept per width (_thresholds)


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
        self._leaf_value = leaf_value.ravel()
        self._leaf_rows = (np.arange(self._n_trees) * n_leaves)[:, None]
        # the distinct tests (feature <= threshold) the nodes ask: trees share many
        tests = sorted(set(zip(feature.ravel().tolist(), threshold.ravel().tolist())))
        number = {t: i for i, t in enumerate(tests)}
        node_test = np.array([number[t] for t in zip(feature.ravel().tolist(), threshold.ravel().tolist())],
                             dtype=np.intp).reshape(self._n_trees, n_inner)
        self._test_feature = np.array([f for f, _ in tests], dtype=np.intp)
        self._test_threshold = np.array([t for _, t in tests], dtype=np.float64)[:, None]
        # each level's tests, (nodes of the level, trees), and where the level's node sets start
        # in the walk's buffer; the children of the level's node p are nodes p (left) and
        # p + width (right) of the next level
        self._level_tests = []
        heap = [0]  # heap numbers of the level's nodes
        at = 0
        for _ in range(self.depth):
            self._level_tests.append((np.ascontiguousarray(node_test[:, heap].T), at))
            at += 2 * len(heap)
            heap = [2 * k + 1 for k in heap] + [2 * k + 2 for k in heap]
        self._node_sets = at
        # Up to 64 blocks (one word; title candidates, short pages) the level walk's numpy calls
        # cost more than its work: the blocks that reach a node and turn right there are then
        # one AND over its path, for all nodes at once: rows of (tests, complements, all ones)
        # for each ancestor's turn (left: the test; right: its complement) and its own right
        # turn, padded with the all-ones row
        n_tests = len(tests)
        path_tests = np.full((self.depth, self._n_trees, n_inner), 2 * n_tests, dtype=np.intp)
        for k in range(n_inner):
            rows = [n_tests + node_test[:, k]]  # the node's own right turn
            child = k
            while child:
                parent = (child - 1) // 2
                rows.append(node_test[:, parent] + (0 if child == 2 * parent + 1 else n_tests))
                child = parent
            for i, row in enumerate(rows):
                path_tests[i, :, k] = row
        self._path_tests = path_tests.reshape(self.depth, -1)
        self._level_starts = np.array([2 ** level - 1 for level in range(self.depth)], dtype=np.intp)
        # a leaf's number is its path, the first level's turn the highest bit (1: right)
        self._turn_value = (1 << np.arange(self.depth - 1, -1, -1)).astype(np.uint8)
        self._wide_thresholds: dict[int, np.ndarray] = {}  # see _thresholds
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
        """The walk with sets of blocks as bits: each distinct test is compared once for all
        blocks, and each level splits every node's set of blocks in two with one AND (a
        few dozen numpy calls on arrays of trees x nodes x words, not trees x blocks
        gathers per level). A block's leaf is its path, a bit per level (1: right)."""
        n = len(x)
        words = (n + 63) // 64
        n_tests = len(self._test_feature)
        if words == 1:
            go_left = np.ascontiguousarray(x.T).take(self._test_feature, axis=0) <= self._test_threshold
            packed = np.zeros((2 * n_tests + 1, 8), dtype=np.uint8)
            packed[:n_tests, :(n + 7) // 8] = np.packbits(go_left, axis=1, bitorder="little")
            left_of = packed.view(np.uint64)  # (tests, 1): bit j is set when block j goes left
        else:  # the features padded to whole words: packbits fills whole words (the padding's
            # bits are never read)
            width = words * 64
            features = np.zeros((self.n_features, width))
            features[:, :n] = x.T
            go_left = np.less_equal(features.take(self._test_feature, axis=0), self._thresholds(width))
            left_of = np.packbits(go_left, axis=1, bitorder="little").view(np.uint64)
        if words == 1:
            np.invert(left_of[:n_tests], out=left_of[n_tests:2 * n_tests])
            left_of[-1] = ~np.uint64(0)
            turned = np.bitwise_and.reduce(left_of.take(self._path_tests, axis=0), axis=0)
            went_right = np.bitwise_or.reduceat(turned.reshape(self._n_trees, -1, 1), self._level_starts, axis=1)
            return self._leaves(went_right, n)
        here = np.full((1, self._n_trees, words), ~np.uint64(0))  # the blocks at each node
        below = np.empty((self._node_sets, self._n_trees, words), dtype=np.uint64)  # every level's
        went_right = np.empty((self._n_trees, self.depth, words), dtype=np.uint64)
        for level, (tests, at) in enumerate(self._level_tests):
            width = len(tests)
            left, right = below[at:at + width], below[at + width:at + 2 * width]
            np.bitwise_and(here, left_of.take(tests, axis=0), out=left)
            np.bitwise_xor(here, left, out=right)
            # a block is at one node per level: the union of the right halves is who went right
            np.bitwise_or.reduce(right, axis=0, out=went_right[:, level])
            here = below[at:at + 2 * width]
        return self._leaves(went_right, n)

    def _thresholds(self, width: int) -> np.ndarray:
        """The tests' thresholds for `width` blocks, (tests, width): compared with the (tests, 1)
        column, numpy broadcasts it by copying it out row by row, 3x the work of the comparison
        itself (stage 1 and 2: ~10% faster). Kept per width up to _WIDE blocks (at most
        128 + 192 + 256 floats a test: 4.3 MB for each region stage)."""
        if width > _WIDE:
            return self._test_threshold
        out = self._wide_thresholds.get(width)
        if out is None:
            out = self._wide_thresholds[width] = np.repeat(self._test_threshold, width, axis=1)
        return out

    def _leaves(self, went_right: np.ndarray, n: int) -> list[float]:
        """P(class 1) of each block from its right turns at each level, (trees, levels, words)."""
        turns = np.unpackbits(went_right.view(np.uint8), axis=2, count=n, bitorder="little")
        # (trees, blocks): the turns weighted by level and summed, in uint8 (below 2 ** depth);
        # einsum does it in one pass (~2x faster than a product and a sum over the middle axis)
        path = np.einsum("tln,l->tn", turns, self._turn_value)
        raw = self._leaf_value.take(path + self._leaf_rows).sum(axis=0)
        raw += self.baseline
        # 1 / (1 + exp(-clip(raw, -30, 30))), in place (ufuncs: np.clip's wrapper costs more)
        np.maximum(raw, -30.0, out=raw)
        np.minimum(raw, 30.0, out=raw)
        np.negative(raw, out=raw)
        np.exp(raw, out=raw)
        raw += 1.0
        return np.divide(1.0, raw, out=raw).tolist()


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
