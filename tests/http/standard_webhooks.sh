#!/usr/bin/env bash
# Standard Webhooks both ways, checked with the standard's own Python library
# (`standardwebhooks` from PyPI) as a unit's system would use it:
#
#   tests/http/standard_webhooks.sh BUILD_DIR SAFECITY_BIN
#
# Makes (once, then reuses) a virtualenv under BUILD_DIR/standardwebhooks with
# a pinned `standardwebhooks`, then runs standard_webhooks.py: a receiver that
# verifies safecity's outbound deliveries with Webhook(secret).verify, and a
# sender that signs inbound actions with Webhook(secret).sign.
# python3-venv comes from deploy/setup.sh.
set -euo pipefail

build=$(cd "$1" && pwd)
bin=$2
here=$(cd "$(dirname "$0")" && pwd)
venv=$(bash "$here/../tools/pypi_venv.sh" "$build" standardwebhooks 1.3.0)
exec "$venv/bin/python" "$here/standard_webhooks.py" "$bin"
