"""AttentionView: every head of every layer of a transformer's attention, drawn in the browser.

Pipeline:
  1. the attention comes as tensors (transformers' `outputs.attentions`, or one array) or is
     collected from a model run in the kernel (netlens.attention.capture_attention, which also
     yields queries and keys); netlens.attention checks it (ragged layers, token counts, NaN,
     negative weights; a warning for rows that do not sum to 1);
  2. attention (and queries/keys) travel as one Arrow payload (`attention`), chunked;
  3. the browser draws the head, model, matrix, neuron, head-similarity and rollout views on
     canvas (no DOM node per token pair), computes rollout and head distances with TF.js and
     sends them back (`results`): `w.rollout`, `w.head_distances`, `w.head_order`.

Example:
    >>> out = bert(**enc, output_attentions=True)                                 # doctest: +SKIP
    >>> w = AttentionView(out.attentions, tokenizer.convert_ids_to_tokens(enc["input_ids"][0]))  # doctest: +SKIP
    >>> w.rollout.shape                                                           # doctest: +SKIP
    (12, 9, 9)
"""
from __future__ import annotations

import warnings
from typing import Any, Dict, Optional, Sequence

import numpy as np
from ipywidgets import DOMWidget
from traitlets import Bool, Dict as DictTrait, Enum, Float, Int, List as ListTrait, TraitError, Unicode, validate

from .. import _messages as base_msg
from .._arrow import KIND_TENSORS, ipc_to_tensors, tensors_to_ipc
from .._transport import Transport, TransportError
from .._version import MODULE_NAME, MODULE_VERSION
from ..attention import _messages as msg
from ..attention import capture_attention
from ..attention._check import AttentionRowsWarning, as_attention, as_vectors, check_split, check_tokens
from ._callbacks import Callbacks, ResultsWidget

VIEWS = ("head", "model", "matrix", "neuron", "similarity", "rollout")
PAIRS = ("all", "a->a", "a->b", "b->a", "b->b")
#: Payload names (src/widgets/attention/model.ts uses the same).
ATTENTION_PAYLOAD = "attention"
RESULTS_PAYLOAD = "results"
_KEYWORDS = ("key_tokens", "model", "inputs", "queries", "keys", "batch_index", "layers", "layer_names",
             "sentence_b_start", "float16")
_TRAITS = ("view", "layer", "head", "heads", "threshold", "focus", "pair", "residual", "title")


