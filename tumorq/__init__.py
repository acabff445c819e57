"tumorq: quantized brain-tumour MRI classification. Library code is exported from nbs/ by nbdev_export."
__version__ = "0.1.0"

# tensorflow-model-optimization 0.8.1 only accepts Keras 2 (tf-keras) models. TensorFlow picks its Keras
# implementation when it is first imported, so the switch must be set before any tumorq module imports it.
import os as _os, sys as _sys
_os.environ["TF_USE_LEGACY_KERAS"] = "1"
if "tensorflow" in _sys.modules and not _sys.modules["tensorflow"].keras.__name__.startswith("tf_keras"):
    import warnings as _w
    _w.warn("tensorflow was imported before tumorq, so tf.keras is Keras 3; tumorq needs tf-keras (Keras 2). "
            "Import tumorq first or set TF_USE_LEGACY_KERAS=1 before importing tensorflow.")
