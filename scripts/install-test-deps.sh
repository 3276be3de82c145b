#!/bin/sh
# System packages the tests need (Debian/Ubuntu): a real Secret Service for the keychain tests, poppler and
# NSS tools for the signed-PDF tests, a JDK whose jarsigner makes the foreign Ed25519 CMS signature (OpenSSL 3.0
# cannot), dig for DNS agreement, Chromium for the browser tests (playwright-core drives it; no browser download),
# testssl.sh for the TLS benchmark and its resolver test. The mail benchmark also runs pyspf (python3-spf, which
# needs python3-dnspython but does not pull it in) and curl.
set -eu
PACKAGES="dbus gnome-keyring libsecret-tools openssl poppler-utils libnss3-tools libxml2-utils bind9-dnsutils python3-spf python3-dnspython curl testssl.sh chromium default-jdk-headless"
if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1; then SUDO=sudo; else SUDO=; fi
$SUDO apt-get update -q
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends $PACKAGES
