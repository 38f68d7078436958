"""Generate tests/data/tiny_embedding/ (model.onnx + tokenizer.json): a 12-word, 8-dimension sentence
"model" for the test that a company's own embedding model loads from a directory (embedding_model).

Needs the ``onnx`` package (not a dependency of the worker); run once: python make_tiny_embedding.py
"""

from pathlib import Path

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper
from tokenizers import Tokenizer, models, pre_tokenizers

OUT = Path(__file__).parent / "tiny_embedding"
WORDS = ["[UNK]", "query", ":", "customer", "client", "angry", "upset", "price", "cost", "supplier", "batch", "late"]


def main():
    OUT.mkdir(exist_ok=True)
    tokenizer = Tokenizer(models.WordLevel({w: i for i, w in enumerate(WORDS)}, unk_token="[UNK]"))
    tokenizer.pre_tokenizer = pre_tokenizers.Sequence([pre_tokenizers.Whitespace()])
    tokenizer.save(str(OUT / "tokenizer.json"))
    rng = np.random.default_rng(7)
    table = rng.normal(size=(len(WORDS), 8)).astype(np.float32)
    table[4] = table[3] + 0.05  # client ~ customer
    table[6] = table[5] + 0.05  # upset ~ angry
    table[8] = table[7] + 0.05  # cost ~ price
    graph = helper.make_graph(
        [helper.make_node("Gather", ["table", "input_ids"], ["last_hidden_state"], axis=0)],
        "tiny",
        [helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["batch", "tokens"]),
         helper.make_tensor_value_info("attention_mask", TensorProto.INT64, ["batch", "tokens"])],
        [helper.make_tensor_value_info("last_hidden_state", TensorProto.FLOAT, ["batch", "tokens", 8])],
        [numpy_helper.from_array(table, "table")],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    model.ir_version = 8
    onnx.checker.check_model(model)
    onnx.save(model, str(OUT / "model.onnx"))


if __name__ == "__main__":
    main()
