#!/usr/bin/env bash
# Tributary's one entry point for people and CI, on a fresh Debian machine with Python 3.11:
#   ./dev.sh app     set everything up (first run only) and launch the app
#   ./dev.sh test    set everything up (first run only) and run the whole test suite on Python 3.11, then
#                    on 3.12 and 3.13 where installed (their own .venv-3.12, .venv-3.13; PYTHONS="3.11"
#                    limits it; the frozen-build and .deb tests run on 3.11 only)
#   ./dev.sh bench   run every benchmark and print one table
#   ./dev.sh ts      regenerate the translation sources and compile them
#   ./dev.sh dist    build the one-folder app (PyInstaller), a .tar.gz and a .deb under dist/
#   ./dev.sh screenshots   fresh screenshots of every tab (light/dark, English/简体中文) under docs/screenshots/
set -euo pipefail
cd "$(dirname "$0")"

APT_PACKAGES=(python3-venv nginx-light xvfb xauth curl aria2 tinyproxy microsocks primesieve-bin libprimesieve11 fonts-dejavu-core fonts-wqy-microhei
  libegl1 libgl1 libopengl0 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libfreetype6 libdbus-1-3
  libglib2.0-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-xinerama0
  libxcb-image0 libxcb-render-util0 libxcb-randr0 libxcb-xfixes0 libxcb-xkb1
  dbus trayer xdotool pngquant)

log() { printf '\033[1m[dev.sh]\033[0m %s\n' "$*" >&2; }

setup_system() {
  command -v dpkg-query >/dev/null || return 0
  local missing=()
  for p in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  log "installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -q >/dev/null
  $sudo apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
}

python_bin() {
  for candidate in "${PYTHON:-}" python3.11 python3; do
    [ -n "$candidate" ] && "$candidate" -c "" 2>/dev/null && { echo "$candidate"; return; }
  done
  echo "python3 not found" >&2; exit 1
}

# an interpreter for version $1 (e.g. 3.12) that really runs (a pyenv shim of a version that is not
# selected exits 127), from $PYTHON3_12-style variables, PATH or pyenv's versions; empty if none
find_python() {
  local v=$1 var="PYTHON${1/./_}" candidate
  for candidate in "${!var:-}" "python$v" "${PYENV_ROOT:-$HOME/.pyenv}"/versions/"$v"*/bin/"python$v"; do
    [ -n "$candidate" ] || continue
    if "$candidate" -c "import sys; assert sys.version_info[:2] == tuple(map(int, '$v'.split('.')))" 2>/dev/null; then
      echo "$candidate"; return 0
    fi
  done
  return 0
}

