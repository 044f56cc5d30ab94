#!/bin/bash
# Usage: DELAY=6 .ci/ops/cut_export.sh  (docs/operations.md, "Hostile input")
# A real gunicorn (polsec_site/gunicorn.conf.py) on a throwaway PostgreSQL; the
# database connection serving an export is terminated mid-stream.
set -u
cd "$(dirname "$0")/../.."
. .ci/postgres.sh
PG_OPTIONS="-c fsync=off" pg_start
W=$(mktemp -d /tmp/polsec-cut-export.XXXXXX)
export DJANGO_DEBUG=0 DJANGO_SECRET_KEY="real-run-only-$(head -c 30 /dev/urandom | base64)" \
  DJANGO_ALLOWED_HOSTS=127.0.0.1 DJANGO_SSL_REDIRECT=0 DJANGO_STATIC_ROOT=$W/static \
  DJANGO_RATE_LIMIT_PER_MINUTE=0 GUNICORN_WORKERS=1 GUNICORN_BIND=127.0.0.1:8765 GUNICORN_TIMEOUT=120
.venv/bin/python manage.py collectstatic --no-input -v0
.venv/bin/python manage.py migrate --no-input -v0
.venv/bin/python manage.py loaddata fixtures/seeds.json -v0
time .venv/bin/python manage.py generate_corpus --articles ${N:-20000} --batch 2000 >/dev/null
.venv/bin/gunicorn -c polsec_site/gunicorn.conf.py polsec_site.wsgi:application > $W/gunicorn.log 2>&1 &
GPID=$!
for i in $(seq 50); do curl -s -o /dev/null http://127.0.0.1:8765/healthz && break; sleep 0.2; done
psql() { "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres polsec -Atc "$1"; }
for kind in json csv; do
  echo "== complete /articles.$kind"
  curl -sS -D $W/h-$kind.txt -o $W/full.$kind -w "http=%{http_code} bytes=%{size_download} time=%{time_total}\n" http://127.0.0.1:8765/articles.$kind; echo "curl exit $?"
  grep -i "transfer-encoding\|content-length" $W/h-$kind.txt
  echo "== cut /articles.$kind: backend terminated after ${DELAY:-0.5} s"
  ( sleep ${DELAY:-0.5}; psql "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname='polsec' AND pid <> pg_backend_pid() AND backend_type='client backend'" ) &
  curl -sS --limit-rate 2M -o $W/cut.$kind -w "http=%{http_code} bytes=%{size_download}\n" http://127.0.0.1:8765/articles.$kind; echo "curl exit $?"
  wait %2 2>/dev/null
  tail -c 120 $W/cut.$kind | tr -d '\n' | cut -c1-120; echo
done
echo "== http.client, json cut"
( sleep ${DELAY:-0.5}; psql "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname='polsec' AND pid <> pg_backend_pid() AND backend_type='client backend'" >/dev/null ) &
.venv/bin/python - <<'PY'
import http.client, json, time
c = http.client.HTTPConnection("127.0.0.1", 8765, timeout=60)
c.request("GET", "/articles.json")
r = c.getresponse()
print("status", r.status, r.getheader("Transfer-Encoding"))
got = b""
try:
    while chunk := r.read(65536):
        got += chunk
        time.sleep(0.02)
    print("ended normally", len(got))
except http.client.IncompleteRead as e:
    print("IncompleteRead after", len(got) + len(e.partial), "bytes:", repr(e)[:80])
try:
    json.loads(got); print("parses")
except ValueError as e:
    print("invalid JSON:", str(e)[:60])
PY
echo "== full json trailer"; tail -c 60 $W/full.json
grep -c "Error handling request" $W/gunicorn.log; grep -m3 "OperationalError\|InterfaceError\|AdminShutdown" $W/gunicorn.log | cut -c1-200
kill $GPID; wait $GPID 2>/dev/null
pg_stop
rm -rf "$W"
