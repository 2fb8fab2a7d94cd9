# Shared by scripts/demo and scripts/test (sourced, not run): progress lines and the virtualenv.

STEP=0
# step "what happens now": one numbered line of progress per step, so a slow one is not a mystery.
step() {
  STEP=$((STEP + 1))
  printf '[%s/%s] %s\n' "$STEP" "${STEPS:-?}" "$1"
}

# ensure_venv VENV EXTRAS [PYTHON]: make VENV with PYTHON (default: $PYTHON or python3) and install
# the project with EXTRAS ("" or "[test]") into it. Skipped when pyproject.toml has not changed
# since the last install into that venv, so a second run starts in seconds.
ensure_venv() {
  local venv="$1" extras="$2" python="${3:-${PYTHON:-python3}}"
  if [ ! -x "$venv/bin/python" ]; then
    if ! "$python" -m venv "$venv" 2>/dev/null; then
      rm -rf "$venv"
      if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        echo "      installing python3-venv (Debian/Ubuntu keep venv apart from Python)"
        (apt-get update -qq && apt-get install -y -qq python3-venv) >/dev/null 2>&1 || true
      fi
      "$python" -m venv "$venv" || {
        echo "Could not make a virtualenv with $python. On Debian/Ubuntu: sudo apt-get install python3-venv" >&2
        return 1
      }
    fi
  fi
  local stamp="$venv/.prapesan-installed$extras"
  local want
  want="$(cat pyproject.toml | "$venv/bin/python" -c 'import hashlib, sys; print(hashlib.sha256(sys.stdin.buffer.read()).hexdigest())')"
  if [ "$(cat "$stamp" 2>/dev/null)" = "$want" ]; then
    echo "      already installed (pyproject.toml unchanged)"
    return 0
  fi
  echo "      pip install -e '.$extras' into $venv (the first time takes about a minute)"
  "$venv/bin/pip" install --quiet --disable-pip-version-check -e ".$extras"
  echo "$want" >"$stamp"
}
