"""What the tests of the alerts to the operator share: the alert variables, a bad sales file,
a local webhook, a sensor's tick and the failed run their fixtures give.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import dagster as dg

from dagster_project.lib.configuration.settings import (
    ENV_ALERT_LOG,
    ENV_ALERT_WEBHOOK,
    ENV_STALE_AFTER_HOURS,
    ENV_UI_URL,
    PipelinePaths,
)
from tests.conftest import DailyRun

ALERT_VARIABLES = (ENV_ALERT_WEBHOOK, ENV_ALERT_LOG, ENV_UI_URL, ENV_STALE_AFTER_HOURS)
# A return line of quantity 0: the sales_lines suite rejects it
# (tests/end_to_end/test_bad_input_files.py).
BAD_SALES = """
    order_id,line_number,order_date,customer_id,product_id,quantity,unit_price,discount,currency
    X,1,2026-06-29,001,P1,0,10,0,EUR
"""


@dataclass
class Webhook:
    host: str
    # (path, Content-Type, JSON body) of each POST received
    posts: list[tuple[str, str, dict]] = field(default_factory=list)

    @property
    def url(self) -> str:
        # The path stands for a Slack webhook's secret part.
        return f"http://{self.host}/services/T0/B0/secret"


@contextmanager
def webhook_answering(status: int) -> Iterator[Webhook]:
    """A webhook on 127.0.0.1 that records each POST and answers with `status`."""
    posts: list[tuple[str, str, dict]] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            posts.append((self.path, self.headers["Content-Type"], json.loads(body)))
            self.send_response(status)
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield Webhook(f"127.0.0.1:{server.server_port}", posts)
    finally:
        server.shutdown()
        server.server_close()


def tick(sensor: dg.SensorDefinition, instance: dg.DagsterInstance, cursor: str | None):
    # The paths resource, as the definitions give it from this test's KEY_ACCOUNTS_* variables.
    context = dg.build_sensor_context(
        instance=instance, cursor=cursor, resources={"paths": PipelinePaths.from_env()}
    )
    return sensor.evaluate_tick(context)


@dataclass(frozen=True)
class FailedRun:
    instance: dg.DagsterInstance
    run: DailyRun
    # the run-failure sensor's cursor before the run
    cursor_before: str
