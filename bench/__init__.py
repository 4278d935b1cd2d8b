"""Benchmarks of the interview platform (not tests): `python -m bench [emotion|e2e|api|llm]`, see bench/README.md."""
