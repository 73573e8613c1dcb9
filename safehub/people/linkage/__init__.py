"""Person linkage: which records from many agencies are the same person.

The engine (`engine.py`) is a plain library with no Django imports; the model is specified in
`model_settings.py`. See `engine` for the guarantees of each step.
"""

from .engine import (
    BadRow,
    ExistingIndex,
    InputError,
    LinkageModel,
    LinkResult,
    Thresholds,
    build_index,
    calibrate_thresholds,
    cluster_pairs,
    link_new_records,
    link_records,
    link_records_detailed,
    predict_pairs,
    prepare_records,
    read_input_csv,
    train_model,
    veto_reasons,
)

__all__ = [
    "BadRow",
    "ExistingIndex",
    "InputError",
    "LinkResult",
    "LinkageModel",
    "Thresholds",
    "build_index",
    "calibrate_thresholds",
    "cluster_pairs",
    "link_new_records",
    "link_records",
    "link_records_detailed",
    "predict_pairs",
    "prepare_records",
    "read_input_csv",
    "train_model",
    "veto_reasons",
]
