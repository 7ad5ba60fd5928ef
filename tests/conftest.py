"""Shared test settings: hypothesis profile sized for numba-compiled kernels."""

import os

from hypothesis import HealthCheck, settings

settings.register_profile(
    "coop_sim",
    max_examples=int(os.environ.get("COOP_SIM_EXAMPLES", "60")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile("coop_sim")

# the golden-data generator is a script that needs axelrod, not a test module
collect_ignore = ["golden/make_golden.py"]
