"""Shared building blocks every layer may use: HTTP values, errors, clock, ids."""
