#!/usr/bin/env bash
# Side-by-side: RetroGrid (local set, and a set in the Dropbox emulator), restic and Borg on one generated data
# set, encryption on everywhere: first backup, re-backup with no change, re-backup after changing 5 %, full
# restore. Prints wall time, MB/s and peak RSS per step as a Markdown table, plus the floor (reading the data with
# SHA-256 on both cores). Run by hand from the repository root:
#
#   bash tests/RetroGrid.Benchmarks/SideBySide/run.sh [WORK_DIR] [SMALL_FILES] [LARGE_MIB]
#
# Defaults: /tmp/retrogrid-side-by-side, 50000 small files, 1536 MiB of large files (~2 GiB in all).
set -euo pipefail

work=${1:-/tmp/retrogrid-side-by-side}
small_files=${2:-50000}
large_mib=${3:-1536}
repo_root=$(cd "$(dirname "$0")/../../.." && pwd)

need() { command -v "$1" >/dev/null 2>&1; }
if ! need restic || ! need borg || [ ! -x /usr/bin/time ]; then
  apt-get update -qq && apt-get install -y -qq restic borgbackup time >/dev/null
fi

dotnet build -c Release "$repo_root/tests/RetroGrid.Benchmarks" -v q -nologo >/dev/null
# The agent as it ships: published for this machine, start-up code precompiled (see its project file).
dotnet publish -c Release --use-current-runtime --self-contained false "$repo_root/src/RetroGrid.Agent" \
  -o "$repo_root/artifacts/publish/retrogrid-agent" -v q -nologo >/dev/null
dotnet build -c Release "$repo_root/src/RetroGrid.Dropbox.Emulator" -v q -nologo >/dev/null
bench() { dotnet "$repo_root/artifacts/bin/RetroGrid.Benchmarks/release/RetroGrid.Benchmarks.dll" "$@"; }
# An array, not a function: GNU time must be able to execute it.
retrogrid=(dotnet "$repo_root/artifacts/publish/retrogrid-agent/retrogrid-agent.dll")

rm -rf "$work" && mkdir -p "$work"
data=$work/data
bench dataset generate "$data" "$small_files" "$large_mib"
bytes=$(du -sb "$data" | cut -f1)

export RESTIC_PASSWORD=side-by-side BORG_PASSPHRASE=side-by-side RETROGRID_PASSPHRASE=side-by-side
export BORG_UNKNOWN_UNENCRYPTED_REPO_ACCESS_IS_OK=yes BORG_RELOCATED_REPO_ACCESS_IS_OK=yes

results=$work/results.tsv
: > "$results"
# measure TOOL STEP COMMAND...: wall seconds and peak RSS (KiB) from GNU time, appended to the results.
measure() {
  local tool=$1 step=$2; shift 2
  /usr/bin/time -f "%e %M" -o "$work/time.out" "$@" >"$work/$tool-$step.log" 2>&1 || {
    echo "$tool $step failed; see $work/$tool-$step.log" >&2; return 1; }
  read -r seconds rss_kib < "$work/time.out"
  printf '%s\t%s\t%s\t%s\n' "$tool" "$step" "$seconds" "$rss_kib" >> "$results"
}

# The floor: read every file and SHA-256 it, on both cores.
measure floor read+sha256 bash -c "cd '$data' && find . -type f -print0 | xargs -0 -P 2 -n 500 sha256sum >/dev/null"

# The emulator for the Dropbox-backed RetroGrid set.
emulator_out=$work/emulator.out
dotnet "$repo_root/artifacts/bin/RetroGrid.Dropbox.Emulator/release/RetroGrid.Dropbox.Emulator.dll" \
  --port 0 --data-dir "$work/emulator" --legacy-token side-by-side-token >"$emulator_out" 2>"$work/emulator.err" &
emulator_pid=$!
trap 'kill $emulator_pid 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do [ -s "$emulator_out" ] && break; sleep 0.2; done
dropbox_url=$(head -n 1 "$emulator_out")
dropbox_args=(--dropbox-url "$dropbox_url" --dropbox-token side-by-side-token --dropbox-folder /side-by-side)

"${retrogrid[@]}" init --repo "$work/rg-local" >/dev/null
"${retrogrid[@]}" init "${dropbox_args[@]}" >/dev/null
restic init --repo "$work/restic" >/dev/null
borg init --encryption=repokey-blake2 "$work/borg" >/dev/null

backup_all() {
  local step=$1
  measure retrogrid-local "$step" "${retrogrid[@]}" backup --repo "$work/rg-local" "$data"
  measure retrogrid-dropbox "$step" "${retrogrid[@]}" backup "${dropbox_args[@]}" "$data"
  measure restic "$step" restic backup --repo "$work/restic" "$data"
  measure borg "$step" borg create "$work/borg::$step" "$data"
}

backup_all first-backup
backup_all no-change
bench dataset mutate "$data" 5
backup_all changed-5pct

restore_to() { rm -rf "$work/restore-$1" && mkdir -p "$work/restore-$1"; echo "$work/restore-$1"; }
measure retrogrid-local restore "${retrogrid[@]}" restore --repo "$work/rg-local" latest --target "$(restore_to rg-local)"
measure retrogrid-dropbox restore "${retrogrid[@]}" restore "${dropbox_args[@]}" latest --target "$(restore_to rg-dropbox)"
measure restic restore restic restore --repo "$work/restic" latest --target "$(restore_to restic)"
target=$(restore_to borg)
measure borg restore bash -c "cd '$target' && borg extract '$work/borg::changed-5pct'"

echo
echo "Data set: $(find "$data" -type f | wc -l) files, $((bytes / 1048576)) MiB; restic $(restic version | cut -d' ' -f2), $(borg --version)"
echo
echo "| tool | step | wall s | MB/s | peak RSS MiB |"
echo "| --- | --- | ---: | ---: | ---: |"
while IFS=$'\t' read -r tool step seconds rss_kib; do
  mbps=$(awk -v b="$bytes" -v s="$seconds" 'BEGIN { printf "%.0f", (s > 0 ? b / 1e6 / s : 0) }')
  printf '| %s | %s | %s | %s | %d |\n' "$tool" "$step" "$seconds" "$mbps" $((rss_kib / 1024))
done < "$results"
