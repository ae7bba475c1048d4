#!/usr/bin/env bash
# Certificates for a safecity cluster's HTTPS API (`safecity serve --tls-cert
# FILE --tls-key FILE`), made with openssl: a private CA of the cluster and a
# certificate for each node, valid for the host names and IP addresses the
# clients use to reach it.
#
#   bash deploy/tls/make-certs.sh --out DIR NAME=HOST[,HOST…] [NAME=HOST[,HOST…] …]
#
# Writes DIR/ca.pem (give it to every client: `safecity --ca-file`), DIR/ca.key
# (keep it offline; it makes more certificates), and DIR/NAME.pem with
# DIR/NAME.key for each node. A CA already in DIR is reused, so that a node
# added later is trusted by the clients that have ca.pem. Keys are EC P-256,
# readable by their owner only; a node's certificate is valid for 825 days.
#
# Example, three nodes reached by name and address:
#   bash deploy/tls/make-certs.sh --out /etc/safecity/tls \
#     node-a=node-a.safety.xa.gov.cn,10.0.0.5 node-b=10.0.0.6 node-c=10.0.0.7
set -euo pipefail

usage() { echo "usage: $0 --out DIR NAME=HOST[,HOST…] [NAME=HOST[,HOST…] …]" >&2; exit 2; }

out=""
nodes=()
while [ $# -gt 0 ]; do
  case "$1" in
    --out) [ $# -ge 2 ] || usage; out="$2"; shift 2 ;;
    -h|--help) sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *=*) nodes+=("$1"); shift ;;
    *) echo "make-certs: '$1' is not NAME=HOST[,HOST…] (例如 node-a=10.0.0.5)" >&2; exit 2 ;;
  esac
done
[ -n "$out" ] && [ ${#nodes[@]} -gt 0 ] || usage
command -v openssl >/dev/null || { echo "make-certs: openssl is missing; run deploy/setup.sh (apt-get install openssl)" >&2; exit 1; }

umask 077
mkdir -p "$out"
if [ ! -f "$out/ca.pem" ]; then
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 3650 \
    -keyout "$out/ca.key" -out "$out/ca.pem" -subj "/O=safecity/CN=safecity cluster CA" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
  chmod 644 "$out/ca.pem"
  echo "made the CA: $out/ca.pem (for the clients) and $out/ca.key (keep it offline)"
fi

for node in "${nodes[@]}"; do
  name="${node%%=*}"
  hosts="${node#*=}"
  if ! [[ "$name" =~ ^[A-Za-z0-9._-]+$ ]] || [ -z "$hosts" ]; then
    echo "make-certs: '$node' is not NAME=HOST[,HOST…]; a NAME is letters, digits, '.', '_' or '-'" >&2
    exit 2
  fi
  san=""
  IFS=',' read -ra list <<< "$hosts"
  for h in "${list[@]}"; do
    if [[ "$h" =~ ^[0-9.]+$ || "$h" == *:* ]]; then san+="IP:$h,"; else san+="DNS:$h,"; fi
  done
  ext="$(mktemp)"
  printf 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth,clientAuth\nsubjectAltName=%s\n' \
    "${san%,}" > "$ext"
  openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$out/$name.key" -out "$out/$name.csr" \
    -subj "/O=safecity/CN=$name" 2>/dev/null
  openssl x509 -req -in "$out/$name.csr" -CA "$out/ca.pem" -CAkey "$out/ca.key" -CAcreateserial -days 825 \
    -extfile "$ext" -out "$out/$name.pem" 2>/dev/null
  rm -f "$ext" "$out/$name.csr"
  chmod 644 "$out/$name.pem"
  echo "made $out/$name.pem and $out/$name.key for ${hosts}"
done
