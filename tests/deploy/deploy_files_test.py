"""The compose, Kubernetes and systemd files say what an operator relies on.

    python3 tests/deploy/deploy_files_test.py SOURCE_DIR SAFECITY_BIN

No container runtime or cluster runs here, so the files are read as their
tools read them: the YAML parsed (PyYAML), the unit verified by
`systemd-analyze verify` (paths pointed at this build). Checks that the nodes
start after healthy brokers and are probed for health, that a long catch-up
is not restarted by Kubernetes' liveness probe, that the brokers' volumes
are writable, and that systemd waits for the node's READY=1.
"""
import os
import re
import subprocess
import sys
import tempfile

import yaml

SRC, BIN = os.path.abspath(sys.argv[1]), sys.argv[2]
problems = []


def check(ok, what):
    if not ok:
        problems.append(what)


compose = yaml.safe_load(open(f"{SRC}/deploy/compose/compose.yaml", encoding="utf-8"))
services = compose["services"]
for name in ("kafka-1", "kafka-2", "kafka-3"):
    check("healthcheck" in services[name], f"compose: {name} has no healthcheck")
for name in ("safecity-1", "safecity-2"):
    depends = services[name].get("depends_on", {})
    check(isinstance(depends, dict) and all(depends.get(k, {}).get("condition") == "service_healthy"
                                            for k in ("kafka-1", "kafka-2", "kafka-3")),
          f"compose: {name} must depend on every broker with condition service_healthy")
check(services["cli"].get("healthcheck", {}).get("disable") is True, "compose: the cli service is a command, its health check off")

k8s = {d["metadata"]["name"]: d for f in ("kafka.yaml", "safecity.yaml")
       for d in yaml.safe_load_all(open(f"{SRC}/deploy/k8s/{f}", encoding="utf-8")) if d and d.get("kind") == "StatefulSet"}
node = k8s["safecity"]["spec"]["template"]["spec"]
container = node["containers"][0]
startup = container.get("startupProbe", {})
check(startup.get("periodSeconds", 10) * startup.get("failureThreshold", 3) >= 1800,
      "k8s: a safecity node needs a startupProbe that waits 30 minutes for a catch-up")
check("livenessProbe" in container and "readinessProbe" in container, "k8s: a safecity node needs liveness and readiness probes")
check(node.get("securityContext", {}).get("fsGroup") == 10001, "k8s: the node's volume must be the image's safecity group's (fsGroup 10001)")
check(k8s["kafka"]["spec"]["template"]["spec"].get("securityContext", {}).get("fsGroup") == 1000,
      "k8s: the brokers' volumes must be writable by apache/kafka's appuser (fsGroup 1000)")

unit = open(f"{SRC}/deploy/systemd/safecity-node.service", encoding="utf-8").read()
check(re.search(r"--tls-cert %d/tls\.pem --tls-key %d/tls\.key", unit) is not None
      and re.search(r"^LoadCredential=tls\.key:", unit, re.M) is not None,
      "systemd: the API over HTTPS, its key handed over by LoadCredential= (readable by root alone)")
check(re.search(r"^Type=notify$", unit, re.M) is not None, "systemd: Type=notify, so systemd waits for READY=1")
with tempfile.TemporaryDirectory() as d:
    local = unit.replace("/usr/local/bin/safecity", os.path.abspath(BIN))
    local = re.sub(r"^EnvironmentFile=.*$", f"EnvironmentFile={SRC}/deploy/systemd/safecity-node.env", local, flags=re.M)
    path = f"{d}/safecity-node.service"
    open(path, "w", encoding="utf-8").write(local)
    run = subprocess.run(["systemd-analyze", "verify", "--man=no", path], capture_output=True, text=True,
                         env={**os.environ, "SYSTEMD_LOG_LEVEL": "warning"})
    said = (run.stdout + run.stderr).strip()
    check(run.returncode == 0 and not said, f"systemd-analyze verify: {said or run.returncode}")

for p in problems:
    print("deploy_files_test: " + p)
if problems:
    sys.exit(1)
print("deploy_files_test: compose, Kubernetes and systemd files as an operator relies on them")
