"""Standard Webhooks both ways, with the `standardwebhooks` library as it is.

A unit's system that knows nothing of safecity but the standard:
  * receives a notification and verifies it with Webhook(secret).verify,
    the secret as `safecity webhook subscribe` printed it;
  * signs an action with Webhook(secret).sign, the secret as `safecity webhook
    key issue` printed it, and posts it to /v1/webhooks/inbound/{key} with the
    three webhook-* headers only; a replay and an altered body are refused.

Run by standard_webhooks.sh: python standard_webhooks.py SAFECITY_BIN
"""
import json
import subprocess
import sys
import tempfile
import threading
import urllib.error
import urllib.request
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from standardwebhooks import Webhook, WebhookVerificationError

BIN = sys.argv[1]
WORK = tempfile.mkdtemp(prefix="standard-webhooks-")
DATA = WORK + "/data"
failures = []


def check(ok, what):
    print(("ok      " if ok else "FAILED  ") + what)
    if not ok:
        failures.append(what)


def sc(*args):
    run = subprocess.run([BIN, "--data", DATA, "--output", "json", *args], capture_output=True, text=True)
    if run.returncode != 0:
        sys.exit(f"safecity {' '.join(args)} failed: {run.stderr}")
    return json.loads(run.stdout) if run.stdout.strip().startswith(("{", "[")) else run.stdout


class Receiver(BaseHTTPRequestHandler):
    deliveries = []
    arrived = threading.Condition()

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        with Receiver.arrived:
            Receiver.deliveries.append((dict(self.headers.items()), body))
            Receiver.arrived.notify_all()
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args):
        pass


receiver = ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
threading.Thread(target=receiver.serve_forever, daemon=True).start()

sc("init")
sc("unit", "add", "--id", "yanta", "--name", "雁塔区", "--kind", "district")
key_secret = sc("webhook", "key", "issue", "--unit", "yanta", "--id", "yanta-sys")["secret"]
hook_secret = sc("webhook", "subscribe", "--unit", "yanta", "--url", f"http://127.0.0.1:{receiver.server_port}/hook",
                 "--kinds", "task_assigned", "--id", "yanta-hook")["secret"]
office = sc("token", "issue", "--role", "office", "--principal", "sw.office", "--label", "standard-webhooks")["token"]

server = subprocess.Popen([BIN, "--data", DATA, "serve", "--http", "127.0.0.1:0", "--tick-every", "0"], stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True)
try:
    line = server.stdout.readline()
    if not line.startswith("serving http://"):
        sys.exit(f"serve did not start: {line}")
    url = line.split()[1]
    threading.Thread(target=lambda: [None for _ in server.stdout], daemon=True).start()

    def post(path, body, headers):
        req = urllib.request.Request(url + path, data=body, method="POST", headers={"Content-Type": "application/json", **headers})
        try:
            with urllib.request.urlopen(req, timeout=30) as res:
                return res.status, json.loads(res.read() or b"null")
        except urllib.error.HTTPError as e:
            return e.code, json.loads(e.read() or b"null")

    # Outbound: the office assigns a task to 雁塔区; its system is notified.
    assign = json.dumps({"stream": "task-XA-001", "data": {"task_id": "XA-001", "title": "城镇燃气安全隐患整改", "lead_unit": "yanta",
                                                          "deadline": "2031-04-15"}}).encode()
    status, answer = post("/v1/commands/task.assign", assign, {"Authorization": "Bearer " + office})
    check(status == 200, f"the office assigns a task ({status} {answer})")
    with Receiver.arrived:
        Receiver.arrived.wait_for(lambda: Receiver.deliveries, timeout=60)
    check(len(Receiver.deliveries) >= 1, "the unit's system received the notification")
    if Receiver.deliveries:
        headers, body = Receiver.deliveries[0]
        try:
            event = Webhook(hook_secret).verify(body, headers)
            check(event.get("type") == "safecity.notification.task_assigned",
                  "Webhook(secret).verify accepts the delivery, a CloudEvent of the assignment")
        except WebhookVerificationError as e:
            check(False, f"Webhook(secret).verify accepts the delivery: {e}")
        check(headers.get("webhook-id") == headers.get("X-Safecity-Delivery"), "webhook-id is the delivery id")
        try:
            Webhook(key_secret).verify(body, headers)
            check(False, "another secret does not verify it")
        except WebhookVerificationError:
            check(True, "another secret does not verify it")

    # Inbound: the unit's system acknowledges the task, signed by the library.
    body = json.dumps({"type": "task.acknowledge", "stream": "task-XA-001", "data": {}}).encode()
    now = datetime.now(tz=timezone.utc)
    signed = {"webhook-id": "yanta-ack-XA-001", "webhook-timestamp": str(int(now.timestamp())),
              "webhook-signature": Webhook(key_secret).sign("yanta-ack-XA-001", now, body)}
    status, answer = post("/v1/webhooks/inbound/yanta-sys", body, signed)
    check(status == 200 and answer.get("status") == "accepted", f"an action signed with Webhook(secret).sign is accepted ({status} {answer})")
    status, answer = post("/v1/webhooks/inbound/yanta-sys", body, signed)
    check(status == 401 and answer.get("field") == "delivery_id", f"the same delivery again is refused ({status} {answer})")
    altered = body.replace(b"task-XA-001", b"task-XA-002")
    status, answer = post("/v1/webhooks/inbound/yanta-sys", altered, signed)
    check(status == 401 and answer.get("field") == "webhook-signature",
          f"a body altered after signing is refused naming the signature ({status} {answer})")
    status, answer = post("/v1/webhooks/inbound", body, {**signed, "webhook-id": "yanta-ack-2", "X-Safecity-Key": "yanta-sys"})
    check(status == 401 and answer.get("field") == "webhook-signature", f"the id is signed: another id is refused ({status} {answer})")
    req = urllib.request.Request(url + "/v1/tasks/XA-001", headers={"Authorization": "Bearer " + office})
    with urllib.request.urlopen(req, timeout=30) as res:
        task = json.loads(res.read())
    check(task.get("state") == "acknowledged", f"the task is acknowledged ({task.get('state')})")
finally:
    server.terminate()
    server.wait(timeout=30)
    receiver.shutdown()

if failures:
    sys.exit(f"{len(failures)} check(s) failed")
print("standard webhooks: all checks passed")
