#!/usr/bin/env bash
# Sets up everything Runback needs on a fresh Debian machine, idempotently:
# system packages (only when missing), .venv from uv.lock, compiled translations.
# Usage: scripts/bootstrap.sh [--browser]   (--browser also installs Chromium for e2e tests)
set -euo pipefail
cd "$(dirname "$0")/.."

UV_VERSION=0.13.8
PY=${PYTHON:-python3}

need_apt=()
"$PY" -c 'import ensurepip, venv' 2>/dev/null || need_apt+=(python3-venv)
command -v msgfmt >/dev/null || need_apt+=(gettext)
# WeasyPrint (the plan as PDF) draws text with Pango and needs a font.
ldconfig -p 2>/dev/null | grep -q libpangoft2-1.0 || need_apt+=(libpango-1.0-0 libpangoft2-1.0-0)
[ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || need_apt+=(fonts-dejavu-core)
if [ "${1:-}" = "--browser" ] && [ ! -x /usr/bin/chromium ]; then
  need_apt+=(chromium)
fi
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "bootstrap: installing system packages: ${need_apt[*]}"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi

# uv lives in its own small venv so that `uv sync` never removes itself.
if [ ! -x .tools/bin/uv ] || [ "$(.tools/bin/uv --version | cut -d' ' -f2)" != "$UV_VERSION" ]; then
  "$PY" -m venv .tools
  .tools/bin/pip install -q --disable-pip-version-check "uv==$UV_VERSION"
fi

# Sync only when the lock or the project changed since the last sync.
stamp=.venv/.runback-synced
if [ ! -f "$stamp" ] || [ uv.lock -nt "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  UV_PROJECT_ENVIRONMENT=.venv .tools/bin/uv sync --frozen --quiet --python "$PY"
  touch "$stamp"
fi

# Translations: .mo files are build products (not in git), compiled when missing or stale.
for po in src/runback/locale/*/LC_MESSAGES/*.po src/runback/*/locale/*/LC_MESSAGES/*.po; do
  [ -f "$po" ] || continue
  mo="${po%.po}.mo"
  if [ ! -f "$mo" ] || [ "$po" -nt "$mo" ]; then
    msgfmt --check -o "$mo" "$po"
  fi
done
