"""quotebot: answers questions with verbatim, cited quotes from a folder of articles."""

import os

# Before numpy loads: its OpenBLAS threads spin after each (small) matrix product and fight
# the model's OpenMP threads for the two cores, tripling the time to embed a question.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
