"""The local stack's commands: dev, invoke, token, desk-upload, openapi, events, redrive,
search-index, newsroom-index, directory-slugs (see the Makefile)."""

import argparse
import json
import os
import secrets
import signal
import sys
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import boto3

from devstack import ROOT, aws, desk, lock, written_once
from devstack.auth import LocalIssuer, OidcTrust
from devstack.desk import Desk
from devstack.dynamodb import DynamoDBLocal, ensure_table, is_listening
from devstack.gateway import Gateway, serve
from devstack.identity import IdentityProvider
from devstack.openapi import write_document
from devstack.redrive import CONSUMERS, redrive
from devstack.runtime import Runtime
from devstack.samples import DEMO_ARTICLE, write_samples
from devstack.seed import seed
from devstack.streams import StreamPoller
from devstack.template import Stack
from devstack.uploads import UploadNotifier
from haber import articles, search

STATE = ROOT / ".local"
DEFAULT_DYNAMODB_PORT = 8000


def local_stack(state: Path = STATE) -> Stack:
    secret = written_once(state / "secret", lambda: secrets.token_hex(32).encode()).decode()
    overrides = {"TranslationProvider": "TRANSLATION_PROVIDER", "LibreTranslateUrl": "LIBRE_TRANSLATE_URL"}
    parameters = {name: os.environ[variable] for name, variable in overrides.items() if os.environ.get(variable)}
    if os.environ.get("PORT"):
        parameters["SiteUrl"] = f"http://127.0.0.1:{os.environ['PORT']}"
    return Stack(os.environ.get("TABLE_NAME", "haber"), secret.strip(), parameters)


def local_issuer(stack: Stack) -> LocalIssuer:
    settings = stack.authorizer("StaffJwt")
    return LocalIssuer(STATE / "jwt-key.pem", settings["issuer"], settings["audience"])


def dynamodb() -> tuple[str, DynamoDBLocal | None]:
    """DYNAMODB_ENDPOINT if set, else DynamoDB Local on port 8000 (started unless running)."""
    if endpoint := os.environ.get("DYNAMODB_ENDPOINT"):
        return endpoint, None
    if is_listening(DEFAULT_DYNAMODB_PORT):
        return f"http://127.0.0.1:{DEFAULT_DYNAMODB_PORT}", None
    server = DynamoDBLocal(DEFAULT_DYNAMODB_PORT, data_dir=STATE / "dynamodb").start()
    return server.endpoint, server


def data_lock(port: int) -> lock.DataLock:
    """This dev server's hold on its data (lock.py); SystemExit with who holds it already."""
    endpoint, table = os.environ.get("DYNAMODB_ENDPOINT"), os.environ.get("TABLE_NAME", "haber")
    data = (
        f"table {table} at {endpoint}"
        if endpoint
        else f"{(STATE / 'dynamodb').relative_to(ROOT)} (DynamoDB Local on port {DEFAULT_DYNAMODB_PORT})"
    )
    try:
        return lock.acquire(lock.lock_path(STATE, endpoint, table), f"http://127.0.0.1:{port}", data)
    except lock.AlreadyRunning as refused:
        raise SystemExit(str(refused)) from None


