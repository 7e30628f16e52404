#!/bin/sh
# Compose only (the agent service): enrolls the agent on its first start with the command enroll-token left, then
# runs it. The identity stays in the agent-state volume, so later starts only run.
set -eu

state=/var/lib/retrogrid-agent
agent=/opt/retrogrid/agent/retrogrid-agent.dll
if [ ! -f "$state/agent.json" ]; then
  # rgctl printed "  retrogrid-agent enroll --controller URL --token T --ca-sha256 H": keep the words after the
  # program's name (none of them holds a space).
  line=$(grep -m 1 'retrogrid-agent enroll' /var/lib/retrogrid-enroll/enroll.txt)
  # shellcheck disable=SC2086 # split into words on purpose
  set -- $line
  shift
  dotnet "$agent" "$@" --state-dir "$state"
fi

exec dotnet "$agent" run --state-dir "$state"
