#!/usr/bin/env bash
# Installs every Debian package safecity needs to build, test and benchmark.
# Runs as root on a fresh Debian 12 machine; safe to run again (apt is idempotent).
# --no-install-recommends matters: without it libcaf-dev pulls in GTK and Qt.
set -euo pipefail

PACKAGES=(
  build-essential cmake ninja-build pkg-config git
  libboost-dev            # Boost.MSM, Beast and Asio (header-only): state machines, the HTTP server
  libcaf-dev              # CAF 0.17 actors
  librocksdb-dev          # embedded event log and read models
  librdkafka-dev          # Kafka backend
  nlohmann-json3-dev      # JSON
  libvalijson-dev         # JSON Schema (draft-07) validation
  libcli11-dev            # CLI parsing
  libcpp-httplib-dev      # HTTP client (the CLI against a server, outbound webhooks)
  prometheus-cpp-dev      # /metrics
  libssl-dev              # SHA-256, HMAC, TLS (serve --tls-cert, --server https://)
  libsodium-dev           # Argon2id: the hashes of persons' passwords (user add, console logins)
  openssl                 # deploy/tls/make-certs.sh: the cluster's CA and the nodes' certificates
  libminizip-dev libexpat1-dev   # reading .xlsx workbooks (a zip of XML parts)
  libxlsxwriter-dev       # writing .xlsx (--xlsx FILE on every table)
  libpango1.0-dev libcairo2-dev fonts-noto-cjk   # reports as PDF official documents (--pdf FILE), set in Noto CJK
  poppler-utils           # the document tests read the PDFs back (pdftotext, pdffonts, pdftoppm)
  libgtest-dev libgmock-dev
  libbenchmark-dev
  openjdk-17-jre-headless maven   # the local Apache Kafka broker (deploy/kafka), fetched from Maven Central
  kcat                    # reading the events topic from the shell
  clang libclang-rt-dev   # the fuzz test (tests/fuzz): clang, its libFuzzer and sanitizer runtimes,
  llvm                    #   and llvm-symbolizer for file:line in its stack traces
  python3-venv            # tests/http/schemathesis.sh: Schemathesis (PyPI) in a virtualenv
  python3-yaml systemd    # tests/deploy: compose and Kubernetes files read, the systemd unit verified
  chromium                # the web console's browser test (tests/browser), driven by playwright-core from npm
)
# The web console (web/) is built with Node.js and npm (Vite, from web/package-lock.json).
# A machine that has Node.js already (18 or later) keeps its own; else Debian's.
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  PACKAGES+=(nodejs npm)
fi

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ "${#missing[@]}" -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  echo "setup: all packages present"
fi
