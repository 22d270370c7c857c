"""Lambda execution: functions run as local processes speaking the real Runtime API.

    executor_for(runtime).invoke(spec, invocation) -> Outcome

- `spec`: the plain values exchanged with the Lambda service (`FunctionSpec`,
  `Invocation`, `Outcome`).
- `httpserver`: a minimal HTTP/1.1 server, the Runtime API's transport.
- `environment`: one child process and its Runtime API endpoint.
- `launch`: commands, environment variables and files per runtime family.
- `executor`: warm pools, concurrency, reaping, eviction.
- `docker`, `container`: the docker executor's Engine API client, and an
  environment in a container of the official base image.
- `bootstrap/node.js`: our Node.js runtime client.
- `jvm`, `java/*.java`: our Java runtime client (compiled once per source hash
  with the `javac` on PATH) and how a JVM starts for a function.

This package knows nothing of the Lambda service's models or the store.
"""

from cumulo.runtimes.executor import Executor, executor_for
from cumulo.runtimes.spec import FunctionSpec, Invocation, Outcome, Throttled, Unsupported

__all__ = ["Executor", "FunctionSpec", "Invocation", "Outcome", "Throttled", "Unsupported", "executor_for"]