# setup_venv [DIR [PYTHON]]: DIR (default .venv) with the pinned dependencies, rebuilt when they change
setup_venv() {
  local dir=${1:-.venv} py=${2:-} stamp want
  [ -n "$py" ] || py=$(python_bin)
  want=$( (cat pyproject.toml constraints.txt; "$py" -V) | sha256sum | cut -c1-16)
  stamp=$dir/.tributary-stamp
  if [ -x "$dir/bin/python" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then return 0; fi
  log "creating $dir ($("$py" -V)) and installing pinned dependencies"
  "$py" -m venv --clear "$dir"
  "$dir/bin/python" -m pip install -q --upgrade pip
  "$dir/bin/python" -m pip install -q -c constraints.txt -e ".[test]"
  echo "$want" > "$stamp"
}

# run the suite on every Python in $PYTHONS (default 3.11 3.12 3.13); 3.11 (.venv) always, others if installed
run_tests() {
  local status=0 v py dir ran=()
  for v in ${PYTHONS:-3.11 3.12 3.13}; do
    if [ "$v" = 3.11 ]; then
      dir=.venv; py=$(python_bin)
    else
      dir=.venv-$v; py=$(find_python "$v")
      if [ -z "$py" ]; then log "Python $v is not installed: skipped (install it, or set PYTHON${v/./_}=/path/to/python$v)"; continue; fi
    fi
    setup_venv "$dir" "$py"
    log "pytest on $("$dir/bin/python" -V)"
    if [ "$v" = 3.11 ]; then
      "$dir/bin/python" -m pytest "$@" || status=1
    else  # the frozen build, the .deb and the wheel are built and checked once, with 3.11
      "$dir/bin/python" -m pytest --ignore=tests/test_packaging.py "$@" || status=1
    fi
    ran+=("$v")
  done
  log "pytest ran on Python ${ran[*]}: $([ $status -eq 0 ] && echo passed || echo FAILED)"
  return $status
}

cmd=${1:-app}; shift || true
case "$cmd" in
  app)
    setup_system; setup_venv
    exec .venv/bin/tributary "$@" ;;
  test)
    setup_system; setup_venv
    export QT_QPA_PLATFORM=offscreen PYTHONFAULTHANDLER=1
    log "ruff"
    .venv/bin/ruff check .
    run_tests "$@" ;;
  bench)
    setup_system; setup_venv
    # parfive is a peer of the downloads benchmark (not a dependency of the app): with the app's pins
    .venv/bin/python -m pip install -q -c constraints.txt "parfive>=2.1" >/dev/null 2>&1 || log "parfive not installed: its rows are left out"
    # an installed Tributary (wheel, .deb, bundle) starts from compiled bytecode, as parfive and aiohttp do
    # here; this checkout is installed editable, and PYTHONDONTWRITEBYTECODE would have it compile every run
    .venv/bin/python -m compileall -q workers gui >/dev/null
    export QT_QPA_PLATFORM=offscreen
    exec .venv/bin/python -m bench "$@" ;;
  ts)
    shopt -s globstar
    setup_venv
    .venv/bin/pyside6-lupdate -no-obsolete -locations none gui/**/*.py workers/**/*.py -ts resources/translations/tributary_zh_CN.ts
    .venv/bin/pyside6-lrelease resources/translations/tributary_zh_CN.ts -qm resources/translations/tributary_zh_CN.qm ;;
  dist)
    setup_system; setup_venv
    .venv/bin/python -m pip install -q -c constraints.txt -e ".[build]"
    version=$(.venv/bin/python -c "import tributary.workers as w; print(w.__version__)")
    rm -rf dist build/pyinstaller build/deb build/src
    .venv/bin/python -m pip install -q --no-deps --target build/src .
    .venv/bin/pyinstaller build.spec --noconfirm --log-level WARN --distpath dist --workpath build/pyinstaller
    # the interpreter from pyenv ships with debug symbols (libpython alone: 23 MB), and so do the Cython
    # extensions of aiohttp, yaml, msgpack, multidict… (13 MB together). numpy and its OpenBLAS are left
    # alone: stripping them breaks numpy's import (measured: the self-test then fails)
    find dist/tributary/_internal -name '*.so*' -type f -not -path '*/numpy/*' -not -path '*/numpy.libs/*' \
      -exec strip --strip-unneeded {} + 2>/dev/null || log "strip not available: bundle keeps debug symbols"
    size_b=$(du -sb dist/tributary | cut -f1)
    log "bundle: dist/tributary, $((size_b / 1000000)) MB = $((size_b / 1048576)) MiB (goal ≤ 180 MB)"
    tar -C dist -czf "dist/tributary-${version}-linux-x86_64.tar.gz" tributary
    root=build/deb
    mkdir -p "$root/DEBIAN" "$root/opt" "$root/usr/bin" "$root/usr/share/applications" \
      "$root/usr/share/icons/hicolor/scalable/apps" "$root/usr/share/metainfo"
    cp -a dist/tributary "$root/opt/tributary"
    ln -s /opt/tributary/tributary "$root/usr/bin/tributary"
    install -m 644 resources/tributary.desktop "$root/usr/share/applications/tributary.desktop"
    install -m 644 resources/icons/tributary.svg "$root/usr/share/icons/hicolor/scalable/apps/tributary.svg"
    install -m 644 resources/io.github.tributary.Tributary.metainfo.xml "$root/usr/share/metainfo/"
    cat > "$root/DEBIAN/control" <<CONTROL
Package: tributary
Version: ${version}
Architecture: amd64
Maintainer: Tributary developers <tributary@localhost>
Installed-Size: $(du -sk "$root" | cut -f1)
Depends: libc6 (>= 2.34), libprimesieve11, libegl1, libgl1, libxkbcommon0, libxkbcommon-x11-0, libfontconfig1, libdbus-1-3, libxcb-cursor0
Section: net
Priority: optional
Description: many downloads and CPU-heavy jobs at once, never frozen
 Tributary downloads batches of files concurrently and safely and spreads
 CPU-heavy jobs over every core, with live progress and prompt cancel.
CONTROL
    dpkg-deb -Zgzip -z1 --root-owner-group --build "$root" "dist/tributary_${version}_amd64.deb" >/dev/null
    log "built: $(ls dist/*.tar.gz dist/*.deb | tr '\n' ' ')" ;;
  screenshots)
    setup_system; setup_venv
    exec .venv/bin/python tools/screenshots.py "$@" ;;
  *) echo "usage: ./dev.sh app|test|bench|ts|dist|screenshots" >&2; exit 2 ;;
esac
