#!/usr/bin/env bash
# Tributary's one entry point for people and CI, on a fresh Debian machine with Python 3.11:
#   ./dev.sh app     set everything up (first run only) and launch the app
#   ./dev.sh test    set everything up (first run only) and run the whole test suite
#   ./dev.sh bench   run every benchmark and print one table
#   ./dev.sh ts      regenerate the translation sources and compile them
set -euo pipefail
cd "$(dirname "$0")"

APT_PACKAGES=(python3-venv nginx-light xvfb xauth curl aria2 primesieve-bin fonts-dejavu-core fonts-wqy-microhei
  libegl1 libgl1 libopengl0 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libfreetype6 libdbus-1-3
  libglib2.0-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-xinerama0
  libxcb-image0 libxcb-render-util0 libxcb-randr0 libxcb-xfixes0 libxcb-xkb1)

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
    [ -n "$candidate" ] && command -v "$candidate" >/dev/null && { echo "$candidate"; return; }
  done
  echo "python3 not found" >&2; exit 1
}

setup_venv() {
  local stamp want
  want=$(cat pyproject.toml constraints.txt | sha256sum | cut -c1-16)
  stamp=.venv/.tributary-stamp
  if [ -x .venv/bin/python ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then return 0; fi
  log "creating .venv and installing pinned dependencies"
  "$(python_bin)" -m venv .venv
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -c constraints.txt -e ".[test]"
  echo "$want" > "$stamp"
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
    log "pytest"
    exec .venv/bin/python -m pytest "$@" ;;
  bench)
    setup_system; setup_venv
    export QT_QPA_PLATFORM=offscreen
    exec .venv/bin/python -m bench "$@" ;;
  ts)
    setup_venv
    .venv/bin/pyside6-lupdate -no-obsolete gui/*.py gui/panels/*.py -ts resources/translations/tributary_zh_CN.ts
    .venv/bin/pyside6-lrelease resources/translations/tributary_zh_CN.ts -qm resources/translations/tributary_zh_CN.qm ;;
  *) echo "usage: ./dev.sh app|test|bench|ts" >&2; exit 2 ;;
esac