class AttentionView(ResultsWidget, DOMWidget):
    """Attention of every layer and head: head view (BertViz), model view, matrix, neuron view
    (queries and keys), head similarity and attention rollout.

    Parameters
    ----------
    attentions: per-layer [batch, heads, queries, keys] tensors (transformers' output with
        output_attentions=True) or one [layers, heads, queries, keys] array; or leave it out and
        pass model= and inputs= to collect it (plus queries and keys) in the kernel.
    tokens: the query tokens (strings, shown as text); key_tokens: the keys' tokens for cross
        attention; sentence_b_start: where the second sentence of a pair starts.
    queries, keys: [layers, heads, tokens, head_dim] (or per layer with a batch axis) for the neuron view.
    batch_index: which item of a batch to show. layers: with model=, the module paths to keep.
    """

    _model_name = Unicode("AttentionViewModel").tag(sync=True)
    _model_module = Unicode(MODULE_NAME).tag(sync=True)
    _model_module_version = Unicode(MODULE_VERSION).tag(sync=True)
    _view_name = Unicode("AttentionViewView").tag(sync=True)
    _view_module = Unicode(MODULE_NAME).tag(sync=True)
    _view_module_version = Unicode(MODULE_VERSION).tag(sync=True)

    shape = ListTrait(Int(), read_only=True, help="[layers, heads, queries, keys].").tag(sync=True)
    tokens = ListTrait(Unicode(), read_only=True, help="Query tokens, rendered as text.").tag(sync=True)
    key_tokens = ListTrait(Unicode(), read_only=True, help="Key tokens (cross attention); empty: the query tokens.").tag(sync=True)
    layer_names = ListTrait(Unicode(), read_only=True, help="One name per layer (module paths with model=).").tag(sync=True)
    sentence_b_start = Int(-1, read_only=True, help="Index of the first token of sentence B; -1: one sequence.").tag(sync=True)
    has_vectors = Bool(False, read_only=True, help="Queries and keys were given (the neuron view needs them).").tag(sync=True)
    row_warning = Unicode("", read_only=True, help="Rows that do not sum to 1, if any.").tag(sync=True)

    view = Enum(VIEWS, default_value="head", help="head, model, matrix, neuron, similarity or rollout.").tag(sync=True)
    layer = Int(0, help="The layer shown by the head, matrix, neuron and similarity views.").tag(sync=True)
    head = Int(0, help="The head shown by the matrix and neuron views.").tag(sync=True)
    heads = ListTrait(Int(), help="Head view: the heads drawn; empty: all.").tag(sync=True)
    threshold = Float(0.0, help="Head view: weights below this are not drawn (0 … 1).").tag(sync=True)
    focus = Int(-1, help="Head and neuron views: the token focused (hover or click); -1: none.").tag(sync=True)
    pair = Enum(PAIRS, default_value="all", help="Sentence pairs: which attention to show (a->b: from A to B …).").tag(sync=True)
    residual = Bool(True, help="Rollout: add the identity for the residual stream (Abnar & Zuidema).").tag(sync=True)
    title = Unicode("", help="Shown above the view.").tag(sync=True)

    backend = Unicode("", read_only=True, help="TF.js backend in the browser.").tag(sync=True)
    backend_reason = Unicode("", read_only=True, help="Why a faster backend was not used, if so.").tag(sync=True)
    timings = DictTrait(read_only=True, help="Browser timings in ms (decode, first draw, results).").tag(sync=True)
    error = Unicode("", read_only=True, help="The browser's last error, empty when all is well.").tag(sync=True)

    def __init__(self, attentions: Any = None, tokens: Optional[Sequence[Any]] = None, **kwargs: Any) -> None:
        for name in kwargs:
            if name not in _KEYWORDS + _TRAITS:
                raise TypeError(base_msg.unknown_keyword(type(self).__name__, name, ("attentions", "tokens") + _KEYWORDS + _TRAITS))
        options = {k: kwargs.pop(k) for k in _KEYWORDS if k in kwargs}
        batch_index = int(options.get("batch_index", 0))
        queries, keys, names = options.get("queries"), options.get("keys"), options.get("layer_names")
        if attentions is None:
            if options.get("model") is None or options.get("inputs") is None:
                raise TypeError("AttentionView needs attentions=, or model= and inputs= to collect them.")
            got = capture_attention(options["model"], options["inputs"], batch_index, options.get("layers"))
            attention, queries, keys = got.attention, got.queries, got.keys
            names = names or got.names
            batch_index = 0
        with warnings.catch_warnings(record=True) as seen:
            warnings.simplefilter("always", AttentionRowsWarning)
            if attentions is not None:
                attention = as_attention(attentions, batch_index)
            else:
                attention = as_attention(attention, 0)
        for w in seen:
            warnings.warn(w.message, AttentionRowsWarning, stacklevel=2)
        if tokens is None:
            raise TypeError("AttentionView needs tokens= (one string per query position).")
        qt, kt = check_tokens(tokens, options.get("key_tokens"), attention.shape)
        tensors: Dict[str, np.ndarray] = {"attention": attention}
        if (queries is None) != (keys is None):
            raise ValueError("queries= and keys= go together (the neuron view shows both).")
        if queries is not None:
            tensors["queries"] = as_vectors(queries, "queries", attention.shape, batch_index if attentions is not None else 0)
            tensors["keys"] = as_vectors(keys, "keys", attention.shape, batch_index if attentions is not None else 0)
        layers = attention.shape[0]
        names = [str(n) for n in names] if names is not None else [f"layer {i}" for i in range(layers)]
        if len(names) != layers:
            raise ValueError(f"layer_names: {len(names)} names for {layers} layers.")
        self.set_trait("shape", list(attention.shape))
        self.set_trait("tokens", qt)
        self.set_trait("key_tokens", kt or [])
        self.set_trait("layer_names", names)
        self.set_trait("sentence_b_start", check_split(options.get("sentence_b_start"), attention.shape[-1]))
        self.set_trait("has_vectors", "queries" in tensors)
        self.set_trait("row_warning", str(seen[0].message) if seen else "")
        super().__init__(**kwargs)
        self.rollout: Optional[np.ndarray] = None
        self.head_distances: Optional[np.ndarray] = None
        self.head_order: Optional[np.ndarray] = None
        self._callbacks = Callbacks()
        self._transport = Transport(self, on_error=self._on_transport_error, eager=True)
        self._transport.on_payload(RESULTS_PAYLOAD, self._on_results)
        self._transport.put(ATTENTION_PAYLOAD, tensors_to_ipc(tensors, float16=bool(options.get("float16")))[0], KIND_TENSORS)

    def close(self) -> None:
        """Free the payloads (the browser frees its tensors and canvases)."""
        self._release()
        self.rollout = self.head_distances = self.head_order = None
        super().close()

    # --- validation ---------------------------------------------------------------------------

    @validate("layer")
    def _valid_layer(self, proposal: Any) -> int:
        return self._in_range("layer", proposal["value"], self.shape[0] if self.shape else 1)

    @validate("head")
    def _valid_head(self, proposal: Any) -> int:
        return self._in_range("head", proposal["value"], self.shape[1] if self.shape else 1)

    @validate("heads")
    def _valid_heads(self, proposal: Any) -> list:
        n = self.shape[1] if self.shape else 1
        return sorted({self._in_range("heads", h, n) for h in proposal["value"]})

    @validate("focus")
    def _valid_focus(self, proposal: Any) -> int:
        value = int(proposal["value"])
        if value == -1:
            return value
        return self._in_range("focus", value, self.shape[2] if self.shape else 1)

    @validate("threshold")
    def _valid_threshold(self, proposal: Any) -> float:
        value = float(proposal["value"])
        if not 0.0 <= value <= 1.0:
            raise TraitError(f"threshold={value} must lie in [0, 1].")
        return value

    @validate("pair")
    def _valid_pair(self, proposal: Any) -> str:
        if proposal["value"] != "all" and self.sentence_b_start < 0:
            raise TraitError("pair= needs sentence_b_start= (where the second sentence begins).")
        return proposal["value"]

    @staticmethod
    def _in_range(name: str, value: Any, size: int) -> int:
        value = int(value)
        if not 0 <= value < size:
            raise TraitError(f"{name}={value} is out of range (0 … {size - 1}).")
        return value

    # --- results ------------------------------------------------------------------------------

    def _on_results(self, kind: str, data: memoryview) -> None:
        if kind != KIND_TENSORS:
            self.log.warning(base_msg.not_a_payload(KIND_TENSORS, kind))
            return
        arrays = ipc_to_tensors(data)
        self.rollout = arrays.get("rollout")
        self.head_distances = arrays.get("distances")
        order = arrays.get("order")
        self.head_order = order.astype(np.int64) if order is not None else None
        self._callbacks({"rollout": self.rollout, "head_distances": self.head_distances, "head_order": self.head_order})

    def _on_transport_error(self, error: TransportError) -> None:
        self.log.warning("netlens: %s", error)
