"""Drop-in compatibility with the tools teams already use: moto's server mode, LocalStack's conventions.

    moto        the /moto-api/ endpoints, the x-moto-account-id header, the `--compat moto` preset
    library     `cumulo.serve()` and `cumulo.reset()` for suites that are not pytest
"""

# Settings each `--compat` preset changes from cumulo's defaults; an explicit flag or
# CUMULO_* variable still wins.
PRESETS: dict[str, dict[str, object]] = {
    "moto": {
        "port": 5000,
        "default_account": "123456789012",
        "sqs_endpoint_strategy": "origin",
        # moto answers every key no one issued as its default user: no long-term keys.
        "access_keys": "",
    },
}
