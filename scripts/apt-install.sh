#!/usr/bin/env bash
# scripts/apt-install.sh "WHAT THEY ARE FOR" PACKAGE...
# Installs Debian packages that a script needs when run as root; otherwise, or when apt fails, prints a warning that
# says what will not work. Never fails the calling script.
for_what=$1; shift
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installing $*"
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null; } \
    || echo "warning: could not install $*; $for_what"
else
  echo "warning: missing $* (install them with apt as root); $for_what"
fi
exit 0
