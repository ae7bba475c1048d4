#!/usr/bin/env bash
# `cmake --install` gives a working installation: the binary says its version
# and git revision, finds the campaign templates installed beside it, and
# comes with its man page and bash completion.
#
#   tests/deploy/install_test.sh BUILD_DIR SOURCE_DIR
set -euo pipefail

build=$1
source_dir=$2
prefix=$(mktemp -d)
trap 'rm -rf "$prefix"' EXIT
fail() { echo "install_test: $*"; exit 1; }

cmake --install "$build" --prefix "$prefix" >/dev/null
bin=$prefix/bin/safecity
[ -x "$bin" ] || fail "no $bin"

# The version, and the revision of the checkout it was built from.
version=$("$bin" --version)
revision=unknown
if git -C "$source_dir" rev-parse --git-dir >/dev/null 2>&1; then revision=$(git -C "$source_dir" rev-parse --short=12 HEAD); fi
[[ "$version" =~ ^safecity\ [0-9]+\.[0-9]+\.[0-9]+\ \((.*)\)$ ]] || fail "--version says '$version'"
[ "${BASH_REMATCH[1]}" = "$revision" ] || fail "--version names revision ${BASH_REMATCH[1]}, the checkout is at $revision"

# The templates are found where they were installed, not in the source tree.
templates=$prefix/share/safecity/templates
[ -f "$templates/xian2023/round.json" ] || fail "the templates are not installed in $templates"
mkdir -p "$templates/probe"
out=$("$bin" --data "$prefix/data" --lang en template install probe 2>&1) && fail "a template without round.json was installed"
[[ "$out" == *"no template at $templates/probe"* ]] || fail "the installed binary did not look in $templates: $out"
"$bin" --data "$prefix/data" init >/dev/null
"$bin" --data "$prefix/data" template install xian2023 >/dev/null || fail "the installed xian2023 template did not install"

# The man page: every command's help.
man=$prefix/share/man/man1/safecity.1
grep -q '^\.TH SAFECITY 1' "$man" || fail "no man page at $man"
grep -q '^\.SS safecity task assign$' "$man" || fail "the man page lacks 'safecity task assign'"
grep -q -- '--deadline-pending' "$man" || fail "the man page lacks task assign's options"

# The bash completion: commands, their subcommands, their options.
completion=$prefix/share/bash-completion/completions/safecity
# shellcheck disable=SC1090
source "$completion"
complete_words() {
  COMP_WORDS=("$@")
  COMP_CWORD=$(($# - 1))
  _safecity
  echo "${COMPREPLY[*]}"
}
[ "$(complete_words safecity task as)" = "assign" ] || fail "safecity task as<TAB> gives '$(complete_words safecity task as)'"
[ "$(complete_words safecity --data d webhook key i)" = "issue" ] || fail "safecity --data d webhook key i<TAB>"
[[ " $(complete_words safecity task assign --dead) " == *" --deadline "* ]] || fail "safecity task assign --dead<TAB>"
echo "install_test: $version, templates, man page and completion installed under a prefix"
