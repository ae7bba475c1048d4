"""The container image has every package the binary needs to start.

    python3 tests/deploy/dockerfile_test.py BIN DOCKERFILE

Derives the Debian packages of every shared library `ldd BIN` resolves
(dpkg -S), and checks that the runtime stage of DOCKERFILE installs each of
them, directly or as a dependency of a package it names (dpkg-query), or
that debian:12-slim already has it. Also: the fonts the PDF reports are set
in, the campaign templates copied where the binary looks for them, and a
HEALTHCHECK. Fails naming what to add.
"""
import re
import subprocess
import sys

BIN, DOCKERFILE = sys.argv[1], sys.argv[2]
# In debian:12-slim: libc and the C++ runtime apt itself runs on.
IN_BASE_IMAGE = {"libc6", "libgcc-s1", "libstdc++6", "zlib1g"}
# Needed at run time but not by the loader: `--pdf` sets reports in Noto CJK.
NOT_SEEN_BY_LDD = {"fonts-noto-cjk": "PDF reports (cli/pdf_document.h) are set in Noto CJK"}


def package_of(path):
    for candidate in (path, re.sub(r"^/usr(/lib)", r"\1", path), "/usr" + path if not path.startswith("/usr") else path):
        run = subprocess.run(["dpkg", "-S", candidate], capture_output=True, text=True)
        if run.returncode == 0:
            return run.stdout.split(":")[0].strip()
    return None


def needed_packages():
    out = subprocess.run(["ldd", BIN], capture_output=True, text=True, check=True).stdout
    packages, unowned = set(), []
    for line in out.splitlines():
        m = re.search(r"=>\s+(\S+)\s+\(", line)
        if not m:
            continue
        real = subprocess.run(["realpath", m.group(1)], capture_output=True, text=True).stdout.strip()
        p = package_of(m.group(1)) or package_of(real)
        if p:
            packages.add(p)
        else:
            unowned.append(m.group(1))
    return packages, unowned


def depends_closure(named):
    seen, todo = set(), list(named)
    while todo:
        p = todo.pop()
        if p in seen:
            continue
        seen.add(p)
        run = subprocess.run(["dpkg-query", "-W", "-f", "${Pre-Depends}, ${Depends}", p], capture_output=True, text=True)
        for alternative in run.stdout.split(","):
            for dep in alternative.split("|"):
                name = dep.strip().split(" ")[0].split(":")[0]
                if name and subprocess.run(["dpkg-query", "-W", name], capture_output=True).returncode == 0:
                    todo.append(name)
    return seen


text = open(DOCKERFILE, encoding="utf-8").read()
runtime = text[text.rindex("\nFROM "):]
joined = runtime.replace("\\\n", " ")
installed = set()
for m in re.finditer(r"apt-get install ([^&\n]*)", joined):
    installed |= {w for w in m.group(1).split() if not w.startswith("-")}

problems = []
needed, unowned = needed_packages()
for path in unowned:
    problems.append(f"{path} (from ldd {BIN}) belongs to no Debian package: the image cannot have it")
have = depends_closure(installed) | IN_BASE_IMAGE
for p in sorted(needed - have):
    problems.append(f"the binary needs {p} (ldd + dpkg -S): add it to the runtime stage's apt-get install in {DOCKERFILE}")
for p, why in NOT_SEEN_BY_LDD.items():
    if p not in installed:
        problems.append(f"add {p} to the runtime stage's apt-get install in {DOCKERFILE}: {why}")
if not re.search(r"COPY --from=build /src/workflows/templates\s+/usr/local/share/safecity/templates", runtime):
    problems.append(f"{DOCKERFILE} must COPY --from=build /src/workflows/templates /usr/local/share/safecity/templates "
                    "(beside /usr/local/bin/safecity, where `template install` and `demo` look)")
if not re.search(r"^HEALTHCHECK .*safecity\S*\W+health", joined, re.M):
    problems.append(f"{DOCKERFILE} needs a HEALTHCHECK that runs `safecity health`")

for p in problems:
    print("dockerfile_test: " + p)
if problems:
    sys.exit(1)
print(f"dockerfile_test: the image installs all {len(needed)} packages the binary links, the fonts, the templates, a HEALTHCHECK")
