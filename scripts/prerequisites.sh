#!/usr/bin/env bash
# Shared by run.sh and test.sh: make sure of what Pulse needs on this machine, installing it
# with apt where we may (as root, or with sudo), else printing the exact command and stopping.

pulse_say() { printf '\033[1;34m==>\033[0m %s\n' "$*"; }
pulse_fail() { printf '\033[1;31merror:\033[0m %s\n' "$*" >&2; exit 1; }

# The .NET SDK global.json asks for (10.0.x or a later feature band).
pulse_require_dotnet() {
  if ! command -v dotnet >/dev/null 2>&1; then
    pulse_fail "the .NET 10 SDK is not installed. Install it (https://dotnet.microsoft.com/download/dotnet/10.0) and run again."
  fi
  local version
  version=$(dotnet --version 2>/dev/null || true)
  case "$version" in
    10.*|1[1-9].*) ;;
    *) pulse_fail "Pulse needs the .NET 10 SDK; 'dotnet --version' says '${version:-nothing}'." ;;
  esac
}

# True when a container runtime answers, so the AppHost can run the databases as containers.
pulse_container_runtime_healthy() {
  local runtime="${ASPIRE_CONTAINER_RUNTIME:-docker}"
  command -v "$runtime" >/dev/null 2>&1 && timeout 10 "$runtime" info >/dev/null 2>&1
}

# Installs the Debian packages given, those not installed yet, with one apt-get update first.
pulse_require_packages() {
  local missing=()
  local package
  for package in "$@"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
  done
  [ ${#missing[@]} -eq 0 ] && return 0

  local apt=()
  if [ "$(id -u)" -eq 0 ]; then
    apt=(apt-get)
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    apt=(sudo apt-get)
  else
    pulse_fail "Pulse needs these Debian packages: ${missing[*]}. Install them with:
    sudo apt-get update && sudo apt-get install -y ${missing[*]}"
  fi

  pulse_say "Installing ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive "${apt[@]}" update -qq
  DEBIAN_FRONTEND=noninteractive "${apt[@]}" install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# Node and npm, for the mingo check of the MongoDB pipelines: Debian's packages only for what is
# missing (a nodesource nodejs bundles npm, and conflicts with Debian's npm package).
pulse_require_node() {
  local missing=()
  command -v node >/dev/null 2>&1 || missing+=(nodejs)
  command -v npm >/dev/null 2>&1 || missing+=(npm)
  [ ${#missing[@]} -eq 0 ] || pulse_require_packages "${missing[@]}"
}
