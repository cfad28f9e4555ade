#!/bin/sh
# Installs the Debian 12 packages lexsim builds and tests with. Run as root, or with sudo available.
set -eu
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update
$SUDO apt-get install -y --no-install-recommends \
  g++ cmake ninja-build pkg-config git ca-certificates \
  libz3-dev z3 cvc5 \
  libboost-graph-dev libtbb-dev librandom123-dev \
  catch2 libcli11-dev nlohmann-json3-dev libtomlplusplus-dev \
  clang-14 libclang-rt-14-dev clang-format-14 clang-tidy-14 \
  libxlsxwriter-dev libssl-dev \
  python3 python3-numpy python3-networkx python3-jsonschema python3-openpyxl python3-selenium chromium chromium-driver fonts-noto-cjk
