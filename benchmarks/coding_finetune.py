"""Does fine-tuning the embedding model earn its cost for the trained coder? (The question
behind SetFit, which fine-tunes the model on pairs of coded examples before fitting a head.)

One fold inside the training sessions only: fine-tune all-MiniLM-L6-v2 with a classification
head (mean pooling, cross-entropy on the final code, the prompt and the turn encoded as a
pair) on the coded Participant turns of P1-P8, score each epoch on P9-P10, beside the logistic
regression on the frozen vectors of the same split. P11-P17 are not looked at. Torch on the
CPU; about 6 minutes for 4 epochs on 2 shared cores.

    .venv/bin/python -m benchmarks.coding_finetune [--epochs 4]
"""

from __future__ import annotations

import argparse
import json
import time
from typing import Any, cast

import numpy as np

from benchmarks.common import (
    RESULTS,
    SERDIF,
    SERDIF_TRANSCRIPTS,
    CachedEmbedder,
    load_all_segments,
    run_input,
    serdif_config,
    themes_vectors,
)

FIT = tuple(f"serdif_P{i}" for i in range(1, 9))
SCORE = ("serdif_P9", "serdif_P10")


def main(argv: list[str] | None = None) -> int:
    import torch
    from sentence_transformers import SentenceTransformer
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import cohen_kappa_score

    from benchmarks.coding import gold_codes
    from themes.changemodel.codebook import import_codebook
    from themes.discovery.model_registry import resolve_model

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=4)
    args = parser.parse_args(argv)
    torch.manual_seed(0)
    model = import_codebook(SERDIF / "codebook_final.csv").model
    ids = [flat.id for flat in model.codable()]
    _, final = gold_codes(model)
    embedder = CachedEmbedder()
    config = serdif_config(["segment.set_aside=false"])
    segments, _ = run_input(load_all_segments(SERDIF_TRANSCRIPTS, config), config, embedder)
    fit = [i for i, s in enumerate(segments) if s.id in final and s.transcript_id in FIT]
    score = [i for i, s in enumerate(segments) if s.id in final and s.transcript_id in SCORE]
    y = np.asarray([ids.index(final[s.id]) if s.id in final else -1 for s in segments])
    vectors = themes_vectors(segments, config, embedder)
    frozen = LogisticRegression(C=10.0, max_iter=3000).fit(vectors[fit], y[fit])
    result: dict = {
        "n_fit": len(fit),
        "n_score": len(score),
        "frozen_vectors_lr_kappa": round(
            float(cohen_kappa_score(y[score], frozen.predict(vectors[score]))), 3
        ),
        "epochs": [],
    }
    st = SentenceTransformer(str(resolve_model("all-MiniLM-L6-v2").path), device="cpu")
    tokenizer, body = st.tokenizer, cast(Any, st[0]).auto_model
    head = torch.nn.Linear(body.config.hidden_size, len(ids))
    groups = [{"params": body.parameters(), "lr": 5e-5}, {"params": head.parameters(), "lr": 2e-3}]
    optimiser = torch.optim.AdamW(groups, weight_decay=0.01)
    labels = torch.tensor(y)

    def encode(rows: list[int]) -> torch.Tensor:
        batch = tokenizer(
            [segments[i].prompt or "" for i in rows],
            [segments[i].text for i in rows],
            padding=True,
            truncation=True,
            max_length=128,
            return_tensors="pt",
        )
        hidden = body(**batch).last_hidden_state
        mask = batch["attention_mask"].unsqueeze(-1).float()
        return torch.nn.functional.normalize((hidden * mask).sum(1) / mask.sum(1), dim=-1)

    rng = np.random.default_rng(0)
    start = time.perf_counter()
    for epoch in range(args.epochs):
        body.train()
        order = rng.permutation(fit).tolist()
        for s in range(0, len(order), 16):
            rows = order[s : s + 16]
            loss = torch.nn.functional.cross_entropy(head(encode(rows)) * 10, labels[rows])
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
        body.eval()
        with torch.no_grad():
            chunks = [score[s : s + 64] for s in range(0, len(score), 64)]
            pred = np.concatenate([head(encode(rows)).argmax(1).numpy() for rows in chunks])
        row = {
            "epoch": epoch + 1,
            "kappa": round(float(cohen_kappa_score(y[score], pred)), 3),
            "seconds": round(time.perf_counter() - start),
        }
        result["epochs"].append(row)
        print(row, flush=True)
    print(result)
    (RESULTS / "coding_finetune.json").write_text(json.dumps(result, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
