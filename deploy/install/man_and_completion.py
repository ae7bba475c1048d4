"""The man page and the bash completion of `safecity`, from its own --help.

    python3 deploy/install/man_and_completion.py BIN OUTDIR VERSION

writes OUTDIR/safecity.1 (every command's help, as the binary prints it) and
OUTDIR/safecity (bash completion: commands, their subcommands and options).
Run by the build (CMake target `man_and_completion`) and installed by
`cmake --install`; nothing in them is written by hand, so they never drift
from the binary.
"""
import re
import subprocess
import sys

BIN, OUT, VERSION = sys.argv[1], sys.argv[2], sys.argv[3]


def help_of(path):
    run = subprocess.run([BIN, *path, "--help"], capture_output=True, text=True, env={"LANG": "C.UTF-8", "PATH": "/usr/bin:/bin"})
    return run.stdout.replace(BIN, "safecity")


def sections(text):
    """(options, subcommands) named in a --help text."""
    options, subcommands, part = [], [], None
    for line in text.splitlines():
        if line in ("Options:", "Subcommands:", "Positionals:"):
            part = line
            continue
        m = re.match(r"^  (\S+)", line)
        if not m:
            continue
        if part == "Options:":
            options += [o for o in m.group(1).split(",") if o.startswith("-")]
        elif part == "Subcommands:":
            subcommands.append(m.group(1))
    return options, [o.split(":")[0] for o in options], subcommands


def walk(path, into):
    text = help_of(path)
    _, options, subs = sections(text)
    into.append((path, text, options, subs))
    for s in subs:
        walk(path + [s], into)


commands = []
walk([], commands)


def roff(text):
    lines = []
    for line in text.splitlines():
        line = line.replace("\\", "\\e")
        lines.append("\\&" + line if line.startswith((".", "'")) else line)
    return "\n".join(lines)


top = commands[0][1].splitlines()
with open(f"{OUT}/safecity.1", "w", encoding="utf-8") as man:
    man.write(f'.TH SAFECITY 1 "" "safecity {VERSION}" "User Commands"\n')
    man.write(".SH NAME\nsafecity \\- " + top[0].split(": ", 1)[-1] + "\n")
    man.write(".SH SYNOPSIS\n.B safecity\n[\\fIOPTIONS\\fR] \\fICOMMAND\\fR ...\n")
    man.write(".SH DESCRIPTION\nThe help of every command, as the binary prints it; README.md says more.\n")
    for path, text, _, _ in commands:
        man.write(".SS " + ("safecity " + " ".join(path)).strip() + "\n.nf\n" + roff(text) + "\n.fi\n")

cases = []
for path, _, options, subs in commands:
    words = " ".join(subs + options)
    cases.append(f'    "{" ".join(path)}") words="{words}" ;;')
with open(f"{OUT}/safecity", "w", encoding="utf-8") as comp:
    comp.write("# bash completion for safecity, made from its --help by deploy/install/man_and_completion.py\n")
    comp.write("_safecity() {\n")
    comp.write('  local cur=${COMP_WORDS[COMP_CWORD]} path="" w i words\n')
    comp.write("  for ((i = 1; i < COMP_CWORD; i++)); do\n")
    comp.write('    w=${COMP_WORDS[i]}\n')
    comp.write('    case "$w" in -*) continue ;; esac\n')
    comp.write('    _safecity_words "${path:+$path }$w" >/dev/null && path="${path:+$path }$w"\n')
    comp.write("  done\n")
    comp.write('  words=$(_safecity_words "$path")\n')
    comp.write('  COMPREPLY=($(compgen -W "$words" -- "$cur"))\n')
    comp.write("}\n")
    comp.write("_safecity_words() {\n  local words\n  case \"$1\" in\n")
    comp.write("\n".join(cases) + "\n    *) return 1 ;;\n  esac\n  echo \"$words\"\n}\n")
    comp.write("complete -o default -F _safecity safecity\n")
