#!/bin/sh
# Compose only (the controller-init service, in the controller's image): creates the controller in its volume on the
# first start, then copies its CA certificate to the volume's public/ folder, the only part of the volume Prometheus
# mounts (to check the controller's TLS certificate when it scrapes /metrics).
set -eu

data=/var/lib/retrogrid/data
if ! ls -A "$data" 2>/dev/null | grep -q .; then
  # "controller": the name Prometheus scrapes it by; 127.0.0.1 and localhost (the agent, rgctl, the host's
  # published port) are always in the certificate.
  dotnet /opt/retrogrid/controller/retrogrid-controller.dll init --data-dir "$data" --host controller
fi

mkdir -p /var/lib/retrogrid/public
cp "$data/ca.crt" /var/lib/retrogrid/public/ca.crt.tmp
chmod 0644 /var/lib/retrogrid/public/ca.crt.tmp
mv /var/lib/retrogrid/public/ca.crt.tmp /var/lib/retrogrid/public/ca.crt
