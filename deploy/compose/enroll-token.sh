#!/bin/sh
# Compose only (the enroll-token service, in the controller's image): once the controller answers, asks it for a
# one-time enrollment token and leaves rgctl's answer, with the agent's enroll command, in the volume's enroll/ folder,
# the only part of the volume the agent mounts. Nothing to do once an answer is there: the agent enrolls from it on
# its first start.
set -eu

dir=/var/lib/retrogrid/enroll
out="$dir/enroll.txt"
if [ -s "$out" ]; then
  exit 0
fi

mkdir -p "$dir"
chmod 0700 "$dir"
tries=0
until rgctl --data-dir /var/lib/retrogrid/data agent enroll-token > "$out.tmp"; do
  tries=$((tries + 1))
  if [ "$tries" -ge 120 ]; then
    echo "enroll-token: the controller did not answer within two minutes" >&2
    exit 1
  fi
  sleep 1
done
mv "$out.tmp" "$out"
