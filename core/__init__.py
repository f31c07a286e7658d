"""The optimizer, data sets, templates and the project store. Pure Python: no Qt, no llama_cpp."""