def dev(_: argparse.Namespace) -> None:
    # Ctrl-C and SIGTERM stop it, also when a shell started it as a background job (which
    # leaves SIGINT ignored, and Python then keeps it so).
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    port = int(os.environ.get("PORT", "3000"))
    # Before anything touches DynamoDB: a second server on the same data stops here.
    held = data_lock(port)
    identity: IdentityProvider | None = None
    server: DynamoDBLocal | None = None
    try:
        stack = local_stack()
        endpoint, server = dynamodb()
        created = ensure_table(stack, endpoint)
        runtime = Runtime(stack, endpoint)
        written = seed(runtime)
        # The local S3 keeps the indexes in memory: each start builds them from the table.
        with runtime.environment("SearchIndexerFunction"):
            indexed = search.rebuild()
        StreamPoller(runtime).run_in_background()
        UploadNotifier(runtime).run_in_background()
        base = f"http://127.0.0.1:{port}"
        audience = stack.authorizer("StaffJwt")["audience"]
        identity = IdentityProvider(
            int(os.environ.get("OIDC_PORT", port + 1)),
            f"{base}/desk/",
            audience[0],
            STATE,
            int(os.environ.get("OIDC_ACCESS_TOKEN_TTL", "3600")),
        ).start()
        desk = Desk({"issuer": identity.issuer, "client_id": "haber-desk", "api": ""}, aws.endpoint())
        state = "created" if created else "existing"
        print(f"DynamoDB: {endpoint}, table {stack.table_name} ({state}; {written} demo articles seeded)")
        print(f"Haber: {base}  (Ctrl-C stops); stream poller: {', '.join(s.function for s in stack.streams)}")
        print(f"S3 (uploads, images, search indexes of {indexed} articles): {aws.endpoint()}")
        print(f"upload notifications: {stack.uploads[0].function}")
        print(f"OpenID Connect provider: {identity.issuer} (users reporter, translator, editor, moderator, all)\n")
        print(f"  desk: {base}/desk/  (sign in as editor, reporter, translator, moderator or all)")
        print(f"  pages: {base}/de/  {base}/tr/  {base}/en/  (sitemap: {base}/sitemap.xml)")
        paths = (
            "/languages",
            "/articles?lang=tr",
            "/articles?lang=en&category=economy",
            "/categories?lang=de",
            f"/articles/{DEMO_ARTICLE}/comments",
            f"/articles/{DEMO_ARTICLE}/stats",
            "/articles/popular?lang=tr",
            "/search?q=koln&lang=tr",
            "/openapi.json",
        )
        for path in paths:
            print(f"  curl '{base}{path}'")
        print(f"  curl -H 'Accept-Language: tr-TR,tr;q=0.9' '{base}/articles/{DEMO_ARTICLE}'")
        print(f"  curl -X POST -A 'Mozilla/5.0' '{base}/articles/{DEMO_ARTICLE}/views'")
        print("  make token ROLE=editor   # bearer token for editor routes (ROLE=moderator for moderation)")
        print("  an image: POST /media, then the upload form it returns (README, Media)\n")
        trusts = (OidcTrust(identity.issuer, audience), local_issuer(stack))
        server_http = serve(Gateway(runtime, *trusts, desk=desk), port)
        server_http.serve_forever()
    except KeyboardInterrupt:
        print("\nstopped")
    finally:
        if identity:
            identity.stop()
        if server:
            server.stop()
        held.release()  # last: the data is free once its DynamoDB Local has stopped


def invoke(arguments: argparse.Namespace) -> None:
    stack = local_stack()
    if arguments.function not in stack.functions:
        sys.exit(f"Unknown function {arguments.function!r}; the template has: {', '.join(stack.functions)}")
    event = json.loads(Path(arguments.event).read_text(encoding="utf-8"))
    endpoint, server = dynamodb()
    try:
        ensure_table(stack, endpoint)
        runtime = Runtime(stack, endpoint)
        seed(runtime)
        print(json.dumps(runtime.invoke(arguments.function, event), indent=2, ensure_ascii=False))
    finally:
        if server:
            server.stop()


def redrive_parked(arguments: argparse.Namespace) -> None:
    """Replay parked stream records: locally, or with --function-name against AWS (the
    table named by TABLE_NAME, the credentials of the environment)."""
    if arguments.function_name:
        client = boto3.client("lambda")

        def call(event: dict[str, Any]) -> Any:
            answer = client.invoke(FunctionName=arguments.function_name, Payload=json.dumps(event).encode())
            return json.loads(answer["Payload"].read() or b"{}")

        replayed, failed = redrive(arguments.consumer, call)
        print(f"replayed {replayed}, failed again {failed}")
        return
    stack = local_stack()
    endpoint, server = dynamodb()
    try:
        runtime = Runtime(stack, endpoint)
        function = CONSUMERS[arguments.consumer]
        with runtime.environment(function):
            replayed, failed = redrive(arguments.consumer, lambda event: runtime.invoke(function, event))
        print(f"replayed {replayed}, failed again {failed}")
    finally:
        if server:
            server.stop()


def search_index(arguments: argparse.Namespace) -> None:
    """Rebuild every language's search index from the table: locally, or with --deployed on
    AWS (the table and bucket named by TABLE_NAME and SEARCH_BUCKET, the environment's
    credentials)."""
    count = _on_the_table("SearchIndexerFunction", search.rebuild, arguments.deployed)
    print(f"indexed {count} articles")


