"""Logger and metrics, configured by the POWERTOOLS_* environment variables; the metrics'
namespace is set here (alarms and the dashboard name it), so that it holds whenever this
module is imported, also in a process that hosts the functions locally.

Tracing is Lambda's own (`Tracing: Active` in template.yaml). Powertools' Tracer is left
out on purpose: it needs the X-Ray SDK, in maintenance mode since February 2026, whose
import creates an X-Ray client and adds about 170 ms to every cold start (make bench).
"""

from aws_lambda_powertools import Logger, Metrics

NAMESPACE = "Haber"

logger = Logger()
metrics = Metrics(namespace=NAMESPACE)
