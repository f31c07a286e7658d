"""The speed probe behind the wizard's time estimate, on the bundled model."""
from gradsum.core.settings import ModelSpec
from gradsum.models.speed import measure


def test_measure_reports_prompt_and_generation_speed(model_path):
    pp, tg = measure(ModelSpec(path=str(model_path), n_ctx=1024, threads=2))
    # a 135M model on any CPU: prompt processing is faster than generation, both positive
    assert 5 < tg <= pp
