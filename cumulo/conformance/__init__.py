"""Conformance: model-generated requests for every implemented operation, and coverage.

generate.py (variants from an input shape) -> runner.py (sent by botocore to a live
server; sequences.py for setups and round trips) -> check.py (is the answer one AWS
could give?). coverage.py writes docs/coverage.md; hints/<service>.json and
expected_failures.json are data, so no service needs code here.
"""