def newsroom_index(arguments: argparse.Namespace) -> None:
    """Give every article written before the newsroom's index its place in it: locally, or
    with --deployed on AWS (the table named by TABLE_NAME, the environment's credentials)."""
    count = _on_the_table("ArticlesFunction", articles.newsroom.backfill, arguments.deployed)
    print(f"listed {count} articles in the newsroom")


def directory_slugs(arguments: argparse.Namespace) -> None:
    """Give every author and tag written before their addresses had items of their own those
    items: locally, or with --deployed on AWS (the table named by TABLE_NAME)."""
    count = _on_the_table("ArticlesFunction", articles.directory.write_addresses, arguments.deployed)
    print(f"wrote {count} addresses of authors and tags")


def _on_the_table(function: str, command: Callable[[], int], deployed: bool) -> int:
    """A maintenance command, as the function would run it: against AWS as the environment
    says, or in the function's local environment."""
    if deployed:
        return command()
    endpoint, server = dynamodb()
    try:
        with Runtime(local_stack(), endpoint).environment(function):
            return command()
    finally:
        if server:
            server.stop()


def token(arguments: argparse.Namespace) -> None:
    print(local_issuer(local_stack()).token(arguments.role, subject=f"local-{arguments.role}"))


def desk_upload(arguments: argparse.Namespace) -> None:
    """After sam deploy: the desk's build and config.json to the stack's desk bucket."""
    settings = tomllib.loads((ROOT / "samconfig.toml").read_text())[arguments.config_env]["global"]["parameters"]
    session = boto3.Session(region_name=settings["region"])
    bucket, config = desk.deployed_config(session.client("cloudformation"), settings["stack_name"])
    written = desk.upload(session.client("s3"), bucket, config)
    print(f"uploaded the desk ({written} files) to s3://{bucket}/desk/ (issuer {config['issuer']})")


def openapi(_: argparse.Namespace) -> None:
    print(f"wrote {write_document()}")


def events(_: argparse.Namespace) -> None:
    for path in write_samples():
        print(f"wrote {path.relative_to(ROOT)}")


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m devstack", description=__doc__)
    commands = parser.add_subparsers(required=True)
    commands.add_parser("dev", help="serve the API on PORT (3000) with seeded DynamoDB Local").set_defaults(run=dev)
    invoke_parser = commands.add_parser("invoke", help="run one function with an event file, like sam local invoke -e")
    invoke_parser.add_argument("function")
    invoke_parser.add_argument("event")
    invoke_parser.set_defaults(run=invoke)
    token_parser = commands.add_parser("token", help="print a bearer token the local gateway accepts")
    token_parser.add_argument("role", nargs="?", default="editor")
    token_parser.set_defaults(run=token)
    upload_parser = commands.add_parser("desk-upload", help="upload the desk's build to the deployed stack")
    upload_parser.add_argument("--config-env", default="default", help="the samconfig.toml environment")
    upload_parser.set_defaults(run=desk_upload)
    commands.add_parser("openapi", help="regenerate the OpenAPI document from the functions' routes").set_defaults(
        run=openapi
    )
    commands.add_parser("events", help="regenerate the sample events in events/").set_defaults(run=events)
    redrive_parser = commands.add_parser("redrive", help="replay the stream records a consumer parked")
    redrive_parser.add_argument("consumer", choices=sorted(CONSUMERS))
    redrive_parser.add_argument("--function-name", help="the deployed consumer function (replays on AWS)")
    redrive_parser.set_defaults(run=redrive_parked)
    index_parser = commands.add_parser("search-index", help="rebuild the search indexes from the table")
    index_parser.add_argument("--deployed", action="store_true", help="on AWS: TABLE_NAME and SEARCH_BUCKET")
    index_parser.set_defaults(run=search_index)
    newsroom_parser = commands.add_parser(
        "newsroom-index", help="list articles written before the newsroom's index in it"
    )
    newsroom_parser.add_argument("--deployed", action="store_true", help="on AWS: TABLE_NAME")
    newsroom_parser.set_defaults(run=newsroom_index)
    slugs_parser = commands.add_parser(
        "directory-slugs", help="give authors and tags written before their addresses' items those items"
    )
    slugs_parser.add_argument("--deployed", action="store_true", help="on AWS: TABLE_NAME")
    slugs_parser.set_defaults(run=directory_slugs)
    arguments = parser.parse_args()
    arguments.run(arguments)


if __name__ == "__main__":
    main()
