"""The `cumulo` command: serve (the default), status, reset, console, version, ca, services, coverage, node-sdk, scaffold."""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import urllib.request

from cumulo import __version__
from cumulo.config import Config


def main(argv: list[str] | None = None) -> int:
    from cumulo.compat.help import settings_help

    parser = argparse.ArgumentParser(prog="cumulo", description="A local AWS cloud emulator.", epilog=settings_help(),
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command")
    serve = sub.add_parser("serve", help="start the server (the default)")
    for p in (parser, serve):
        p.add_argument("--host", help="bind address (CUMULO_HOST, default 127.0.0.1)")
        p.add_argument("--port", type=int, help="port (CUMULO_PORT, default 4566)")
        p.add_argument("--data-dir", help="persist state here (CUMULO_DATA_DIR); memory only when unset")
        p.add_argument("--log-level", choices=["debug", "info", "warning", "error"], help="CUMULO_LOG_LEVEL, default info")
        p.add_argument("--compat", choices=["moto"], help="a preset for suites written for moto's server mode (CUMULO_COMPAT)")
        p.add_argument("--init-dir", help="run LocalStack-style init hooks from here (CUMULO_INIT_DIR, default /etc/localstack/init if present)")
    for name, help_text in (("status", "health of a running server"), ("reset", "clear a running server's state")):
        p = sub.add_parser(name, help=help_text)
        p.add_argument("--endpoint", default=None, help="default http://127.0.0.1:$CUMULO_PORT")
        if name == "reset":
            p.add_argument("service", nargs="?", help="only this service")
    console = sub.add_parser("console", help="print the web console's URL and open it in a browser")
    console.add_argument("--endpoint", default=None, help="default http://127.0.0.1:$CUMULO_PORT")
    console.add_argument("--no-browser", action="store_true", help="only print the URL")
    sub.add_parser("version", help="print the version")
    ca = sub.add_parser("ca", help="print the path of the local CA certificate HTTPS clients should trust (AWS_CA_BUNDLE)")
    ca.add_argument("--data-dir", help="the data dir's CA (CUMULO_DATA_DIR); the user cache's when unset")
    sub.add_parser("services", help="the services cumulo implements, and how many of their operations")
    cov = sub.add_parser("coverage", help="write docs/coverage.md: operations implemented, conformance passed")
    cov.add_argument("--output", help="default docs/coverage.md")
    cov.add_argument("--run", action="store_true", help="run the full conformance set now, not read the last results")
    sub.add_parser("node-sdk", help="install the AWS SDK for JavaScript v3 that Lambda's Node.js runtimes include (needs npm)")
    scaffold = sub.add_parser("scaffold", help="create a new service package, its test folder and its wire types")
    scaffold.add_argument("service", help="botocore's name of the service, e.g. sns")
    args = parser.parse_args(argv)

    if args.command == "version":
        print(__version__)
        return 0
    if args.command == "ca":
        from cumulo import tls

        print(tls.ensure(args.data_dir or Config.from_env().data_dir)[0])
        return 0
    if args.command == "services":
        from cumulo.compat.help import services_table

        print(services_table())
        return 0
    if args.command == "scaffold":
        from cumulo import codegen

        for path in codegen.scaffold(args.service):
            print(path)
        print(codegen.write_one(args.service))
        return 0
    if args.command == "node-sdk":
        from cumulo.runtimes import nodesdk

        return nodesdk.install()
    if args.command == "coverage":
        from cumulo.conformance.coverage import main as coverage

        return coverage(args.output, args.run)
    if args.command == "console":
        return open_console(args.endpoint, not args.no_browser)
    if args.command in ("status", "reset"):
        endpoint = args.endpoint or f"http://127.0.0.1:{Config.from_env().port}"
        path = "/_cumulo/health" if args.command == "status" else "/_cumulo/reset" + (f"/{args.service}" if args.service else "")
        req = urllib.request.Request(endpoint + path, method="GET" if args.command == "status" else "POST")
        try:
            with urllib.request.urlopen(req, timeout=5) as r:
                print(json.dumps(json.loads(r.read()), indent=2))
            return 0
        except OSError as e:
            print(f"cumulo is not answering at {endpoint}: {e}", file=sys.stderr)
            return 1

    from cumulo.compat import inithooks, localstack

    env, notices = localstack.settings_from(os.environ)
    for notice in notices:
        print(notice, file=sys.stderr)
    config = Config.from_env({**os.environ, **env}, init_dir=args.init_dir, host=args.host, port=args.port, data_dir=args.data_dir, log_level=args.log_level, compat=args.compat)
    config.init_dir = inithooks.init_dir(config.init_dir)  # LocalStack's /etc/localstack/init when present
    logging.basicConfig(level=config.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s", stream=sys.stderr)
    # uvicorn's start-up chatter repeats what cumulo prints itself; keep its warnings.
    logging.getLogger("uvicorn.error").setLevel(max(logging.WARNING, logging.getLogger().level))
    from cumulo.server import serve as run

    run(config)
    return 0


def open_console(endpoint: str | None, browse: bool) -> int:
    """Print the console's URL (with CUMULO_CONSOLE_TOKEN when set) and open it where a browser exists."""
    import webbrowser

    endpoint = (endpoint or f"http://127.0.0.1:{Config.from_env().port}").rstrip("/")
    token = os.environ.get("CUMULO_CONSOLE_TOKEN", "")
    url = f"{endpoint}/_cumulo/console/" + (f"?token={token}" if token else "")
    print(url)
    try:
        with urllib.request.urlopen(endpoint + "/_cumulo/health", timeout=3):
            pass
    except OSError as e:
        print(f"cumulo is not answering at {endpoint} ({e}); start it with `cumulo`", file=sys.stderr)
        return 1
    if browse:
        try:
            webbrowser.get().open(url)
        except webbrowser.Error:
            pass  # no browser here (a server, a container): the printed URL is the answer
    return 0


if __name__ == "__main__":
    sys.exit(main())
