#!/usr/bin/env bash
# A virtualenv under the build directory with one pinned package from PyPI,
# made once and then reused while the pin holds:
#
#   venv=$(bash tests/tools/pypi_venv.sh BUILD_DIR PACKAGE VERSION)
#
# prints the virtualenv's directory (BUILD_DIR/PACKAGE/venv); says on stderr
# when it makes one. python3-venv comes from deploy/setup.sh.
set -euo pipefail

build=$1
package=$2
version=$3
venv=$build/$package/venv

if ! "$venv/bin/python" -c "import importlib.metadata as m, sys; sys.exit(m.version('$package') != '$version')" 2>/dev/null; then
  echo "$package: making $venv with $package $version" >&2
  rm -rf "$venv"
  python3 -m venv "$venv" >&2 || { echo "$package: python3 -m venv failed; install python3-venv (deploy/setup.sh)" >&2; exit 1; }
  "$venv/bin/pip" install --quiet --disable-pip-version-check "$package==$version" >&2
fi
echo "$venv"
