"""The ASGI app gunicorn serves for the Datasette comparison (run in Datasette's own
venv under artifacts/bench/, never the project's). The database is opened immutable,
as `datasette publish` deployments do; settings come from loadtest.DATASETTE_SETTINGS.
"""

import json
import os

from datasette.app import Datasette

app = Datasette(
    immutables=[os.environ["BENCH_DATASETTE_DB"]],
    settings=json.loads(os.environ.get("BENCH_DATASETTE_SETTINGS", "{}")),
).app()
